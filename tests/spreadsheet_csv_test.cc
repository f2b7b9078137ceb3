// Reading CSV and TSV for imports: RFC 4180 quoting, line ends, and the encodings legacy
// catalogues come in (GBK from old Windows programs, UTF-8 with BOM from Excel, UTF-16).
#include <catch2/catch.hpp>
#include <string>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::test;

namespace {

ReadResult MustReadAll(const std::string& path, const SpreadsheetOptions& options = {}) {
  ReadResult r = ReadAll(path, options);
  INFO(r.status.ToString());
  REQUIRE(r.status.ok());
  return r;
}

// UTF-8 to UTF-16 of the BMP (enough for the Chinese text of these tests).
std::string Utf16(const std::string& utf8, bool big_endian) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    unsigned code = c;
    size_t len = 1;
    if (c >= 0xE0) {
      code = (c & 0x0F) << 12 | (utf8[i + 1] & 0x3F) << 6 | (utf8[i + 2] & 0x3F);
      len = 3;
    } else if (c >= 0xC0) {
      code = (c & 0x1F) << 6 | (utf8[i + 1] & 0x3F);
      len = 2;
    }
    const char hi = static_cast<char>(code >> 8), lo = static_cast<char>(code & 0xFF);
    out += big_endian ? std::string{hi, lo} : std::string{lo, hi};
    i += len;
  }
  return out;
}

}  // namespace

TEST_CASE("a GBK archive catalogue is detected as GB18030 and read row by row",
          "[spreadsheet][csv]") {
  const ReadResult r = MustReadAll(SourcePath("samples/legacy/归档文件目录2015-2016.csv"));
  CHECK(r.info.format == SpreadsheetFormat::kCsv);
  CHECK(r.info.encoding == "GB18030");
  REQUIRE(r.sheets.size() == 1);
  const CollectedSheet& s = r.sheets[0];
  CHECK(s.name == "归档文件目录2015-2016");
  CHECK(s.rows.size() == 31);
  CHECK(s.Text(1, 1) == "档号");
  CHECK(s.Text(1, 10) == "备注");
  CHECK(s.Text(2, 1) == "Z109-WS·2015-Y-BGS-0001");
  CHECK(s.Text(5, 7) == "二〇一五年三月十八日");
  CHECK(s.Text(6, 1) == "Z109-WS．2015-Y-BGS-0005");
  CHECK(s.Text(8, 1) == "Z109-WS·2015-长期-BGS-0007");
  CHECK(s.Text(23, 7) == "２０１６年１月２２日");
  CHECK(s.Text(25, 5) == "关于修订《公司章程》的决定,附章程修正案");
  CHECK(s.Text(30, 5) == "关于\"质量月\"活动的总结报告");
  CHECK(s.Cell(19, 5).type == SheetCellType::kEmpty);
  CHECK(s.Cell(2, 2).type == SheetCellType::kText);  // CSV holds text; the import types it
}

TEST_CASE("a UTF-8 register with a BOM loses the BOM from its first column name",
          "[spreadsheet][csv]") {
  const ReadResult r = MustReadAll(SourcePath("samples/legacy/用印登记2023.csv"));
  CHECK(r.info.encoding == "UTF-8 (BOM)");
  const CollectedSheet& s = r.sheets.at(0);
  CHECK(s.Text(1, 1) == "序号");
  CHECK(s.Text(1, 5) == "文件题名");
  CHECK(s.Text(6, 2) == "２０２３年２月３日");
  CHECK(s.rows.size() == 21);
}

TEST_CASE("RFC 4180: quoted delimiters, doubled quotes, line breaks inside quotes, CRLF",
          "[spreadsheet][csv]") {
  const std::string path = WriteFile(
      ScratchDir("csv-rfc") + "/quotes.csv",
      "题名,备注\r\n\"关于A,B的通知\",\"他说\"\"好\"\"\"\r\n\"第一行\r\n第二行\",末尾\r\n,\r\n"
      "空行之后,x\n\n最后一行,\"\"");
  const CollectedSheet s = MustReadAll(path).sheets.at(0);
  CHECK(s.Text(2, 1) == "关于A,B的通知");
  CHECK(s.Text(2, 2) == "他说\"好\"");
  CHECK(s.Text(3, 1) == "第一行\n第二行");
  CHECK(s.Text(3, 2) == "末尾");
  CHECK(s.Row(4) == nullptr);  // a row of empty fields holds no value
  CHECK(s.Text(5, 1) == "空行之后");
  CHECK(s.Text(7, 1) == "最后一行");
  CHECK(s.Row(7)->cells.size() == 1);
}

