// WriteXlsx: the Sheet as one visible worksheet (title, identity and QR code, then the grid),
// with drop-down lists kept on a hidden sheet and print set-up for A4.
#include "dangan/generator/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "dangan/records/text.h"
#include "qr.h"
#include "text.h"
#include "values.h"
#include "xlsx/formats.h"
#include "xlsx/sheet_view.h"
#include "xlsx/formulas.h"
#include "xlsx/grid.h"
#include "xlsx/png.h"
#include "xlsx/text_metrics.h"

namespace dangan {
namespace {

using xlsx::ColumnGeometry;
using xlsx::Placed;

constexpr uint32_t kMaxSheetRows = 1048576;
constexpr uint32_t kTitleRows = 2;  // title; source and document number
constexpr double kTitleRowPt = 28;  // both title rows: the QR code spans the two
constexpr int kQrPixels = 68;       // side of the QR code on screen, about 18 mm printed
constexpr int kQrGap = 3;           // pixels between the QR code and the page edge
constexpr int kQrModulePixels = 8;  // PNG resolution, so printers get sharp edges
constexpr int kQrQuietModules = 4;  // quiet zone the QR standard asks for
constexpr double kMarginInches = 1.5 / 2.54;
// The 归档章 (45 mm wide, 10 mm from the page's right edge, 2 mm clearance) covers this much of
// the printable width's right end; the first page keeps it blank (DA/T 22-2015: 首页右上角).
constexpr double kSealMm = 45 + 10 + 2 - 15;
constexpr double kPrintableMm[] = {210 - 30, 297 - 30};  // portrait, landscape
constexpr char kChoiceSheet[] = "选项";
constexpr char kPageFooter[] = "&C第 &P 页 共 &N 页";

std::string ColumnName(int col) {
  std::string name;
  for (int n = col + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), 'A' + (n - 1) % 26);
  return name;
}

std::string CellRef(uint32_t row, int col) { return ColumnName(col) + std::to_string(row + 1); }

// Excel forbids []:*?/\ in sheet names, a leading or trailing apostrophe and more than 31
// characters (UTF-16 units).
std::string SheetName(const std::string& title) {
  std::string name;
  int units = 0;
  for (size_t i = 0; i < title.size();) {
    const unsigned char lead = static_cast<unsigned char>(title[i]);
    const size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    const std::string ch = title.substr(i, len);
    i += len;
    if (ch.size() == 1 && (std::strchr("[]:*?/\\", ch[0]) != nullptr || lead < 0x20)) continue;
    const int need = len == 4 ? 2 : 1;
    if (units + need > 31) break;
    units += need;
    name += ch;
  }
  while (!name.empty() && name.front() == '\'') name.erase(name.begin());
  while (!name.empty() && name.back() == '\'') name.pop_back();
  return name.empty() ? "表单" : name;
}

// Header/footer text treats '&' as a control character.
std::string EscapeHeaderFooter(const std::string& text) {
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '&') out += '&';
  }
  return out;
}

bool ValidDate(const Cell& c) {
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (c.year < 1900 || c.year > 9999 || c.month < 1 || c.month > 12 || c.day < 1) return false;
  const bool leap = (c.year % 4 == 0 && c.year % 100 != 0) || c.year % 400 == 0;
  const int days = (c.month == 2 && !leap) ? 28 : kDays[c.month - 1];
  return c.day <= days;
}

bool ValidTime(const Cell& c) {
  return c.hour >= 0 && c.hour < 24 && c.minute >= 0 && c.minute < 60;
}

// The QR matrix with its quiet zone, each module drawn as a square of kQrModulePixels.
std::vector<bool> QrPixels(const QrMatrix& qr, int side) {
  std::vector<bool> dark(static_cast<size_t>(side) * side, false);
  for (int y = 0; y < side; ++y) {
    const int my = y / kQrModulePixels - kQrQuietModules;
    for (int x = 0; x < side; ++x) {
      const int mx = x / kQrModulePixels - kQrQuietModules;
      if (mx >= 0 && my >= 0 && mx < qr.size && my < qr.size) dark[y * side + x] = qr.at(mx, my);
    }
  }
  return dark;
}

std::string FieldOf(const Cell& c) { return c.field.empty() ? c.text : c.field; }

// A body row ready to be written: its cells, where they land and the row's height.
struct PreparedRow {
  Row row;
  std::vector<Placed> placed;  // points into row.cells
  double height = 0;
  Status status;  // placing failed: nothing else is set
};

void Prepare(const Sheet& sheet, size_t index, uint32_t sheet_row, int columns,
             const ColumnGeometry& geometry, PreparedRow* out) {
  out->row = sheet.body_row(index);
  out->placed.clear();
  out->status = xlsx::PlaceRow(out->row, sheet_row, 0, columns, &out->placed);
  if (out->status.ok()) out->height = xlsx::RowHeight(out->row, out->placed, geometry);
}

// Hands out the body rows in order. For a long table a producer thread builds them ahead in
// batches, so that building rows (parsing, layout, measuring) overlaps with libxlsxwriter's work
// on the other core; a batch is refilled, and its old rows freed, by the thread that allocated
// them, which keeps the two threads off each other's malloc arena. sheet.body_row is then called
// on that thread, still once per row and in order.
class BodyRowSource {
 public:
  BodyRowSource(const Sheet& sheet, const ColumnGeometry& geometry, uint32_t first_row,
                bool threaded)
      : sheet_(sheet),
        geometry_(geometry),
        columns_(geometry.count()),
        first_row_(first_row),
        threaded_(threaded && sheet.body_count > kBatchRows) {
    if (!threaded_) {
      batches_.resize(1);
      batches_[0].rows.resize(1);
      return;
    }
    batches_.resize(kBatches);
    for (Batch& b : batches_) b.rows.resize(kBatchRows);
    producer_ = std::thread([this] { Produce(); });
  }

