// Every cell of every sheet of every committed test workbook, as our readers give it, against
// what LibreOffice reads: one `soffice --headless --convert-to csv` run exports every sheet of
// every file (filter option token 12 = -1: all sheets, each to FILE-SHEET.csv), and each cell is
// compared. No LibreOffice, no pass: the test fails.
//
// The differences allowed, all of display only (README, "Spreadsheets"):
//  * numbers: LibreOffice writes them in the cell format's standard form, we in shortest
//    round-trip form ("1234.56" either way) — compared as numbers;
//  * dates and times: LibreOffice writes them in a form of the cell's format family
//    ("2019/1/4", "01/04/2019", "09:30:00", "02:05:00 PM"), we in ISO form ("2019-01-04",
//    "09:30"; seconds only when the format shows them) — compared as dates and times;
//  * booleans: LibreOffice "1"/"0" or "TRUE"/"FALSE", we "TRUE"/"FALSE";
//  * percentages: LibreOffice "25%", we the number 0.25;
//  * formulas a file holds no value for — xlwt writes none, LibreOffice's own .xls export writes
//    0 for every text result: LibreOffice recalculates them, we refuse the file naming each
//    such cell — checked to be cells LibreOffice shows a value in; the file's other sheets are
//    then read one by one and compared.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/csv_table.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::test;
namespace fs = std::filesystem;

