// Builds the Sheet of a Document: grid rows from the template's head and tail, the table, the
// approval block and the identity printed on every page.
#include "dangan/generator/layout.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <string_view>
#include <vector>

#include "notice_content.h"
#include "pdf/layout_metrics.h"
#include "text.h"
#include "values.h"

namespace dangan {
namespace {

constexpr double kSignatureRowPt = 54;
constexpr double kPtPerMm = 72 / 25.4;
// Room for real ink: a round seal impression is 42 mm across and a stamp on a signed line 40 mm;
// 2 mm on every side keeps the impression clear of the cell's borders.
constexpr double kSealBoxPt = (42 + 4) * kPtPerMm;
constexpr double kStampBoxPt = (40 + 4) * kPtPerMm;
// A signature written in a register's row needs about 12 mm: the default row is 7.4 mm.
constexpr double kSignedBodyRowPt = 12 * kPtPerMm;
// Rows of a long register that decide its column widths: enough to see the data's shape, few
// enough that a register of 200,000 rows is still laid out in constant time and memory.
constexpr size_t kWidthSampleRows = 200;

// A seal impression (印模, 印鉴) is pressed in its box rather than signed there.
bool IsSealImpression(const Field& f) {
  return f.type == FieldType::kSignature &&
         (f.name.find("印模") != std::string::npos || f.name.find("印鉴") != std::string::npos);
}

// A caption such as 发文单位（盖章）: the cells after it in the row take a stamp.
bool AsksForStamp(const std::string& label) {
  return label.find("盖章") != std::string::npos || label.find("签章") != std::string::npos;
}

// 2024-03-05: every date of a register's body goes through here, so without printf.
std::string IsoDate(const Cell& c) {
  if (c.year < 0 || c.year > 9999 || c.month < 0 || c.month > 99 || c.day < 0 || c.day > 99) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.year, c.month, c.day);
    return buf;
  }
  const char text[] = {static_cast<char>('0' + c.year / 1000),
                       static_cast<char>('0' + c.year / 100 % 10),
                       static_cast<char>('0' + c.year / 10 % 10),
                       static_cast<char>('0' + c.year % 10),
                       '-',
                       static_cast<char>('0' + c.month / 10),
                       static_cast<char>('0' + c.month % 10),
                       '-',
                       static_cast<char>('0' + c.day / 10),
                       static_cast<char>('0' + c.day % 10)};
  return std::string(text, sizeof text);
}

// Fills `cell` (fresh, or reused) from the value, whose text is moved: body rows are built by the
// hundred thousand.
void FillCell(const Field& field, Value&& v, Cell* cell) {
  cell->field = field.name;
  cell->text = std::move(v.text);
  cell->kind = v.empty ? CellKind::kText : v.kind;
  cell->number = v.number;
  cell->year = v.year;
  cell->month = v.month;
  cell->day = v.day;
  cell->hour = v.hour;
  cell->minute = v.minute;
  cell->style = field.type == FieldType::kSignature ? CellStyle::kSignature : CellStyle::kValue;
  cell->min_lines = field.type == FieldType::kMultiline ? field.lines : 1;
  if (field.type == FieldType::kChoice) cell->choice_list = field.name;
}

Cell CellFromValue(const Field& field, const Value& v) {
  Cell cell;
  FillCell(field, Value(v), &cell);
  return cell;
}

// What BodyRow needs to know of the table's columns, worked out once rather than for every row.
struct BodyPlan {
  struct Column {
    int factor_a = -1, factor_b = -1;  // computed product: the columns multiplied
    bool red_when_filled = false;      // the column that marks a written-off entry
  };
  std::vector<Column> columns;
  double min_row_pt = 0;  // a row signed by hand needs room for the signature
};

