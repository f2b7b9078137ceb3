// Reading .xlsx for imports: a workbook LibreOffice wrote (merged title rows, dates by number
// format, a formula's cached value, two sheets), one our own generator wrote in libxlsxwriter's
// constant-memory mode (inline strings), and small packages built here for the cell types.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/cli_runner.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"
#include "support/zip_builder.h"

using namespace dangan;
using namespace dangan::test;

namespace {

const std::string kAssets = SourcePath("samples/legacy/固定资产登记表2021.xlsx");

ReadResult MustReadAll(const std::string& path, const SpreadsheetOptions& options = {}) {
  ReadResult r = ReadAll(path, options);
  INFO(r.status.ToString());
  REQUIRE(r.status.ok());
  return r;
}

bool HasMerge(const CollectedSheet& s, int r1, int c1, int r2, int c2) {
  for (const MergedRange& m : s.merged) {
    if (m.first_row == r1 && m.first_col == c1 && m.last_row == r2 && m.last_col == c2) return true;
  }
  return false;
}

std::string StylesWith(const std::string& num_fmts, const std::string& xfs) {
  return "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/"
         "spreadsheetml/2006/main\"><numFmts>" +
         num_fmts + "</numFmts><cellStyleXfs><xf numFmtId=\"14\"/></cellStyleXfs><cellXfs>" + xfs +
         "</cellXfs></styleSheet>";
}

ReadResult ReadBuilt(const std::string& name, const std::vector<ZipPart>& parts) {
  const std::string path = WriteZip(ScratchDir("xlsx-" + name) + "/" + name + ".xlsx", parts);
  return MustReadAll(path);
}

}  // namespace

TEST_CASE("a LibreOffice fixed-asset register keeps its merged title rows and sheet order",
          "[spreadsheet][xlsx]") {
  const ReadResult r = MustReadAll(kAssets);
  CHECK(r.info.format == SpreadsheetFormat::kXlsx);
  REQUIRE(r.sheets.size() == 2);
  CHECK(r.info.sheets == std::vector<std::string>{"2021年度", "已核销"});
  const CollectedSheet& s = r.sheets[0];
  CHECK(s.name == "2021年度");
  CHECK(s.ended);
  CHECK(s.Text(1, 1) == "华东精密机械有限公司固定资产登记表");
  CHECK(s.Text(2, 1) == "登记部门：办公室　　2021年度");
  CHECK(s.Text(2, 8) == "填表日期：2021年12月28日　　登记人：何静");
  CHECK(HasMerge(s, 1, 1, 1, 13));
  CHECK(HasMerge(s, 2, 1, 2, 6));
  CHECK(HasMerge(s, 2, 8, 2, 13));
  CHECK(HasMerge(s, 16, 1, 16, 6));
  CHECK(s.Text(3, 1) == "序号");
  CHECK(s.Text(3, 13) == "报废单号");
  CHECK(r.sheets[1].index == 1);
  CHECK(r.sheets[1].Text(3, 2) == "GZ-2012-003");
}

TEST_CASE("xlsx cells come with their type: dates by number format, numbers, formulas' values",
          "[spreadsheet][xlsx]") {
  const CollectedSheet s = MustReadAll(kAssets).sheets[0];
  const SheetCell bought = s.Cell(4, 6);  // 购置日期, yyyy年m月d日
  CHECK(bought.type == SheetCellType::kDate);
  CHECK(bought.text == "2016-03-15");
  CHECK(bought.number == 42444);
  const SheetCell written_off = s.Cell(4, 12);  // 核销日期, yyyy-mm-dd
  CHECK(written_off.type == SheetCellType::kDate);
  CHECK(written_off.text == "2021-06-30");
  CHECK(s.Cell(5, 12).type == SheetCellType::kEmpty);
  const SheetCell value = s.Cell(4, 7);  // 原值, #,##0.00
  CHECK(value.type == SheetCellType::kNumber);
  CHECK(value.text == "4580");
  CHECK(s.Cell(4, 1).text == "1");
  CHECK(s.Cell(15, 1).text == "12");
  const SheetCell total = s.Cell(16, 7);  // =SUM(G4:G15), cached
  CHECK(total.type == SheetCellType::kNumber);
  CHECK(total.number == 102004);
  CHECK(s.Text(16, 1) == "合计");
}

TEST_CASE("only the sheet asked for is read, and an unknown sheet name lists the sheets",
          "[spreadsheet][xlsx]") {
  SpreadsheetOptions options;
  options.sheet = "已核销";
  const ReadResult r = MustReadAll(kAssets, options);
  REQUIRE(r.sheets.size() == 1);
  CHECK(r.sheets[0].index == 1);
  CHECK(r.sheets[0].Text(5, 3) == "台式电脑");
  options.sheet = "2022年度";
  const ReadResult missing = ReadAll(kAssets, options);
  REQUIRE_FALSE(missing.status.ok());
  CHECK(missing.status.message().find("2022年度") != std::string::npos);
  CHECK(missing.status.message().find("2021年度、已核销") != std::string::npos);
}