namespace {

constexpr char kCsvFilter[] =
    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

std::vector<std::string> TestWorkbooks() {
  std::vector<std::string> files;
  for (const auto& entry : fs::directory_iterator(SourcePath("tests/data/spreadsheets"))) {
    const std::string ext = entry.path().extension().string();
    if (ext == ".xls" || ext == ".ods" || ext == ".xlsx") files.push_back(entry.path().string());
  }
  for (const char* sample :
       {"用印登记表2019.xls", "用印登记表2019-Excel95.xls", "固定资产登记表2021.xlsx"}) {
    files.push_back(SourcePath(std::string("samples/legacy/") + sample));
  }
  std::sort(files.begin(), files.end());
  return files;
}

using Table = test::CsvTable;
using test::ParseCsv;

struct Exported {
  std::vector<std::string> names;      // the sheets, in workbook order
  std::vector<std::string> csv_paths;  // one for each sheet
};

// Runs soffice once over every file; returns, for each input path, its sheets' CSV files.
std::map<std::string, Exported> ExportWithLibreOffice(const std::vector<std::string>& inputs,
                                                      const std::string& dir) {
  std::string command = "soffice -env:UserInstallation=file://" + dir +
                        "/profile --headless --convert-to '" + kCsvFilter + "' --outdir '" + dir +
                        "/csv'";
  for (const std::string& in : inputs) command += " '" + in + "'";
  command += " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  const int status = ::pclose(pipe);
  INFO(output);
  REQUIRE(status == 0);
  std::map<std::string, Exported> exported;
  std::istringstream lines(output);
  std::string line, current;
  for (std::string l; std::getline(lines, l);) {
    if (l.rfind("convert ", 0) == 0) {
      current = l.substr(8, l.find(" using filter") - 8);
      if (current.find(" -> ") != std::string::npos)
        current = current.substr(0, current.find(" -> "));
    } else if (l.rfind("Writing sheet ", 0) == 0 && l.find(" -> ") != std::string::npos) {
      exported[current].names.push_back(l.substr(14, l.find(" -> ") - 14));
      exported[current].csv_paths.push_back(l.substr(l.find(" -> ") + 4));
    }
  }
  REQUIRE(exported.size() == inputs.size());  // soffice present and every file converted
  return exported;
}

bool ParseNumber(const std::string& s, double* v) {
  if (s.empty()) return false;
  char* end = nullptr;
  *v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool SameNumber(double a, double b) {
  return std::fabs(a - b) <= 1e-9 * std::max(1.0, std::fabs(a));
}

struct When {
  bool has_date = false, has_time = false;
  int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = -1;
};

// "2019/1/4", "01/04/2019", "2019-01-04", each optionally with " HH:MM[:SS][ AM|PM]"; or a time.
bool ParseWhen(const std::string& s, When* w) {
  int a = 0, b = 0, c = 0, consumed = 0;
  std::string rest = s;
  if (std::sscanf(s.c_str(), "%d/%d/%d%n", &a, &b, &c, &consumed) == 3) {
    w->has_date = true;
    if (a > 31) {
      w->y = a;
      w->m = b;
      w->d = c;
    } else {
      w->m = a;
      w->d = b;
      w->y = c;
    }
    rest = s.substr(consumed);
  } else if (std::sscanf(s.c_str(), "%d-%d-%d%n", &a, &b, &c, &consumed) == 3) {
    w->has_date = true;
    w->y = a;
    w->m = b;
    w->d = c;
    rest = s.substr(consumed);
  }
  while (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
  if (rest.empty()) return w->has_date;
  int seconds = -1;
  const int n = std::sscanf(rest.c_str(), "%d:%d:%d", &w->hh, &w->mm, &seconds);
  if (n < 2) return false;
  w->ss = n == 3 ? seconds : -1;
  if (rest.find("PM") != std::string::npos && w->hh < 12) w->hh += 12;
  if (rest.find("AM") != std::string::npos && w->hh == 12) w->hh = 0;
  w->has_time = true;
  return true;
}

// True when our cell and LibreOffice's text differ only in one of the documented ways.
bool Equivalent(const SheetCell& ours, const std::string& theirs) {
  if (ours.text == theirs) return true;
  double a = 0, b = 0;
  switch (ours.type) {
    case SheetCellType::kNumber:
      if (!theirs.empty() && theirs.back() == '%' &&
          ParseNumber(theirs.substr(0, theirs.size() - 1), &b)) {
        return std::fabs(ours.number * 100 - b) < 0.5;  // shown rounded to the format's places
      }
      return ParseNumber(ours.text, &a) && ParseNumber(theirs, &b) && SameNumber(a, b);
    case SheetCellType::kBoolean:
      return theirs == (ours.number != 0 ? "1" : "0") ||
             theirs == (ours.number != 0 ? "TRUE" : "FALSE");
    case SheetCellType::kDate: {
      When o, t;
      if (!ParseWhen(ours.text, &o) || !ParseWhen(theirs, &t)) return false;
      if (o.has_date != t.has_date || o.has_time != t.has_time) return false;
      if (o.has_date && (o.y != t.y || o.m != t.m || o.d != t.d)) return false;
      if (o.has_time && (o.hh != t.hh || o.mm != t.mm)) return false;
      return o.ss < 0 || t.ss < 0 || o.ss == t.ss;
    }
    default:
      return false;
  }
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// The differences between our reading of one sheet and LibreOffice's CSV of it.
std::vector<std::string> Differences(const std::string& file, const CollectedSheet& sheet,
                                     const std::string& csv_path) {
  std::vector<std::string> out;
  const Table table = ParseCsv(ReadText(csv_path));
  size_t rows = table.size();
  if (!sheet.rows.empty()) rows = std::max(rows, static_cast<size_t>(sheet.rows.back().number));
  for (size_t r = 1; r <= rows; ++r) {
    const SheetRow* row = sheet.Row(static_cast<int>(r));
    size_t columns = r <= table.size() ? table[r - 1].size() : 0;
    if (row != nullptr) columns = std::max(columns, row->cells.size());
    for (size_t c = 1; c <= columns; ++c) {
      const SheetCell cell = sheet.Cell(static_cast<int>(r), static_cast<int>(c));
      const std::string lo =
          r <= table.size() && c <= table[r - 1].size() ? table[r - 1][c - 1] : "";
      if (!Equivalent(cell, lo)) {
        out.push_back(file + " 「" + sheet.name + "」 " + ColumnName(static_cast<int>(c)) +
                      std::to_string(r) + ": ours \"" + cell.text + "\", LibreOffice \"" + lo +
                      "\"");
      }
    }
  }
  return out;
}

// The formula cells a refusal names must be cells LibreOffice shows a value in (it recalculates
// every formula of an .xls it opens).
std::vector<std::string> CheckRefusedFormulas(const std::string& file, const Status& refusal,
                                              const Exported& theirs) {
  std::vector<std::string> out;
  if (refusal.problems().empty()) {
    out.push_back(file + ": refused: " + refusal.ToString());
    return out;
  }
  for (const Problem& p : refusal.problems()) {
    const auto name = std::find(theirs.names.begin(), theirs.names.end(), p.sheet);
    bool shown = false;
    if (p.code == "formula_without_value" && name != theirs.names.end()) {
      const Table table = ParseCsv(ReadText(theirs.csv_paths[name - theirs.names.begin()]));
      shown = p.row >= 1 && static_cast<size_t>(p.row) <= table.size() && p.column >= 1 &&
              static_cast<size_t>(p.column) <= table[p.row - 1].size() &&
              !table[p.row - 1][p.column - 1].empty();
    }
    if (!shown)
      out.push_back(file + ": a refused cell LibreOffice shows empty: " + DescribeProblem(p));
  }
  return out;
}

// Compares one file: every sheet read whole; a refused file's formula cells checked, and then
// each of its sheets read on its own (those without such formulas read and compared).
std::vector<std::string> CompareFile(const std::string& file, const std::string& path,
                                     const Exported& theirs, size_t* cells) {
  std::vector<std::string> out;
  const ReadResult whole = ReadAll(path);
  if (!whole.status.ok()) out = CheckRefusedFormulas(file, whole.status, theirs);
  for (size_t i = 0; i < theirs.names.size(); ++i) {
    SpreadsheetOptions one;
    one.sheet = theirs.names[i];
    const ReadResult r = whole.status.ok() ? whole : ReadAll(path, one);
    if (!r.status.ok()) {
      if (r.status.problems().empty()) out.push_back(file + ": " + r.status.ToString());
      continue;  // its formulas hold no value: checked above
    }
    const auto sheet = std::find_if(r.sheets.begin(), r.sheets.end(), [&](const CollectedSheet& s) {
      return s.name == theirs.names[i];
    });
    if (sheet == r.sheets.end()) {
      out.push_back(file + ": no sheet 「" + theirs.names[i] + "」 as LibreOffice has");
      continue;
    }
    for (const SheetRow& row : sheet->rows) *cells += row.cells.size();
    const std::vector<std::string> d = Differences(file, *sheet, theirs.csv_paths[i]);
    out.insert(out.end(), d.begin(), d.end());
  }
  if (whole.status.ok() && whole.sheets.size() != theirs.names.size()) {
    out.push_back(file + ": " + std::to_string(whole.sheets.size()) + " sheets, LibreOffice " +
                  std::to_string(theirs.names.size()));
  }
  return out;
}

}  // namespace

TEST_CASE("every cell of every test workbook reads as LibreOffice reads it",
          "[spreadsheet][libreoffice]") {
  const std::string dir = ScratchDir("libreoffice");
  fs::create_directories(dir + "/in");
  // Unique base names (LibreOffice names its CSV files after them), and a WPS .et copy.
  std::map<std::string, std::string> original;  // copy -> committed file
  std::vector<std::string> inputs;
  int n = 0;
  for (const std::string& file : TestWorkbooks()) {
    const fs::path p(file);
    const std::string copy = dir + "/in/" + std::to_string(++n) + "-" + p.filename().string();
    fs::copy_file(file, copy);
    original[copy] = p.filename().string();
    inputs.push_back(copy);
    if (p.filename() == "登记表-libreoffice.xls") {
      const std::string et = dir + "/in/" + std::to_string(++n) + "-登记表.et";
      fs::copy_file(file, et);
      original[et] = "登记表.et";
      inputs.push_back(et);
    }
  }
  const std::map<std::string, Exported> exported = ExportWithLibreOffice(inputs, dir);
  std::vector<std::string> differences;
  size_t cells = 0;
  for (const std::string& input : inputs) {
    const auto found = exported.find(input);
    REQUIRE(found != exported.end());
    const std::vector<std::string> d = CompareFile(original[input], input, found->second, &cells);
    differences.insert(differences.end(), d.begin(), d.end());
  }
  // The files that must be refused in part: LibreOffice's .xls (and its .et copy), whose text
  // results it writes as 0, and xlwt's, whose formulas it never calculates.
  for (const char* refused : {"登记表-libreoffice.xls", "登记表.et", "公式未计算-xlwt.xls"}) {
    const auto copy = std::find_if(original.begin(), original.end(),
                                   [&](const auto& entry) { return entry.second == refused; });
    REQUIRE(copy != original.end());
    CHECK_FALSE(ReadAll(copy->first).status.ok());
  }
  std::string listed;
  for (const std::string& d : differences) listed += d + "\n";
  INFO(listed);
  CHECK(differences.empty());
  CHECK(cells > 500);
}