BodyPlan MakeBodyPlan(const TableSpec& table) {
  BodyPlan plan;
  plan.columns.resize(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const Field& f = table.columns[c].field;
    BodyPlan::Column& pc = plan.columns[c];
    pc.red_when_filled = f.name == table.red_when_field;
    if (f.type == FieldType::kSignature) plan.min_row_pt = kSignedBodyRowPt;
    if (f.compute.empty()) continue;
    std::string a, b;
    ParseProduct(f.compute, &a, &b);
    // The last column of each name, as a search over every row's columns would find.
    for (size_t k = 0; k < table.columns.size(); ++k) {
      if (table.columns[k].field.name == a) pc.factor_a = static_cast<int>(k);
      if (table.columns[k].field.name == b) pc.factor_b = static_cast<int>(k);
    }
  }
  return plan;
}

// --- Column widths that follow the content ---------------------------------------------------

// Estimated advance in ems at body size. The layout stage has no font: full-width characters take
// one em, the rest 0.6 em, so that what is estimated to fit does fit.
double EmWidth(char32_t cp) {
  int eaw = u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_EAST_ASIAN_WIDTH);
  if (eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH || (eaw == U_EA_AMBIGUOUS && cp >= 0x2000))
    return 1.0;
  return 0.6;  // WenQuanYi Zen Hei draws Latin letters and digits about 0.6 em wide
}

bool IsWide(char32_t cp) {
  int eaw = u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_EAST_ASIAN_WIDTH);
  return eaw == U_EA_WIDE || eaw == U_EA_FULLWIDTH;
}

// Whether a line may break between `a` and `b`, close to the rules the PDF's line breaker
// follows: between Chinese characters, never before closing punctuation or after an opening
// bracket, never inside a number or a Latin word.
bool MayBreakBetween(char32_t a, char32_t b) {
  int la = u_getIntPropertyValue(static_cast<UChar32>(a), UCHAR_LINE_BREAK);
  int lb = u_getIntPropertyValue(static_cast<UChar32>(b), UCHAR_LINE_BREAK);
  if (lb == U_LB_CLOSE_PUNCTUATION || lb == U_LB_CLOSE_PARENTHESIS || lb == U_LB_EXCLAMATION ||
      lb == U_LB_INFIX_NUMERIC || lb == U_LB_NONSTARTER)
    return false;
  if (la == U_LB_OPEN_PUNCTUATION) return false;
  // After a hyphen unless a number follows (2024-01-03 stays whole, Z109-WS·2023-D30 does not).
  if ((la == U_LB_HYPHEN || la == U_LB_BREAK_AFTER) && lb != U_LB_NUMERIC) return true;
  return IsWide(a) || IsWide(b);
}

struct TextNeed {
  double longest_line = 0;  // ems
  double longest_run = 0;   // ems: the widest piece no line break may split
};

void MeasureText(std::string_view utf8, TextNeed* need) {
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t length = static_cast<int32_t>(utf8.size());
  double line = 0, run = 0;
  char32_t prev = 0;
  auto end_run = [&] {
    need->longest_run = std::max(need->longest_run, run);
    run = 0;
  };
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    char32_t cp = c < 0 ? 0xfffd : static_cast<char32_t>(c);
    if (cp == U'\n') {
      end_run();
      need->longest_line = std::max(need->longest_line, line);
      line = 0;
      prev = 0;
      continue;
    }
    if (cp < 0x20) continue;
    double w = EmWidth(cp);
    line += w;
    if (cp == U' ' || cp == 0x3000) {
      end_run();
      prev = 0;
      continue;
    }
    if (prev != 0 && MayBreakBetween(prev, cp)) end_run();
    run += w;
    prev = cp;
  }
  end_run();
  need->longest_line = std::max(need->longest_line, line);
}

// Words of a few characters (人力资源部, 2024年1月2日) are not broken while the page has room: a
// cell's minimum is its longest unbreakable run, or its whole line when that is this short.
constexpr double kShortLineEms = 5.5;

// A caption breaks more readily (部门负责人/审核), but not a word of up to three (经办人).
constexpr double kShortCaptionEms = 3;

double MinimumEms(const TextNeed& t) {
  return std::max(t.longest_run, std::min(t.longest_line, kShortLineEms));
}

