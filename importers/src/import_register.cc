// Register import: each row of an old register (用印登记表 in .xls, 固定资产登记表 in .xlsx …)
// becomes a stored row of the dangan register of that template, numbered as the source numbers
// it (序号), checked by the generator's own binding so that what is stored can be generated.
// Rows already stored in the volume (same 序号, same content) are unchanged; other content under
// a stored 序号 is reported as changed. A source without 序号 is matched by content and appended.
#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "dangan/generator/document.h"
#include "dangan/importers/import_values.h"
#include "dangan/records/text.h"
#include "import_internal.h"
#include "import_seen_keys.h"

namespace dangan::import {
namespace {

struct RegisterSourceRow {
  const MappedRow* src = nullptr;
  const SheetLayout* layout = nullptr;
  int64_t given_no = 0;                       // 序号 in the source; 0 = none
  std::vector<std::string> cells;             // template column order, normalised
  std::map<std::string, std::string> values;  // what is stored (序号 and empty cells left out)
  std::string hash;
  RowProblems problems;
  bool exists = false, changed = false;
  int64_t row_no = 0;
};

// The template with every header field optional: rows are imported without the header (保管部门,
// 册号 …), which is given when the register is generated.
Template RowsOnly(const Template& t) {
  Template copy = t;
  for (Field& f : copy.fields) f.required = false;
  return copy;
}

int SerialColumn(const Template& t) {
  for (size_t c = 0; c < t.table->columns.size(); ++c) {
    if (t.table->columns[c].field.type == FieldType::kSerial) return static_cast<int>(c);
  }
  return -1;
}

// The code of a cell that did not normalise to its column's type (import_normalize.cc).
const char* CodeOfType(FieldType type) {
  switch (type) {
    case FieldType::kDate:
      return problem_codes::kInvalidDate;
    case FieldType::kTime:
      return problem_codes::kInvalidTime;
    case FieldType::kNumber:
    case FieldType::kSerial:
      return problem_codes::kInvalidNumber;
    case FieldType::kMoney:
      return problem_codes::kInvalidMoney;
    case FieldType::kChoice:
      return problem_codes::kNotAChoice;
    default:  // text: what NormalizeForField refuses is the text rule
      return problem_codes::kInvalidText;
  }
}

// Rows are stored this many at a time, each chunk an AddRegisterRows call (with its audit
// entry) inside the import's transaction.
constexpr size_t kChunkRows = 1000;

class RegisterImport : public RowConsumer {
 public:
  RegisterImport(const ImportOptions& options, Archive* archive, ImportReport* report,
                 const ImportOutput& out)
      : options_(options),
        archive_(archive),
        report_(report),
        out_(out),
        tmpl_(*options.register_template),
        rows_only_(RowsOnly(tmpl_)),
        fields_(RegisterFields(tmpl_)),
        serial_(SerialColumn(tmpl_)) {}

  Status Run(const std::string& path) {
    if (!tmpl_.table || tmpl_.kind != TemplateKind::kRegister) {
      return Status::InvalidArgument("模板 " + tmpl_.id + "（" + tmpl_.title +
                                     "）不是登记表，不能导入行；登记表见 dangan forms");
    }
    DANGAN_RETURN_IF_ERROR(archive_->ReadRegisterRows(tmpl_.id, options_.volume, 0, 0, &stored_));
    IndexStored();
    DANGAN_RETURN_IF_ERROR(
        StreamRows(path, options_, fields_, "《" + tmpl_.title + "》", report_, this));
    return Finish();
  }

  Status BeginSheet(const SheetData& head, SheetLayout* layout) override {
    sheet_names_.push_back(head.name);
    has_serial_ = has_serial_ || (serial_ >= 0 && MapsField(*layout, serial_));
    FindHeaderValues(head);
    if (out_.rejected) out_.rejected->BeginSheet(head);
    return Status::Ok();
  }

