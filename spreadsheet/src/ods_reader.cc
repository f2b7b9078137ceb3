// .ods (OpenDocument spreadsheet, LibreOffice's and WPS's native format): content.xml streamed
// through expat from the zip, inside the same zip-bomb limits as .xlsx (xlsx_package.h).
// Repeated rows and cells (table:number-rows-repeated / number-columns-repeated, which
// LibreOffice writes for the empty rest of a sheet: a million rows) advance counters; only
// rows that hold a value are built. Spanned cells become merged ranges.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "dangan/records/text.h"
#include "sheet_readers.h"
#include "xlsx_package.h"

namespace dangan::sheet {
namespace {

// A positive count attribute ("1016"), 1 when absent; huge values saturate, failing the limits.
int64_t Count(const char* value) {
  if (value == nullptr) return 1;
  int64_t n = 0;
  for (const char* p = value; *p >= '0' && *p <= '9'; ++p) n = std::min<int64_t>(n * 10 + (*p - '0'), int64_t{1} << 40);
  return n < 1 ? 1 : n;
}

// "PT09H30M00S" (or "PT36H") -> seconds; -1 if not a duration.
double DurationSeconds(const char* value) {
  if (value == nullptr || std::string_view(value).rfind("PT", 0) != 0) return -1;
  double seconds = 0;
  const char* p = value + 2;
  while (*p != 0) {
    char* end = nullptr;
    const double n = std::strtod(p, &end);
    if (end == p) return -1;
    if (*end == 'H') seconds += n * 3600;
    else if (*end == 'M') seconds += n * 60;
    else if (*end == 'S') seconds += n;
    else return -1;
    p = end + 1;
  }
  return seconds;
}

// Row and column counters saturate here: far past every limit, never overflowing.
constexpr int64_t kCounterCap = int64_t{1} << 50;

int64_t Advance(int64_t counter, int64_t by) { return std::min(counter + by, kCounterCap); }

class ContentHandler : public XmlHandler {
 public:
  ContentHandler(const SpreadsheetOptions& options, SheetSink* sink)
      : options_(options), limits_(options.limits), sink_(sink) {}

  Status sink_status;
  std::vector<std::string> names;  // every table, in order
  std::vector<std::string> read;   // the tables read

  std::string Where() const override {
    if (!in_table_) return "";
    return Place(name_, in_row_ ? row_number_ : 0,
                 in_cell_ ? static_cast<int>(std::min<int64_t>(column_ + 1, INT32_MAX)) : 0);
  }

  void Start(std::string_view name, const char** a) override {
    if (annotation_depth_ > 0) {
      if (name == "annotation") ++annotation_depth_;
      return;
    }
    if (name == "table" && !in_table_) return StartTable(a);
    if (!active_) return;
    if (name == "table-row") return StartRow(a);
    if (name == "table-cell" || name == "covered-table-cell") return StartCell(a);
    if (!in_cell_) return;
    if (name == "annotation") {
      annotation_depth_ = 1;
    } else if (name == "p") {
      if (paragraphs_++ > 0) Append("\n");
      in_paragraph_ = true;
    } else if (name == "s") {
      Append(std::string(static_cast<size_t>(std::min<int64_t>(Count(Attribute(a, "c")), 1024)), ' '));
    } else if (name == "tab") {
      Append("\t");
    } else if (name == "line-break") {
      Append("\n");
    }
  }

  void End(std::string_view name) override {
    if (annotation_depth_ > 0) {
      if (name == "annotation") --annotation_depth_;
      return;
    }
    if (name == "table" && in_table_) return EndTable();
    if (!active_) return;
    if (name == "p") in_paragraph_ = false;
    if (name == "table-cell" || name == "covered-table-cell") return EndCell();
    if (name == "table-row") return EndRow();
  }

  void Text(const char* text, int length) override {
    if (in_paragraph_ && annotation_depth_ == 0) Append(std::string_view(text, static_cast<size_t>(length)));
  }

 private:
  void Append(std::string_view s) {
    if (!in_cell_ || text_.size() > limits_.max_cell_bytes) return;
    text_.append(s);
    if (text_.size() > limits_.max_cell_bytes) {
      Fail("单元格内容超过 " + ByteSize(limits_.max_cell_bytes) + "（单元格最多 32767 个字符）");
    }
  }

