// Sheet: the one layout model every back end draws from (PDF and XLSX).
//
// The template and the data are bound into a Sheet by the layout stage; the back ends
// only measure and draw. A Sheet is a grid of columns holding, top to bottom:
//   head          grid rows (a form's labelled cells, a register's header block)
//   table_header  column headings of the one table, repeated on every printed page
//   body          table rows, built on demand so a 200,000-row register is never in memory at once
//   tail          grid rows under the table (totals, approvals, signatures)
// Title, document identity and QR code are not rows: each back end places them itself.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace dangan {

enum class Orientation { kPortrait, kLandscape };

// How a value is stored, so XLSX writes real numbers and dates rather than text.
enum class CellKind { kText, kNumber, kMoney, kDate, kTime };

enum class CellStyle {
  kLabel,      // printed caption, e.g. 申请部门
  kValue,      // filled-in value
  kHeader,     // table column heading
  kSignature,  // space for a handwritten signature / approval opinion
};

enum class Align { kLeft, kCenter, kRight };

struct Cell {
  std::string text;  // exactly what is printed (UTF-8), already formatted
  CellKind kind = CellKind::kText;
  double number = 0;                 // kNumber, kMoney
  int year = 0, month = 0, day = 0;  // kDate
  int hour = 0, minute = 0;          // kTime
  int col = 0;                       // first grid column (0-based)
  int col_span = 1;
  int row_span = 1;  // head/tail only: also covers the next row_span-1 rows of the same block
  CellStyle style = CellStyle::kValue;
  Align align = Align::kLeft;
  int min_lines = 1;        // reserve room for at least this many lines (multi-line fields)
  std::string choice_list;  // non-empty: name of the Sheet::choice_lists entry (drop-down in XLSX)
  std::string field;        // template field the text came from; empty for labels
  bool red = false;         // 红笔登记: written-off entries print in red
  bool fixed = false;       // text the template sets, the same in every document (not a label)
};

struct Row {
  // Cells in column order. Together with cells of earlier rows spanning down, they cover every
  // column exactly once.
  std::vector<Cell> cells;
  double min_height_pt = 0;  // 0 = the back end's default for the row's content
};

struct ChoiceList {
  std::string name;
  std::vector<std::string> items;
};

// A notice (通知, 公告, 介绍信) as GB/T 9704-2012 lays out a 公文. The PDF draws this instead of
// the grid; the XLSX keeps the grid (one row per field). Texts are as printed.
struct NoticeContent {
  std::string number;                   // 发文字号
  std::string to;                       // 主送机关, without the colon
  struct Paragraph {
    std::string text;
    bool indent = true;  // first line two characters in
  };
  std::vector<Paragraph> paragraphs;  // 正文
  std::vector<std::string> impressions; // captions of boxes left for seal impressions (印模)
  std::string attachment;               // 附件说明 (the attachment's name)
  std::string signer;                   // 发文机关署名
  std::string date;                     // 成文日期, e.g. 2024年3月5日
  std::string cc;                       // 抄送
  // 介绍信: the counterfoil (存根) grid printed above a dashed cut line, and the line's words.
  std::vector<Row> counterfoil;
  std::vector<double> counterfoil_widths;
  std::string cut_line;
};

struct Sheet {
  // Identity, printed on every page and encoded in the QR code.
  std::string template_id;  // e.g. O-09
  std::string title;        // e.g. 办公用品申请单
  std::string source;       // source regulation, e.g. 《办公用品管理制度》第三条
  std::string doc_number;   // unique document number
  std::string qr_payload;   // text of the QR code

  Orientation orientation = Orientation::kPortrait;
  // Column widths in spreadsheet character units (one CJK character is about 2 units).
  // PDF scales them proportionally to the printable width.
  std::vector<double> column_widths;

  std::vector<Row> head;
  std::vector<Row> table_header;
  size_t body_count = 0;
  std::function<Row(size_t index)> body_row;  // row `index` of the table, 0-based
  std::vector<Row> tail;

  std::vector<ChoiceList> choice_lists;

  std::shared_ptr<const NoticeContent> notice;  // set: the PDF is laid out as a notice
};

}  // namespace dangan