  ~BodyRowSource() {
    if (!producer_.joinable()) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    producer_.join();
  }

  // The next row; valid until the following call.
  Status Next(const PreparedRow** out) {
    const size_t index = next_++;
    if (!threaded_) {
      PreparedRow& p = batches_[0].rows[0];
      Prepare(sheet_, index, first_row_ + static_cast<uint32_t>(index), columns_, geometry_, &p);
      *out = &p;
      return p.status;
    }
    Batch& b = batches_[(index / kBatchRows) % kBatches];
    const size_t slot = index % kBatchRows;
    if (slot == 0) {
      if (index > 0) Release(batches_[(index / kBatchRows + kBatches - 1) % kBatches]);
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return b.state == Batch::kReady; });
      if (b.error) std::rethrow_exception(b.error);
    }
    *out = &b.rows[slot];
    return b.rows[slot].status;
  }

 private:
  static constexpr size_t kBatchRows = 256;
  static constexpr size_t kBatches = 4;

  struct Batch {
    enum State { kFree, kReady } state = kFree;  // kReady: filled, until the writer is done
    std::vector<PreparedRow> rows;
    std::exception_ptr error;  // body_row threw: handed on to the writing thread
  };

  void Release(Batch& b) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      b.state = Batch::kFree;
    }
    cv_.notify_all();
  }

  void Produce() {
    const size_t count = sheet_.body_count;
    for (size_t first = 0, n = 0; first < count; first += kBatchRows, ++n) {
      Batch& b = batches_[n % kBatches];
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || b.state == Batch::kFree; });
        if (stop_) return;
      }
      bool failed = false;
      try {
        for (size_t i = first; i < std::min(count, first + kBatchRows) && !failed; ++i) {
          PreparedRow& p = b.rows[i - first];
          Prepare(sheet_, i, first_row_ + static_cast<uint32_t>(i), columns_, geometry_, &p);
          failed = !p.status.ok();
        }
      } catch (...) {
        b.error = std::current_exception();
        failed = true;
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        b.state = Batch::kReady;
      }
      cv_.notify_all();
      if (failed) return;  // the writer stops at the failed row
    }
  }

  const Sheet& sheet_;
  const ColumnGeometry& geometry_;  // only read, by both threads
  const int columns_;
  const uint32_t first_row_;
  const bool threaded_;
  std::vector<Batch> batches_;
  size_t next_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread producer_;
};

class SheetWriter {
 public:
  SheetWriter(lxw_workbook* workbook, const Sheet& sheet, const Template* tmpl,
              bool constant_memory, const std::string& path)
      : workbook_(workbook),
        sheet_(sheet),
        tmpl_(tmpl),
        constant_memory_(constant_memory),
        path_(path),
        geometry_(ColumnWidths(sheet)),
        formats_(workbook) {}

  Status Write();
  // The row the window opens at, when it is not the first: a register opens at its column
  // headings, with the title and head block above them scrolled out of the frozen pane.
  uint32_t view_top_row() const { return view_top_row_; }

 private:
  static std::vector<double> ColumnWidths(const Sheet& sheet);
  Status Fail(lxw_error err, const std::string& where) const;
  Status Check(lxw_error err, const std::string& where) const {
    return err == LXW_NO_ERROR ? Status::Ok() : Fail(err, where);
  }
  Status CheckCell(lxw_error err, const Placed& p) const;

  Status PlanFormulas();
  std::string Aggregate(const Field& f) const;
  const std::string* FormulaOf(const Placed& p);
  Status WriteFormula(const Placed& p, const std::string& formula, lxw_format* f);
  Status AddWorksheets();
  Status WriteChoiceSheet();
  void SetColumns();
  Status WriteTitleRows();
  Status WriteSpan(uint32_t row, int first, int last, const std::string& text, lxw_format* f);
  Status WriteIdentityRow(int first, int last);
  int QrColumns() const;
  int SealColumns(int qr_cols) const;
  Status InsertQr(int first_col);
  Status WriteBlock(const std::vector<Row>& rows);
  Status WriteBody();
  Status WriteGridRow(uint32_t row, double height, const std::vector<Placed>& cells);
  Status WriteCovered(uint32_t row, const Placed& p);
  Status WriteValue(const Placed& p, lxw_format* f);
  Status WriteDateTime(const Placed& p, lxw_format* f);
  Status Merge(const Placed& p);
  bool LateMerge(const Placed& p) const { return constant_memory_ && p.first_row != p.last_row; }
  Status AddValidation(const Placed& p, uint32_t last_row);
  Status AddLimitValidation(const Placed& p, const Field& field, uint32_t last_row);
  Status ValidateBodyColumns(const std::vector<Placed>& cells, uint32_t last_row);
  Status SetUpPrinting();

  lxw_workbook* workbook_;
  const Sheet& sheet_;
  const Template* const tmpl_;
  const bool constant_memory_;
  const std::string path_;
  ColumnGeometry geometry_;
  xlsx::FormatCache formats_;
  lxw_worksheet* ws_ = nullptr;
  lxw_worksheet* choices_ = nullptr;
  std::string choice_sheet_name_ = kChoiceSheet;
  std::unordered_map<std::string, std::string> list_formulas_;  // list name → range formula
  std::string qr_png_;  // kept alive until the workbook is closed
  uint32_t row_ = 0;    // next worksheet row to write
  uint32_t header_first_ = 0, header_rows_ = 0, body_first_ = 0;
  uint32_t view_top_row_ = 0;
  std::vector<char> covered_;         // per column, within the row being written
  std::vector<char> body_validated_;  // per column: validation already set for the whole body
  bool in_body_ = false;