  // Each row is normalised, bound by the generator's rules, checked against the 序号 before it
  // and the stored rows, counted, and kept to be stored (or written to the report of rejected
  // rows).
  Status Row(const MappedRow& m, SheetLayout* layout) override {
    RegisterSourceRow row;
    row.src = &m;
    row.layout = layout;
    ReadRow(&row);
    CheckSerial(&row);
    CompareWithStored(&row);
    AddSamples(row, layout);
    if (!TallyRow(row.problems, row.changed, row.exists, report_)) {
      if (row.problems.rejected() && out_.rejected) {
        return out_.rejected->Add(m, row.problems.list);
      }
      return Status::Ok();
    }
    if (options_.dry_run) {
      // A dry run lists what would be added even when problems would stop the import.
      report_->added.push_back(std::to_string(row.row_no));
      return Status::Ok();
    }
    if (Stops()) return Status::Ok();  // nothing more is stored: it will all be rolled back
    RegisterRow r;
    r.row_no = row.row_no;
    r.values = std::move(row.values);
    r.source = report_->source + " " + RowName(row);
    fresh_.push_back(std::move(r));
    return fresh_.size() >= kChunkRows ? StoreFresh() : Status::Ok();
  }

 private:
  // "保管部门：行政管理部　　印章保管人：郭蕾" in the lines above the table.
  void FindHeaderValues(const SheetData& head) {
    for (size_t i = 0; i + 1 < head.rows.size(); ++i) {
      for (const SheetCell& cell : head.rows[i].cells) {
        std::string text = CellText(cell);
        for (size_t pos = text.find("\u3000"); pos != std::string::npos;
             pos = text.find("\u3000")) {
          text.replace(pos, 3, " ");
        }
        size_t start = 0;
        while (start < text.size()) {
          size_t end = text.find(' ', start);
          if (end == std::string::npos) end = text.size();
          HeaderValue(text.substr(start, end - start));
          start = end + 1;
        }
      }
    }
  }

  void HeaderValue(const std::string& part) {
    size_t colon = part.find("：");
    size_t width = 3;
    if (colon == std::string::npos) colon = part.find(':'), width = 1;
    if (colon == std::string::npos || colon == 0) return;
    std::string key = FoldHeader(part.substr(0, colon));
    std::string value = part.substr(colon + width);
    for (const Field& f : tmpl_.fields) {
      if (FoldHeader(f.name) != key || value.empty() || !f.compute.empty()) continue;
      std::string iso;
      if (f.type == FieldType::kDate && ImportDateText(value, &iso).empty()) value = iso;
      report_->header_values.emplace(f.name, value);
    }
  }

  static bool MapsField(const SheetLayout& layout, int field) {
    for (int f : layout.field_of) {
      if (f == field) return true;
    }
    return false;
  }

  void Problem(RegisterSourceRow* row, size_t c, const char* code, const std::string& reason,
               bool rejects = true) {
    const FieldCell& fc = row->src->fields[c];
    row->problems.Add(*row->src, *row->layout, fc.cell ? fc.column : 0, fields_[c].name, code,
                      reason, rejects);
  }

  // The cell for column c, else the mapping file's fixed value, through its value map.
  SheetCell CellFor(const RegisterSourceRow& row, size_t c) const {
    const FieldCell& fc = row.src->fields[c];
    SheetCell cell;
    if (fc.cell) cell = *fc.cell;
    const std::string& name = fields_[c].name;
    if (CellText(cell).empty()) {
      auto fixed = options_.mapping.fixed.find(name);
      if (fixed != options_.mapping.fixed.end()) cell = {SheetCellType::kText, fixed->second, 0};
    }
    auto values = options_.mapping.values.find(name);
    if (values != options_.mapping.values.end()) {
      auto v = values->second.find(CellText(cell));
      if (v != values->second.end()) cell = {SheetCellType::kText, v->second, 0};
    }
    return cell;
  }

