// The register of tests/data/spreadsheets (see make_files.sh there) as written by the programs
// we can run: LibreOffice (.xls BIFF8, .ods, .xlsx), Gnumeric (.xls BIFF8 and BIFF5 with GBK
// strings) and Python's xlwt. Every formula's cached value, dates in 年月日, 上午/下午 and 时分
// times, the merged title, both sheets. (tests/spreadsheet_libreoffice_test.cc compares every
// cell of these files with what LibreOffice reads.)
#include <catch2/catch.hpp>
#include <filesystem>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::test;

namespace {

std::string DataFile(const std::string& name) {
  return SourcePath("tests/data/spreadsheets/" + name);
}

ReadResult MustRead(const std::string& path) {
  ReadResult r = ReadAll(path);
  INFO(path << ": " << r.status.ToString());
  REQUIRE(r.status.ok());
  return r;
}

// The sheet 登记表 as every faithful copy of 登记表.fods holds it, whichever program wrote it.
void CheckRegisterSheet(const CollectedSheet& s) {
  CHECK(s.name == "登记表");
  CHECK(s.Text(1, 1) == "华东精密机械有限公司文件登记表（2019年）");
  CHECK(s.Text(2, 1) == "序号");
  CHECK(s.Text(2, 8) == "已归档");
  for (int row = 3; row <= 5; ++row) {
    INFO("row " << row);
    CHECK(s.Cell(row, 1).type == SheetCellType::kNumber);  // =ROW()-2
    CHECK(s.Text(row, 1) == std::to_string(row - 2));
    CHECK(s.Text(row, 4) == std::to_string(row - 2));  // =A3+0
  }
  CHECK(s.Cell(3, 2).type == SheetCellType::kDate);
  CHECK(s.Text(3, 2) == "2019-01-04");  // yyyy"年"m"月"d"日"
  CHECK(s.Text(4, 2) == "2019-02-28");
  CHECK(s.Text(5, 2) == "2019-12-31");
  CHECK(s.Text(3, 3) == "关于印发《2019年度工作要点》的通知");
  CHECK(s.Text(3, 5) == "1234.56");
  CHECK(s.Text(5, 5) == "-42");
  CHECK(s.Cell(3, 6).type == SheetCellType::kDate);
  CHECK(s.Text(3, 6) == "09:30");  // 上午/下午 h:mm: the time is kept
  CHECK(s.Text(4, 6) == "14:05");
  CHECK(s.Text(4, 7) == "16:45");  // h"时"mm"分"
  CHECK(s.Text(3, 7) == "2019-01-04 09:30");
  CHECK(s.Cell(5, 6).number == 0.25);  // 25%
  CHECK(s.Text(6, 1) == "合计");
  CHECK(s.Text(6, 4) == "6");          // =SUM(D3:D5)
  CHECK(s.Text(6, 5) == "1193.06");    // =SUM(E3:E5)
  CHECK(s.Cell(6, 6).type == SheetCellType::kError);
  CHECK(s.Text(6, 6) == "#DIV/0!");    // =1/0
  CHECK(s.Text(10, 3) == "空行之后");
  CHECK(s.Row(7) == nullptr);  // blank rows are not passed on
}

// Every sheet: 登记表, 人员, and 汇总 with its IF and VLOOKUP results.
void CheckRegister(const ReadResult& r) {
  REQUIRE(r.sheets.size() == 3);
  CheckRegisterSheet(r.sheets[0]);
  const CollectedSheet& people = r.sheets[1];
  CHECK(people.name == "人员");
  CHECK(people.Text(3, 1) == "1002");
  CHECK(people.Text(3, 2) == "王强");
  const CollectedSheet& totals = r.sheets[2];
  CHECK(totals.name == "汇总");
  CHECK(totals.Text(1, 2) == "已齐");  // =IF(登记表.D6>5;"已齐";"缺件")
  CHECK(totals.Text(2, 2) == "王强");  // =VLOOKUP(1002;人员.A2:B3;2;0)
  CHECK(totals.Text(3, 2) == "6");     // =登记表.D6
}

// LibreOffice's .xls holds 0 for every formula that yields text: 汇总's IF and VLOOKUP are
// refused, by cell; the other sheets read.
void CheckLibreOfficeXls(const std::string& path) {
  const ReadResult all = ReadAll(path);
  REQUIRE_FALSE(all.status.ok());
  CHECK(all.sheets.empty());
  REQUIRE(all.status.problems().size() == 2);
  for (const Problem& p : all.status.problems()) {
    CHECK(p.code == "formula_without_value");
    CHECK(p.sheet == "汇总");
    CHECK(p.column == 2);
  }
  CHECK(all.status.problems()[0].row == 1);
  CHECK(all.status.problems()[1].row == 2);
  SpreadsheetOptions register_only;
  register_only.sheet = "登记表";
  const ReadResult r = ReadAll(path, register_only);
  INFO(r.status.ToString());
  REQUIRE(r.status.ok());
  CHECK(r.info.encoding == "BIFF8 UTF-16");
  REQUIRE(r.sheets.size() == 1);
  CheckRegisterSheet(r.sheets[0]);
  const CollectedSheet& s = r.sheets[0];
  CHECK(s.Text(5, 7) == "第一行  第二段\n换行后");
  CHECK(s.Cell(6, 8).type == SheetCellType::kBoolean);  // =D6>5
  CHECK(s.Text(6, 8) == "TRUE");
  REQUIRE(s.merged.size() == 1);
  CHECK((s.merged[0].first_row == 1 && s.merged[0].last_row == 1 &&
         s.merged[0].first_col == 1 && s.merged[0].last_col == 7));
}

}  // namespace

