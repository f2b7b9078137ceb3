// The .xls reader on workbooks built byte by byte (support/biff_builder.h) for the cases no
// program here writes: BIFF5 without a code page, the 1904 date system, encryption, a string
// table split across CONTINUE records, the Chinese built-in date formats, formulas whose value
// the file does not hold; and the containers refused by name (.xlsx with a password, .xlsb,
// .numbers).
#include <catch2/catch.hpp>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/biff_builder.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"
#include "support/zip_builder.h"

using namespace dangan;
using namespace dangan::test;
using namespace dangan::test::biff;

namespace {

constexpr uint16_t kLabel = 0x0204, kNumber = 0x0203, kFormula = 0x0006, kString = 0x0207;
constexpr uint16_t kSst = 0x00FC, kLabelSst = 0x00FD, kContinue = 0x003C;

std::string WriteXls(const std::string& name, const std::string& stream,
                     const char* stream_name = "Workbook") {
  return WriteCompound(ScratchDir("biff") + "/" + name, {{stream_name, stream}});
}

ReadResult MustRead(const std::string& path) {
  ReadResult r = ReadAll(path);
  INFO(r.status.ToString());
  REQUIRE(r.status.ok());
  return r;
}

std::string Number(uint16_t row, uint16_t column, uint16_t xf, double value) {
  return Record(kNumber, CellHead(row, column, xf) + F64(value));
}

// A FORMULA whose formula is the constant 1 (ptgInt) and whose cached value is `result`.
std::string Formula(uint16_t row, uint16_t column, const std::string& result, uint16_t xf = 15) {
  return Record(kFormula, CellHead(row, column, xf) + result + U16(0) + U32(0) + U16(3) + U8(0x1E) +
                              U16(1));
}
std::string Special(uint8_t type, uint8_t code) {
  return U8(type) + U8(0) + U8(code) + std::string(3, '\0') + U16(0xFFFF);
}

}  // namespace

TEST_CASE("a BIFF5 workbook without a CODEPAGE record is read as GBK", "[spreadsheet][xls][biff]") {
  const std::string title = "华东精密机械有限公司用印登记表";
  const std::string cells = Record(kLabel, CellHead(0, 0, 15) + U16(static_cast<uint16_t>(
                                                                     Gbk(title).size())) +
                                               Gbk(title)) +
                            Number(1, 1, 15, 42);
  const std::string path =
      WriteXls("无代码页.xls", Workbook(5, Xfs({}), {{Gbk("2019年用印登记"), cells}}), "Book");
  const ReadResult r = MustRead(path);
  CHECK(r.info.encoding == "BIFF5 CP936");
  REQUIRE(r.sheets.size() == 1);
  CHECK(r.sheets[0].name == "2019年用印登记");
  CHECK(r.sheets[0].Text(1, 1) == title);
  CHECK(r.sheets[0].Text(2, 2) == "42");
}

TEST_CASE("a BIFF5 workbook's CODEPAGE decides how its strings are decoded",
          "[spreadsheet][xls][biff]") {
  const std::string latin = "Caf\xE9";  // windows-1252
  const std::string cells = Record(kLabel, CellHead(0, 0, 15) + U16(4) + latin);
  const std::string path = WriteXls(
      "cp1252.xls", Workbook(5, Record(0x0042, U16(1252)) + Xfs({}), {{"Sheet1", cells}}), "Book");
  const ReadResult r = MustRead(path);
  CHECK(r.info.encoding == "BIFF5 CP1252");
  CHECK(r.sheets.at(0).Text(1, 1) == "Café");
}

TEST_CASE("a 1904-system workbook's dates are shifted to the 1900 system",
          "[spreadsheet][xls][biff]") {
  // XF 16: format 14 (a date); serial 0 in 1904 is 1904-01-01.
  const std::string cells = Number(0, 0, 16, 0) + Number(0, 1, 16, 41642);
  for (int biff : {5, 8}) {
    INFO("BIFF" << biff);
    const std::string path = WriteXls(
        "1904-" + std::to_string(biff) + ".xls",
        Workbook(biff, Record(0x0022, U16(1)) + Xfs({14}), {{"Sheet1", cells}}),
        biff == 8 ? "Workbook" : "Book");
    const ReadResult r = MustRead(path);
    CHECK(r.sheets.at(0).Text(1, 1) == "1904-01-01");
    CHECK(r.sheets.at(0).Cell(1, 1).number == 1462);
    CHECK(r.sheets.at(0).Text(1, 2) == "2018-01-04");
  }
}