double CellPoints(double ems, bool label) {
  // Slack over the two paddings: an estimate must not make a line that just fails. A form's
  // caption keeps further from the borders: hard against one, OCR of the signed scan reads
  // 部门|市场部.
  return ems * pdf::kBodySize + 2 * pdf::kCellPadX + (label ? 4 : 1);
}

// The highest level in [0, high] at which `filled` (growing with the level) stays within `page`.
template <typename Filled>
double FillLevel(double page, double high, Filled filled) {
  double low = 0;
  for (int k = 0; k < 60; ++k) {
    double mid = (low + high) / 2;
    (filled(mid) > page ? high : low) = mid;
  }
  return low;
}

}  // namespace

std::vector<double> FitColumnWidths(const Sheet& sheet, const std::vector<double>& template_widths,
                                    const std::vector<WidthNeed>& needs) {
  const size_t n = template_widths.size();
  double total_units = std::accumulate(template_widths.begin(), template_widths.end(), 0.0);
  if (n == 0 || total_units <= 0) return template_widths;
  for (double w : template_widths) {
    if (!(w > 0)) return template_widths;  // the back ends give such a column their default
  }
  const double page =
      (sheet.orientation == Orientation::kLandscape ? pdf::kA4Height : pdf::kA4Width) -
      2 * pdf::kMargin;
  std::vector<double> given(n), min_pt(n, 0), max_pt(n, 0), run_pt(n, 0);
  std::vector<char> has_text(n, 0), has_pen(n, 0);
  for (size_t i = 0; i < n; ++i) given[i] = template_widths[i] / total_units * page;

  std::vector<WidthNeed> spans = needs, span_lines;
  auto take = [&](const Cell& cell) {
    if (cell.col < 0 || static_cast<size_t>(cell.col) >= n) return;
    bool value = cell.style == CellStyle::kValue || cell.style == CellStyle::kSignature;
    bool label = cell.style == CellStyle::kLabel;
    if (cell.text.empty()) {
      if (value) has_pen[cell.col] = 1;
      return;
    }
    TextNeed t;
    MeasureText(cell.text, &t);
    // A caption may break between its words; a value of a few characters should not.
    double min_ems =
        value ? MinimumEms(t) : std::max(t.longest_run, std::min(t.longest_line, kShortCaptionEms));
    if (cell.col_span > 1) {
      spans.push_back(WidthNeed{cell.col, cell.col_span, CellPoints(min_ems, label)});
      span_lines.push_back(WidthNeed{cell.col, cell.col_span, CellPoints(t.longest_line, label)});
      return;
    }
    if (value) has_text[cell.col] = 1;
    min_pt[cell.col] = std::max(min_pt[cell.col], CellPoints(min_ems, label));
    run_pt[cell.col] = std::max(run_pt[cell.col], CellPoints(t.longest_run, label));
    max_pt[cell.col] = std::max(max_pt[cell.col], CellPoints(t.longest_line, label));
  };
  for (const std::vector<Row>* block : {&sheet.head, &sheet.table_header, &sheet.tail}) {
    for (const Row& row : *block) {
      for (const Cell& cell : row.cells) take(cell);
    }
  }
  if (sheet.body_row) {
    size_t rows = std::min(sheet.body_count, kWidthSampleRows);
    for (size_t i = 0; i < rows; ++i) {
      Row row = sheet.body_row(i);
      for (const Cell& cell : row.cells) take(cell);
    }
  }

  std::vector<double> lo(n), hi(n), hard(n);
  for (size_t i = 0; i < n; ++i) {
    // A column with nothing but room for the pen keeps the template's width: it is written in.
    bool pen_only = has_pen[i] && !has_text[i];
    // Below this a piece of text would be cut or the pen cramped; it gives way only when the
    // page is too narrow for every column's minimum.
    hard[i] = pen_only ? std::max(run_pt[i], given[i] * 0.6) : run_pt[i];
    // The template's width is kept unless the content is narrower (then the column gives room
    // to the others) or its shortest unbreakable piece is wider.
    hi[i] = pen_only ? given[i] : std::max(min_pt[i], std::min(max_pt[i], 3 * given[i]));
    lo[i] = std::max(min_pt[i], std::min(given[i], std::max(hi[i], given[i] / 2)));
  }
  // What a spanning cell needs beyond what its columns have grows them by their proportions.
  auto spread = [&](const WidthNeed& need, std::vector<double>* widths, double cap) {
    int first = std::clamp(need.col, 0, static_cast<int>(n) - 1);
    int end = std::clamp(need.col + std::max(1, need.span), first + 1, static_cast<int>(n));
    double have = 0, weight = 0;
    for (int c = first; c < end; ++c) {
      have += (*widths)[c];
      weight += given[c];
    }
    if (have >= need.min_pt) return;
    for (int c = first; c < end; ++c) {
      double grown = (*widths)[c] + (need.min_pt - have) * given[c] / weight;
      (*widths)[c] = std::max((*widths)[c], std::min(grown, cap * given[c]));
    }
  };
  for (const WidthNeed& need : spans) spread(need, &lo, 1e9);
  for (const WidthNeed& need : needs) spread(need, &hard, 1e9);  // ink does not shrink
  for (size_t i = 0; i < n; ++i) {
    hi[i] = std::max(hi[i], lo[i]);
    hard[i] = std::min(hard[i], lo[i]);
  }
  for (const WidthNeed& need : span_lines) spread(need, &hi, 3);

  // Every column gets its minimum; what is left is shared out as water fills vessels: a column
  // short of its longest line takes its share by the template's proportions until it has it, so
  // a few words are never broken to give a long text a little more room.
  double sum_lo = std::accumulate(lo.begin(), lo.end(), 0.0);
  double sum_hi = std::accumulate(hi.begin(), hi.end(), 0.0);
  std::vector<double> width(n);
  if (sum_lo >= page) {
    // Too narrow for every minimum. First the template's widths give way (long texts wrap a line
    // more), then the short words, last the unbreakable pieces themselves.
    std::vector<double> soft(n);
    for (size_t i = 0; i < n; ++i) soft[i] = std::clamp(min_pt[i], hard[i], lo[i]);
    double sum_soft = std::accumulate(soft.begin(), soft.end(), 0.0);
    double sum_hard = std::accumulate(hard.begin(), hard.end(), 0.0);
    double short_level = FillLevel(page, page, [&](double level) {
      double sum = 0;
      for (size_t k = 0; k < n; ++k) sum += hard[k] + std::min(soft[k] - hard[k], level);
      return sum;
    });
    for (size_t i = 0; i < n; ++i) {
      if (sum_soft <= page) {
        width[i] =
            soft[i] + (lo[i] - soft[i]) * (page - sum_soft) / std::max(sum_lo - sum_soft, 1e-9);
      } else if (sum_hard <= page) {
        // Every column gets the same extra up to its short words' need: the short ones (a name,
        // 经办人) are whole, the long texts that wrap anyway share the rest.
        width[i] = hard[i] + std::min(soft[i] - hard[i], short_level);
      } else {
        width[i] = hard[i] * page / sum_hard;
      }
    }
  } else if (sum_hi <= page) {
    for (size_t i = 0; i < n; ++i) width[i] = hi[i] + (page - sum_hi) * given[i] / page;
  } else {
    double low =
        FillLevel(page, page / *std::min_element(given.begin(), given.end()), [&](double level) {
          double sum = 0;
          for (size_t i = 0; i < n; ++i) sum += std::min(hi[i], lo[i] + level * given[i]);
          return sum;
        });
    for (size_t i = 0; i < n; ++i) width[i] = std::min(hi[i], lo[i] + low * given[i]);
    // Bisection leaves a sliver: the columns still short of their line absorb it.
    double rest = page - std::accumulate(width.begin(), width.end(), 0.0), open = 0;
    for (size_t i = 0; i < n; ++i) open += width[i] < hi[i] ? given[i] : 0;
    for (size_t i = 0; i < n; ++i) {
      if (open > 0 && width[i] < hi[i]) width[i] += rest * given[i] / open;
    }
  }
  std::vector<double> units(n);
  for (size_t i = 0; i < n; ++i) units[i] = width[i] / page * total_units;
  return units;
}