  void ReadRow(RegisterSourceRow* row) {
    const auto& columns = tmpl_.table->columns;
    row->cells.assign(columns.size(), "");
    for (size_t c = 0; c < columns.size(); ++c) {
      std::string reason = NormalizeForField(columns[c].field, CellFor(*row, c), &row->cells[c]);
      if (!reason.empty()) Problem(row, c, CodeOfType(columns[c].field.type), reason);
    }
    if (serial_ >= 0) ReadSerial(row);
    Bind(row);
    for (size_t c = 0; c < columns.size(); ++c) {
      if (static_cast<int>(c) != serial_ && !row->cells[c].empty()) {
        row->values[columns[c].field.name] = row->cells[c];
      }
    }
    row->hash = RegisterRowHash(row->values);
  }

  void ReadSerial(RegisterSourceRow* row) {
    std::string text = FoldValue(row->cells[serial_]);
    if (text.empty()) {
      if (has_serial_)
        Problem(row, serial_, problem_codes::kRequired, "序号为空（登记表的每一行都应有序号）");
      return;
    }
    if (text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos ||
        std::stol(text) < 1) {
      return Problem(row, serial_, import_problem_codes::kInvalidSerial,
                     "「" + row->cells[serial_] + "」不是序号（应为正整数）");
    }
    row->given_no = std::stol(text);
  }

  // The generator's own checks (types, required columns, lengths, choices), one row at a time so
  // every problem names its row; 序号 is checked across the rows in CheckSerial.
  void Bind(RegisterSourceRow* row) {
    const auto& columns = tmpl_.table->columns;
    RawRecord record;
    record.origin = report_->source;
    record.row_origin = "CSV";
    record.rows = RowTable(columns.size());
    std::vector<std::string_view> cells(row->cells.begin(), row->cells.end());
    if (serial_ >= 0) cells[serial_] = std::string_view();
    record.rows.AddRow(cells);
    Document doc;
    Status st = BindDocument(rows_only_, std::move(record), &doc);
    if (st.ok()) return;
    std::set<size_t>
        reported;  // a cell that did not normalise is empty now: "必填" says nothing new
    for (const ImportProblem& p : row->problems.list) reported.insert(FieldIndex(p.field));
    for (const dangan::Problem& p : st.problems()) {
      const std::string reason = p.field.empty() ? p.message : "「" + p.field + "」" + p.message;
      size_t c = ColumnNamed(p.field);
      if (reported.insert(c).second) Problem(row, c, p.code.c_str(), reason);
    }
  }