  // What keeps the workbook alive (only with a template): formulas of head and tail cells, the
  // capitals cells (never validated as amounts), and each body column's product.
  struct Product {
    int a = -1, b = -1;  // the factor columns; -1: an entered column
    bool money = false;
  };
  std::unordered_map<const Cell*, std::string> formulas_;
  std::unordered_set<const Cell*> capitals_;
  std::vector<Product> products_;
  std::string scratch_formula_;
};

std::vector<double> SheetWriter::ColumnWidths(const Sheet& sheet) {
  std::vector<double> widths = sheet.column_widths;
  size_t columns = widths.size();
  for (const auto* block : {&sheet.head, &sheet.table_header, &sheet.tail}) {
    for (const Row& row : *block) {
      for (const Cell& c : row.cells) {
        columns =
            std::max(columns, static_cast<size_t>(std::max(0, c.col + std::max(1, c.col_span))));
      }
    }
  }
  widths.resize(std::max<size_t>(columns, 1), 0);  // 0 becomes the default width
  return widths;
}

Status SheetWriter::Fail(lxw_error err, const std::string& where) const {
  return Status::IoError("写入 XLSX 文件 " + path_ + " 失败（" + where + "）：" +
                         lxw_strerror(err));
}

Status SheetWriter::CheckCell(lxw_error err, const Placed& p) const {
  if (err == LXW_NO_ERROR) return Status::Ok();
  const std::string ref = CellRef(p.first_row, p.first_col);
  if (err == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
    return Status::InvalidArgument("单元格 " + ref + "（字段“" + p.cell->field +
                                   "”）的文字超过 Excel 的上限 32767 个字符");
  }
  return Fail(err, "单元格 " + ref);
}

Status SheetWriter::Write() {
  DANGAN_RETURN_IF_ERROR(PlanFormulas());
  DANGAN_RETURN_IF_ERROR(AddWorksheets());
  SetColumns();
  DANGAN_RETURN_IF_ERROR(WriteChoiceSheet());
  DANGAN_RETURN_IF_ERROR(WriteTitleRows());
  DANGAN_RETURN_IF_ERROR(WriteBlock(sheet_.head));
  header_first_ = row_;
  header_rows_ = static_cast<uint32_t>(sheet_.table_header.size());
  DANGAN_RETURN_IF_ERROR(WriteBlock(sheet_.table_header));
  DANGAN_RETURN_IF_ERROR(WriteBody());
  DANGAN_RETURN_IF_ERROR(WriteBlock(sheet_.tail));
  return SetUpPrinting();
}

// The computed header field `f` over the table body: ROUND(SUM(G6:G11),2), COUNTA(B6:B11); ""
// when it is not computed or there are no body rows.
std::string SheetWriter::Aggregate(const Field& f) const {
  std::string fn, column;
  if (!tmpl_->table || sheet_.body_count == 0 || f.compute.empty() ||
      !ParseAggregate(f.compute, &fn, &column)) {
    return "";
  }
  const auto& columns = tmpl_->table->columns;
  int c = -1;
  for (size_t k = 0; k < columns.size(); ++k) {
    if (columns[k].field.name == column) c = static_cast<int>(k);
  }
  if (c < 0 || c >= geometry_.count()) return "";
  const uint32_t first = body_first_;
  const std::string range =
      xlsx::ColumnRange(first, first + static_cast<uint32_t>(sheet_.body_count) - 1, c);
  if (fn == "sum") {
    return f.type == FieldType::kMoney ? "ROUND(SUM(" + range + "),2)" : "SUM(" + range + ")";
  }
  // A computed column holds "" in its empty rows, which COUNTA would count.
  return (columns[c].field.compute.empty() ? "COUNTA(" : "COUNT(") + range + ")";
}

// Works out, before anything is written, which cells get formulas: each row's product columns,
// the computed header fields (sums and counts over the body) and every 大写 of an amount, which
// refers to the cell showing that amount (found anywhere in the head or tail) or, if none does,
// computes it itself. Head and tail cells are matched to the template's layout cells in order:
// the layout keeps them so, and only the template says which cell is an amount's capitals.
Status SheetWriter::PlanFormulas() {
  body_first_ = kTitleRows + static_cast<uint32_t>(sheet_.head.size() + sheet_.table_header.size());
  if (tmpl_ == nullptr) return Status::Ok();
  const Template& t = *tmpl_;
  if (t.table) {
    const auto& columns = t.table->columns;
    for (size_t c = 0; c < columns.size() && c < static_cast<size_t>(geometry_.count()); ++c) {
      const Field& f = columns[c].field;
      std::string a, b;
      if (f.compute.empty() || !ParseProduct(f.compute, &a, &b)) continue;
      Product product;
      product.money = f.type == FieldType::kMoney;
      // The last column of each name, as the layout multiplies them.
      for (size_t k = 0; k < columns.size(); ++k) {
        if (columns[k].field.name == a) product.a = static_cast<int>(k);
        if (columns[k].field.name == b) product.b = static_cast<int>(k);
      }
      if (product.a < 0 || product.b < 0) continue;
      if (products_.empty()) products_.resize(geometry_.count());
      products_[c] = product;
    }
  }

  std::unordered_map<std::string, std::vector<bool>> capitals_flags;
  for (const auto* grid : {&t.head, &t.tail}) {
    for (const auto& row : *grid) {
      for (const LayoutCell& lc : row) {
        if (!lc.field.empty() && t.FindField(lc.field))
          capitals_flags[lc.field].push_back(lc.capitals);
      }
    }
  }
  std::vector<Placed> placed;
  const uint32_t tail_first = body_first_ + static_cast<uint32_t>(sheet_.body_count);
  for (const auto& [rows, first] :
       {std::make_pair(&sheet_.head, kTitleRows), std::make_pair(&sheet_.tail, tail_first)}) {
    const uint32_t count = static_cast<uint32_t>(rows->size());
    for (uint32_t i = 0; i < count; ++i) {
      DANGAN_RETURN_IF_ERROR(
          xlsx::PlaceRow((*rows)[i], first + i, count - 1 - i, geometry_.count(), &placed));
    }
  }
  std::unordered_map<std::string, size_t> seen;
  std::unordered_map<std::string, std::string> figure;  // field -> the cell showing its amount
  std::vector<std::pair<const Cell*, const Field*>> capitals;
  for (const Placed& p : placed) {
    const Cell& c = *p.cell;
    const Field* f = c.field.empty() ? nullptr : t.FindField(c.field);
    if (f == nullptr) continue;
    const size_t k = seen[c.field]++;
    const auto flags = capitals_flags.find(c.field);
    const bool is_capitals =
        flags != capitals_flags.end() && k < flags->second.size()
            ? flags->second[k]
            : f->type == FieldType::kMoney && c.kind == CellKind::kText && !c.text.empty();
    if (is_capitals) {
      capitals_.insert(&c);
      if (f->type == FieldType::kMoney) capitals.emplace_back(&c, f);
      continue;
    }
    figure.emplace(c.field, CellRef(p.first_row, p.first_col));
    std::string aggregate = Aggregate(*f);
    if (!aggregate.empty()) formulas_[&c] = std::move(aggregate);
  }
  for (const auto& [cell, f] : capitals) {
    const auto it = figure.find(f->name);
    const std::string amount = it != figure.end() ? it->second : Aggregate(*f);
    if (!amount.empty()) formulas_[cell] = xlsx::MoneyCapitalsFormula(amount);
  }
  return Status::Ok();
}