TEST_CASE("the Chinese built-in date and time formats of an .xls give dates and times",
          "[spreadsheet][xls][biff]") {
  // Built-in ids without FORMAT records, as Chinese Excel writes them: 31 yyyy"年"m"月"d"日",
  // 32 h"时"mm"分", 33 h"时"mm"分"ss"秒", 55 上午/下午h"时"mm"分", 56 … ss"秒", 58 m"月"d"日",
  // 27 yyyy"年"m"月", 22 m/d/yyyy h:mm.
  const std::vector<uint16_t> ids = {31, 32, 33, 55, 56, 58, 27, 22};
  const double serial = 43469 + (14 * 3600 + 5 * 60 + 30) / 86400.0;  // 2019-01-04 14:05:30
  std::string cells;
  for (uint16_t i = 0; i < ids.size(); ++i) cells += Number(0, i, static_cast<uint16_t>(16 + i), serial);
  cells += Number(1, 0, 17, 0.5);  // a time-only cell keeps its time
  const std::string path = WriteXls("中文日期.xls", Workbook(8, Xfs(ids), {{"Sheet1", cells}}));
  const ReadResult r = MustRead(path);
  const CollectedSheet& s = r.sheets.at(0);
  CHECK(s.Text(1, 1) == "2019-01-04");
  CHECK(s.Cell(1, 1).type == SheetCellType::kDate);
  CHECK(s.Text(1, 2) == "14:05");
  CHECK(s.Text(1, 3) == "14:05:30");
  CHECK(s.Text(1, 4) == "14:05");
  CHECK(s.Text(1, 5) == "14:05:30");
  CHECK(s.Text(1, 6) == "2019-01-04");
  CHECK(s.Text(1, 7) == "2019-01-04");
  CHECK(s.Text(1, 8) == "2019-01-04 14:05");
  CHECK(s.Text(2, 1) == "12:00");
  CHECK(s.Cell(2, 1).type == SheetCellType::kDate);
}

TEST_CASE("custom FORMAT records of an .xls are judged as dates by their code",
          "[spreadsheet][xls][biff]") {
  const std::string formats = Record(0x041E, U16(164) + Biff8String("yyyy\"年\"m\"月\"d\"日\"")) +
                              Record(0x041E, U16(165) + Biff8String("0.00_ "));
  const std::string cells = Number(0, 0, 16, 43469) + Number(0, 1, 17, 43469);
  const std::string path =
      WriteXls("自定义格式.xls", Workbook(8, formats + Xfs({164, 165}), {{"Sheet1", cells}}));
  const ReadResult r = MustRead(path);
  CHECK(r.sheets.at(0).Text(1, 1) == "2019-01-04");
  CHECK(r.sheets.at(0).Text(1, 2) == "43469");
}

TEST_CASE("a shared string table split across CONTINUE records is read whole",
          "[spreadsheet][xls][biff]") {
  // String 0 "ABC档案": three compressed characters, then (in the CONTINUE, after a fresh option
  // byte switching to UTF-16) the rest. String 1 "登记表", rich (one run), starts the CONTINUE's
  // remainder; its run is split by a second CONTINUE, which has no option byte. String 2 follows.
  const std::string sst_head = U32(3) + U32(3);
  const std::string part1 = sst_head + U16(5) + U8(0) + "ABC";
  const std::string part2 = U8(1) + Utf16Le("档案") + U16(3) + U8(0x09) + U16(1) +
                            Utf16Le("登记表") + U16(0) ;
  const std::string part3 = U16(1) + U16(2) + U8(0) + "OK";
  const std::string globals = Xfs({}) + Record(kSst, part1) + Record(kContinue, part2) +
                              Record(kContinue, part3);
  std::string cells;
  for (uint16_t i = 0; i < 3; ++i) cells += Record(kLabelSst, CellHead(0, i, 15) + U32(i));
  const std::string path = WriteXls("续表.xls", Workbook(8, globals, {{"Sheet1", cells}}));
  const ReadResult r = MustRead(path);
  CHECK(r.sheets.at(0).Text(1, 1) == "ABC档案");
  CHECK(r.sheets.at(0).Text(1, 2) == "登记表");
  CHECK(r.sheets.at(0).Text(1, 3) == "OK");
}