namespace {

class LayoutBuilder {
 public:
  explicit LayoutBuilder(const Document& doc) : doc_(doc), t_(*doc.tmpl) {}

  Sheet Build() {
    Sheet s;
    s.template_id = t_.id;
    s.title = ExpandTitle();
    s.source = t_.source;
    s.doc_number = doc_.doc_number;
    s.qr_payload = "dangan|" + t_.id + "|" + doc_.doc_number;
    s.orientation = t_.orientation;
    s.head = GridRows(t_.head, &needs_);
    if (t_.table) AddTable(&s);
    s.tail = GridRows(t_.tail, &tail_needs_);
    std::vector<Row> approvals = ApprovalRows();
    size_t at = t_.approvals_at < 0 ? s.tail.size() : static_cast<size_t>(t_.approvals_at);
    s.tail.insert(s.tail.begin() + at, approvals.begin(), approvals.end());
    needs_.insert(needs_.end(), tail_needs_.begin(), tail_needs_.end());
    s.column_widths = FitColumnWidths(s, t_.columns, needs_);
    AddChoiceLists(&s);
    if (t_.notice) MakeNotice(&s);
    return s;
  }

 private:
  Value HeaderValue(const Field& f) const {
    Value v;
    auto it = doc_.values.find(f.name);
    if (it != doc_.values.end()) ParseValue(f, it->second, &v);  // checked by the binder
    return v;
  }