Status SheetWriter::AddWorksheets() {
  const std::string name = SheetName(sheet_.title);
  ws_ = workbook_add_worksheet(workbook_, name.c_str());
  if (ws_ == nullptr) return Fail(LXW_ERROR_PARAMETER_VALIDATION, "工作表名“" + name + "”");
  if (sheet_.choice_lists.empty()) return Status::Ok();
  if (name == choice_sheet_name_) choice_sheet_name_ += "列表";
  choices_ = workbook_add_worksheet(workbook_, choice_sheet_name_.c_str());
  if (choices_ == nullptr) return Fail(LXW_ERROR_PARAMETER_VALIDATION, "选项工作表");
  worksheet_hide(choices_);
  return Status::Ok();
}

// Every list goes into its own column of the hidden sheet: inline lists longer than 255 bytes
// overflow a buffer in libxlsxwriter 1.1.4 (upstream issue #394) and abort the process.
Status SheetWriter::WriteChoiceSheet() {
  size_t longest = 0;
  const auto& lists = sheet_.choice_lists;
  for (size_t j = 0; j < lists.size(); ++j) {
    longest = std::max(longest, lists[j].items.size());
    if (lists[j].items.empty()) continue;
    const std::string col = ColumnName(static_cast<int>(j));
    list_formulas_[lists[j].name] = "='" + choice_sheet_name_ + "'!$" + col + "$1:$" + col + "$" +
                                    std::to_string(lists[j].items.size());
    worksheet_set_column(choices_, j, j, 24, nullptr);
  }
  // Row by row, as constant-memory mode requires.
  for (size_t i = 0; i < longest; ++i) {
    for (size_t j = 0; j < lists.size(); ++j) {
      if (i >= lists[j].items.size()) continue;
      const lxw_error err =
          worksheet_write_string(choices_, i, j, lists[j].items[i].c_str(), nullptr);
      if (err != LXW_NO_ERROR) return Fail(err, "下拉选项“" + lists[j].name + "”");
    }
  }
  return Status::Ok();
}

void SheetWriter::SetColumns() {
  for (int c = 0; c < geometry_.count(); ++c) {
    worksheet_set_column(ws_, c, c, geometry_.width(c), nullptr);
  }
  // In constant-memory mode libxlsxwriter forgets row heights once a row is flushed and anchors
  // the QR image against the default height; make that default the title rows' height.
  if (constant_memory_) worksheet_set_default_row(ws_, kTitleRowPt, LXW_FALSE);
}

Status SheetWriter::WriteSpan(uint32_t row, int first, int last, const std::string& text,
                              lxw_format* f) {
  const lxw_error err = first == last
                            ? worksheet_write_string(ws_, row, first, text.c_str(), f)
                            : worksheet_merge_range(ws_, row, first, row, last, text.c_str(), f);
  return Check(err, "单元格 " + CellRef(row, first));
}

// As on the PDF: the QR code at the top left, the top right corner blank for the 归档章, the
// title and the identity between them, unless the grid is too narrow for that.
Status SheetWriter::WriteTitleRows() {
  const int columns = geometry_.count();
  int first = sheet_.qr_payload.empty() ? 0 : QrColumns();
  if (first >= columns) first = 0;
  const int last = columns - 1 - SealColumns(first);
  DANGAN_RETURN_IF_ERROR(Check(worksheet_set_row(ws_, 0, kTitleRowPt, nullptr), "标题行"));
  DANGAN_RETURN_IF_ERROR(WriteSpan(0, first, last, sheet_.title, formats_.Title()));
  DANGAN_RETURN_IF_ERROR(Check(worksheet_set_row(ws_, 1, kTitleRowPt, nullptr), "编号行"));
  DANGAN_RETURN_IF_ERROR(WriteIdentityRow(first, last));
  if (!sheet_.qr_payload.empty()) DANGAN_RETURN_IF_ERROR(InsertQr(0));
  row_ = kTitleRows;
  return Status::Ok();
}