TEST_CASE("an .xls formula's cached number, string, boolean and error are read",
          "[spreadsheet][xls][biff]") {
  const std::string cells = Formula(0, 0, F64(6)) + Formula(0, 1, Special(0, 0)) +
                            Record(kString, Biff8String("王强")) + Formula(0, 2, Special(1, 1)) +
                            Formula(0, 3, Special(2, 0x07)) + Formula(0, 4, Special(3, 0)) +
                            Formula(0, 5, F64(43469), 16) + Formula(0, 6, Special(0, 0)) +
                            Record(0x04BC, std::string(10, '\0')) +
                            Record(kString, Biff8String("共享公式"));
  const std::string path = WriteXls("公式.xls", Workbook(8, Xfs({14}), {{"Sheet1", cells}}));
  const ReadResult r = MustRead(path);
  const CollectedSheet& s = r.sheets.at(0);
  CHECK(s.Text(1, 1) == "6");
  CHECK(s.Cell(1, 1).type == SheetCellType::kNumber);
  CHECK(s.Text(1, 2) == "王强");
  CHECK(s.Cell(1, 3).type == SheetCellType::kBoolean);
  CHECK(s.Text(1, 3) == "TRUE");
  CHECK(s.Cell(1, 4).type == SheetCellType::kError);
  CHECK(s.Text(1, 4) == "#DIV/0!");
  CHECK(s.Cell(1, 5).type == SheetCellType::kEmpty);  // ="" in a calculated workbook
  CHECK(s.Text(1, 6) == "2019-01-04");
  CHECK(s.Text(1, 7) == "共享公式");  // its STRING after a SHRFMLA record
}

TEST_CASE("an .xls formula whose string result record is missing is refused, naming the cell",
          "[spreadsheet][xls][biff]") {
  const std::string cells = Formula(0, 0, F64(6)) + Formula(2, 1, Special(0, 0)) +
                            Number(3, 0, 15, 1);
  const std::string path = WriteXls("缺结果.xls", Workbook(8, Xfs({}), {{"登记", cells}}));
  const ReadResult r = ReadAll(path);
  REQUIRE_FALSE(r.status.ok());
  CHECK(ExitStatusOf(r.status) == 2);
  CHECK(r.sheets.empty());  // refused before any row reaches the import
  REQUIRE(r.status.problems().size() == 1);
  const Problem& p = r.status.problems()[0];
  CHECK(p.code == "formula_without_value");
  CHECK(p.sheet == "登记");
  CHECK(p.row == 3);
  CHECK(p.column == 2);
  CHECK(r.status.ToString().find("缺结果.xls") != std::string::npos);
  CHECK(r.status.ToString().find("工作表「登记」第 3 行 B 列") != std::string::npos);
}

TEST_CASE("an .xls whose formulas were never calculated (xlwt) is refused, naming each cell",
          "[spreadsheet][xls][biff]") {
  const std::string cells = Formula(1, 0, Special(3, 0)) + Formula(2, 0, Special(3, 0));
  const std::string path = WriteXls("未计算.xls", Workbook(8, Xfs({}), {{"Sheet1", cells}}));
  const ReadResult r = ReadAll(path);
  REQUIRE_FALSE(r.status.ok());
  REQUIRE(r.status.problems().size() == 2);
  CHECK(r.status.problems()[0].row == 2);
  CHECK(r.status.problems()[1].row == 3);
  CHECK(r.status.message().find("2 个公式单元格没有保存计算结果") != std::string::npos);
}