  std::vector<Row> GridRows(const std::vector<std::vector<LayoutCell>>& grid,
                            std::vector<WidthNeed>* needs) const {
    std::vector<Row> rows;
    std::vector<int> covered_until(t_.columns.size(), 0);
    for (size_t r = 0; r < grid.size(); ++r) {
      Row row;
      int col = 0;
      int stamp_from = -1;  // a 盖章 caption seen in this row: the values after it take the stamp
      for (const LayoutCell& lc : grid[r]) {
        while (col < static_cast<int>(covered_until.size()) &&
               covered_until[col] > static_cast<int>(r))
          ++col;
        Cell cell = GridCell(lc);
        cell.col = col;
        cell.col_span = lc.col_span;
        cell.row_span = lc.row_span;
        for (int c = col; c < col + lc.col_span; ++c)
          covered_until[c] = static_cast<int>(r) + lc.row_span;
        col += lc.col_span;
        if (cell.style == CellStyle::kSignature)
          row.min_height_pt = std::max(row.min_height_pt, kSignatureRowPt);
        const Field* f = lc.field.empty() ? nullptr : t_.FindField(lc.field);
        if (f != nullptr && IsSealImpression(*f)) {
          row.min_height_pt = std::max(row.min_height_pt, kSealBoxPt);
          needs->push_back(WidthNeed{cell.col, cell.col_span, kSealBoxPt});
        }
        if (stamp_from >= 0 && !lc.field.empty()) {
          row.min_height_pt = std::max(row.min_height_pt, kStampBoxPt);
          needs->push_back(WidthNeed{cell.col, cell.col_span, kStampBoxPt});
        }
        if (lc.field.empty() && AsksForStamp(lc.label)) stamp_from = cell.col;
        row.cells.push_back(std::move(cell));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  Cell GridCell(const LayoutCell& lc) const {
    if (lc.field.empty()) {
      Cell cell;
      cell.text = lc.label;
      cell.style = CellStyle::kLabel;
      cell.align = lc.align_set ? lc.align : Align::kCenter;
      return cell;
    }
    const Field* f = t_.FindField(lc.field);
    if (f == nullptr) {  // a table column named in the grid: print its caption
      Cell cell;
      cell.text = lc.field;
      cell.style = CellStyle::kLabel;
      return cell;
    }
    Value v = HeaderValue(*f);
    Cell cell = CellFromValue(*f, v);
    if (lc.capitals) {
      cell.text = v.empty ? "" : MoneyInCapitals(v.number);
      cell.kind = CellKind::kText;  // the words, not the number
    } else if (f->type == FieldType::kMoney && !v.empty) {
      cell.text = "¥" + v.text;
    } else if (f->type == FieldType::kChoice && v.empty) {
      // Left for the pen: print the choices to tick.
      for (const std::string& option : f->options)
        cell.text += (cell.text.empty() ? "□" : "　□") + option;
    }
    // Amounts line up on their last digit, as a clerk adds them.
    bool amount = !lc.capitals && (f->type == FieldType::kMoney || f->type == FieldType::kNumber);
    cell.align = lc.align_set ? lc.align : amount ? Align::kRight : Align::kLeft;
    return cell;
  }

  void AddTable(Sheet* s) const {
    const TableSpec& table = *t_.table;
    Row header;
    for (size_t c = 0; c < table.columns.size(); ++c) {
      Cell cell;
      cell.text = table.columns[c].field.name;
      cell.style = CellStyle::kHeader;
      cell.align = Align::kCenter;
      cell.col = static_cast<int>(c);
      header.cells.push_back(std::move(cell));
    }
    s->table_header.push_back(std::move(header));
    size_t data_rows = doc_.rows.rows();
    s->body_count = std::max(data_rows, static_cast<size_t>(std::max(table.min_rows, 0)));
    const Document* doc = &doc_;
    auto plan = std::make_shared<const BodyPlan>(MakeBodyPlan(table));
    s->body_row = [doc, plan](size_t i) { return BodyRow(*doc, *plan, i); };
  }

  // Row `i` of the table; rows past the data are blank lines for handwriting.
  static Row BodyRow(const Document& doc, const BodyPlan& plan, size_t i) {
    const TableSpec& table = *doc.tmpl->table;
    const size_t columns = table.columns.size();
    Row row;
    bool has_data = i < doc.rows.rows();
    std::vector<Value> values(columns);
    if (has_data) {
      for (size_t c = 0; c < columns; ++c) {
        ParseValue(table.columns[c].field, doc.rows.at(i, c), &values[c]);
      }
    }
    bool red = false;
    for (size_t c = 0; c < columns; ++c) {
      const Field& f = table.columns[c].field;
      const BodyPlan::Column& pc = plan.columns[c];
      if (has_data && f.type == FieldType::kSerial) {
        const long serial = doc.first_serial + static_cast<long>(i);
        values[c] = Value();
        values[c].empty = false;
        values[c].kind = CellKind::kNumber;
        values[c].number = static_cast<double>(serial);
        values[c].text = std::to_string(serial);
      }
      if (has_data && !f.compute.empty()) {
        const Value* va = pc.factor_a < 0 ? nullptr : &values[pc.factor_a];
        const Value* vb = pc.factor_b < 0 ? nullptr : &values[pc.factor_b];
        if (va && vb && !va->empty && !vb->empty)
          values[c] = NumberValue(f, va->number * vb->number);
      }
      if (pc.red_when_filled && !values[c].empty) red = true;
    }
    row.cells.resize(columns);
    row.min_height_pt = plan.min_row_pt;
    for (size_t c = 0; c < columns; ++c) {
      Cell& cell = row.cells[c];
      FillCell(table.columns[c].field, std::move(values[c]), &cell);
      cell.col = static_cast<int>(c);
      // Amounts line up on their last digit whatever the column's alignment.
      cell.align =
          table.columns[c].field.type == FieldType::kMoney ? Align::kRight : table.columns[c].align;
      cell.min_lines = 1;
      // Table rows stay one line high: a signature column is signed in the row itself, and dates
      // take the compact form that fits a narrow column.
      if (cell.style == CellStyle::kSignature) cell.style = CellStyle::kValue;
      if (cell.kind == CellKind::kDate) cell.text = IsoDate(cell);
      cell.red = red;
    }
    return row;
  }

  // Columns the approval step's name takes: the leading columns whose width comes closest to a
  // fifth of the whole, so a narrow 序号 column followed by a wide one does not double it.
  int LabelSpan() const {
    double total = std::accumulate(t_.columns.begin(), t_.columns.end(), 0.0);
    double acc = 0;
    int best = 1;
    double best_gap = 1e9;
    for (int span = 1; span < static_cast<int>(t_.columns.size()); ++span) {
      acc += t_.columns[span - 1];
      double gap = std::abs(acc - total * 0.2);
      if (gap < best_gap) {
        best_gap = gap;
        best = span;
      }
    }
    return best;
  }

  // The printed title: {字段} replaced by the data, ×× where the data leaves it empty.
  std::string ExpandTitle() const {
    std::string title = t_.title;
    for (const std::string& name : PlaceholderNames(title)) {
      auto it = doc_.values.find(name);
      std::string value = it == doc_.values.end() || it->second.empty() ? "××" : it->second;
      size_t p = title.find("{" + name + "}");
      if (p != std::string::npos) title.replace(p, name.size() + 2, value);
    }
    return title;
  }

  std::vector<Row> ApprovalRows() const {
    std::vector<Row> rows;
    std::vector<Row>* tail = &rows;
    int columns = static_cast<int>(t_.columns.size());
    int label_span = LabelSpan();
    auto full_row = [&](const std::string& label, const std::string& text) {
      Row row;
      Cell l;
      l.text = label;
      l.style = CellStyle::kLabel;
      l.align = Align::kCenter;
      l.col_span = label_span;
      Cell v;
      v.text = text;
      v.col = label_span;
      v.col_span = columns - label_span;
      row.cells = {l, v};
      return row;
    };
    if (!doc_.approval_basis.empty()) {
      std::string chain;
      for (const std::string& step : doc_.approval_chain)
        chain += (chain.empty() ? "" : " → ") + step;
      tail->push_back(full_row("审批流程", chain + "（" + doc_.approval_basis + "）"));
    }
    for (const std::string& step : doc_.approval_chain) {
      Row row = full_row(step, "意见：\n签字：　　　　　　　　　　日期：　　　　年　　月　　日");
      row.cells[1].style = CellStyle::kSignature;
      row.cells[1].fixed = true;
      row.cells[1].min_lines = 3;
      row.min_height_pt = kSignatureRowPt;
      tail->push_back(std::move(row));
    }
    if (!t_.approval_note.empty()) {
      tail->push_back(full_row("说明", t_.approval_note));
      tail->back().cells[1].fixed = true;
    }
    return rows;
  }

  // A notice prints as a 公文 (pdf/notice_plan): the grid, if the template has one, is the
  // counterfoil above it. The spreadsheet stays a plain list: one row per field, caption and value.
  void MakeNotice(Sheet* s) const {
    auto notice = std::make_shared<NoticeContent>(NoticeText(doc_));
    notice->counterfoil = std::move(s->head);
    notice->counterfoil.insert(notice->counterfoil.end(), std::make_move_iterator(s->tail.begin()),
                               std::make_move_iterator(s->tail.end()));
    notice->counterfoil_widths = std::move(s->column_widths);
    s->head.clear();
    s->tail.clear();
    for (const Field& f : t_.fields) {
      LayoutCell caption, value;
      caption.label = f.name;
      value.field = f.name;
      Row row;
      row.cells = {GridCell(caption), GridCell(value)};
      row.cells[0].align = Align::kLeft;
      row.cells[1].col = 1;
      s->head.push_back(std::move(row));
    }
    s->column_widths = t_.columns.size() == 2 ? t_.columns : std::vector<double>{16, 64};
    s->notice = std::move(notice);
  }

  void AddChoiceLists(Sheet* s) const {
    auto add = [&](const Field& f) {
      if (f.type == FieldType::kChoice) s->choice_lists.push_back({f.name, f.options});
    };
    for (const Field& f : t_.fields) add(f);
    if (t_.table) {
      for (const TableColumn& c : t_.table->columns) add(c.field);
    }
  }

  const Document& doc_;
  const Template& t_;
  std::vector<WidthNeed> needs_, tail_needs_;
};

}  // namespace

Sheet LayOut(const Document& doc) { return LayoutBuilder(doc).Build(); }

}  // namespace dangan