  void StartTable(const char** a) {
    const char* name = Attribute(a, "name");
    name_ = name ? name : "Sheet" + std::to_string(names.size() + 1);
    index_ = static_cast<int>(names.size());
    names.push_back(name_);
    in_table_ = true;
    active_ = options_.sheet.empty() || options_.sheet == name_;
    row_number_ = 0;
    merged_.clear();
    if (!active_) return;
    read.push_back(name_);
    Forward(sink_->BeginSheet(index_, name_));
  }

  void EndTable() {
    in_table_ = false;
    if (active_) Forward(sink_->EndSheet(index_, merged_));
    active_ = false;
  }

  void StartRow(const char** a) {
    repeat_rows_ = Count(Attribute(a, "number-rows-repeated"));
    in_row_ = true;
    ++row_number_;
    if (static_cast<uint64_t>(row_number_) > limits_.max_rows) {
      in_row_ = false;
      return Fail("第 " + std::to_string(row_number_) + " 行超出上限（最多 " +
                  std::to_string(limits_.max_rows) + " 行）");
    }
    column_ = 0;
    row_.cells.clear();
    row_.sheet_index = index_;
  }

  void EndRow() {
    if (!in_row_) return;
    in_row_ = false;
    row_.number = static_cast<int>(row_number_);
    if (!TrimRow(&row_)) {  // an empty row, however often repeated, costs a counter
      row_number_ = Advance(row_number_, repeat_rows_ - 1);
      return;
    }
    for (int64_t i = 0; i < repeat_rows_ && failure().empty(); ++i) {
      if (i > 0) {
        ++row_number_;
        if (static_cast<uint64_t>(row_number_) > limits_.max_rows) {
          return Fail("第 " + std::to_string(row_number_) + " 行超出上限（最多 " +
                      std::to_string(limits_.max_rows) + " 行）");
        }
        row_.number = static_cast<int>(row_number_);
      }
      Forward(sink_->Row(row_));
    }
  }

  void StartCell(const char** a) {
    if (!in_row_) return;
    in_cell_ = true;
    text_.clear();
    paragraphs_ = 0;
    repeat_columns_ = Count(Attribute(a, "number-columns-repeated"));
    cell_ = SheetCell();
    value_type_.clear();
    for (const char** p = a; *p != nullptr; p += 2) {
      const std::string_view attribute(p[0]);
      if (attribute == "calcext:value-type") {
        error_ = std::string_view(p[1]) == "error";
      } else if (attribute.size() >= 10 &&
                 attribute.compare(attribute.size() - 10, 10, "value-type") == 0) {
        value_type_ = p[1];  // office:value-type, whatever its prefix
      }
    }
    has_formula_ = Attribute(a, "formula") != nullptr;
    ReadValue(a);
    const int64_t rows = Count(Attribute(a, "number-rows-spanned"));
    const int64_t columns = Count(Attribute(a, "number-columns-spanned"));
    if (rows > 1 || columns > 1) {
      const int64_t last_row = row_number_ + rows - 1, last_column = column_ + columns;
      if (static_cast<uint64_t>(last_row) <= limits_.max_rows &&
          static_cast<uint64_t>(last_column) <= limits_.max_columns) {
        merged_.push_back({static_cast<int>(row_number_), static_cast<int>(column_ + 1),
                           static_cast<int>(last_row), static_cast<int>(last_column)});
      }
    }
  }

  // The value held in the cell's attributes; string cells take their text at the end.
  void ReadValue(const char** a) {
    const std::string_view type = value_type_;
    if (type == "float" || type == "percentage" || type == "currency") {
      const char* v = Attribute(a, "value");
      const double number = v ? std::strtod(v, nullptr) : 0;
      cell_.type = SheetCellType::kNumber;
      cell_.number = number;
      cell_.text = NumberText(number);
    } else if (type == "date") {
      ReadDate(Attribute(a, "date-value"));
    } else if (type == "time") {
      const double seconds = DurationSeconds(Attribute(a, "time-value"));
      if (seconds >= 0) {
        const bool whole_minutes = std::fmod(std::round(seconds), 60) == 0;
        SetDateCell(seconds / 86400, whole_minutes ? DateShows::kTime : DateShows::kTimeSeconds,
                    &cell_);
      }
    } else if (type == "boolean") {
      const char* v = Attribute(a, "boolean-value");
      const bool yes = v != nullptr && (std::string_view(v) == "true" || std::string_view(v) == "1");
      cell_.type = SheetCellType::kBoolean;
      cell_.number = yes ? 1 : 0;
      cell_.text = yes ? "TRUE" : "FALSE";
    } else if (const char* s = Attribute(a, "string-value"); s != nullptr && type == "string") {
      string_value_ = s;
      has_string_value_ = true;
    }
  }