namespace {

void CheckEncryptedRefused(const std::string& name, int biff, const std::string& filepass,
                           const std::string& kind) {
  const std::string globals = Record(0x002F, filepass) + std::string(64, '\x5A');
  const std::string path =
      WriteXls(name, Workbook(biff, globals, {{"Sheet1", ""}}), biff == 8 ? "Workbook" : "Book");
  const ReadResult r = ReadAll(path);
  INFO(r.status.ToString());
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.code() == Status::Code::kUnsupported);
  CHECK(ExitStatusOf(r.status) == 2);
  CHECK(r.status.message().find(name) != std::string::npos);
  CHECK(r.status.message().find("设有打开密码（" + kind + "）") != std::string::npos);
  CHECK(r.sheets.empty());
}

}  // namespace

TEST_CASE("an XOR-obfuscated .xls is refused, naming the encryption", "[spreadsheet][xls][biff]") {
  CheckEncryptedRefused("异或.xls", 8, U16(0) + U16(0x1234) + U16(0x5678), "XOR 混淆");
  CheckEncryptedRefused("异或95.xls", 5, U16(0x1234) + U16(0x5678), "XOR 混淆");
}

TEST_CASE("an RC4-encrypted .xls is refused, naming the encryption", "[spreadsheet][xls][biff]") {
  CheckEncryptedRefused("rc4.xls", 8, U16(1) + U16(1) + U16(1) + std::string(48, '\x11'),
                        "RC4 加密");
}

TEST_CASE("an RC4 CryptoAPI-encrypted .xls is refused, naming the encryption",
          "[spreadsheet][xls][biff]") {
  CheckEncryptedRefused("cryptoapi.xls", 8, U16(1) + U16(2) + U16(2) + std::string(64, '\x22'),
                        "RC4 CryptoAPI 加密");
  CheckEncryptedRefused("cryptoapi4.xls", 8, U16(1) + U16(4) + U16(2) + std::string(64, '\x22'),
                        "RC4 CryptoAPI 加密");
}

TEST_CASE("a password-protected .xlsx (an encrypted OLE2 package) is refused as such",
          "[spreadsheet][biff]") {
  const std::string path = WriteCompound(ScratchDir("biff") + "/加密台账.xlsx",
                                         {{"EncryptionInfo", std::string(200, '\x04')},
                                          {"EncryptedPackage", std::string(5000, '\x33')}});
  const ReadResult r = ReadAll(path);
  REQUIRE_FALSE(r.status.ok());
  CHECK(ExitStatusOf(r.status) == 2);
  CHECK(r.status.message().find("加密台账.xlsx") != std::string::npos);
  CHECK(r.status.message().find("设有打开密码") != std::string::npos);
  CHECK(r.status.message().find("损坏") == std::string::npos);
}

TEST_CASE("a Word 97 file named .xls is refused as a Word document", "[spreadsheet][biff]") {
  const std::string path =
      WriteCompound(ScratchDir("biff") + "/报告.xls", {{"WordDocument", std::string(5000, 'x')}});
  const ReadResult r = ReadAll(path);
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find("Word") != std::string::npos);
}

TEST_CASE(".xlsb and .numbers workbooks are refused as not supported, by name",
          "[spreadsheet][biff]") {
  const std::string dir = ScratchDir("biff-zip");
  const ReadResult xlsb = ReadAll(WriteZip(dir + "/台账.xlsb", {{"[Content_Types].xml", "<Types/>"},
                                                                {"xl/workbook.bin", "\x83\x01"}}));
  REQUIRE_FALSE(xlsb.status.ok());
  CHECK(xlsb.status.message().find("台账.xlsb") != std::string::npos);
  CHECK(xlsb.status.message().find(".xlsb") != std::string::npos);
  CHECK(xlsb.status.message().find("暂不支持") != std::string::npos);
  const ReadResult numbers = ReadAll(WriteZip(
      dir + "/台账.numbers", {{"Index/Document.iwa", "x"}, {"Metadata/Properties.plist", "y"}}));
  REQUIRE_FALSE(numbers.status.ok());
  CHECK(numbers.status.message().find("Numbers") != std::string::npos);
  CHECK(numbers.status.message().find("暂不支持") != std::string::npos);
}

