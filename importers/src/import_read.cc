// Reading a workbook for an import, row by row: each sheet's rows are held only until its header
// row is found (at most the first kHeaderSearchRows, or down to the mapping's header_row); from
// then on every data row is mapped and handed to the target, and dropped when it returns.
#include "import_internal.h"

namespace dangan::import {
namespace {

using MergedBySheet = std::map<int, std::vector<MergedRange>>;

// The first pass over an .xlsx: only its merged ranges, which come after each sheet's cells and
// which finding the header needs (a title merged across the table is not a header).
class MergedRangesSink : public SheetSink {
 public:
  explicit MergedRangesSink(MergedBySheet* out) : out_(out) {}
  Status BeginSheet(int, const std::string&) override { return Status::Ok(); }
  Status Row(const SheetRow&) override { return Status::Ok(); }
  Status EndSheet(int sheet_index, const std::vector<MergedRange>& merged) override {
    (*out_)[sheet_index] = merged;
    return Status::Ok();
  }

 private:
  MergedBySheet* out_;
};

class RowStream : public SheetSink {
 public:
  RowStream(const ImportOptions& options, const std::vector<FieldSpec>& fields, std::string what,
            MergedBySheet merged, ImportReport* report, RowConsumer* consumer)
      : what_(std::move(what)),
        mapping_(options.mapping),
        progress_(options.progress),
        fields_(fields),
        merged_(std::move(merged)),
        report_(report),
        consumer_(consumer) {}

  Status BeginSheet(int sheet_index, const std::string& name) override {
    head_ = SheetData();
    head_.index = sheet_index;
    head_.name = name;
    auto it = merged_.find(sheet_index);
    if (it != merged_.end()) head_.merged = it->second;
    state_ = State::kSearching;
    had_rows_ = false;
    return Status::Ok();
  }

  Status Row(const SheetRow& row) override {
    had_rows_ = true;
    if (state_ == State::kData) return DataRow(row);
    if (state_ == State::kNoHeader) return Status::Ok();
    if (row.number > LastHeaderRow()) {
      NoHeader();
      return Status::Ok();
    }
    head_.rows.push_back(row);
    if (mapping_.header_row > 0 && row.number != mapping_.header_row) return Status::Ok();
    SheetLayout layout = MapSheet(head_, fields_, mapping_);
    if (layout.header_index < 0) return Status::Ok();
    return HeaderFound(std::move(layout));
  }

  Status EndSheet(int, const std::vector<MergedRange>&) override {
    if (state_ == State::kSearching) NoHeader();
    return Status::Ok();
  }

  bool consumer_failed() const { return consumer_failed_; }
  const SheetLayouts& layouts() const { return layouts_; }
  const std::vector<std::string>& order() const { return order_; }

 private:
  enum class State { kSearching, kData, kNoHeader };

  int LastHeaderRow() const {
    return mapping_.header_row > 0 ? mapping_.header_row : kHeaderSearchRows;
  }

  void NoHeader() {
    state_ = State::kNoHeader;
    head_.rows.clear();
    head_.rows.shrink_to_fit();
    if (!had_rows_) return;
    report_->AddProblem({head_.name, 0, "", "", "没有找到" + what_ + "的表头行，此工作表未导入",
                         false, import_problem_codes::kNoHeader});
  }

  Status HeaderFound(SheetLayout layout) {
    state_ = State::kData;
    // Rows before the header's (kept as the head) are left; the header is the last of them.
    head_.rows.resize(layout.header_index + 1);
    layout.header_index = static_cast<int>(head_.rows.size()) - 1;
    for (ColumnReport& c : layout.columns) c.samples.clear();
    report_->sheets.push_back(head_.name);
    report_->header_rows[head_.name] = head_.rows.back().number;
    for (const ImportProblem& p : layout.problems) report_->AddProblem(p);
    order_.push_back(head_.name);
    layout_ = &(layouts_[head_.name] = std::move(layout));
    return Consumed(consumer_->BeginSheet(head_, layout_));
  }

  Status DataRow(const SheetRow& row) {
    if (!MapRow(head_, row, *layout_, fields_.size(), &mapped_)) return Status::Ok();
    DANGAN_RETURN_IF_ERROR(Consumed(consumer_->Row(mapped_, layout_)));
    if (progress_ && report_->rows_read - reported_ >= ImportOptions::kProgressRows) {
      return ReportProgress();
    }
    return Status::Ok();
  }

 public:
  // Not a failure of the consumer nor of the file: StreamRows passes it on as it is.
  Status ReportProgress() {
    reported_ = report_->rows_read;
    if (!progress_ || progress_(reported_)) return Status::Ok();
    return Status::Unsupported("导入已中止（服务停止），档案库未作任何改动");
  }

 private:
  Status Consumed(Status st) {
    if (!st.ok()) consumer_failed_ = true;
    return st;
  }

  std::string what_;
  const ImportMapping& mapping_;
  const std::function<bool(int64_t)>& progress_;
  int64_t reported_ = 0;
  const std::vector<FieldSpec>& fields_;
  MergedBySheet merged_;
  ImportReport* report_;
  RowConsumer* consumer_;
  SheetData head_;
  State state_ = State::kSearching;
  bool had_rows_ = false;
  SheetLayouts layouts_;
  SheetLayout* layout_ = nullptr;
  std::vector<std::string> order_;
  MappedRow mapped_;
  bool consumer_failed_ = false;
};

}  // namespace

Status StreamRows(const std::string& path, const ImportOptions& options,
                  const std::vector<FieldSpec>& fields, const std::string& what,
                  ImportReport* report, RowConsumer* consumer) {
  MergedBySheet merged;
  SpreadsheetInfo info;
  if (DetectSpreadsheetFormat(path) == SpreadsheetFormat::kXlsx) {
    MergedRangesSink sink(&merged);
    DANGAN_RETURN_IF_ERROR(ReadSpreadsheet(path, options.read, &sink, &info));
  }
  RowStream stream(options, fields, what, std::move(merged), report, consumer);
  Status st = ReadSpreadsheet(path, options.read, &stream, &info);
  if (!st.ok() && !stream.consumer_failed()) return st;  // the file itself is at fault
  report->format = SpreadsheetFormatName(info.format);
  report->encoding = info.encoding;
  report->columns.clear();
  for (const std::string& name : stream.order()) {
    for (const ColumnReport& c : stream.layouts().at(name).columns) report->columns.push_back(c);
  }
  DANGAN_RETURN_IF_ERROR(st);
  DANGAN_RETURN_IF_ERROR(stream.ReportProgress());  // the last rows, once the file is read
  if (stream.layouts().empty()) {
    return Status::InvalidArgument("文件 " + report->source + " 中没有找到" + what +
                                   "的表头行（至少两列的列名应是已知的字段名）；可在映射文件中用 "
                                   "columns 对应列名，或用 header_row 指明表头所在的行");
  }
  return Status::Ok();
}

}  // namespace dangan::import