  // The table column named `name` (0 when none: the binder's problem is about the row).
  size_t ColumnNamed(const std::string& name) const {
    const auto& columns = tmpl_.table->columns;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].field.name == name) return c;
    }
    return 0;
  }

  std::string RowName(const RegisterSourceRow& row) const {
    return "工作表「" + row.src->sheet->name + "」第 " + std::to_string(row.src->row->number) +
           " 行";
  }

  std::string RowName(const RowRef& ref) const {
    return "工作表「" + sheet_names_[ref.sheet] + "」第 " + std::to_string(ref.row) + " 行";
  }

  // Numbers as in the source must run on without gaps or repeats (登记表序号不得有空缺或重复).
  void CheckSerial(RegisterSourceRow* row) {
    if (!has_serial_ || row->given_no == 0) return;
    RowRef here{static_cast<uint32_t>(sheet_names_.size() - 1),
                static_cast<uint32_t>(row->src->row->number)};
    auto [it, fresh] = seen_.emplace(row->given_no, here);
    if (!fresh) {
      return Problem(row, serial_, problem_codes::kDuplicate,
                     "序号 " + std::to_string(row->given_no) + " 与" + RowName(it->second) +
                         "重复（登记表序号不得重复）");
    }
    if (expected_ > 0 && row->given_no != expected_ && !StoredRange(expected_, row->given_no)) {
      Problem(row, serial_, import_problem_codes::kSerialGap,
              "序号应为 " + std::to_string(expected_) + "，而不是 " +
                  std::to_string(row->given_no) + "（登记表序号不得有空缺或跳号）");
    }
    expected_ = row->given_no + 1;
  }

  // True when 序号 from..to-1 are all stored already: the source fills a gap left before (the
  // fixed rows of an earlier import's report).
  bool StoredRange(int64_t from, int64_t to) const {
    if (to < from) return false;
    auto first = by_no_.lower_bound(from);
    auto last = by_no_.lower_bound(to);
    return std::distance(first, last) == to - from;
  }

  void IndexStored() {
    for (const RegisterRow& r : stored_) {
      by_no_[r.row_no] = &r;
      by_hash_.emplace(r.content_hash, r.row_no);
      next_ = std::max(next_, r.row_no + 1);
    }
  }

  void CompareWithStored(RegisterSourceRow* row) {
    if (row->problems.rejected()) return;
    if (!has_serial_) {
      auto same = by_hash_.find(row->hash);
      row->exists = same != by_hash_.end();
      row->row_no = row->exists ? same->second : next_++;
      return;
    }
    row->row_no = row->given_no;
    auto it = by_no_.find(row->row_no);
    if (it == by_no_.end()) return;
    row->exists = true;
    if (it->second->content_hash != row->hash) Changed(row, *it->second);
  }

  void Changed(RegisterSourceRow* row, const RegisterRow& stored) {
    row->changed = true;
    std::string text =
        tmpl_.id + " 序号 " + std::to_string(row->row_no) + "（" + RowName(*row) + "）：";
    std::set<std::string> names;
    for (const auto& [k, v] : stored.values) names.insert(k);
    for (const auto& [k, v] : row->values) names.insert(k);
    bool first = true;
    for (const std::string& name : names) {
      auto a = stored.values.find(name);
      auto b = row->values.find(name);
      std::string old_value = a == stored.values.end() ? "" : a->second;
      std::string new_value = b == row->values.end() ? "" : b->second;
      if (old_value == new_value) continue;
      text += (first ? "" : "；") + name + "「" + old_value + "」→「" + new_value + "」";
      first = false;
    }
    report_->AddChanged(text + "。已导入的行未改动");
  }

  void AddSamples(const RegisterSourceRow& row, SheetLayout* layout) {
    for (ColumnReport& col : layout->columns) {
      size_t c = FieldIndex(col.field);
      if (c == fields_.size()) continue;
      const FieldCell& fc = row.src->fields[c];
      if (!fc.cell || CellText(*fc.cell).empty() || row.problems.RejectsField(col.field)) continue;
      AddSample(&col, CellText(*fc.cell), row.cells[c]);
    }
  }

  size_t FieldIndex(const std::string& name) const {
    for (size_t c = 0; c < fields_.size(); ++c) {
      if (fields_[c].name == name) return c;
    }
    return fields_.size();
  }

  bool Stops() const { return report_->rows_rejected > 0 && !options_.skip_bad_rows; }

  // A chunk of rows into the volume, inside the import's transaction (one audit entry each).
  Status StoreFresh() {
    if (fresh_.empty()) return Status::Ok();
    DANGAN_RETURN_IF_ERROR(out_.tx->Begin());
    RegisterImportResult result;
    DANGAN_RETURN_IF_ERROR(
        archive_->AddRegisterRows(tmpl_.id, options_.volume, fresh_, report_->source, &result));
    report_->written = report_->written || result.added > 0;
    report_->rows_added += result.added;
    for (const RegisterRow& r : fresh_) report_->added.push_back(std::to_string(r.row_no));
    fresh_.clear();
    return Status::Ok();
  }

  // Chunks stored before the first rejected row are undone with the transaction (the caller
  // rolls it back on any error).
  Status Finish() {
    if (report_->rows_changed > 0) report_->problems.push_back(VolumeHint());
    if (Stops()) return RejectedRowsStop(*report_);
    return StoreFresh();
  }

  // Most "changed" rows of a register are a new volume numbered from 1 again (the next year's
  // 用印登记表), not edits: say how to import it as one.
  ImportProblem VolumeHint() const {
    ImportProblem p;
    p.rejects = false;
    p.code = import_problem_codes::kOtherVolume;
    p.reason = std::to_string(report_->rows_changed) + " 行的序号在档案库的" +
               (options_.volume.empty() ? "《" + tmpl_.title + "》"
                                        : "《" + tmpl_.title + "》" + options_.volume + " 册") +
               "中已有内容不同的行。若此文件是另一册（如另一年度的登记表，序号从 1 重新编起），" +
               "请用 --volume 给出册名另行导入，如 --volume 2020；dangan register show " +
               tmpl_.id + " 列出已有的册";
    return p;
  }

  const ImportOptions& options_;
  Archive* archive_;
  ImportReport* report_;
  ImportOutput out_;
  const Template& tmpl_;
  Template rows_only_;
  std::vector<FieldSpec> fields_;
  int serial_;
  bool has_serial_ = false;
  std::vector<std::string> sheet_names_;
  std::vector<RegisterRow> stored_;
  std::map<int64_t, const RegisterRow*> by_no_;
  std::map<std::string, int64_t> by_hash_;
  int64_t next_ = 1;                // without 序号 in the source: the next number to give
  std::map<int64_t, RowRef> seen_;  // 序号 in the source, where first seen
  int64_t expected_ = 0;            // the 序号 the next row should have; 0 = any
  std::vector<RegisterRow> fresh_;  // rows waiting to be stored, fewer than kChunkRows
};

}  // namespace