TEST_CASE("an .xls with a merged header reports the merged range", "[spreadsheet][xls][biff]") {
  const std::string cells =
      Record(kLabel, CellHead(0, 0, 15) + Biff8String("登记表")) +
      Record(0x00E5, U16(1) + U16(0) + U16(0) + U16(0) + U16(5));
  const std::string path = WriteXls("合并.xls", Workbook(8, Xfs({}), {{"Sheet1", cells}}));
  const ReadResult r = MustRead(path);
  REQUIRE(r.sheets.at(0).merged.size() == 1);
  const MergedRange m = r.sheets[0].merged[0];
  CHECK((m.first_row == 1 && m.first_col == 1 && m.last_row == 1 && m.last_col == 6));
}

TEST_CASE("sheets whose BOUNDSHEET offsets are wrong are still read, in order",
          "[spreadsheet][xls][biff]") {
  const std::string globals = Xfs({});
  std::string stream = Workbook(8, globals, {{"甲", Number(0, 0, 15, 1)}, {"乙", Number(0, 0, 15, 2)}});
  // Both offsets point nowhere (some exporters write them wrong; LibreOffice 7.4 then shows
  // both sheets empty).
  size_t at = 20 + globals.size();
  for (int i = 0; i < 2; ++i) {
    stream.replace(at + 4, 4, U32(0xFFFFF));
    at += 4 + 6 + 2 + 2;  // header, offset/state/type, count and option byte, one character
  }
  const ReadResult r = MustRead(WriteXls("偏移错误.xls", stream));
  REQUIRE(r.sheets.size() == 2);
  CHECK(r.sheets[0].name == "甲");
  CHECK(r.sheets[0].Text(1, 1) == "1");
  CHECK(r.sheets[1].name == "乙");
  CHECK(r.sheets[1].Text(1, 1) == "2");
}

TEST_CASE("a damaged .xls is refused naming the cell, never read past its records",
          "[spreadsheet][xls][biff][hostile]") {
  // A string table claiming four billion strings holds one; a cell names the second.
  const std::string sst = Record(kSst, U32(0xFFFFFFFF) + U32(0xFFFFFFFF) + U16(1) + U8(0) + "A");
  const std::string cells = Record(kLabelSst, CellHead(0, 0, 15) + U32(0)) +
                            Record(kLabelSst, CellHead(1, 2, 15) + U32(1));
  const ReadResult r = ReadAll(WriteXls("坏索引.xls", Workbook(8, Xfs({}) + sst, {{"表", cells}})));
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find("坏索引.xls") != std::string::npos);
  CHECK(r.status.message().find("工作表「表」第 2 行 C 列") != std::string::npos);
  // A LABEL whose count claims more characters than its record holds: what is there is read.
  const std::string label = Record(kLabel, CellHead(0, 0, 15) + U16(200) + U8(1) + Utf16Le("档案"));
  const ReadResult short_label =
      ReadAll(WriteXls("短记录.xls", Workbook(8, Xfs({}), {{"表", label}})));
  INFO(short_label.status.ToString());
  REQUIRE(short_label.status.ok());
  CHECK(short_label.sheets.at(0).Text(1, 1) == "档案");
  // Rows going backwards, and a cell past the column limit.
  const ReadResult backwards = ReadAll(WriteXls(
      "倒序.xls", Workbook(8, Xfs({}), {{"表", Number(5, 0, 15, 1) + Number(2, 0, 15, 2)}})));
  REQUIRE_FALSE(backwards.status.ok());
  CHECK(backwards.status.message().find("行的顺序错乱") != std::string::npos);
  SpreadsheetOptions narrow;
  narrow.limits.max_columns = 10;
  const ReadResult wide =
      ReadAll(WriteXls("过宽.xls", Workbook(8, Xfs({}), {{"表", Number(0, 200, 15, 1)}})), narrow);
  REQUIRE_FALSE(wide.status.ok());
  CHECK(wide.status.message().find("超出上限") != std::string::npos);
}

TEST_CASE("an .xls cut inside a worksheet is refused as incomplete", "[spreadsheet][xls][biff]") {
  std::string stream = Workbook(8, Xfs({}), {{"表", Number(0, 0, 15, 1) + Number(1, 0, 15, 2)}});
  stream.resize(stream.size() - 10);  // the EOF and part of the last cell gone
  const ReadResult r = ReadAll(WriteXls("截断.xls", stream));
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find("不完整") != std::string::npos);
}
