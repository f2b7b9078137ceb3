// XLSX back end: what a clerk sees when opening or printing the workbook in Excel or WPS.
#include "dangan/generator/xlsx_writer.h"

#include <zlib.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "generator/src/qr.h"  // private part, tested on purpose
#include "support/test_paths.h"
#include "support/xlsx_reader.h"
#include "generator/src/xlsx/png.h"  // private part, tested on purpose
#include "generator/src/xlsx/text_metrics.h"  // private part, tested on purpose

namespace {

using dangan::Align;
using dangan::Cell;
using dangan::CellKind;
using dangan::CellStyle;
using dangan::Row;
using dangan::Sheet;
using dangan::test::XlsxCell;
using dangan::test::XlsxSheet;
using dangan::test::XlsxWorkbook;

Cell Label(int col, const std::string& text, int col_span = 1) {
  Cell c;
  c.col = col;
  c.col_span = col_span;
  c.text = text;
  c.style = CellStyle::kLabel;
  return c;
}

Cell Value(int col, const std::string& text, int col_span = 1) {
  Cell c;
  c.col = col;
  c.col_span = col_span;
  c.text = text;
  c.field = "f" + std::to_string(col);
  return c;
}

Cell Number(int col, double v, const std::string& text, CellKind kind = CellKind::kNumber) {
  Cell c = Value(col, text);
  c.kind = kind;
  c.number = v;
  c.align = Align::kRight;
  return c;
}

Cell Date(int col, int y, int m, int d) {
  Cell c =
      Value(col, std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日");
  c.kind = CellKind::kDate;
  c.year = y;
  c.month = m;
  c.day = d;
  return c;
}

Cell Time(int col, int h, int m) {
  Cell c = Value(col, std::to_string(h) + ":" + std::to_string(m));
  c.kind = CellKind::kTime;
  c.hour = h;
  c.minute = m;
  return c;
}

Cell Header(int col, const std::string& text) {
  Cell c = Label(col, text);
  c.style = CellStyle::kHeader;
  return c;
}

Row MakeRow(std::vector<Cell> cells, double min_height = 0) {
  Row r;
  r.cells = std::move(cells);
  r.min_height_pt = min_height;
  return r;
}

// 30 categories of about 12 bytes each: 360 bytes, past libxlsxwriter 1.1.4's 255-byte buffer.
dangan::ChoiceList Categories() {
  dangan::ChoiceList list{"用品类别", {}};
  for (int i = 0; i < 30; ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "办公用品%03d", i);
    list.items.push_back(buf);
  }
  return list;
}

const std::string kLongReason =
    "因新员工入职及年度会议筹备需要，申请采购签字笔、笔记本、文件夹、打印纸等办公用品一批，"
    "用于日常办公与会议材料准备，预计使用至本年度末。";

// A filled-in request form on four columns: rows 3-6 are the head block, row 7 the signatures.
Sheet RequestForm() {
  Sheet s;
  s.template_id = "O-09";
  s.title = "办公用品申请单";
  s.source = "《办公用品管理制度》第三条";
  s.doc_number = "BG-2024-000123";
  s.qr_payload = "dangan:O-09:BG-2024-000123";
  s.column_widths = {12, 20, 12, 20};
  Cell category = Value(1, "文具");
  category.choice_list = "用品类别";
  Cell reason = Value(1, kLongReason, 3);
  reason.min_lines = 2;
  s.head.push_back(MakeRow(
      {Label(0, "申请部门"), Value(1, "综合办公室"), Label(2, "申请日期"), Date(3, 2024, 3, 5)}));
  s.head.push_back(MakeRow({Label(0, "申请事由"), reason}));
  s.head.push_back(MakeRow({Label(0, "金额"), Number(1, 1234.5, "1,234.50", CellKind::kMoney),
                            Label(2, "数量"), Number(3, 12, "12")}));
  s.head.push_back(MakeRow({Label(0, "用品类别"), category, Label(2, "领用时间"), Time(3, 9, 30)}));
  Cell opinion = Value(0, "部门负责人意见：", 2);
  opinion.style = CellStyle::kSignature;
  Cell approval = Value(2, "分管领导意见：", 2);
  approval.style = CellStyle::kSignature;
  s.tail.push_back(MakeRow({opinion, approval}));
  s.choice_lists.push_back(Categories());
  return s;
}

// A landscape register: a head block with a cell spanning two rows, one table-header row (row 5)
// and `rows` body rows from row 6.
Sheet Register(size_t rows) {
  Sheet s;
  s.title = "办公用品领用登记表";
  s.source = "《办公用品管理制度》第五条";
  s.doc_number = "DJ-2024-0007";
  s.qr_payload = "dangan:O-10:DJ-2024-0007";
  s.orientation = dangan::Orientation::kLandscape;
  s.column_widths = {8, 14, 16, 12, 12, 12, 12, 14, 10, 16};
  Cell dept = Value(0, "综合办公室");
  dept.row_span = 2;
  s.head.push_back(MakeRow({dept, Label(1, "登记年度"), Value(2, "2024", 8)}));
  s.head.push_back(MakeRow({Label(1, "保管人"), Value(2, "张三", 8)}));
  const char* headings[] = {"序号", "领用日期", "物品名称", "数量", "单价",
                            "金额", "领用人",   "用途",     "状态", "备注"};
  Row header;
  for (int c = 0; c < 10; ++c) header.cells.push_back(Header(c, headings[c]));
  s.table_header.push_back(header);
  s.body_count = rows;
  s.body_row = [](size_t i) {
    Row r;
    r.cells.push_back(Number(0, static_cast<double>(i + 1), std::to_string(i + 1)));
    r.cells.push_back(Date(1, 2024, 1 + static_cast<int>(i % 12), 1 + static_cast<int>(i % 28)));
    r.cells.push_back(Value(2, "签字笔（黑色）" + std::to_string(i)));
    r.cells.push_back(Number(3, 2, "2"));
    r.cells.push_back(Number(4, 3.5, "3.50", CellKind::kMoney));
    r.cells.push_back(Number(5, 7, "7.00", CellKind::kMoney));
    r.cells.push_back(Value(6, "李四"));
    r.cells.push_back(Value(7, "日常办公"));
    Cell status = Value(8, i % 7 == 3 ? "作废" : "正常");
    status.choice_list = "状态";
    status.red = i % 7 == 3;
    r.cells.push_back(status);
    r.cells.push_back(Value(9, ""));
    return r;
  };
  s.choice_lists.push_back({"状态", {"正常", "作废", "退回"}});
  Cell total = Label(0, "合计", 5);
  s.tail.push_back(
      MakeRow({total, Number(5, 7.0 * rows, "合计金额", CellKind::kMoney), Value(6, "", 4)}));
  return s;
}

XlsxWorkbook WriteAndRead(const Sheet& sheet, const std::string& name,
                          const dangan::XlsxOptions& options = {}) {
  const std::string path = dangan::test::ScratchDir("xlsx-" + name) + "/" + name + ".xlsx";
  const dangan::Status st = dangan::WriteXlsx(sheet, path, options);
  INFO(st.ToString());
  REQUIRE(st.ok());
  XlsxWorkbook wb;
  const dangan::Status read = XlsxWorkbook::Open(path, &wb);
  INFO(read.ToString());
  REQUIRE(read.ok());
  return wb;
}

const XlsxSheet& MainSheet(const XlsxWorkbook& wb) {
  REQUIRE(!wb.sheets.empty());
  REQUIRE_FALSE(wb.sheets[0].hidden);
  return wb.sheets[0];
}

const XlsxCell& CellAt(const XlsxSheet& sheet, const std::string& ref) {
  const XlsxCell* c = sheet.Find(ref);
  INFO("cell " << ref);
  REQUIRE(c != nullptr);
  return *c;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("the form's title, identity and values land where the grid puts them", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(RequestForm(), "form");
  const XlsxSheet& s = MainSheet(wb);
  CHECK(s.name == "办公用品申请单");
  // Right of the QR code (column A), clear of the 归档章 corner (column D).
  CHECK(s.Text("B1") == "办公用品申请单");
  CHECK(s.Text("B2") == "编号：BG-2024-000123");
  CHECK(s.Text("C2") == "依据：《办公用品管理制度》第三条");
  CHECK(s.Text("D1").empty());
  CHECK(s.Text("D2").empty());
  CHECK(s.Text("A3") == "申请部门");
  CHECK(s.Text("B3") == "综合办公室");
  CHECK(s.Text("C3") == "申请日期");
  CHECK(s.Text("B4") == kLongReason);
  CHECK(s.Text("A7") == "部门负责人意见：");
  CHECK(s.Text("C7") == "分管领导意见：");
  CHECK(CellAt(s, "B3").is_string());
}

TEST_CASE("the title is large, bold and centred, labels are filled and every grid cell bordered",
          "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(RequestForm(), "styles");
  const XlsxSheet& s = MainSheet(wb);
  const auto& title = wb.styles.Font(CellAt(s, "B1").style);
  CHECK(title.bold);
  CHECK(title.size >= 16);
  CHECK(wb.styles.Xf(CellAt(s, "B1").style).horizontal == "center");
  const int label = CellAt(s, "A3").style;
  CHECK(wb.styles.Xf(label).horizontal == "center");
  CHECK_FALSE(wb.styles.FillColor(label).empty());
  CHECK(wb.styles.Font(label).name == "宋体");
  // A covered cell of a merged area carries the border too, so the printed box is closed.
  for (const char* ref : {"A3", "B4", "C4", "D4", "D6", "B7", "D7"}) {
    INFO(ref);
    const auto& border = wb.styles.Border(CellAt(s, ref).style);
    CHECK(border.left == "thin");
    CHECK(border.right == "thin");
    CHECK(border.top == "thin");
    CHECK(border.bottom == "thin");
  }
  CHECK(wb.styles.Xf(CellAt(s, "B4").style).wrap);
}

TEST_CASE("money, numbers, dates and times are stored as numbers, never as text", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(RequestForm(), "types");
  const XlsxSheet& s = MainSheet(wb);
  const XlsxCell& date = CellAt(s, "D3");
  REQUIRE(date.is_number());
  CHECK(date.number() == 45356);  // 2024-03-05
  CHECK(wb.styles.IsDateFormat(date.style));
  CHECK(wb.styles.FormatCode(date.style) == "yyyy\"年\"m\"月\"d\"日\"");

  const XlsxCell& money = CellAt(s, "B5");
  REQUIRE(money.is_number());
  CHECK(money.number() == Approx(1234.5));
  CHECK(wb.styles.FormatCode(money.style) == "#,##0.00");
  CHECK_FALSE(wb.styles.IsDateFormat(money.style));

  const XlsxCell& count = CellAt(s, "D5");
  REQUIRE(count.is_number());
  CHECK(count.number() == 12);

  const XlsxCell& time = CellAt(s, "D6");
  REQUIRE(time.is_number());
  CHECK(time.number() == Approx(9.5 / 24));
  CHECK(wb.styles.FormatCode(time.style) == "hh:mm");
}

TEST_CASE("spanned cells are merged on the worksheet", "[xlsx]") {
  const XlsxWorkbook form = WriteAndRead(RequestForm(), "merges");
  const XlsxSheet& s = MainSheet(form);
  CHECK(s.HasMerge("B1:C1"));  // title between the QR code and the 归档章 corner
  CHECK(s.HasMerge("B4:D4"));  // 申请事由 value spans three columns
  CHECK(s.HasMerge("A7:B7"));
  CHECK(s.HasMerge("C7:D7"));

  const XlsxWorkbook reg = WriteAndRead(Register(5), "merges-register");
  const XlsxSheet& r = MainSheet(reg);
  CHECK(r.HasMerge("A3:A4"));  // a head cell spanning two rows
  CHECK(r.HasMerge("C3:J3"));
  CHECK(r.Text("A3") == "综合办公室");
  CHECK(r.HasMerge("A11:E11"));  // 合计 in the tail
}

TEST_CASE("registers print on A4 in the requested orientation, one page wide, header row repeated",
          "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(Register(40), "print");
  const XlsxSheet& s = MainSheet(wb);
  CHECK(s.page_setup.at("paperSize") == "9");
  CHECK(s.page_setup.at("orientation") == "landscape");
  CHECK(s.page_setup.at("fitToHeight") == "0");
  CHECK(s.page_setup.count("fitToWidth") == 0);  // 1 is the default and left out
  CHECK(std::stod(s.page_margins.at("left")) == Approx(1.5 / 2.54).epsilon(0.02));

  const auto* titles = wb.DefinedName("_xlnm.Print_Titles");
  REQUIRE(titles != nullptr);
  CHECK(titles->value == "'办公用品领用登记表'!$5:$5");
  const auto* area = wb.DefinedName("_xlnm.Print_Area");
  REQUIRE(area != nullptr);
  CHECK(area->value == "'办公用品领用登记表'!$A$1:$J$46");  // 2 + 2 head + 1 header + 40 + 1 tail

  CHECK(s.odd_footer.find("&C第 &P 页 共 &N 页") != std::string::npos);
  CHECK(s.odd_footer.find("DJ-2024-0007") != std::string::npos);
  CHECK(s.pane.at("topLeftCell") == "A6");  // frozen under the table header
  CHECK(s.pane.at("state") == "frozen");
}

TEST_CASE("forms print portrait and are not frozen", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(RequestForm(), "portrait");
  const XlsxSheet& s = MainSheet(wb);
  CHECK(s.page_setup.at("orientation") == "portrait");
  CHECK(s.page_setup.at("paperSize") == "9");
  CHECK(wb.DefinedName("_xlnm.Print_Titles") == nullptr);
  REQUIRE(wb.DefinedName("_xlnm.Print_Area") != nullptr);
  CHECK(wb.DefinedName("_xlnm.Print_Area")->value == "'办公用品申请单'!$A$1:$D$7");
  CHECK(s.pane.empty());
}

TEST_CASE("column widths follow the sheet", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(RequestForm(), "widths");
  const XlsxSheet& s = MainSheet(wb);
  // Excel stores the width plus the 5 px cell padding, 5/7 of a unit.
  const double padding = 5.0 / 7;
  CHECK(s.ColumnWidth(0) == Approx(12 + padding).margin(0.01));
  CHECK(s.ColumnWidth(1) == Approx(20 + padding).margin(0.01));
  CHECK(s.ColumnWidth(3) == Approx(20 + padding).margin(0.01));
}

TEST_CASE("drop-downs read a long Chinese list from the hidden 选项 sheet", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(RequestForm(), "choices");
  const XlsxSheet& s = MainSheet(wb);
  const XlsxSheet* options = wb.Sheet("选项");
  REQUIRE(options != nullptr);
  CHECK(options->hidden);
  CHECK(options->Text("A1") == "办公用品000");
  CHECK(options->Text("A30") == "办公用品029");
  CHECK(options->Find("A31") == nullptr);
  REQUIRE(s.validations.size() == 1);
  CHECK(s.validations[0].type == "list");
  CHECK(s.validations[0].sqref == "B6");
  CHECK(s.validations[0].formula1 == "'选项'!$A$1:$A$30");
}

TEST_CASE("a register's drop-down covers the whole body column with one validation", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(Register(300), "body-choices");
  const XlsxSheet& s = MainSheet(wb);
  REQUIRE(s.validations.size() == 1);
  CHECK(s.validations[0].sqref == "I6:I305");
  CHECK(s.validations[0].formula1 == "'选项'!$A$1:$A$3");
  const XlsxSheet* options = wb.Sheet("选项");
  REQUIRE(options != nullptr);
  CHECK(options->hidden);
  CHECK(options->Text("B1").empty());
  CHECK(options->Text("A2") == "作废");
}

TEST_CASE("a long wrapped value gets a taller row and signatures leave room to sign", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(RequestForm(), "heights");
  const XlsxSheet& s = MainSheet(wb);
  const double single = s.RowHeight(3);  // one-line values
  const double reason = s.RowHeight(4);  // ~70 hanzi across 52 width units
  const double signature = s.RowHeight(7);
  CHECK(single >= 15);
  CHECK(reason >= 3 * 15);
  CHECK(reason > single);
  CHECK(signature >= single + 24);  // the caption line plus room for a handwritten signature
}

TEST_CASE("an empty signature column in a register leaves room to sign without doubling rows",
          "[xlsx]") {
  Sheet sheet = Register(3);
  auto rows = sheet.body_row;
  sheet.body_row = [rows](size_t i) {
    Row r = rows(i);
    r.cells[6].text.clear();
    r.cells[6].style = CellStyle::kSignature;
    return r;
  };
  // The workbook must outlive the reference to its sheet (ASan: heap-use-after-free).
  const XlsxWorkbook wb = WriteAndRead(sheet, "sign-column");
  const XlsxSheet& s = MainSheet(wb);
  CHECK(s.RowHeight(6) >= 26);
  CHECK(s.RowHeight(6) <= 34);
}

TEST_CASE("a row honours min_lines, min_height_pt and explicit line breaks", "[xlsx]") {
  Sheet sheet = RequestForm();
  Cell notes = Value(1, "第一行\n第二行\n第三行\n第四行", 3);
  sheet.head.push_back(MakeRow({Label(0, "备注"), notes}));
  Cell blank = Value(1, "", 3);
  blank.min_lines = 3;
  sheet.head.push_back(MakeRow({Label(0, "说明"), blank}));
  sheet.head.push_back(MakeRow({Label(0, "附件"), Value(1, "无", 3)}, 60));
  // The workbook must outlive the reference to its sheet (ASan: heap-use-after-free).
  const XlsxWorkbook wb = WriteAndRead(sheet, "min-lines");
  const XlsxSheet& s = MainSheet(wb);
  CHECK(s.RowHeight(7) >= 4 * 15);
  CHECK(s.RowHeight(8) >= 3 * 15);
  CHECK(s.RowHeight(9) >= 60);
}

TEST_CASE("written-off entries (红笔登记) print in red", "[xlsx]") {
  const XlsxWorkbook wb = WriteAndRead(Register(10), "red");
  const XlsxSheet& s = MainSheet(wb);
  // Body starts on row 6; entry 3 (row 9) is written off, entry 2 (row 8) is not.
  CHECK(s.Text("I9") == "作废");
  CHECK(wb.styles.Font(CellAt(s, "I9").style).color == "FFFF0000");
  CHECK(wb.styles.Font(CellAt(s, "I8").style).color != "FFFF0000");
}

TEST_CASE("the register's body rows are requested once each, in order", "[xlsx]") {
  Sheet sheet = Register(50);
  auto rows = sheet.body_row;
  size_t next = 0;
  bool in_order = true;
  sheet.body_row = [&](size_t i) {
    in_order = in_order && i == next;
    ++next;
    return rows(i);
  };
  const std::string path = dangan::test::ScratchDir("xlsx-once") + "/once.xlsx";
  REQUIRE(dangan::WriteXlsx(sheet, path).ok());
  CHECK(in_order);
  CHECK(next == 50);
}

TEST_CASE(
    "a long register's body rows, built ahead on a second thread, are still requested once "
    "each, in order",
    "[xlsx]") {
  dangan::XlsxOptions options;
  options.constant_memory_rows = 100;
  Sheet sheet = Register(1000);  // several batches, the last one partly filled
  auto rows = sheet.body_row;
  size_t next = 0;
  bool in_order = true;
  sheet.body_row = [&](size_t i) {
    in_order = in_order && i == next;
    ++next;
    return rows(i);
  };
  const XlsxWorkbook wb = WriteAndRead(sheet, "threaded", options);
  CHECK(in_order);
  CHECK(next == 1000);
  const XlsxSheet& s = MainSheet(wb);
  CHECK(CellAt(s, "A6").number() == 1);
  CHECK(s.Text("C1005") == "签字笔（黑色）999");
  CHECK(CellAt(s, "A1005").number() == 1000);
}

TEST_CASE("a bad body row of a long register fails the write and leaves no file", "[xlsx]") {
  dangan::XlsxOptions options;
  options.constant_memory_rows = 100;
  Sheet sheet = Register(2000);
  auto rows = sheet.body_row;
  sheet.body_row = [rows](size_t i) {
    Row r = rows(i);
    if (i == 700) r.cells.back().col = 12;  // outside the 10 columns
    return r;
  };
  const std::string path = dangan::test::ScratchDir("xlsx-threaded-fail") + "/bad.xlsx";
  const dangan::Status st = dangan::WriteXlsx(sheet, path, options);
  REQUIRE_FALSE(st.ok());
  CHECK(st.message().find("第 706 行") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("a 20,000-row register in constant-memory mode reads back complete", "[xlsx]") {
  dangan::XlsxOptions options;
  options.constant_memory_rows = 100;
  const XlsxWorkbook wb = WriteAndRead(Register(20000), "constant", options);
  const XlsxSheet& s = MainSheet(wb);
  CHECK_FALSE(wb.HasEntry("xl/sharedStrings.xml"));  // proves the constant-memory path ran
  CHECK(CellAt(s, "C1").type == XlsxCell::Type::kInlineString);
  CHECK(s.Text("C1") == "办公用品领用登记表");  // between the QR code and the 归档章 corner
  CHECK(s.HasMerge("C1:H1"));
  CHECK(s.HasMerge("A3:A4"));
  CHECK(s.Text("A3") == "综合办公室");
  CHECK(s.Text("B5") == "领用日期");

  const int last = 6 + 20000 - 1;
  const std::string row = std::to_string(last);
  CHECK(CellAt(s, "A" + row).number() == 20000);
  CHECK(s.Text("C" + row) == "签字笔（黑色）19999");
  const XlsxCell& date = CellAt(s, "B" + row);
  REQUIRE(date.is_number());
  CHECK(wb.styles.IsDateFormat(date.style));
  CHECK(date.number() == 45512);  // entry 19999: 2024-08-08
  CHECK(CellAt(s, "F" + row).number() == Approx(7));
  CHECK(s.Text("A" + std::to_string(last + 1)) == "合计");
  CHECK(s.HasMerge("A" + std::to_string(last + 1) + ":E" + std::to_string(last + 1)));
  CHECK(s.RowHeight(last) >= 15);
  REQUIRE(s.validations.size() == 1);
  CHECK(s.validations[0].sqref == "I6:I" + row);
  CHECK(wb.DefinedName("_xlnm.Print_Titles")->value == "'办公用品领用登记表'!$5:$5");
}

TEST_CASE("the QR code is embedded as a PNG at the top left, two rows high", "[xlsx]") {
  for (const size_t threshold : {size_t{2000}, size_t{0}}) {  // normal and constant-memory mode
    dangan::XlsxOptions options;
    options.constant_memory_rows = threshold;
    const XlsxWorkbook wb = WriteAndRead(Register(3), "qr" + std::to_string(threshold), options);
    REQUIRE(wb.HasEntry("xl/media/image1.png"));
    CHECK(wb.raw.at("xl/media/image1.png").compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    CHECK_FALSE(MainSheet(wb).drawing_rel.empty());
    const std::string& drawing = wb.raw.at("xl/drawings/drawing1.xml");
    // Anchored in the first columns (A, B: 8 units are narrower than the code), from row 1 to
    // row 2 (0-based 0 and 1), as the PDF prints it.
    CHECK(drawing.find("<xdr:from><xdr:col>0</xdr:col>") != std::string::npos);
    CHECK(drawing.find("<xdr:row>0</xdr:row>") != std::string::npos);
    CHECK(drawing.find("<xdr:to><xdr:col>1</xdr:col>") != std::string::npos);
    const size_t to = drawing.find("<xdr:to>");
    REQUIRE(to != std::string::npos);
    CHECK(drawing.find("<xdr:row>1</xdr:row>", to) != std::string::npos);
  }
}

TEST_CASE("the sheet is named after the title without the characters Excel forbids", "[xlsx]") {
  Sheet sheet = RequestForm();
  sheet.title = "合同[草稿]/审批:表*?";
  CHECK(MainSheet(WriteAndRead(sheet, "name")).name == "合同草稿审批表");
  sheet.title = "关于二〇二四年度全体员工办公用品集中采购及领用情况的统计登记表（汇总）";
  const std::string name = MainSheet(WriteAndRead(sheet, "long-name")).name;
  CHECK(name == "关于二〇二四年度全体员工办公用品集中采购及领用情况的统计登记表");  // 31 characters
}

TEST_CASE("a failed write names the file and leaves no partial file behind", "[xlsx]") {
  const std::string dir = dangan::test::ScratchDir("xlsx-fail");
  SECTION("missing directory") {
    const std::string path = dir + "/no-such-dir/form.xlsx";
    const dangan::Status st = dangan::WriteXlsx(RequestForm(), path);
    REQUIRE_FALSE(st.ok());
    CHECK(st.code() == dangan::Status::Code::kIoError);
    CHECK(st.message().find(path) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(path));
  }
  SECTION("bad value keeps the previous file") {
    const std::string path = dangan::test::WriteFile(dir + "/form.xlsx", "previous");
    Sheet sheet = RequestForm();
    sheet.head[0].cells[3].month = 13;
    const dangan::Status st = dangan::WriteXlsx(sheet, path);
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("日期无效") != std::string::npos);
    CHECK(ReadFile(path) == "previous");
    size_t files = 0;
    for (const auto& e : std::filesystem::directory_iterator(dir)) files += e.is_regular_file();
    CHECK(files == 1);  // no temporary file left over
  }
  SECTION("a number that is not finite") {
    Sheet sheet = RequestForm();
    sheet.head[2].cells[1].number = std::nan("");
    const dangan::Status st = dangan::WriteXlsx(sheet, dir + "/nan.xlsx");
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("B5") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir + "/nan.xlsx"));
  }
  SECTION("unknown drop-down list") {
    Sheet sheet = RequestForm();
    sheet.head[3].cells[1].choice_list = "不存在";
    const dangan::Status st = dangan::WriteXlsx(sheet, dir + "/unknown.xlsx");
    REQUIRE_FALSE(st.ok());
    CHECK(st.message().find("不存在") != std::string::npos);
  }
}

TEST_CASE("hanzi count as two width units when estimating wrapped lines", "[xlsx]") {
  using dangan::xlsx::DisplayWidth;
  using dangan::xlsx::WrappedLines;
  CHECK(DisplayWidth("申请ab") == 6);
  CHECK(DisplayWidth("（１）") == 6);
  CHECK(WrappedLines("一二三四五", 4) == 3);
  CHECK(WrappedLines("一二\n三", 20) == 2);
  CHECK(WrappedLines("", 10) == 1);
  CHECK(WrappedLines("abc defgh", 5) == 2);   // the word moves whole to the next line
  CHECK(WrappedLines("abcdefghij", 4) == 3);  // a word longer than a line is broken
}

TEST_CASE("the QR PNG decodes to the QR matrix", "[xlsx]") {
  const dangan::QrMatrix qr = dangan::MakeQr("dangan:O-09:BG-2024-000123");
  REQUIRE(qr.size > 0);
  const std::string png = dangan::xlsx::EncodeMonochromePng(qr.size, qr.size, qr.dark);
  REQUIRE(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  auto u32 = [&](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(png[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(png[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(png[at + 2])) << 8) |
           static_cast<unsigned char>(png[at + 3]);
  };
  CHECK(png.substr(12, 4) == "IHDR");
  CHECK(u32(16) == static_cast<uint32_t>(qr.size));
  CHECK(u32(20) == static_cast<uint32_t>(qr.size));
  const size_t idat = 8 + 12 + 13;
  REQUIRE(png.substr(idat + 4, 4) == "IDAT");
  const uint32_t length = u32(idat);
  const size_t row_bytes = (qr.size + 7) / 8 + 1;
  std::string raw(row_bytes * qr.size, '\0');
  uLongf raw_size = raw.size();
  REQUIRE(uncompress(reinterpret_cast<Bytef*>(raw.data()), &raw_size,
                     reinterpret_cast<const Bytef*>(png.data() + idat + 8), length) == Z_OK);
  REQUIRE(raw_size == raw.size());
  int mismatches = 0;
  for (int y = 0; y < qr.size; ++y) {
    CHECK(raw[y * row_bytes] == 0);  // filter type none
    for (int x = 0; x < qr.size; ++x) {
      const unsigned char byte = static_cast<unsigned char>(raw[y * row_bytes + 1 + x / 8]);
      const bool white = (byte >> (7 - x % 8)) & 1;
      mismatches += white == qr.at(x, y);
    }
  }
  CHECK(mismatches == 0);
  CHECK(png.substr(png.size() - 8, 4) == "IEND");
}
