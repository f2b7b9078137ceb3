// .ods read from content.xml written here: repeated rows and cells (a million trailing empty
// rows cost nothing), spans, covered cells, every value type, text:s / text:line-break,
// annotations left out, the sheet option, formulas without a value, the limits.
#include <catch2/catch.hpp>
#include <chrono>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"
#include "support/zip_builder.h"

using namespace dangan;
using namespace dangan::test;

namespace {

std::string Content(const std::string& tables) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">
<office:body><office:spreadsheet>)" +
         tables + "</office:spreadsheet></office:body></office:document-content>";
}

std::string WriteOds(const std::string& name, const std::string& tables) {
  return WriteZip(ScratchDir("ods") + "/" + name,
                  {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                   {"content.xml", Content(tables)}});
}

std::string Text(const std::string& t) {
  return R"(<table:table-cell office:value-type="string"><text:p>)" + t +
         "</text:p></table:table-cell>";
}

}  // namespace

TEST_CASE("an .ods's value types, spans, covered cells and text markup are read",
          "[spreadsheet][ods]") {
  const std::string path = WriteOds("台账.ods", R"(<table:table table:name="2019">
<table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="3"
  table:number-rows-spanned="2"><text:p>标题</text:p></table:table-cell>
  <table:covered-table-cell table:number-columns-repeated="2"/></table:table-row>
<table:table-row><table:covered-table-cell table:number-columns-repeated="3"/></table:table-row>
<table:table-row>
 <table:table-cell office:value-type="float" office:value="12"><text:p>12.00</text:p></table:table-cell>
 <table:table-cell office:value-type="currency" office:currency="CNY" office:value="1234.5"/>
 <table:table-cell office:value-type="percentage" office:value="0.25"/>
 <table:table-cell office:value-type="date" office:date-value="2019-01-04"/>
 <table:table-cell office:value-type="date" office:date-value="2019-01-04T09:30:15"/>
 <table:table-cell office:value-type="time" office:time-value="PT14H05M00S"/>
 <table:table-cell office:value-type="boolean" office:boolean-value="false"/>
 <table:table-cell office:value-type="string" calcext:value-type="error" office:string-value=""><text:p>#N/A</text:p></table:table-cell>
 <table:table-cell office:value-type="string"><text:p>甲<text:s text:c="3"/>乙<text:line-break/>丙<text:span>丁</text:span></text:p><office:annotation><text:p>批注</text:p></office:annotation></table:table-cell>
</table:table-row>
<table:table-row table:number-rows-repeated="2">)" + Text("同") + R"(</table:table-row>
<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table>
<table:table table:name="第二页"><table:table-row>)" + Text("二") + R"(</table:table-row></table:table>)");
  const auto start = std::chrono::steady_clock::now();
  const ReadResult r = ReadAll(path);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  INFO(r.status.ToString());
  REQUIRE(r.status.ok());
  CHECK(r.info.format == SpreadsheetFormat::kOds);
  REQUIRE(r.sheets.size() == 2);
  const CollectedSheet& s = r.sheets[0];
  CHECK(s.name == "2019");
  CHECK(s.Text(1, 1) == "标题");
  REQUIRE(s.merged.size() == 1);
  CHECK((s.merged[0].first_row == 1 && s.merged[0].first_col == 1 && s.merged[0].last_row == 2 &&
         s.merged[0].last_col == 3));
  CHECK(s.Text(3, 1) == "12");
  CHECK(s.Text(3, 2) == "1234.5");
  CHECK(s.Cell(3, 3).number == 0.25);
  CHECK(s.Text(3, 4) == "2019-01-04");
  CHECK(s.Cell(3, 4).number == 43469);
  CHECK(s.Text(3, 5) == "2019-01-04 09:30:15");
  CHECK(s.Text(3, 6) == "14:05");
  CHECK(s.Cell(3, 6).type == SheetCellType::kDate);
  CHECK(s.Text(3, 7) == "FALSE");
  CHECK(s.Cell(3, 8).type == SheetCellType::kError);
  CHECK(s.Text(3, 8) == "#N/A");
  CHECK(s.Text(3, 9) == "甲   乙\n丙丁");
  CHECK(s.Text(4, 1) == "同");
  CHECK(s.Text(5, 1) == "同");
  CHECK(s.rows.size() == 4);  // the million empty rows are not passed on
  CHECK(r.sheets[1].Text(1, 1) == "二");
}

TEST_CASE("an .ods sheet is chosen by name, a missing one is refused listing the others",
          "[spreadsheet][ods]") {
  const std::string path = WriteOds("两页.ods", R"(<table:table table:name="甲"><table:table-row>)" +
                                                    Text("a") + R"(</table:table-row></table:table>
<table:table table:name="乙"><table:table-row>)" + Text("b") + "</table:table-row></table:table>");
  SpreadsheetOptions second;
  second.sheet = "乙";
  const ReadResult r = ReadAll(path, second);
  REQUIRE(r.status.ok());
  REQUIRE(r.sheets.size() == 1);
  CHECK(r.sheets[0].Text(1, 1) == "b");
  CHECK(r.sheets[0].index == 1);
  second.sheet = "丙";
  const ReadResult missing = ReadAll(path, second);
  REQUIRE_FALSE(missing.status.ok());
  CHECK(missing.status.message().find("甲、乙") != std::string::npos);
}

TEST_CASE("an .ods formula without a value is refused, naming the cell", "[spreadsheet][ods]") {
  const std::string path = WriteOds("未计算.ods", R"(<table:table table:name="登记"><table:table-row>
<table:table-cell table:formula="of:=1+1"/></table:table-row></table:table>)");
  const ReadResult r = ReadAll(path);
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find("未计算.ods") != std::string::npos);
  CHECK(r.status.message().find("工作表「登记」第 1 行 A 列") != std::string::npos);
  CHECK(r.status.message().find("公式没有保存计算结果") != std::string::npos);
}

TEST_CASE("an .ods row of values repeated past the row limit is refused", "[spreadsheet][ods]") {
  const std::string path = WriteOds("巨大.ods", R"(<table:table table:name="s">
<table:table-row table:number-rows-repeated="2000000">)" + Text("x") + "</table:table-row></table:table>");
  SpreadsheetOptions small;
  small.limits.max_rows = 1000;
  const ReadResult r = ReadAll(path, small);
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find("超出上限") != std::string::npos);
}

TEST_CASE("an OpenDocument text file is not taken for a spreadsheet", "[spreadsheet][ods]") {
  const std::string path = WriteZip(ScratchDir("odt") + "/报告.ods",
                                    {{"mimetype", "application/vnd.oasis.opendocument.text"},
                                     {"content.xml", "<office:document-content/>"}});
  const ReadResult r = ReadAll(path);
  REQUIRE_FALSE(r.status.ok());
  CHECK(r.status.message().find("文本文档") != std::string::npos);
}