TEST_CASE("LibreOffice's .xls: cached values, Chinese dates and times, merged title, text results "
          "it drops are refused by cell", "[spreadsheet][xls][real]") {
  CHECK(DetectSpreadsheetFormat(DataFile("登记表-libreoffice.xls")) == SpreadsheetFormat::kXls);
  CheckLibreOfficeXls(DataFile("登记表-libreoffice.xls"));
}

TEST_CASE("a WPS .et workbook (BIFF8 inside) imports like the .xls", "[spreadsheet][xls][real]") {
  const std::string et = ScratchDir("et") + "/登记表.et";
  std::filesystem::copy_file(DataFile("登记表-libreoffice.xls"), et);
  CHECK(DetectSpreadsheetFormat(et) == SpreadsheetFormat::kXls);
  CheckLibreOfficeXls(et);
  const std::string gnumeric_et = ScratchDir("et-gnumeric") + "/登记表.et";
  std::filesystem::copy_file(DataFile("登记表-gnumeric.xls"), gnumeric_et);
  CheckRegister(MustRead(gnumeric_et));
}

TEST_CASE("LibreOffice's .ods imports: values, formulas' results, spans, repeated rows",
          "[spreadsheet][ods][real]") {
  const ReadResult r = MustRead(DataFile("登记表-libreoffice.ods"));
  CHECK(r.info.format == SpreadsheetFormat::kOds);
  CHECK(std::string(SpreadsheetFormatName(r.info.format)) == "ods");
  CheckRegister(r);
  const CollectedSheet& s = r.sheets[0];
  CHECK(s.Text(5, 7) == "第一行  第二段\n换行后");
  CHECK(s.Text(6, 8) == "TRUE");  // =D6>5
  REQUIRE(s.merged.size() == 1);
  CHECK((s.merged[0].first_row == 1 && s.merged[0].last_col == 7));
}

TEST_CASE("the same register as LibreOffice's .xlsx reads the same", "[spreadsheet][real]") {
  CheckRegister(MustRead(DataFile("登记表-libreoffice.xlsx")));
}

TEST_CASE("Gnumeric's BIFF8 .xls reads the same", "[spreadsheet][xls][real]") {
  CheckRegister(MustRead(DataFile("登记表-gnumeric.xls")));
}

TEST_CASE("Gnumeric's BIFF5 .xls (GBK strings) reads the same", "[spreadsheet][xls][real]") {
  const ReadResult r = MustRead(DataFile("登记表-gnumeric-biff5.xls"));
  CHECK(r.info.encoding.rfind("BIFF5 CP", 0) == 0);
  CheckRegister(r);
}

TEST_CASE("xlwt's BIFF8 .xls (values, dates, merged title) reads", "[spreadsheet][xls][real]") {
  const ReadResult r = MustRead(DataFile("登记表-xlwt.xls"));
  REQUIRE(r.sheets.size() == 2);
  const CollectedSheet& s = r.sheets[0];
  CHECK(s.Text(1, 1) == "华东精密机械有限公司文件登记表（2019年）");
  CHECK(s.Text(3, 2) == "2019-01-04");
  CHECK(s.Text(3, 6) == "09:30");
  CHECK(s.Text(5, 7) == "2019-12-31 16:45:00");
  CHECK(s.Text(3, 8) == "TRUE");
  REQUIRE(s.merged.size() == 1);
  CHECK(s.merged[0].last_col == 6);
}

TEST_CASE("xlwt's formulas, which it never calculates, are refused by cell, never read as empty",
          "[spreadsheet][xls][real]") {
  const ReadResult r = ReadAll(DataFile("公式未计算-xlwt.xls"));
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.sheets.empty());
  // 序号 and 份数 in rows 3–5, and the SUM in D6.
  REQUIRE(r.status.problems().size() == 7);
  CHECK(r.status.problems()[0].code == "formula_without_value");
  CHECK(r.status.problems()[0].sheet == "登记表");
  CHECK(r.status.problems()[0].row == 3);
  CHECK(r.status.problems()[0].column == 1);
  CHECK(r.status.problems().back().row == 6);
  CHECK(r.status.problems().back().column == 4);
  CHECK(r.status.message().find("公式未计算-xlwt.xls") != std::string::npos);
}
