// Hostile and broken files are refused cleanly, within bounded time and memory, with a message
// that names the file: zip bombs, a cell a million columns out, malformed XML, truncated files,
// a CSV with a 100 MB line, bytes that are no text encoding, files that are not spreadsheets.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"
#include "support/zip_builder.h"

using namespace dangan;
using namespace dangan::test;

namespace {

// Refused, naming the file, and saying `why`.
void CheckRefused(const ReadResult& r, const std::string& path, const std::string& why) {
  INFO(r.status.ToString());
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find(path) != std::string::npos);
  CHECK(r.status.message().find(why) != std::string::npos);
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The peak resident set since the last reset, in bytes (Linux: /proc/self/status VmHWM).
long PeakRssBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6)) * 1024;
  }
  return 0;
}

long CurrentRssBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6)) * 1024;
  }
  return 0;
}

void ResetPeakRss() { std::ofstream("/proc/self/clear_refs") << "5"; }

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string InlineRow(int row, const std::string& ref, const std::string& text) {
  return "<row r=\"" + std::to_string(row) + "\"><c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" +
         text + "</t></is></c></row>";
}

}  // namespace

TEST_CASE("a zip bomb (50 MB of spaces at a thousand to one) is refused by its ratio",
          "[spreadsheet][hostile]") {
  const std::string sheet = WorksheetXml(std::string(50u << 20, ' '));
  const std::string path =
      WriteZip(ScratchDir("bomb-ratio") + "/台账.xlsx", MinimalWorkbook(sheet));
  const auto start = std::chrono::steady_clock::now();
  CheckRefused(ReadAll(path), path, "ZIP 炸弹");
  CHECK(SecondsSince(start) < 2);
}

TEST_CASE("a part larger than the byte budget is refused before it is inflated",
          "[spreadsheet][hostile]") {
  const std::string sheet = WorksheetXml(std::string(20u << 20, ' '));
  const std::string path = WriteZip(ScratchDir("bomb-size") + "/台账.xlsx", MinimalWorkbook(sheet));
  SpreadsheetOptions options;
  options.limits.max_uncompressed_bytes = 10u << 20;
  options.limits.max_compression_ratio = 1u << 30;
  CheckRefused(ReadAll(path, options), path, "超过读取上限 10 MB");
}

TEST_CASE("a zip directory claiming a part of 4 GB is refused without reading it",
          "[spreadsheet][hostile]") {
  const std::string dir = ScratchDir("bomb-claim");
  const std::string path =
      WriteZip(dir + "/台账.xlsx", MinimalWorkbook(WorksheetXml(InlineRow(1, "A1", "题名"))));
  std::string bytes = ReadBytes(path);
  // Patch the central directory's uncompressed size of the sheet entry to 0xFFFFFFF0.
  const std::string name = "xl/worksheets/sheet1.xml";
  size_t entry = bytes.find("PK\x01\x02");
  bool patched = false;
  for (; entry != std::string::npos; entry = bytes.find("PK\x01\x02", entry + 4)) {
    if (bytes.compare(entry + 46, name.size(), name) != 0) continue;
    bytes.replace(entry + 24, 4, "\xF0\xFF\xFF\xFF");
    patched = true;
  }
  REQUIRE(patched);
  WriteFile(path, bytes);
  CheckRefused(ReadAll(path), path, "声称解压后有 4.0 GB");
}

TEST_CASE("a cell at column 1,000,000 is refused, naming sheet, row and the limit",
          "[spreadsheet][hostile]") {
  const std::string far = ColumnName(1000000) + "3";
  const std::string rows = InlineRow(1, "A1", "档号") + InlineRow(3, far, "x");
  const std::string path =
      WriteZip(ScratchDir("far-column") + "/台账.xlsx", MinimalWorkbook(WorksheetXml(rows)));
  const ReadResult r = ReadAll(path);
  CheckRefused(r, path, "工作表「Sheet1」第 3 行");
  CHECK(r.status.message().find("第 1000000 列") != std::string::npos);
  CHECK(r.status.message().find("XFD") != std::string::npos);
}

TEST_CASE("malformed sheet XML is refused naming the sheet and row", "[spreadsheet][hostile]") {
  const std::string rows = InlineRow(1, "A1", "档号") + "<row r=\"2\"><c r=\"A2\"><v>1</v></row>";
  const std::string path =
      WriteZip(ScratchDir("bad-xml") + "/台账.xlsx", MinimalWorkbook(WorksheetXml(rows)));
  const ReadResult r = ReadAll(path);
  CheckRefused(r, path, "工作表「Sheet1」第 2 行");
  CHECK(r.status.message().find("XML 格式错误") != std::string::npos);
}

