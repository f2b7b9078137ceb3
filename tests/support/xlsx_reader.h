// A small XLSX reader for tests: opens the package with libzip and parses the parts the XLSX back
// end writes with expat, so tests check what Excel will see rather than what we meant to write.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dangan/base/status.h"

namespace dangan::test {

struct XlsxCell {
  enum class Type { kSharedString, kInlineString, kNumber, kBoolean, kFormulaString, kError };
  Type type = Type::kNumber;
  std::string value;  // the string itself (shared strings resolved), or the number as stored
  int style = 0;      // index into XlsxStyles::cell_xfs

  bool is_string() const { return type == Type::kSharedString || type == Type::kInlineString; }
  bool is_number() const { return type == Type::kNumber; }
  double number() const;
};

struct XlsxFont {
  bool bold = false;
  double size = 0;
  std::string color;  // ARGB as stored, e.g. FFFF0000; empty if none
  std::string name;
};

struct XlsxXf {
  int num_fmt_id = 0;
  int font_id = 0;
  int fill_id = 0;
  int border_id = 0;
  std::string horizontal, vertical;
  bool wrap = false;
};

struct XlsxBorder {
  std::string left, right, top, bottom;  // style names, e.g. "thin"; empty if none
};

struct XlsxStyles {
  std::map<int, std::string> num_fmts;  // custom numFmtId → formatCode
  std::vector<XlsxFont> fonts;
  std::vector<std::string> fill_colors;  // fgColor rgb of each fill; empty if none
  std::vector<XlsxBorder> borders;
  std::vector<XlsxXf> cell_xfs;

  const XlsxXf& Xf(int style) const;
  const XlsxFont& Font(int style) const;
  std::string FillColor(int style) const;
  const XlsxBorder& Border(int style) const;
  // The format code of a cell style: a custom code, or "builtin:<id>".
  std::string FormatCode(int style) const;
  // True for the built-in date formats and codes with y, m, d or h outside quotes and brackets.
  bool IsDateFormat(int style) const;
};

struct XlsxColumn {
  int min = 0, max = 0;  // 1-based, inclusive
  double width = 0;
};

struct XlsxValidation {
  std::string type, sqref, formula1;
  std::map<std::string, std::string> attributes;
};

struct XlsxDefinedName {
  std::string name;
  int local_sheet_id = -1;
  std::string value;
};

struct XlsxSheet {
  std::string name;
  bool hidden = false;
  std::string part;                       // e.g. xl/worksheets/sheet1.xml
  std::map<std::string, XlsxCell> cells;  // "B12" → cell
  std::map<int, double> row_heights;      // 1-based row → ht, rows that set one
  std::vector<XlsxColumn> columns;
  std::vector<std::string> merges;  // "A1:F1"
  std::vector<XlsxValidation> validations;
  std::map<std::string, std::string> page_setup, page_margins, pane, print_options, format_pr;
  std::string odd_header, odd_footer;
  std::string drawing_rel;  // r:id of <drawing>, empty if none

  const XlsxCell* Find(const std::string& ref) const;
  std::string Text(const std::string& ref) const;  // value text, empty if no cell
  double ColumnWidth(int col) const;               // 0-based column; 0 if unset
  double RowHeight(int row) const;                 // 1-based row; 0 if unset
  bool HasMerge(const std::string& range) const;
  int MaxRow() const;  // highest 1-based row holding a cell
};

struct XlsxWorkbook {
  std::vector<XlsxSheet> sheets;
  std::vector<XlsxDefinedName> defined_names;
  XlsxStyles styles;
  std::vector<std::string> entries;        // zip entry names
  std::map<std::string, std::string> raw;  // entry name → bytes, for parts tests inspect directly

  static Status Open(const std::string& path, XlsxWorkbook* out);

  const XlsxSheet* Sheet(const std::string& name) const;
  const XlsxDefinedName* DefinedName(const std::string& name) const;
  bool HasEntry(const std::string& name) const;
};

// Parses a cell reference such as "AB12" into 0-based column and 1-based row.
bool ParseCellRef(const std::string& ref, int* col, int* row);

}  // namespace dangan::test