TEST_CASE("a long register our generator wrote (constant memory, inline strings) reads back",
          "[spreadsheet][xlsx]") {
  const std::string dir = ScratchDir("xlsx-own");
  std::ostringstream csv;
  csv << "序号,用印日期,用印部门,经办人,文件名称,文件编号,份数,印章名称,用印目的,备注\n";
  const int rows = 2500;  // beyond XlsxOptions::constant_memory_rows
  for (int i = 1; i <= rows; ++i) {
    csv << i << ",2024-03-05,办公室,何静,关于第" << i
        << "期工作简报的通知,,2,公司章,公司内部发文,\n";
  }
  WriteFile(dir + "/seals.csv", csv.str());
  const CliRun run =
      RunDangan("generate S-04 --data " + dir + "/seals.csv --header " +
                SourcePath("samples/S-04.json") + " --format xlsx --out " + dir + "/out");
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  std::string xlsx;
  for (const auto& entry : std::filesystem::directory_iterator(dir + "/out")) {
    if (entry.path().extension() == ".xlsx") xlsx = entry.path().string();
  }
  REQUIRE(!xlsx.empty());
  const ReadResult r = MustReadAll(xlsx);
  REQUIRE(!r.sheets.empty());
  const CollectedSheet& s = r.sheets[0];
  int found = 0;
  for (const SheetRow& row : s.rows) {
    for (const SheetCell& cell : row.cells) {
      if (cell.text == "关于第2500期工作简报的通知") ++found;
      if (cell.text == "关于第1期工作简报的通知") ++found;
    }
  }
  CHECK(found == 2);
  CHECK(s.rows.size() >= static_cast<size_t>(rows));
}

TEST_CASE("shared strings join rich-text runs and skip phonetic hints, inline and formula text",
          "[spreadsheet][xlsx]") {
  const std::string shared =
      "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/"
      "main\"><si><t>档号</t></si><si><r><rPr><b/></rPr><t>华东精密机械有限公司用印登记表（</t></r>"
      "<r><t>2019</t></r><r><t>年）</t></r><rPh><t>ふりがな</t></rPh></si><si><t>行一_x000D_"
      "\n行二</t></si></sst>";
  const std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
      "<c r=\"C1\" t=\"s\"><v>2</v></c></row>"
      "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>内联文本</t></is></c>"
      "<c r=\"B2\" t=\"str\"><f>A1&amp;\"x\"</f><v>档号x</v></c>"
      "<c r=\"C2\" t=\"b\"><v>1</v></c><c r=\"D2\" t=\"b\"><v>0</v></c>"
      "<c r=\"E2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"F2\"><v>0.1</v></c>"
      "<c r=\"G2\"><f>1+1</f><v>2</v></c><c r=\"H2\"><f>NOW()</f></c></row>";
  const CollectedSheet s =
      ReadBuilt("types", MinimalWorkbook(WorksheetXml(rows), "", shared)).sheets[0];
  CHECK(s.Text(1, 1) == "档号");
  CHECK(s.Text(1, 2) == "华东精密机械有限公司用印登记表（2019年）");
  CHECK(s.Text(1, 3) == "行一\r\n行二");
  CHECK(s.Cell(2, 1).type == SheetCellType::kText);
  CHECK(s.Text(2, 1) == "内联文本");
  CHECK(s.Text(2, 2) == "档号x");
  CHECK(s.Cell(2, 3).type == SheetCellType::kBoolean);
  CHECK(s.Text(2, 3) == "TRUE");
  CHECK(s.Text(2, 4) == "FALSE");
  CHECK(s.Cell(2, 5).type == SheetCellType::kError);
  CHECK(s.Text(2, 5) == "#DIV/0!");
  CHECK(s.Text(2, 6) == "0.1");
  CHECK(s.Text(2, 7) == "2");
  CHECK(s.Row(2)->cells.size() == 7);  // H2, a formula never calculated, is empty and dropped
}

TEST_CASE("cells without references follow each other, and skipped rows keep their numbers",
          "[spreadsheet][xlsx]") {
  const std::string rows =
      "<row><c t=\"inlineStr\"><is><t>甲</t></is></c><c/><c t=\"inlineStr\"><is><t>丙</t></is></c>"
      "</row><row r=\"7\"><c r=\"D7\"><v>4</v></c><c><v>5</v></c></row><row><c><v>1</v></c></row>"
      "<row r=\"9\"><c r=\"A9\" s=\"0\"/></row>";
  const CollectedSheet s = ReadBuilt("refs", MinimalWorkbook(WorksheetXml(rows))).sheets[0];
  REQUIRE(s.rows.size() == 3);  // row 9 holds no value
  CHECK(s.Text(1, 1) == "甲");
  CHECK(s.Cell(1, 2).type == SheetCellType::kEmpty);
  CHECK(s.Text(1, 3) == "丙");
  CHECK(s.rows[1].number == 7);
  CHECK(s.Text(7, 4) == "4");
  CHECK(s.Text(7, 5) == "5");
  CHECK(s.rows[2].number == 8);
}

