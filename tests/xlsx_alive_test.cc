// The XLSX is the copy a clerk keeps editing: its computed values are formulas holding what the PDF
// printed, the template's limits are data validation, and LibreOffice, recalculating a workbook
// whose 数量 was changed, shows the new 金额, 合计 and 大写金额.
#include <xlsxwriter.h>
#include <zip.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dangan/generator/document.h"
#include "dangan/generator/generator.h"
#include "dangan/generator/template.h"
#include "dangan/records/text.h"
#include "generator/src/xlsx/formulas.h"  // private part, tested on purpose
#include "support/csv_table.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace {

using namespace dangan;
using dangan::test::XlsxCell;
using dangan::test::XlsxSheet;
using dangan::test::XlsxWorkbook;

constexpr char kSheetPart[] = "xl/worksheets/sheet1.xml";

struct Generated {
  std::string pdf, xlsx;
  Document doc;  // as dangan bound it: the values it printed
  Template tmpl;
};

// Generates template `id` from its sample (a register's rows from the CSV, its header from the
// JSON) as PDF and XLSX.
Generated Generate(const std::string& id, const std::string& name) {
  Generated g;
  REQUIRE(LoadTemplate(test::SourcePath("templates/" + id + ".yaml"), &g.tmpl).ok());
  std::vector<RawRecord> records;
  if (g.tmpl.kind == TemplateKind::kRegister) {
    std::map<std::string, std::string> header;
    REQUIRE(ReadHeaderValues(test::SourcePath("samples/" + id + ".json"), &header).ok());
    REQUIRE(ReadData(g.tmpl, test::SourcePath("samples/" + id + ".csv"), header, &records).ok());
  } else {
    REQUIRE(ReadData(g.tmpl, test::SourcePath("samples/" + id + ".json"), {}, &records).ok());
  }
  REQUIRE(records.size() == 1);
  RawRecord copy = records[0];
  REQUIRE(BindDocument(g.tmpl, std::move(copy), &g.doc).ok());
  Generator generator;
  std::vector<GeneratedDocument> docs;
  const std::string stem = test::ScratchDir("alive-" + name) + "/" + name;
  const Status st =
      generator.Generate(g.tmpl, std::move(records), OutputFormat::kPdf, stem + ".pdf", &docs);
  INFO(st.ToString());
  REQUIRE(st.ok());
  docs.clear();
  std::vector<RawRecord> again;
  if (g.tmpl.kind == TemplateKind::kRegister) {
    std::map<std::string, std::string> header;
    REQUIRE(ReadHeaderValues(test::SourcePath("samples/" + id + ".json"), &header).ok());
    REQUIRE(ReadData(g.tmpl, test::SourcePath("samples/" + id + ".csv"), header, &again).ok());
  } else {
    REQUIRE(ReadData(g.tmpl, test::SourcePath("samples/" + id + ".json"), {}, &again).ok());
  }
  REQUIRE(generator.Generate(g.tmpl, std::move(again), OutputFormat::kXlsx, stem + ".xlsx", &docs)
              .ok());
  g.pdf = stem + ".pdf";
  g.xlsx = stem + ".xlsx";
  return g;
}

XlsxWorkbook Open(const std::string& path) {
  XlsxWorkbook wb;
  const Status st = XlsxWorkbook::Open(path, &wb);
  INFO(st.ToString());
  REQUIRE(st.ok());
  REQUIRE(!wb.sheets.empty());
  return wb;
}

std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities) {
    for (size_t at = 0; (at = s.find(from, at)) != std::string::npos; at += std::strlen(to)) {
      s.replace(at, std::strlen(from), to);
    }
  }
  return s;
}

// Each cell's formula as the sheet part stores it, e.g. "G7" -> "ROUND(E7*F7,2)".
std::map<std::string, std::string> Formulas(const XlsxWorkbook& wb) {
  std::map<std::string, std::string> out;
  const std::string& xml = wb.raw.at(kSheetPart);
  for (size_t at = 0; (at = xml.find("<c r=\"", at)) != std::string::npos;) {
    const size_t ref_end = xml.find('"', at + 6);
    const std::string ref = xml.substr(at + 6, ref_end - at - 6);
    const size_t tag_end = xml.find('>', ref_end);
    at = tag_end;
    if (xml[tag_end - 1] == '/') continue;
    const size_t cell_end = xml.find("</c>", tag_end);
    const size_t f = xml.find("<f>", tag_end);
    if (f == std::string::npos || f > cell_end) continue;
    out[ref] = Unescape(xml.substr(f + 3, xml.find("</f>", f) - f - 3));
  }
  return out;
}