// Trailing columns the 归档章 would cover once the sheet is printed one page wide, left blank in
// the title rows; none when that leaves no column between them and the QR code's `qr_cols`.
int SheetWriter::SealColumns(int qr_cols) const {
  const int columns = geometry_.count();
  const bool landscape = sheet_.orientation == Orientation::kLandscape;
  const double seal_px = geometry_.Pixels(0, columns - 1) * kSealMm / kPrintableMm[landscape];
  int px = 0;
  for (int k = 1; k < columns - qr_cols; ++k) {
    px += geometry_.Pixels(columns - k);
    if (px >= seal_px) return k;
  }
  return 0;
}

// The number next to the QR code, then the source, from column `first` to `last`.
Status SheetWriter::WriteIdentityRow(int first, int last) {
  const std::string source = sheet_.source.empty() ? "" : "依据：" + sheet_.source;
  const std::string number = sheet_.doc_number.empty() ? "" : "编号：" + sheet_.doc_number;
  if (first == last) {
    const std::string both = number + (source.empty() || number.empty() ? "" : "　") + source;
    return WriteSpan(1, first, last, both, formats_.Identity(false));
  }
  // Split the columns in proportion to the two texts, each part at least one column wide.
  const double share = static_cast<double>(xlsx::DisplayWidth(number) + 1) /
                       (xlsx::DisplayWidth(source) + xlsx::DisplayWidth(number) + 2);
  const double target = share * geometry_.Pixels(first, last);
  int split = first + 1;
  while (split < last && geometry_.Pixels(first, split - 1) < target) ++split;
  DANGAN_RETURN_IF_ERROR(WriteSpan(1, first, split - 1, number, formats_.Identity(false)));
  return WriteSpan(1, split, last, source, formats_.Identity(false));
}

// Leading columns wide enough to hold the QR code.
int SheetWriter::QrColumns() const {
  const int columns = geometry_.count();
  int px = 0;
  for (int k = 1; k <= columns; ++k) {
    px += geometry_.Pixels(k - 1);
    if (px >= kQrPixels + 2 * kQrGap) return k;
  }
  return columns;
}

Status SheetWriter::InsertQr(int first_col) {
  const QrMatrix qr = MakeQr(sheet_.qr_payload);
  if (qr.size == 0) {
    return Status::InvalidArgument("二维码内容过长（" + std::to_string(sheet_.qr_payload.size()) +
                                   " 字节），无法生成二维码");
  }
  const int side = (qr.size + 2 * kQrQuietModules) * kQrModulePixels;
  qr_png_ = xlsx::EncodeMonochromePng(side, side, QrPixels(qr, side));
  if (qr_png_.empty()) return Status::IoError("生成二维码图片失败（" + path_ + "）");

  std::string description = "二维码";
  lxw_image_options options = {};
  options.x_scale = options.y_scale = static_cast<double>(kQrPixels) / side;
  options.x_offset = kQrGap;
  options.y_offset = kQrGap;
  options.object_position = LXW_OBJECT_MOVE_DONT_SIZE;  // taller rows must not stretch the code
  options.description = description.data();
  return Check(worksheet_insert_image_buffer_opt(
                   ws_, 0, first_col, reinterpret_cast<const unsigned char*>(qr_png_.data()),
                   qr_png_.size(), &options),
               "二维码");
}

Status SheetWriter::WriteBlock(const std::vector<Row>& rows) {
  if (rows.empty()) return Status::Ok();
  const uint32_t first = row_;
  const uint32_t count = static_cast<uint32_t>(rows.size());
  std::vector<Placed> placed;
  for (uint32_t i = 0; i < count; ++i) {
    DANGAN_RETURN_IF_ERROR(
        xlsx::PlaceRow(rows[i], first + i, count - 1 - i, geometry_.count(), &placed));
  }
  const std::vector<double> heights = xlsx::BlockHeights(rows, placed, first, geometry_);
  for (const Placed& p : placed) {
    if (!p.cell->choice_list.empty()) {
      DANGAN_RETURN_IF_ERROR(AddValidation(p, p.last_row));
    } else if (const Field* f =
                   tmpl_ && !p.cell->field.empty() ? tmpl_->FindField(p.cell->field) : nullptr) {
      if (!formulas_.count(p.cell) && !capitals_.count(p.cell)) {
        DANGAN_RETURN_IF_ERROR(AddLimitValidation(p, *f, p.last_row));
      }
    }
  }
  for (uint32_t i = 0; i < count; ++i) {
    DANGAN_RETURN_IF_ERROR(WriteGridRow(first + i, heights[i], placed));
  }
  row_ = first + count;
  return Status::Ok();
}

// Rows are produced one at a time and dropped once written, so a 200,000-row register never
// sits in memory. A long table's rows are produced, placed and measured on a second thread while
// this one feeds libxlsxwriter, which is most of the time.
Status SheetWriter::WriteBody() {
  const size_t count = sheet_.body_count;
  if (count == 0) return Status::Ok();
  if (!sheet_.body_row) {
    return Status::InvalidArgument("表格有 " + std::to_string(count) + " 行数据，但没有行内容");
  }
  body_first_ = row_;
  const uint32_t last = row_ + static_cast<uint32_t>(count) - 1;
  body_validated_.assign(geometry_.count(), 0);
  BodyRowSource source(sheet_, geometry_, row_, constant_memory_);
  in_body_ = true;
  for (size_t i = 0; i < count; ++i, ++row_) {
    const PreparedRow* prepared = nullptr;
    DANGAN_RETURN_IF_ERROR(source.Next(&prepared));
    DANGAN_RETURN_IF_ERROR(WriteGridRow(row_, prepared->height, prepared->placed));
    DANGAN_RETURN_IF_ERROR(ValidateBodyColumns(prepared->placed, last));
  }
  in_body_ = false;
  return Status::Ok();
}