TEST_CASE("date formats: built-in, Chinese built-in, custom codes, times, and what is not a date",
          "[spreadsheet][xlsx]") {
  const std::string styles = StylesWith(
      "<numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"[h]:mm:ss\"/>"
      "<numFmt numFmtId=\"166\" formatCode=\"[$-804]#,##0.00\"/>"
      "<numFmt numFmtId=\"167\" formatCode=\"0.0&quot;天 days&quot;\"/>"
      "<numFmt numFmtId=\"168\" formatCode=\"yyyy/mm/dd hh:mm\"/>"
      "<numFmt numFmtId=\"169\" formatCode=\"[Red]#,##0;[Blue]-#,##0\"/>",
      "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"31\"/><xf numFmtId=\"164\"/>"
      "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/><xf numFmtId=\"167\"/><xf numFmtId=\"168\"/>"
      "<xf numFmtId=\"169\"/><xf numFmtId=\"22\"/><xf numFmtId=\"57\"/>");
  const std::string rows =
      "<row r=\"1\"><c s=\"1\"><v>45356</v></c><c s=\"2\"><v>45356</v></c><c s=\"3\"><v>45356</v>"
      "</c><c s=\"4\"><v>0.5</v></c><c s=\"5\"><v>45356</v></c><c s=\"6\"><v>45356</v></c>"
      "<c s=\"7\"><v>45356.75</v></c><c s=\"8\"><v>45356</v></c><c s=\"9\"><v>45356.5</v></c>"
      "<c s=\"10\"><v>45356</v></c><c s=\"0\"><v>45356</v></c></row>"
      "<row r=\"2\"><c s=\"1\"><v>59</v></c><c s=\"1\"><v>60</v></c><c s=\"1\"><v>61</v></c>"
      "<c s=\"1\"><v>1</v></c></row>";
  const CollectedSheet s =
      ReadBuilt("dates", MinimalWorkbook(WorksheetXml(rows), styles)).sheets[0];
  CHECK(s.Cell(1, 1).type == SheetCellType::kDate);
  CHECK(s.Text(1, 1) == "2024-03-05");
  CHECK(s.Text(1, 2) == "2024-03-05");
  CHECK(s.Text(1, 3) == "2024-03-05");
  CHECK(s.Text(1, 4) == "12:00:00");
  CHECK(s.Cell(1, 5).type == SheetCellType::kNumber);
  CHECK(s.Cell(1, 6).type == SheetCellType::kNumber);
  CHECK(s.Text(1, 7) == "2024-03-05 18:00");
  CHECK(s.Cell(1, 8).type == SheetCellType::kNumber);
  CHECK(s.Text(1, 9) == "2024-03-05 12:00");
  CHECK(s.Text(1, 10) == "2024-03-05");
  CHECK(s.Cell(1, 11).type == SheetCellType::kNumber);
  CHECK(s.Text(1, 11) == "45356");
  // The 1900 system's leap-year quirk: 60 is 1900-02-29, which never was.
  CHECK(s.Text(2, 1) == "1900-02-28");
  CHECK(s.Text(2, 2) == "1900-02-29");
  CHECK(s.Text(2, 3) == "1900-03-01");
  CHECK(s.Text(2, 4) == "1900-01-01");
}

TEST_CASE("a 1904-system workbook gives the same dates, and serials in the 1900 system",
          "[spreadsheet][xlsx]") {
  const std::string styles = StylesWith("", "<xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>");
  const std::string rows = "<row r=\"1\"><c s=\"1\"><v>43894</v></c></row>";
  const CollectedSheet s = ReadBuilt("date1904", MinimalWorkbook(WorksheetXml(rows), styles, "",
                                                                 "<workbookPr date1904=\"1\"/>"))
                               .sheets[0];
  CHECK(s.Text(1, 1) == "2024-03-05");
  CHECK(s.Cell(1, 1).number == 45356);
}

TEST_CASE("a sheet whose dimension claims XFD1048576 but holds a few cells is read",
          "[spreadsheet][xlsx]") {
  const std::string xml =
      "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/"
      "2006/main\"><dimension ref=\"A1:XFD1048576\"/><sheetData><row r=\"1\"><c r=\"A1\" "
      "t=\"inlineStr\"><is><t>题名</t></is></c></row></sheetData></worksheet>";
  const CollectedSheet s = ReadBuilt("dimension", MinimalWorkbook(xml)).sheets[0];
  CHECK(s.Text(1, 1) == "题名");
}

TEST_CASE("column names as messages show them", "[spreadsheet]") {
  CHECK(ColumnName(1) == "A");
  CHECK(ColumnName(26) == "Z");
  CHECK(ColumnName(27) == "AA");
  CHECK(ColumnName(28) == "AB");
  CHECK(ColumnName(16384) == "XFD");
  CHECK(SpreadsheetFormatName(SpreadsheetFormat::kXlsx) == std::string("xlsx"));
  CHECK(DetectSpreadsheetFormat(kAssets) == SpreadsheetFormat::kXlsx);
}