Status ImportRegister(const std::string& path, const ImportOptions& options, Archive* archive,
                      ImportReport* report, const ImportOutput& out) {
  return RegisterImport(options, archive, report, out).Run(path);
}

}  // namespace dangan::import

namespace dangan {
namespace {

// A register prints its 序号 without gaps; rows an import rejected leave one until the fixed rows
// are imported, which the message says how to do.
Status CheckNoGaps(const Template& tmpl, const std::string& volume,
                   const std::vector<RegisterRow>& rows) {
  std::vector<std::string> missing;
  for (size_t i = 1; i < rows.size(); ++i) {
    for (int64_t n = rows[i - 1].row_no + 1; n < rows[i].row_no && missing.size() < 20; ++n) {
      missing.push_back(std::to_string(n));
    }
  }
  if (missing.empty()) return Status::Ok();
  std::string list;
  for (const std::string& n : missing) list += (list.empty() ? "" : "、") + n;
  return Status::InvalidArgument(
      "档案库中的《" + tmpl.title + "》" + (volume.empty() ? "" : volume + " 册") + "缺少序号 " +
      list +
      " 的行（导入时未通过的行），登记表序号不得有空缺：改正“未导入的行”报告后用 dangan import "
      "报告.csv --into register:" +
      tmpl.id + (volume.empty() ? "" : " --volume " + volume) + " 导入，或用 --rows 选连续的一段");
}

// What a voided row prints in its note column: "作废：原因", cut to the column's length (AddRow
// checks the reason against it, so only rows stored by other means are ever cut).
std::string VoidNote(const Field& note, const std::string& reason) {
  std::string text = "作废：" + reason;
  if (!note.max_length || CodePointCount(text) <= *note.max_length) return text;
  size_t kept = 0, pos = 0;
  while (pos < text.size() && kept < *note.max_length) {
    unsigned char c = static_cast<unsigned char>(text[pos]);
    pos += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++kept;
  }
  return text.substr(0, std::min(pos, text.size()));
}

// The date part of "2026-12-04T09:30:00Z".
std::string DayOf(const std::string& at) { return at.substr(0, std::min<size_t>(10, at.size())); }

// No rows in the volume asked for: name the volumes there are.
Status NoRows(Archive* archive, const Template& tmpl, const std::string& volume) {
  std::vector<RegisterVolume> volumes;
  DANGAN_RETURN_IF_ERROR(archive->ListRegisterVolumes(tmpl.id, &volumes));
  const std::string what =
      "《" + tmpl.title + "》（" + tmpl.id + "）" + (volume.empty() ? "" : volume + " 册");
  if (volumes.empty()) {
    return Status::NotFound("档案库中没有" + what +
                            "的行；请先用 dangan import 文件 --into register:" + tmpl.id + " 导入");
  }
  std::string names;
  for (const RegisterVolume& v : volumes) {
    names += (names.empty() ? "" : "、") + (v.volume.empty() ? "（未分册）" : v.volume);
  }
  return Status::NotFound("档案库中没有" + what + "的行；已有的册：" + names +
                          "，用 --volume 册名 选择（未分册的不用 --volume）");
}

}  // namespace

int RegisterNoteColumn(const Template& tmpl) {
  if (!tmpl.table) return -1;
  const auto& columns = tmpl.table->columns;
  int last_text = -1;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].field.name == "备注") return static_cast<int>(c);
    if (columns[c].field.type == FieldType::kText && columns[c].field.compute.empty()) {
      last_text = static_cast<int>(c);
    }
  }
  return last_text;
}