std::string ColumnName(int col) {
  std::string name;
  for (int n = col + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), 'A' + (n - 1) % 26);
  return name;
}

// Where a table heading is: its 0-based column and 1-based row.
std::pair<int, int> Heading(const XlsxSheet& sheet, const std::string& text) {
  for (const auto& [ref, cell] : sheet.cells) {
    int col = 0, row = 0;
    if (cell.is_string() && cell.value == text && test::ParseCellRef(ref, &col, &row)) {
      return {col, row};
    }
  }
  FAIL("no heading " << text);
  return {0, 0};
}

std::string PdfText(const std::string& path) {
  const test::PdfContent pdf = test::ReadPdf(path);
  REQUIRE(pdf.loaded);
  std::string all;
  for (const std::string& page : pdf.pages) all += test::Squeeze(page);
  return all;
}

// The function names a formula calls.
std::set<std::string> Functions(const std::string& formula) {
  std::set<std::string> names;
  bool quoted = false;
  std::string word;
  for (char c : formula) {
    if (c == '"') quoted = !quoted;
    if (quoted) {
      word.clear();
      continue;
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || (!word.empty() && std::isdigit(c))) {
      word += c;
      continue;
    }
    if (c == '(' && !word.empty()) names.insert(word);
    word.clear();
  }
  return names;
}

// --- LibreOffice ------------------------------------------------------------------------------

bool HaveSoffice() { return std::system("command -v soffice >/dev/null 2>&1") == 0; }

// A LibreOffice profile that recalculates every formula of an OOXML file on load (Tools ▸
// Options ▸ Calc ▸ Formula ▸ "Recalculation on file load": always), as a clerk's copy would
// after a change; the default would show the cached values. Made once per test run.
const std::string& RecalculatingProfile() {
  static const std::string dir = [] {
    const std::string d = test::ScratchDir("lo-recalc");
    std::filesystem::create_directories(d + "/user");
    test::WriteFile(d + "/user/registrymodifications.xcu",
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<oor:items xmlns:oor=\"http://openoffice.org/2001/registry\" "
                    "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
                    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
                    "<item oor:path=\"/org.openoffice.Office.Calc/Formula/Load\"><prop "
                    "oor:name=\"OOXMLRecalcMode\" oor:op=\"fuse\"><value>0</value></prop></item>\n"
                    "</oor:items>\n");
    return d;
  }();
  return dir;
}

using Table = test::CsvTable;
using test::ParseCsv;