// Found by fuzzing (fuzz/regressions/xlsx_reader): rows out of order reached the import as they
// came, a row number repeated or lower than the one before.
TEST_CASE("rows out of order or repeated are refused as a damaged sheet", "[spreadsheet][hostile]") {
  for (const auto& [name, rows] : std::vector<std::pair<std::string, std::string>>{
           {"backwards", InlineRow(5, "A5", "档号") + InlineRow(3, "A3", "题名")},
           {"repeated", InlineRow(2, "A2", "档号") + InlineRow(2, "A2", "题名")}}) {
    const std::string path =
        WriteZip(ScratchDir("row-order-" + name) + "/台账.xlsx", MinimalWorkbook(WorksheetXml(rows)));
    const ReadResult r = ReadAll(path);
    CheckRefused(r, path, "工作表「Sheet1」");
    CHECK(r.status.message().find("行的顺序错乱") != std::string::npos);
  }
}

TEST_CASE("a cell over the size limit is refused naming its row and column",
          "[spreadsheet][hostile]") {
  const std::string rows = InlineRow(4, "C4", std::string(200000, 'a'));
  const std::string path =
      WriteZip(ScratchDir("big-cell") + "/台账.xlsx", MinimalWorkbook(WorksheetXml(rows)));
  CheckRefused(ReadAll(path), path, "第 4 行 C 列：单元格内容超过");
}

TEST_CASE("truncated workbooks are refused: .xlsx and .xls cut in half", "[spreadsheet][hostile]") {
  const std::string dir = ScratchDir("truncated");
  for (const char* sample : {"固定资产登记表2021.xlsx", "用印登记表2019.xls"}) {
    const std::string whole = ReadBytes(SourcePath(std::string("samples/legacy/") + sample));
    REQUIRE(whole.size() > 1000);
    const std::string path = WriteFile(dir + "/" + sample, whole.substr(0, whole.size() / 2));
    INFO(sample);
    CheckRefused(ReadAll(path), path, "不完整");
  }
}

TEST_CASE("a CSV with a 100 MB line is refused after its first megabyte, in bounded memory",
          "[spreadsheet][hostile]") {
  const std::string path = ScratchDir("long-line") + "/目录.csv";
  {
    std::ofstream out(path, std::ios::binary);
    out << "档号,题名\n";
    const std::string block(1 << 20, 'x');
    for (int i = 0; i < 100; ++i) out << block;
    out << "\n";
  }
  ResetPeakRss();
  const long before = CurrentRssBytes();
  const auto start = std::chrono::steady_clock::now();
  SheetCollector collector;
  const Status s = ReadSpreadsheet(path, {}, &collector, nullptr);
  CHECK(SecondsSince(start) < 1);
  CHECK(PeakRssBytes() - before < (32l << 20));
  REQUIRE_FALSE(s.ok());
  CHECK(s.message().find(path) != std::string::npos);
  CHECK(s.message().find("第 2 行") != std::string::npos);
}

TEST_CASE("bytes that are neither UTF-8 nor GB18030 are refused quickly with a hint",
          "[spreadsheet][hostile]") {
  std::string junk;
  for (int i = 0; i < 200000; ++i) junk += (i % 7 == 6) ? "," : (i % 50 == 49 ? "\n" : "\x80\xFF");
  const std::string path = WriteFile(ScratchDir("junk") + "/目录.csv", junk);
  const auto start = std::chrono::steady_clock::now();
  const ReadResult r = ReadAll(path);
  CHECK(SecondsSince(start) < 1);
  CheckRefused(r, path, "既不是 UTF-8，也不是 GB18030");
  CHECK(r.status.message().find("第 0 字节") != std::string::npos);
}

TEST_CASE("files that are not spreadsheets are refused, naming the file and what they are",
          "[spreadsheet][hostile]") {
  const std::string dir = ScratchDir("not-sheets");
  struct Case {
    std::string name, bytes, why;
  };
  const std::vector<Case> cases = {
      {"合同.xlsx", "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "PDF 文件"},
      {"空白.csv", "", "文件为空"},
      {"扫描.xls", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16), "PNG 图片"},
      {"乱码.xlsx",
       std::string("\x01\x02\x00\x9F\x00\x11\xFE\x00\x00\x7F", 10) + std::string(4000, '\0'),
       "二进制数据"},
      {"网页.xls", "<html><body><table><tr><td>档号</td></tr></table></body></html>", "网页"},
  };
  for (const Case& c : cases) {
    const std::string path = WriteFile(dir + "/" + c.name, c.bytes);
    INFO(c.name);
    CHECK(DetectSpreadsheetFormat(path) == SpreadsheetFormat::kUnknown);
    CheckRefused(ReadAll(path), path, c.why);
  }
  const std::string docx = WriteZip(dir + "/报告.xlsx", {{"word/document.xml", "<w:document/>"}});
  CheckRefused(ReadAll(docx), docx, "Word 文档");
  const ReadResult missing = ReadAll(dir + "/没有这个文件.xlsx");
  REQUIRE_FALSE(missing.status.ok());
  CHECK(missing.status.code() == Status::Code::kNotFound);
  CHECK(missing.status.message().find("没有这个文件.xlsx") != std::string::npos);
}
