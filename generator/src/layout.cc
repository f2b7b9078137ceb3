// Builds the Sheet of a Document: grid rows from the template's head and tail, the table, the
// approval block and the identity printed on every page.
#include "dangan/generator/layout.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <numeric>
#include <vector>

#include "text.h"
#include "values.h"

namespace dangan {
namespace {

constexpr double kSignatureRowPt = 54;

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
};

BodyPlan MakeBodyPlan(const TableSpec& table) {
  BodyPlan plan;
  plan.columns.resize(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const Field& f = table.columns[c].field;
    BodyPlan::Column& pc = plan.columns[c];
    pc.red_when_filled = f.name == table.red_when_field;
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
    s.column_widths = t_.columns;
    s.head = GridRows(t_.head);
    if (t_.table) AddTable(&s);
    s.tail = GridRows(t_.tail);
    std::vector<Row> approvals = ApprovalRows();
    size_t at = t_.approvals_at < 0 ? s.tail.size() : static_cast<size_t>(t_.approvals_at);
    s.tail.insert(s.tail.begin() + at, approvals.begin(), approvals.end());
    AddChoiceLists(&s);
    return s;
  }

 private:
  Value HeaderValue(const Field& f) const {
    Value v;
    auto it = doc_.values.find(f.name);
    if (it != doc_.values.end()) ParseValue(f, it->second, &v);  // checked by the binder
    return v;
  }

  std::vector<Row> GridRows(const std::vector<std::vector<LayoutCell>>& grid) const {
    std::vector<Row> rows;
    std::vector<int> covered_until(t_.columns.size(), 0);
    for (size_t r = 0; r < grid.size(); ++r) {
      Row row;
      int col = 0;
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
        if (cell.style == CellStyle::kSignature) row.min_height_pt = kSignatureRowPt;
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
    cell.align = lc.align_set ? lc.align : Align::kLeft;
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
    for (size_t c = 0; c < columns; ++c) {
      Cell& cell = row.cells[c];
      FillCell(table.columns[c].field, std::move(values[c]), &cell);
      cell.col = static_cast<int>(c);
      cell.align = table.columns[c].align;
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
      row.cells[1].min_lines = 3;
      row.min_height_pt = kSignatureRowPt;
      tail->push_back(std::move(row));
    }
    if (!t_.approval_note.empty()) tail->push_back(full_row("说明", t_.approval_note));
    return rows;
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
};

}  // namespace

Sheet LayOut(const Document& doc) { return LayoutBuilder(doc).Build(); }

}  // namespace dangan