// The first sheet of `xlsx` as LibreOffice shows it after recalculating, as CSV cells.
Table RecalculatedByLibreOffice(const std::string& xlsx) {
  const std::string out = test::ScratchDir("lo-csv");
  const std::string command =
      "soffice -env:UserInstallation=file://" + RecalculatingProfile() +
      " --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1'"
      " --outdir '" +
      out + "' '" + xlsx + "' 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  INFO(output);
  REQUIRE(::pclose(pipe) == 0);
  const std::string stem = xlsx.substr(xlsx.rfind('/') + 1, xlsx.rfind('.') - xlsx.rfind('/') - 1);
  std::ifstream in(out + "/" + stem + ".csv", std::ios::binary);
  REQUIRE(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ParseCsv(ss.str());
}

std::string At(const Table& t, const std::string& ref) {
  int col = 0, row = 0;
  REQUIRE(test::ParseCellRef(ref, &col, &row));
  if (row - 1 >= static_cast<int>(t.size()) || col >= static_cast<int>(t[row - 1].size()))
    return "";
  return t[row - 1][col];
}

// "1,137.10" -> 1137.1
double Number(const std::string& shown) {
  std::string digits;
  for (char c : shown) {
    if (c != ',') digits += c;
  }
  char* end = nullptr;
  const double v = std::strtod(digits.c_str(), &end);
  INFO("shown as " << shown);
  REQUIRE((!digits.empty() && *end == '\0'));
  return v;
}

// Sets the cells `values` (ref -> number) in the workbook's first sheet, as a clerk typing them
// would: the rest of the file, cached formula results included, stays as dangan wrote it.
void TypeNumbers(const std::string& path, const std::map<std::string, std::string>& values) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), 0, &error);
  REQUIRE(zip != nullptr);
  zip_stat_t st;
  REQUIRE(zip_stat(zip, kSheetPart, 0, &st) == 0);
  zip_file_t* file = zip_fopen(zip, kSheetPart, 0);
  REQUIRE(file != nullptr);
  std::string xml(st.size, '\0');
  REQUIRE(zip_fread(file, xml.data(), st.size) == static_cast<zip_int64_t>(st.size));
  zip_fclose(file);
  for (const auto& [ref, value] : values) {
    const size_t at = xml.find("<c r=\"" + ref + "\"");
    INFO("cell " << ref);
    REQUIRE(at != std::string::npos);
    const size_t tag_end = xml.find('>', at);
    std::string tag = xml.substr(at, tag_end - at + 1);
    const size_t cell_end =
        tag[tag.size() - 2] == '/' ? tag_end + 1 : xml.find("</c>", tag_end) + 4;
    if (tag[tag.size() - 2] == '/') tag.erase(tag.size() - 2, 1);
    REQUIRE(tag.find(" t=") == std::string::npos);  // a number cell, not text
    xml.replace(at, cell_end - at, tag + "<v>" + value + "</v></c>");
  }
  zip_source_t* source = zip_source_buffer(zip, xml.data(), xml.size(), 0);
  REQUIRE(source != nullptr);
  REQUIRE(zip_file_add(zip, kSheetPart, source, ZIP_FL_OVERWRITE) >= 0);
  REQUIRE(zip_close(zip) == 0);  // reads `xml`, which lives until here
}

}  // namespace

TEST_CASE(
    "the XLSX of a form computes 金额, 合计 and 大写金额 by formulas holding the printed values",
    "[xlsx][alive]") {
  const Generated g = Generate("O-09", "o09-formulas");
  const XlsxWorkbook wb = Open(g.xlsx);
  const XlsxSheet& sheet = wb.sheets[0];
  const std::map<std::string, std::string> formulas = Formulas(wb);
  const std::string printed = PdfText(g.pdf);

  const auto [amount_col, heading_row] = Heading(sheet, "金额");
  const std::string quantity = ColumnName(Heading(sheet, "数量").first);
  const std::string price = ColumnName(Heading(sheet, "单价").first);
  const std::string amount = ColumnName(amount_col);
  const size_t data_rows = g.doc.rows.rows();
  REQUIRE(data_rows == 4);
  const int first = heading_row + 1, last = heading_row + g.tmpl.table->min_rows;
  for (int row = first; row <= last; ++row) {
    const std::string r = std::to_string(row);
    INFO("row " << row);
    REQUIRE(formulas.count(amount + r));
    const XlsxCell* cell = sheet.Find(amount + r);
    REQUIRE(cell != nullptr);
    if (row - first < static_cast<int>(data_rows)) {
      CHECK(formulas.at(amount + r) == "ROUND(" + quantity + r + "*" + price + r + ",2)");
      REQUIRE(cell->is_number());
      CHECK(cell->number() ==
            Approx(sheet.Find(quantity + r)->number() * sheet.Find(price + r)->number()));
      CHECK_THAT(printed, Catch::Contains(FormatMoney(cell->number())));
    } else {  // a row left for the pen: empty until its 数量 and 单价 are filled in
      CHECK(formulas.at(amount + r) == "IF(OR(" + quantity + r + "=\"\"," + price + r +
                                           "=\"\"),\"\",ROUND(" + quantity + r + "*" + price + r +
                                           ",2))");
      CHECK(cell->value.empty());
    }
  }

  const std::string sum =
      "ROUND(SUM(" + amount + std::to_string(first) + ":" + amount + std::to_string(last) + "),2)";
  std::string total_ref, capitals_ref;
  for (const auto& [ref, formula] : formulas) {
    if (formula == sum) total_ref = ref;
  }
  REQUIRE(!total_ref.empty());
  for (const auto& [ref, formula] : formulas) {
    if (formula == xlsx::MoneyCapitalsFormula(total_ref)) capitals_ref = ref;
  }
  REQUIRE(!capitals_ref.empty());
  const XlsxCell& total = *sheet.Find(total_ref);
  REQUIRE(total.is_number());
  CHECK(total.number() == Approx(1130));
  CHECK(FormatMoney(total.number()) == g.doc.values.at("合计金额"));
  CHECK_THAT(printed, Catch::Contains("¥1,130.00"));
  const XlsxCell& capitals = *sheet.Find(capitals_ref);
  CHECK(capitals.type == XlsxCell::Type::kFormulaString);
  CHECK(capitals.value == "壹仟壹佰叁拾元整");
  CHECK_THAT(printed, Catch::Contains(capitals.value));

  // Only functions Excel, WPS and LibreOffice all document.
  const std::set<std::string> common = {"IF",  "OR",   "AND", "ABS",        "ROUND",  "INT",  "MOD",
                                        "MID", "TEXT", "SUM", "SUBSTITUTE", "COUNTA", "COUNT"};
  for (const auto& [ref, formula] : formulas) {
    INFO(ref << ": " << formula);
    for (const std::string& name : Functions(formula)) CHECK(common.count(name) == 1);
    CHECK(formula.find("DBNum") == std::string::npos);
  }
}