Status RegisterRecordFromArchive(Archive* archive, const Template& tmpl, const std::string& volume,
                                 const std::map<std::string, std::string>& header, int64_t from,
                                 int64_t to, RawRecord* out) {
  if (!tmpl.table || tmpl.kind != TemplateKind::kRegister) {
    return Status::InvalidArgument("模板 " + tmpl.id + " 不是登记表");
  }
  std::vector<RegisterRow> rows;
  DANGAN_RETURN_IF_ERROR(archive->ReadRegisterRows(tmpl.id, volume, from, to, &rows));
  if (rows.empty()) return NoRows(archive, tmpl, volume);
  DANGAN_RETURN_IF_ERROR(CheckNoGaps(tmpl, volume, rows));
  const auto& columns = tmpl.table->columns;
  *out = RawRecord();
  out->origin = "档案库中的《" + tmpl.title + "》" + (volume.empty() ? "" : volume + " 册");
  out->values = header;
  out->row_origin = "登记表";
  out->first_row_line = static_cast<size_t>(rows.front().row_no);
  out->rows = RowTable(columns.size());
  std::vector<std::string> cells(columns.size());
  std::vector<std::string_view> views(columns.size());
  const int note = RegisterNoteColumn(tmpl);
  int red = -1;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (columns[c].field.name == tmpl.table->red_when_field) red = static_cast<int>(c);
  }
  std::map<int64_t, const RegisterRow*> by_no;
  for (const RegisterRow& row : rows) by_no[row.row_no] = &row;
  for (const RegisterRow& row : rows) {
    for (size_t c = 0; c < columns.size(); ++c) {
      const Field& f = columns[c].field;
      auto it = row.values.find(f.name);
      cells[c] = f.type == FieldType::kSerial ? std::to_string(row.row_no)
                 : it == row.values.end()     ? ""
                                              : it->second;
    }
    // A voided row keeps its number and its values, marked 作废 with the reason (作废的序号注明
    // "作废"并保留), and in red where the template marks written-off rows.
    if (row.voided_by > 0) {
      if (note >= 0) cells[note] = VoidNote(columns[note].field, row.voided_reason);
      if (red >= 0 && red != note && cells[red].empty()) {
        auto by = by_no.find(row.voided_by);
        cells[red] = columns[red].field.type != FieldType::kDate ? std::string("作废")
                     : by != by_no.end()                         ? DayOf(by->second->imported_at)
                                                                 : DayOf(row.imported_at);
      }
    }
    for (size_t c = 0; c < columns.size(); ++c) views[c] = cells[c];
    out->rows.AddRow(views);
  }
  return Status::Ok();
}

}  // namespace dangan