// Writes worksheet row `row` from the cells that start on it or span down into it. Every grid
// position gets a bordered cell, merged areas included, so the printed form has all its lines.
Status SheetWriter::WriteGridRow(uint32_t row, double height, const std::vector<Placed>& cells) {
  const lxw_error row_err = worksheet_set_row(ws_, row, height, nullptr);
  if (row_err != LXW_NO_ERROR) return Fail(row_err, "第 " + std::to_string(row + 1) + " 行");
  covered_.assign(geometry_.count(), 0);
  for (const Placed& p : cells) {
    if (p.first_row != row || !p.merged() || LateMerge(p)) continue;
    DANGAN_RETURN_IF_ERROR(Merge(p));
  }
  for (const Placed& p : cells) {
    if (p.first_row > row || p.last_row < row) continue;
    DANGAN_RETURN_IF_ERROR(WriteCovered(row, p));
  }
  for (int c = 0; c < geometry_.count(); ++c) {
    if (covered_[c]) continue;
    DANGAN_RETURN_IF_ERROR(Check(worksheet_write_blank(ws_, row, c, formats_.EmptyGrid()),
                                 "单元格 " + CellRef(row, c)));
  }
  for (const Placed& p : cells) {
    if (p.last_row == row && LateMerge(p)) DANGAN_RETURN_IF_ERROR(Merge(p));
  }
  return Status::Ok();
}

// The part of `p` on `row`: its value in the first cell, formatted blanks elsewhere.
Status SheetWriter::WriteCovered(uint32_t row, const Placed& p) {
  lxw_format* f = formats_.ForCell(*p.cell);
  for (int c = p.first_col; c <= p.last_col; ++c) {
    covered_[c] = 1;
    if (row == p.first_row && c == p.first_col) {
      DANGAN_RETURN_IF_ERROR(WriteValue(p, f));
    } else {
      DANGAN_RETURN_IF_ERROR(
          Check(worksheet_write_blank(ws_, row, c, f), "单元格 " + CellRef(row, c)));
    }
  }
  return Status::Ok();
}

// In normal mode a merge is registered before its value is written (merge_range blanks the first
// cell). In constant-memory mode a merge spanning rows is registered once its last row is written:
// libxlsxwriter then still records the range, rejects the writes to rows already flushed and only
// re-blanks the current row, which keeps the value written earlier.
Status SheetWriter::Merge(const Placed& p) {
  return Check(worksheet_merge_range(ws_, p.first_row, p.first_col, p.last_row, p.last_col, "",
                                     formats_.ForCell(*p.cell)),
               "合并单元格 " + CellRef(p.first_row, p.first_col));
}

// The formula of a cell, if it has one: its row's product in the body, else the planned one.
const std::string* SheetWriter::FormulaOf(const Placed& p) {
  if (in_body_) {
    if (p.first_col >= products_.size() || products_[p.first_col].a < 0) return nullptr;
    const Product& product = products_[p.first_col];
    scratch_formula_ =
        xlsx::ProductFormula(CellRef(p.first_row, product.a), CellRef(p.first_row, product.b),
                             product.money, p.cell->text.empty());
    return &scratch_formula_;
  }
  if (formulas_.empty()) return nullptr;
  const auto it = formulas_.find(p.cell);
  return it == formulas_.end() ? nullptr : &it->second;
}

// The formula with what dangan printed as its cached value, which a program shows until it
// recalculates (and which is the result, as long as nobody changes the data).
Status SheetWriter::WriteFormula(const Placed& p, const std::string& formula, lxw_format* f) {
  const Cell& c = *p.cell;
  if ((c.kind == CellKind::kNumber || c.kind == CellKind::kMoney) && !c.text.empty()) {
    if (!std::isfinite(c.number)) {
      return Status::InvalidArgument("单元格 " + CellRef(p.first_row, p.first_col) + "（字段“" +
                                     FieldOf(c) + "”）的数值无效：" + c.text);
    }
    return CheckCell(
        worksheet_write_formula_num(ws_, p.first_row, p.first_col, formula.c_str(), f, c.number),
        p);
  }
  return CheckCell(worksheet_write_formula_str(ws_, p.first_row, p.first_col, formula.c_str(), f,
                                               c.text.c_str()),
                   p);
}

Status SheetWriter::WriteValue(const Placed& p, lxw_format* f) {
  const Cell& c = *p.cell;
  const uint32_t r = p.first_row;
  const uint16_t col = p.first_col;
  if (const std::string* formula = FormulaOf(p)) {
    if (in_body_ && c.text.empty() && products_[col].money) {
      // A row left blank shows its amount, once filled in, as the others do.
      Cell money = c;
      money.kind = CellKind::kMoney;
      f = formats_.ForCell(money);
    }
    return WriteFormula(p, *formula, f);
  }
  if (c.text.empty()) return CheckCell(worksheet_write_blank(ws_, r, col, f), p);
  switch (c.kind) {
    case CellKind::kNumber:
    case CellKind::kMoney:
      // libxlsxwriter would print "nan" or "inf" into the XML, which Excel refuses to open.
      if (!std::isfinite(c.number)) {
        return Status::InvalidArgument("单元格 " + CellRef(r, col) + "（字段“" + FieldOf(c) +
                                       "”）的数值无效：" + c.text);
      }
      return CheckCell(worksheet_write_number(ws_, r, col, c.number, f), p);
    case CellKind::kDate:
    case CellKind::kTime:
      return WriteDateTime(p, f);
    case CellKind::kText:
      break;
  }
  return CheckCell(worksheet_write_string(ws_, r, col, c.text.c_str(), f), p);
}