TEST_CASE(
    "LibreOffice recalculating an O-09 XLSX after a 数量 changed shows the new 金额, 合计 and "
    "大写金额",
    "[xlsx][alive][libreoffice]") {
  if (!HaveSoffice()) {
    WARN(
        "没有安装 LibreOffice（soffice），跳过重新计算的检查：apt-get install "
        "libreoffice-calc-nogui");
    return;
  }
  const Generated g = Generate("O-09", "o09-recalc");
  const XlsxWorkbook wb = Open(g.xlsx);
  const XlsxSheet& sheet = wb.sheets[0];
  const auto [amount_col, heading_row] = Heading(sheet, "金额");
  const std::string quantity = ColumnName(Heading(sheet, "数量").first);
  const std::string price = ColumnName(Heading(sheet, "单价").first);
  const std::string amount = ColumnName(amount_col);
  const std::string folders = std::to_string(heading_row + 3);  // 文件夹: 30 × 6.50
  const std::string blank = std::to_string(heading_row + 5);    // the first row left blank
  REQUIRE(sheet.Find(quantity + folders)->number() == 30);
  REQUIRE(sheet.Find(quantity + blank)->value.empty());

  // 30 → 31 文件夹, and a new line 2 × 0.30 in a blank row: 1,130.00 + 6.50 + 0.60.
  TypeNumbers(g.xlsx,
              {{quantity + folders, "31"}, {quantity + blank, "2"}, {price + blank, "0.3"}});
  const Table shown = RecalculatedByLibreOffice(g.xlsx);

  CHECK(Number(At(shown, amount + std::to_string(heading_row + 1))) == Approx(640));
  CHECK(Number(At(shown, amount + folders)) == Approx(201.5));
  CHECK(Number(At(shown, amount + blank)) == Approx(0.6));
  bool total_found = false, capitals_found = false;
  for (const auto& row : shown) {
    for (const std::string& cell : row) {
      total_found |= cell == "1,137.10";
      capitals_found |= cell == MoneyInCapitals(1137.10);
    }
  }
  CHECK(MoneyInCapitals(1137.10) == "壹仟壹佰叁拾柒元壹角整");
  CHECK(total_found);
  CHECK(capitals_found);
}