  void ReadDate(const char* value) {
    int y = 0, m = 0, d = 0, hh = 0, mm = 0;
    double ss = 0;
    const int n = value ? std::sscanf(value, "%d-%d-%dT%d:%d:%lf", &y, &m, &d, &hh, &mm, &ss) : 0;
    if (n < 3 || m < 1 || m > 12 || d < 1 || d > 31) {
      cell_.type = SheetCellType::kText;
      cell_.text = value ? value : "";
      return;
    }
    const double seconds = hh * 3600 + mm * 60 + ss;
    const double serial = static_cast<double>(DaysFromCivil(y, m, d)) + seconds / 86400;
    DateShows shows = DateShows::kDate;
    if (n > 3) shows = std::fmod(std::round(ss), 60) == 0 ? DateShows::kDateTime : DateShows::kDateTimeSeconds;
    SetDateCell(serial, shows, &cell_);
  }

  void EndCell() {
    if (!in_cell_) return;
    const std::string_view type = value_type_;
    if (type.empty() && has_formula_ && text_.empty() && !error_) {
      return Fail("公式没有保存计算结果（写出文件的程序没有保存公式的值），无法读出它的值；"
                  "请在 LibreOffice、WPS 或 Excel 中打开并保存后再导入");
    }
    in_cell_ = false;
    if (error_) {
      cell_ = SheetCell();
      cell_.type = SheetCellType::kError;
      cell_.text = text_;
    } else if (type == "string" || (type.empty() && !text_.empty())) {
      std::string text = has_string_value_ ? string_value_ : text_;
      cell_.type = text.empty() ? SheetCellType::kEmpty : SheetCellType::kText;
      cell_.text = std::move(text);
    }
    error_ = has_string_value_ = false;
    string_value_.clear();
    const int64_t first = column_;
    column_ = Advance(column_, repeat_columns_);
    if (cell_.type == SheetCellType::kEmpty) return;
    if (static_cast<uint64_t>(column_) > limits_.max_columns) {
      return Fail("单元格在第 " + std::to_string(column_) + " 列，超出上限（最多 " +
                  std::to_string(limits_.max_columns) + " 列）");
    }
    row_.cells.resize(static_cast<size_t>(column_));
    for (int64_t c = first; c < column_; ++c) row_.cells[static_cast<size_t>(c)] = cell_;
  }

  void Forward(Status status) {
    if (status.ok() || !sink_status.ok()) return;
    sink_status = std::move(status);
    Fail("");
  }

  const SpreadsheetOptions& options_;
  const SpreadsheetLimits& limits_;
  SheetSink* sink_;
  std::string name_;
  int index_ = 0;
  bool in_table_ = false, active_ = false, in_row_ = false, in_cell_ = false;
  bool in_paragraph_ = false, error_ = false, has_formula_ = false, has_string_value_ = false;
  int annotation_depth_ = 0, paragraphs_ = 0;
  int64_t row_number_ = 0, repeat_rows_ = 1, column_ = 0, repeat_columns_ = 1;
  std::string value_type_;
  SheetRow row_;
  SheetCell cell_;
  std::string text_, string_value_;
  std::vector<MergedRange> merged_;
};

}  // namespace

Status ReadOds(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
               SpreadsheetInfo* info) {
  XlsxPackage package(path, options.limits);
  DANGAN_RETURN_IF_ERROR(package.Open());
  ContentHandler handler(options, sink);
  const Status parsed = package.Parse("content.xml", "内容（content.xml）", &handler);
  if (!handler.sink_status.ok()) return handler.sink_status;
  DANGAN_RETURN_IF_ERROR(parsed);
  info->sheets = handler.read;
  if (handler.names.empty()) return Refuse(path, "工作簿中没有工作表");
  if (handler.read.empty()) {
    std::string names;
    for (const auto& n : handler.names) names += (names.empty() ? "" : "、") + n;
    return Refuse(path, "没有名为「" + options.sheet + "」的工作表（有：" + names + "）");
  }
  return Status::Ok();
}

}  // namespace dangan::sheet