TEST_CASE("TSV by extension or by tabs in the first line", "[spreadsheet][csv]") {
  const std::string dir = ScratchDir("csv-tsv");
  const std::string tsv =
      WriteFile(dir + "/目录.tsv", "档号\t题名\nZ109-WS·2024-Y-BGS-0001\t关于A,B\n");
  const std::string txt = WriteFile(dir + "/目录.txt", "档号\t题名\tx,y\nA\tB\tC\n");
  CHECK(DetectSpreadsheetFormat(tsv) == SpreadsheetFormat::kTsv);
  CHECK(DetectSpreadsheetFormat(txt) == SpreadsheetFormat::kTsv);
  const CollectedSheet s = MustReadAll(tsv).sheets.at(0);
  CHECK(s.Text(2, 2) == "关于A,B");
  CHECK(MustReadAll(txt).sheets.at(0).Text(1, 3) == "x,y");
}

TEST_CASE("UTF-16 with a byte-order mark, little- and big-endian", "[spreadsheet][csv]") {
  const std::string dir = ScratchDir("csv-utf16");
  const std::string text = "档号,题名\r\nZ109-WS·2024-Y-BGS-0001,关于印发制度的通知\r\n";
  const std::string le = WriteFile(dir + "/le.csv", "\xFF\xFE" + Utf16(text, false));
  const std::string be = WriteFile(dir + "/be.csv", "\xFE\xFF" + Utf16(text, true));
  const ReadResult r_le = MustReadAll(le);
  CHECK(r_le.info.encoding == "UTF-16LE (BOM)");
  CHECK(r_le.sheets.at(0).Text(2, 2) == "关于印发制度的通知");
  CHECK(MustReadAll(be).sheets.at(0).Text(2, 1) == "Z109-WS·2024-Y-BGS-0001");
  SpreadsheetOptions options;
  options.encoding = "UTF-16LE";  // given by the user: the BOM is still not part of the text
  CHECK(MustReadAll(le, options).sheets.at(0).Text(1, 1) == "档号");
}

TEST_CASE("an encoding given by the user overrides detection", "[spreadsheet][csv]") {
  // 档号,题名 / 檔案 in Big5: also valid GB18030 bytes, so only the user can tell.
  const std::string big5 = "\xC0\xC9\xB8\xB9,\xC3\x44\xA6\x57\n\xC0\xC9\xAE\xD7,x\n";
  const std::string path = WriteFile(ScratchDir("csv-big5") + "/big5.csv", big5);
  SpreadsheetOptions options;
  options.encoding = "Big5";
  const ReadResult r = MustReadAll(path, options);
  CHECK(r.info.encoding == "Big5");
  CHECK(r.sheets.at(0).Text(1, 1) == "檔號");
  CHECK(r.sheets.at(0).Text(1, 2) == "題名");
  CHECK(r.sheets.at(0).Text(2, 1) == "檔案");
  options.encoding = "no-such-encoding";
  const ReadResult bad = ReadAll(path, options);
  REQUIRE_FALSE(bad.status.ok());
  CHECK(bad.status.message().find("no-such-encoding") != std::string::npos);
}

TEST_CASE("a file valid UTF-8 at first and broken later is refused at the line of the break",
          "[spreadsheet][csv]") {
  std::string text = "档号,题名\n";
  while (text.size() < (5u << 20)) text += "Z109-WS·2024-Y-BGS-0001,关于印发制度的通知\n";
  text += "Z109,\xC9\xCF\xBA\xA3\n";  // GBK 上海 after 5 MB of UTF-8
  const std::string path = WriteFile(ScratchDir("csv-late") + "/late.csv", text);
  const ReadResult r = ReadAll(path);
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find(path) != std::string::npos);
  CHECK(r.status.message().find("不是有效的 UTF-8") != std::string::npos);
  const size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  CHECK(r.status.message().find("第 " + std::to_string(lines) + " 行") != std::string::npos);
}