TEST_CASE("the 大写金额 formula gives dangan's own capitals for any amount in LibreOffice",
          "[xlsx][alive][libreoffice]") {
  if (!HaveSoffice()) {
    WARN(
        "没有安装 LibreOffice（soffice），跳过大写金额公式的检查：apt-get install "
        "libreoffice-calc-nogui");
    return;
  }
  std::vector<double> amounts = {0.05,
                                 10,
                                 100.5,
                                 1001,
                                 1130,
                                 10010.01,
                                 99999999.99,
                                 0,
                                 0.1,
                                 0.6,
                                 1,
                                 -12.3,
                                 100000000,
                                 100000001,
                                 1001000,
                                 1000100,
                                 100010000,
                                 10000000000,
                                 1000000010000,
                                 1000100000000.5,
                                 9999999999999.99,
                                 -9999999999999.99,
                                 20.5,
                                 3000.07};
  // Digits with many zeros, where the 零 rules bite.
  std::mt19937 rng(18);
  for (int i = 0; i < 500; ++i) {
    long long fen = 0;
    for (int k = static_cast<int>(rng() % 16); k > 0; --k) {
      fen = fen * 10 + (rng() % 3 == 0 ? static_cast<long long>(rng() % 10) : 0);
    }
    amounts.push_back(static_cast<double>(fen) / 100);
  }
  const std::string path = test::ScratchDir("capitals") + "/capitals.xlsx";
  lxw_workbook* workbook = workbook_new(path.c_str());
  REQUIRE(workbook != nullptr);
  lxw_worksheet* ws = workbook_add_worksheet(workbook, "大写");
  for (size_t i = 0; i < amounts.size(); ++i) {
    const lxw_row_t row = static_cast<lxw_row_t>(i);
    worksheet_write_number(ws, row, 0, amounts[i], nullptr);
    const std::string formula = xlsx::MoneyCapitalsFormula(xlsx::CellRef(row, 0));
    // A cached value no amount has: only a recalculation puts the capitals there.
    worksheet_write_formula_str(ws, row, 1, formula.c_str(), nullptr, "未计算");
  }
  REQUIRE(workbook_close(workbook) == LXW_NO_ERROR);

  const Table shown = RecalculatedByLibreOffice(path);
  REQUIRE(shown.size() == amounts.size());
  for (size_t i = 0; i < amounts.size(); ++i) {
    INFO("amount " << FormatMoney(amounts[i]));
    REQUIRE(shown[i].size() >= 2);
    CHECK(shown[i][1] == MoneyInCapitals(amounts[i]));
  }
  CHECK(xlsx::MoneyCapitalsFormula("A1").size() < 8192);  // Excel's limit on a formula
}

TEST_CASE(
    "a register sums and counts its rows by formulas and keeps only its column headings in "
    "view",
    "[xlsx][alive]") {
  const Generated g = Generate("S-04", "s04");
  const XlsxWorkbook wb = Open(g.xlsx);
  const XlsxSheet& sheet = wb.sheets[0];
  const std::map<std::string, std::string> formulas = Formulas(wb);
  const std::pair<int, int> date_heading = Heading(sheet, "用印日期");
  const int date_col = date_heading.first, heading_row = date_heading.second;
  const int copies_col = Heading(sheet, "份数").first;
  const int rows = static_cast<int>(g.doc.rows.rows());
  REQUIRE(rows == 20);
  const auto range = [&](int col) {
    return ColumnName(col) + std::to_string(heading_row + 1) + ":" + ColumnName(col) +
           std::to_string(heading_row + rows);
  };
  std::string count_ref, sum_ref;
  for (const auto& [ref, formula] : formulas) {
    if (formula == "COUNTA(" + range(date_col) + ")") count_ref = ref;
    if (formula == "SUM(" + range(copies_col) + ")") sum_ref = ref;
  }
  REQUIRE(!count_ref.empty());
  REQUIRE(!sum_ref.empty());
  CHECK(sheet.Find(count_ref)->number() == std::stod(g.doc.values.at("用印次数")));
  CHECK(sheet.Find(sum_ref)->number() == std::stod(g.doc.values.at("用印总份数")));
  const std::string printed = PdfText(g.pdf);
  CHECK_THAT(printed, Catch::Contains("本册用印次数" + g.doc.values.at("用印次数")));

  // Frozen under the column headings; a form (below) freezes nothing.
  CHECK(sheet.pane.at("state") == "frozen");
  CHECK(sheet.pane.at("topLeftCell") == "A" + std::to_string(heading_row + 1));

  std::map<std::string, const test::XlsxValidation*> by_range;
  for (const auto& v : sheet.validations) by_range[v.sqref] = &v;
  REQUIRE(by_range.count(range(copies_col)));
  CHECK(by_range.at(range(copies_col))->type == "decimal");
  CHECK(by_range.at(range(copies_col))->formula1 == "1");
  CHECK(by_range.at(range(copies_col))->attributes.at("error") == "份数应为 1 至 9999 之间的数。");
  REQUIRE(by_range.count(range(date_col)));
  CHECK(by_range.at(range(date_col))->type == "date");
  REQUIRE(by_range.count(range(Heading(sheet, "印章名称").first)));
  CHECK(by_range.at(range(Heading(sheet, "印章名称").first))->type == "list");
}