Status SheetWriter::WriteDateTime(const Placed& p, lxw_format* f) {
  const Cell& c = *p.cell;
  const bool date = c.kind == CellKind::kDate;
  if (date ? !ValidDate(c) : !ValidTime(c)) {
    return Status::InvalidArgument("单元格 " + CellRef(p.first_row, p.first_col) + "（字段“" +
                                   FieldOf(c) + "”）的" + (date ? "日期" : "时间") + "无效：" +
                                   c.text);
  }
  // A date-less lxw_datetime (year 0) is written as a time fraction of a day.
  lxw_datetime dt = date ? lxw_datetime{c.year, c.month, c.day, 0, 0, 0}
                         : lxw_datetime{0, 0, 0, c.hour, c.minute, 0};
  return CheckCell(worksheet_write_datetime(ws_, p.first_row, p.first_col, &dt, f), p);
}

Status SheetWriter::AddValidation(const Placed& p, uint32_t last_row) {
  const auto it = list_formulas_.find(p.cell->choice_list);
  if (it == list_formulas_.end()) {
    const bool defined =
        std::any_of(sheet_.choice_lists.begin(), sheet_.choice_lists.end(),
                    [&](const ChoiceList& l) { return l.name == p.cell->choice_list; });
    if (defined) return Status::Ok();  // an empty list offers nothing to choose
    return Status::InvalidArgument("字段“" + FieldOf(*p.cell) + "”引用的下拉选项“" +
                                   p.cell->choice_list + "”未定义");
  }
  std::string formula = it->second;
  std::string error_title = "输入无效";
  std::string error_message = "请从下拉列表中选择。";
  lxw_data_validation dv = {};
  dv.validate = LXW_VALIDATION_TYPE_LIST_FORMULA;
  dv.value_formula = formula.data();
  dv.error_title = error_title.data();
  dv.error_message = error_message.data();
  return Check(
      worksheet_data_validation_range(ws_, p.first_row, p.first_col, last_row, p.last_col, &dv),
      "下拉选项 " + CellRef(p.first_row, p.first_col));
}

namespace {

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A data validation from a field's limits, with the Chinese prompt and error a clerk sees.
struct LimitRule {
  lxw_data_validation dv = {};
  std::string input_title, input_message, error_title = "输入无效", error_message;

  // False when the field has no limit a spreadsheet can check.
  bool For(const Field& f) {
    std::string what;  // "1 至 100000 之间的数", read after 请输入 and after 应为
    switch (f.type) {
      case FieldType::kNumber:
      case FieldType::kMoney: {
        const bool money = f.type == FieldType::kMoney;
        const std::string noun = money ? "金额" : "数";
        dv.validate = LXW_VALIDATION_TYPE_DECIMAL;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        // Money stays within what dangan prints; a number within what a double holds exactly.
        dv.minimum_number = f.min ? *f.min : money ? -kMaxMoney : -1e15;
        dv.maximum_number = f.max ? *f.max : money ? kMaxMoney : 1e15;
        if (f.min && f.max) {
          what = FormatNumber(*f.min) + " 至 " + FormatNumber(*f.max) + " 之间的" + noun;
        } else if (f.min) {
          what = "不小于 " + FormatNumber(*f.min) + " 的" + noun;
        } else if (f.max) {
          what = "不大于 " + FormatNumber(*f.max) + " 的" + noun;
        } else {
          what = money ? "金额（绝对值不超过 " + FormatMoney(kMaxMoney) + " 元）" : "数字";
        }
        break;
      }
      case FieldType::kDate:
        dv.validate = LXW_VALIDATION_TYPE_DATE;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_datetime = {1900, 1, 1, 0, 0, 0};
        dv.maximum_datetime = {9999, 12, 31, 0, 0, 0};
        what = "日期（如 2024-03-05）";
        break;
      case FieldType::kTime:
        dv.validate = LXW_VALIDATION_TYPE_TIME;
        dv.criteria = LXW_VALIDATION_CRITERIA_BETWEEN;
        dv.minimum_datetime = {0, 0, 0, 0, 0, 0};
        dv.maximum_datetime = {0, 0, 0, 23, 59, 0};
        what = "时间（如 08:30）";
        break;
      case FieldType::kText:
      case FieldType::kMultiline:
      case FieldType::kPerson:
      case FieldType::kSignature:
        if (!f.max_length) return false;
        dv.validate = LXW_VALIDATION_TYPE_LENGTH;
        dv.criteria = LXW_VALIDATION_CRITERIA_LESS_THAN_OR_EQUAL_TO;
        dv.value_number = static_cast<double>(*f.max_length);
        what = "不超过 " + std::to_string(*f.max_length) + " 个字的内容";
        break;
      case FieldType::kChoice:  // a drop-down list
      case FieldType::kSerial:  // numbered by dangan
        return false;
    }
    // Excel refuses a title over 32 characters and a message over 255.
    if (CodePoints(f.name) <= 32) input_title = f.name;
    // A figure after a Chinese word is set off by a space, as in the rest of dangan's messages.
    if (std::isdigit(static_cast<unsigned char>(what[0])) || what[0] == '-') what = " " + what;
    input_message = "请输入" + what + "。";
    error_message = f.name + "应为" + what + "。";
    if (CodePoints(error_message) > 255) error_message = "应为" + what + "。";
    if (!input_title.empty()) dv.input_title = input_title.data();
    dv.input_message = input_message.data();
    dv.error_title = error_title.data();
    dv.error_message = error_message.data();
    return true;
  }
};

}  // namespace

// The template's limits of a field over the cells of `p` down to `last_row`: whatever Excel, WPS
// or LibreOffice lets a clerk type there is then a value dangan would accept.
Status SheetWriter::AddLimitValidation(const Placed& p, const Field& field, uint32_t last_row) {
  LimitRule rule;
  if (!rule.For(field)) return Status::Ok();
  return Check(worksheet_data_validation_range(ws_, p.first_row, p.first_col, last_row, p.last_col,
                                               &rule.dv),
               "数据有效性 " + CellRef(p.first_row, p.first_col));
}

