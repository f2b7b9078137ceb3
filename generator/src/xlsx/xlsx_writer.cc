// WriteXlsx: the Sheet as one visible worksheet (title, identity and QR code, then the grid),
// with drop-down lists kept on a hidden sheet and print set-up for A4.
#include "dangan/generator/xlsx_writer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <atomic>
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
#include <vector>

#include "qr.h"
#include "xlsx/formats.h"
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
  SheetWriter(lxw_workbook* workbook, const Sheet& sheet, bool constant_memory,
              const std::string& path)
      : workbook_(workbook),
        sheet_(sheet),
        constant_memory_(constant_memory),
        path_(path),
        geometry_(ColumnWidths(sheet)),
        formats_(workbook) {}

  Status Write();

 private:
  static std::vector<double> ColumnWidths(const Sheet& sheet);
  Status Fail(lxw_error err, const std::string& where) const;
  Status Check(lxw_error err, const std::string& where) const {
    return err == LXW_NO_ERROR ? Status::Ok() : Fail(err, where);
  }
  Status CheckCell(lxw_error err, const Placed& p) const;

  Status AddWorksheets();
  Status WriteChoiceSheet();
  void SetColumns();
  Status WriteTitleRows();
  Status WriteSpan(uint32_t row, int first, int last, const std::string& text, lxw_format* f);
  Status WriteIdentityRow(int columns);
  int QrColumns() const;
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
  Status ValidateBodyColumns(const std::vector<Placed>& cells, uint32_t last_row);
  Status SetUpPrinting();

  lxw_workbook* workbook_;
  const Sheet& sheet_;
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
  std::vector<char> covered_;         // per column, within the row being written
  std::vector<char> body_validated_;  // per column: drop-down already set for the whole body
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

Status SheetWriter::WriteTitleRows() {
  const int columns = geometry_.count();
  DANGAN_RETURN_IF_ERROR(Check(worksheet_set_row(ws_, 0, kTitleRowPt, nullptr), "标题行"));
  DANGAN_RETURN_IF_ERROR(WriteSpan(0, 0, columns - 1, sheet_.title, formats_.Title()));
  DANGAN_RETURN_IF_ERROR(Check(worksheet_set_row(ws_, 1, kTitleRowPt, nullptr), "编号行"));
  const int qr_cols = sheet_.qr_payload.empty() ? 0 : QrColumns();
  // The identity texts stay clear of the QR code unless the grid is too narrow for both.
  DANGAN_RETURN_IF_ERROR(WriteIdentityRow(qr_cols < columns ? columns - qr_cols : columns));
  if (qr_cols > 0) DANGAN_RETURN_IF_ERROR(InsertQr(columns - qr_cols));
  row_ = kTitleRows;
  return Status::Ok();
}

Status SheetWriter::WriteIdentityRow(int columns) {
  const std::string source = sheet_.source.empty() ? "" : "依据：" + sheet_.source;
  const std::string number = sheet_.doc_number.empty() ? "" : "编号：" + sheet_.doc_number;
  if (columns == 1) {
    const std::string both = source + (source.empty() || number.empty() ? "" : "　") + number;
    return WriteSpan(1, 0, 0, both, formats_.Identity(false));
  }
  // Split the columns in proportion to the two texts, each part at least one column wide.
  const double share = static_cast<double>(xlsx::DisplayWidth(source) + 1) /
                       (xlsx::DisplayWidth(source) + xlsx::DisplayWidth(number) + 2);
  const double target = share * geometry_.Pixels(0, columns - 1);
  int split = 1;
  while (split < columns - 1 && geometry_.Pixels(0, split - 1) < target) ++split;
  DANGAN_RETURN_IF_ERROR(WriteSpan(1, 0, split - 1, source, formats_.Identity(false)));
  return WriteSpan(1, split, columns - 1, number, formats_.Identity(true));
}

// Trailing columns wide enough to hold the QR code.
int SheetWriter::QrColumns() const {
  const int columns = geometry_.count();
  int px = 0;
  for (int k = 1; k <= columns; ++k) {
    px += geometry_.Pixels(columns - k);
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
  options.x_offset =
      std::max(0, geometry_.Pixels(first_col, geometry_.count() - 1) - kQrPixels - kQrGap);
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
    if (!p.cell->choice_list.empty()) DANGAN_RETURN_IF_ERROR(AddValidation(p, p.last_row));
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
  for (size_t i = 0; i < count; ++i, ++row_) {
    const PreparedRow* prepared = nullptr;
    DANGAN_RETURN_IF_ERROR(source.Next(&prepared));
    DANGAN_RETURN_IF_ERROR(WriteGridRow(row_, prepared->height, prepared->placed));
    DANGAN_RETURN_IF_ERROR(ValidateBodyColumns(prepared->placed, last));
  }
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

Status SheetWriter::WriteValue(const Placed& p, lxw_format* f) {
  const Cell& c = *p.cell;
  const uint32_t r = p.first_row;
  const uint16_t col = p.first_col;
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

// One validation per body column, from the first row that uses it down to the last body row,
// rather than one per cell: Excel slows down with hundreds of thousands of validations.
Status SheetWriter::ValidateBodyColumns(const std::vector<Placed>& cells, uint32_t last_row) {
  for (const Placed& p : cells) {
    if (p.cell->choice_list.empty() || body_validated_[p.first_col]) continue;
    DANGAN_RETURN_IF_ERROR(AddValidation(p, last_row));
    for (int c = p.first_col; c <= p.last_col; ++c) body_validated_[c] = 1;
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
  if (sheet_.body_count > 0) {
    worksheet_freeze_panes(ws_, header_rows_ > 0 ? header_first_ + header_rows_ : body_first_, 0);
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

Status WriteWorkbook(const Sheet& sheet, const std::string& temp, const std::string& path,
                     bool constant_memory) {
  lxw_workbook_options options = {};
  options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
  lxw_workbook* workbook = workbook_new_opt(temp.c_str(), &options);
  if (workbook == nullptr) return Status::IoError("无法创建 XLSX 文件 " + path);
  Status st = SheetWriter(workbook, sheet, constant_memory, path).Write();
  const lxw_error err = workbook_close(workbook);  // also frees the workbook after a failure
  if (st.ok() && err != LXW_NO_ERROR) {
    st = Status::IoError("无法保存 XLSX 文件 " + path + "：" + lxw_strerror(err));
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
  Status st = WriteWorkbook(sheet, temp, path, sheet.body_count > options.constant_memory_rows);
  if (st.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    st = Status::IoError("无法保存 XLSX 文件 " + path + "：" + SystemErrorText(errno));
  }
  if (!st.ok()) std::remove(temp.c_str());
  return st;
}

}  // namespace dangan