TEST_CASE("the XLSX of a form carries the template's limits as data validation and is not frozen",
          "[xlsx][alive]") {
  const Generated g = Generate("O-09", "o09-limits");
  const XlsxWorkbook wb = Open(g.xlsx);
  const XlsxSheet& sheet = wb.sheets[0];
  CHECK(sheet.pane.empty());
  const int heading_row = Heading(sheet, "金额").second;
  const auto body = [&](const std::string& heading) {
    const std::string col = ColumnName(Heading(sheet, heading).first);
    return col + std::to_string(heading_row + 1) + ":" + col + std::to_string(heading_row + 6);
  };
  std::map<std::string, const test::XlsxValidation*> by_range;
  for (const auto& v : sheet.validations) by_range[v.sqref] = &v;

  REQUIRE(by_range.count(body("数量")));
  const test::XlsxValidation& quantity = *by_range.at(body("数量"));
  CHECK(quantity.type == "decimal");
  CHECK(quantity.formula1 == "1");
  CHECK(quantity.attributes.at("prompt") == "请输入 1 至 100000 之间的数。");
  CHECK(quantity.attributes.at("error") == "数量应为 1 至 100000 之间的数。");
  CHECK(quantity.attributes.at("errorTitle") == "输入无效");
  REQUIRE(by_range.count(body("单价")));
  CHECK(by_range.at(body("单价"))->formula1 == "0");
  CHECK(by_range.at(body("单价"))->attributes.at("error") == "单价应为不小于 0 的金额。");
  REQUIRE(by_range.count(body("物品名称")));
  CHECK(by_range.at(body("物品名称"))->type == "textLength");
  CHECK(by_range.at(body("物品名称"))->formula1 == "30");
  CHECK(by_range.count(body("金额")) == 0);  // computed: a formula, not an entry

  // 申请日期 in the head block: a date, wherever its merged cell lies.
  bool date_found = false;
  for (const auto& v : sheet.validations) {
    if (v.attributes.count("promptTitle") && v.attributes.at("promptTitle") == "申请日期") {
      date_found = true;
      CHECK(v.type == "date");
      CHECK(v.attributes.at("error") == "申请日期应为日期（如 2024-03-05）。");
    }
  }
  CHECK(date_found);
  // No validation on a computed cell: the total and its capitals.
  for (const auto& [ref, formula] : Formulas(wb)) {
    int col = 0, row = 0;
    REQUIRE(test::ParseCellRef(ref, &col, &row));
    if (row <= heading_row + 6) continue;
    for (const auto& v : sheet.validations) {
      INFO(ref << " in " << v.sqref);
      CHECK(v.sqref.rfind(ref, 0) != 0);
    }
  }
}

TEST_CASE("the XLSX puts the QR code at the top left and leaves the 归档章 corner blank",
          "[xlsx][alive]") {
  for (const char* id : {"O-09", "S-04"}) {
    INFO(id);
    const Generated g = Generate(id, std::string("qr-") + id);
    const XlsxWorkbook wb = Open(g.xlsx);
    const XlsxSheet& sheet = wb.sheets[0];
    const std::string& drawing = wb.raw.at("xl/drawings/drawing1.xml");
    CHECK(drawing.find("<xdr:from><xdr:col>0</xdr:col>") != std::string::npos);
    CHECK(drawing.find("<xdr:row>0</xdr:row>") != std::string::npos);
    const int last = static_cast<int>(g.tmpl.columns.size()) - 1;
    for (const char* row : {"1", "2"}) {
      const std::string ref = ColumnName(last) + row;
      INFO(ref);
      CHECK(sheet.Text(ref).empty());
      for (const std::string& merge : sheet.merges) {
        int c0 = 0, r0 = 0, c1 = 0, r1 = 0;
        REQUIRE(test::ParseCellRef(merge.substr(0, merge.find(':')), &c0, &r0));
        REQUIRE(test::ParseCellRef(merge.substr(merge.find(':') + 1), &c1, &r1));
        CHECK_FALSE((r0 <= std::stoi(row) && std::stoi(row) <= r1 && c0 <= last && last <= c1));
      }
    }
    // The title, right of the QR code.
    bool title_found = false;
    for (const auto& [ref, cell] : sheet.cells) {
      int col = 0, row = 0;
      if (test::ParseCellRef(ref, &col, &row) && row == 1 && cell.value == g.tmpl.title.substr(0)) {
        title_found = col > 0;
      }
    }
    CHECK((title_found || g.tmpl.title.find('{') != std::string::npos));
  }
}