// One validation per body column, from the first row that uses it down to the last body row,
// rather than one per cell: Excel slows down with hundreds of thousands of validations.
Status SheetWriter::ValidateBodyColumns(const std::vector<Placed>& cells, uint32_t last_row) {
  for (const Placed& p : cells) {
    if (body_validated_[p.first_col]) continue;
    for (int c = p.first_col; c <= p.last_col; ++c) body_validated_[c] = 1;
    if (!p.cell->choice_list.empty()) {
      DANGAN_RETURN_IF_ERROR(AddValidation(p, last_row));
      continue;
    }
    const TableColumn* column =
        tmpl_ && !p.cell->field.empty() ? tmpl_->FindColumn(p.cell->field) : nullptr;
    if (column && column->field.compute.empty()) {
      DANGAN_RETURN_IF_ERROR(AddLimitValidation(p, column->field, last_row));
    }
  }
  return Status::Ok();
}

Status SheetWriter::SetUpPrinting() {
  worksheet_set_paper(ws_, 9);  // A4
  if (sheet_.orientation == Orientation::kLandscape) {
    worksheet_set_landscape(ws_);
  } else {
    worksheet_set_portrait(ws_);
  }
  worksheet_set_margins(ws_, kMarginInches, kMarginInches, kMarginInches, kMarginInches);
  worksheet_center_horizontally(ws_);
  worksheet_fit_to_pages(ws_, 1, 0);  // one page wide, as many pages tall as needed
  DANGAN_RETURN_IF_ERROR(
      Check(worksheet_print_area(ws_, 0, 0, row_ - 1, geometry_.count() - 1), "打印区域"));
  if (header_rows_ > 0) {
    DANGAN_RETURN_IF_ERROR(Check(
        worksheet_repeat_rows(ws_, header_first_, header_first_ + header_rows_ - 1), "打印标题行"));
  }
  // The document number on every page identifies loose sheets; fall back to the page number
  // alone if it would exceed the 255-character footer limit.
  const std::string footer = "&L编号：" + EscapeHeaderFooter(sheet_.doc_number) + kPageFooter;
  if (sheet_.doc_number.empty() || worksheet_set_footer(ws_, footer.c_str()) != LXW_NO_ERROR) {
    DANGAN_RETURN_IF_ERROR(Check(worksheet_set_footer(ws_, kPageFooter), "页脚"));
  }
  // A form scrolls freely: frozen, its head block would fill a laptop's screen. A register keeps
  // only its column headings in view over its rows: the window opens at the heading row, which
  // alone is frozen; the title and head block stay in the sheet and on every printout's first
  // page, above the frozen pane (topLeftCell of the sheet view, set after the package is written,
  // since libxlsxwriter 1.1.4 has no call for it).
  const bool is_register =
      tmpl_ ? tmpl_->kind == TemplateKind::kRegister : !sheet_.table_header.empty();
  if (sheet_.body_count > 0 && is_register) {
    if (header_rows_ > 0) {
      worksheet_freeze_panes_opt(ws_, header_rows_, 0, header_first_ + header_rows_, 0, 0);
      view_top_row_ = header_first_;
    } else {
      worksheet_freeze_panes(ws_, body_first_, 0);
    }
  }
  return Status::Ok();
}

size_t TotalRows(const Sheet& sheet) {
  return kTitleRows + sheet.head.size() + sheet.table_header.size() + sheet.body_count +
         sheet.tail.size();
}

// A name in the target's directory, so the final rename cannot cross file systems.
std::string TempPath(const std::string& path) {
  static std::atomic<unsigned> counter{0};
  return path + ".tmp" + std::to_string(getpid()) + "_" + std::to_string(counter++);
}

// Creating the file first fails fast on a bad directory, before a long register is laid out, and
// keeps libxlsxwriter from printing its own English error on stderr.
Status CreateEmptyFile(const std::string& temp, const std::string& path) {
  std::FILE* f = std::fopen(temp.c_str(), "wb");
  if (f == nullptr)
    return Status::IoError("无法创建 XLSX 文件 " + path + "：" + SystemErrorText(errno));
  std::fclose(f);
  return Status::Ok();
}

Status WriteWorkbook(const Sheet& sheet, const Template* tmpl, const std::string& temp,
                     const std::string& path, bool constant_memory) {
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(temp.c_str(), &options);
  if (workbook == nullptr) return Status::IoError("无法创建 XLSX 文件 " + path);
  SheetWriter writer(workbook, sheet, tmpl, constant_memory, path);
  Status st = writer.Write();
  const lxw_error err = workbook_close(workbook);  // also frees the workbook after a failure
  if (st.ok() && err != LXW_NO_ERROR) {
    st = Status::IoError("无法保存 XLSX 文件 " + path + "：" + lxw_strerror(err));
  }
  if (st.ok() && writer.view_top_row() > 0) {
    st = xlsx::SetSheetViewTopRow(temp, "xl/worksheets/sheet1.xml", writer.view_top_row());
  }
  return st;
}

}  // namespace

Status WriteXlsx(const Sheet& sheet, const std::string& path, const XlsxOptions& options) {
  if (TotalRows(sheet) > kMaxSheetRows) {
    return Status::InvalidArgument("表格共 " + std::to_string(TotalRows(sheet)) +
                                   " 行，超过 Excel 单个工作表的上限 1048576 行");
  }
  const std::string temp = TempPath(path);
  DANGAN_RETURN_IF_ERROR(CreateEmptyFile(temp, path));
  Status st = WriteWorkbook(sheet, options.tmpl, temp, path,
                            sheet.body_count > options.constant_memory_rows);
  if (st.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    st = Status::IoError("无法保存 XLSX 文件 " + path + "：" + SystemErrorText(errno));
  }
  if (!st.ok()) std::remove(temp.c_str());
  return st;
}

}  // namespace dangan
