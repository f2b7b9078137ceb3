// Catalogue import: each row of an old 归档文件目录 becomes an archive item with its 档号 kept as
// given (look-alike dots read as ·), source "import". Rows already in the archive (same 档号) are
// unchanged or reported as changed; old retention codes are refused unless the mapping file
// decides them; scans in --files are attached by 档号 or file name. Rows stream through and are
// filed in chunks inside the import's one transaction: all or none.
#include <regex>
#include <set>

#include "dangan/importers/import_values.h"
#include "dangan/records/danghao.h"
#include "dangan/records/item_kinds.h"
#include "dangan/records/text.h"
#include "dangan/intake/intake.h"
#include "import_internal.h"
#include "import_seen_keys.h"

namespace dangan::import {
namespace {

namespace codes = problem_codes;

// Indexes into CatalogueFields().
enum CatalogueField {
  kDanghao,
  kFonds,
  kCategory,
  kYear,
  kRetention,
  kDepartment,
  kTitle,
  kResponsible,
  kDocRef,
  kDate,
  kPages,
  kSecrecy,
  kNotes,
  kFileName,
  kFieldCount
};

const char* FieldName(int f) {
  static const char* kNames[] = {"档号",   "全宗号", "门类", "年度", "保管期限", "机构", "题名",
                                 "责任者", "文号",   "日期", "页数", "密级",     "备注", "文件名"};
  return kNames[f];
}

// The parts a legacy 档号 shows when it has the archive's pattern (Z109-WS·2015-Y-BGS-0001).
struct DanghaoFields {
  std::map<std::string, std::string> parts;  // "门类" -> "WS"
};

class DanghaoSplitter {
 public:
  explicit DanghaoSplitter(const std::string& pattern) {
    static const std::string kSpecial = "\\^$.|?*+()[]{}";
    std::string re;
    for (size_t i = 0; i < pattern.size(); ++i) {
      size_t close = pattern[i] == '{' ? pattern.find('}', i) : std::string::npos;
      if (close != std::string::npos) {
        std::string name = pattern.substr(i + 1, close - i - 1);
        order_.push_back(name);
        re += name == "年度" ? "([0-9]{4})" : name == "件号" ? "([0-9]+)" : "(.+?)";
        i = close;
        continue;
      }
      if (kSpecial.find(pattern[i]) != std::string::npos) re += '\\';
      re += pattern[i];
    }
    regex_ = std::regex(re);
  }

  DanghaoFields Split(const std::string& danghao) const {
    DanghaoFields out;
    std::smatch m;
    if (!std::regex_match(danghao, m, regex_)) return out;
    for (size_t i = 0; i < order_.size(); ++i) {
      std::string name = order_[i] == "期限" ? "保管期限" : order_[i];
      out.parts[name] = m[i + 1].str();
    }
    return out;
  }

 private:
  std::vector<std::string> order_;
  std::regex regex_;
};

// One catalogue row on its way to the archive.
struct CatalogueRow {
  const MappedRow* src = nullptr;
  const SheetLayout* layout = nullptr;
  NewItem item;
  std::string file_name;
  std::vector<NewFile> files;
  RowProblems problems;
  bool exists = false, changed = false;
};

// Rows are filed this many at a time, each chunk a FileBatch inside the import's transaction.
constexpr size_t kChunkRows = 1000;

class CatalogueImport : public RowConsumer {
 public:
  CatalogueImport(const ImportOptions& options, Archive* archive, ImportReport* report,
                  const ImportOutput& out)
      : options_(options),
        archive_(archive),
        report_(report),
        out_(out),
        splitter_(archive->config().pattern),
        fields_(CatalogueFields()) {}

  Status Run(const std::string& path) {
    if (!options_.files_dir.empty()) DANGAN_RETURN_IF_ERROR(ListScans(options_.files_dir, &scans_));
    DANGAN_RETURN_IF_ERROR(StreamRows(path, options_, fields_, "档案目录", report_, this));
    for (const ScanFile& s : scans_) {
      if (!s.claimed) report_->unmatched_scans.push_back(s.name);
    }
    return Finish();
  }

  Status BeginSheet(const SheetData& head, SheetLayout*) override {
    sheet_names_.push_back(head.name);
    if (out_.rejected) out_.rejected->BeginSheet(head);
    return Status::Ok();
  }

  // Each row is read, checked against the rows before it and the archive, given its scan,
  // counted, and queued to be filed (or written to the report of rejected rows).
  Status Row(const MappedRow& m, SheetLayout* layout) override {
    CatalogueRow row;
    row.src = &m;
    row.layout = layout;
    ReadRow(&row);
    CheckDuplicate(&row);
    CompareOrCheck(&row);
    if (!options_.files_dir.empty()) AttachScan(&row);
    AddSamples(row, layout);
    if (!TallyRow(row.problems, row.changed, row.exists, report_)) {
      if (row.problems.rejected() && out_.rejected) {
        return out_.rejected->Add(m, row.problems.list);
      }
      return Status::Ok();
    }
    report_->scans_attached += row.files.empty() ? 0 : 1;
    if (options_.dry_run) {
      // A dry run lists what would be added even when problems would stop the import.
      report_->added.push_back(ShownDanghao(row));
      return Status::Ok();
    }
    if (Stops()) return Status::Ok();  // nothing more is filed: it will all be rolled back
    pending_.push_back({std::move(row.item), std::move(row.files)});
    return pending_.size() >= kChunkRows ? FilePending() : Status::Ok();
  }

 private:
  bool Stops() const { return report_->rows_rejected > 0 && !options_.skip_bad_rows; }

  // The text for a field: the cell, else the mapping file's fixed value, through its value map.
  std::string Raw(const CatalogueRow& row, int field) const {
    const FieldCell& fc = row.src->fields[field];
    std::string text = fc.cell ? CellText(*fc.cell) : "";
    if (text.empty()) {
      auto fixed = options_.mapping.fixed.find(FieldName(field));
      if (fixed != options_.mapping.fixed.end()) text = fixed->second;
    }
    // 备注 may run over several lines; every other field is one line however the cell wraps.
    if (field != kNotes) text = JoinLines(text);
    auto values = options_.mapping.values.find(FieldName(field));
    if (values != options_.mapping.values.end()) {
      auto v = values->second.find(text);
      if (v != values->second.end()) text = v->second;
    }
    return text;
  }

  // The text rule of every value a user gives (records/text.h), applied where a cell enters:
  // a control character (an escape sequence pasted from a terminal) is refused, not stored.
  void CheckCellText(CatalogueRow* row) {
    for (int field = 0; field < static_cast<int>(row->src->fields.size()); ++field) {
      const std::string fault =
          TextFault(Raw(*row, field), field == kNotes ? TextLines::kMany : TextLines::kOne);
      if (!fault.empty()) Problem(row, field, codes::kInvalidText, fault);
    }
  }

  void Problem(CatalogueRow* row, int field, const char* code, const std::string& reason,
               bool rejects = true) {
    const FieldCell& fc = row->src->fields[field];
    row->problems.Add(*row->src, *row->layout, fc.cell ? fc.column : 0, FieldName(field), code,
                      reason, rejects);
  }

  // A field's value from the 档号 when the sheet has no column for it.
  std::string FromDanghao(const DanghaoFields& parts, int field) const {
    auto it = parts.parts.find(FieldName(field));
    return it == parts.parts.end() ? "" : it->second;
  }

  std::string RawOrDanghao(const CatalogueRow& row, const DanghaoFields& parts, int field) const {
    std::string text = Raw(row, field);
    return text.empty() ? FromDanghao(parts, field) : text;
  }

  void ReadRow(CatalogueRow* row) {
    NewItem& item = row->item;
    CheckCellText(row);
    item.source = ItemSourceCode(ItemSource::kImport);
    item.danghao = NormalizeDanghao(Raw(*row, kDanghao));
    if (item.danghao.empty() && !options_.assign_danghao) {
      Problem(row, kDanghao, codes::kRequired,
              "不能为空：导入按原档号著录；没有档号的件（未编号的旧文件）要由本库编新档号，请加 "
              "--assign-danghao");
    }
    DanghaoFields parts = splitter_.Split(item.danghao);
    item.category = RawOrDanghao(*row, parts, kCategory);
    item.department = RawOrDanghao(*row, parts, kDepartment);
    item.title = Raw(*row, kTitle);
    item.responsible = Raw(*row, kResponsible);
    item.doc_ref = Raw(*row, kDocRef);
    item.notes = Raw(*row, kNotes);
    row->file_name = Raw(*row, kFileName);
    ReadFonds(row, parts);
    ReadDate(row);
    ReadYear(row, parts);
    ReadRetention(row, parts);
    ReadPages(row);
    std::string secrecy;
    std::string reason = NormalizeSecrecy(Raw(*row, kSecrecy), &secrecy);
    if (!reason.empty()) Problem(row, kSecrecy, codes::kInvalidSecrecy, reason);
    item.secrecy = secrecy.empty() ? "内部" : secrecy;
    if (item.title.empty()) Problem(row, kTitle, codes::kRequired, "不能为空");
    // Kept for every imported entry, so that a later catalogue listing it without 档号 finds it.
    item.import_key = ImportKeyOf(item);
  }

  void ReadFonds(CatalogueRow* row, const DanghaoFields& parts) {
    std::string fonds = RawOrDanghao(*row, parts, kFonds);
    if (!fonds.empty() && fonds != archive_->config().fonds) {
      Problem(row, kFonds, import_problem_codes::kWrongFonds,
              "「" + fonds + "」与本档案库的全宗号 " + archive_->config().fonds + " 不同");
    }
  }

  void ReadDate(CatalogueRow* row) {
    const FieldCell& fc = row->src->fields[kDate];
    SheetCell cell;
    if (fc.cell) cell = *fc.cell;
    if (CellText(cell).empty()) cell.text = Raw(*row, kDate), cell.type = SheetCellType::kText;
    std::string reason = ImportDate(cell, &row->item.date);
    if (!reason.empty()) Problem(row, kDate, codes::kInvalidDate, reason);
  }

  void ReadYear(CatalogueRow* row, const DanghaoFields& parts) {
    std::string text = RawOrDanghao(*row, parts, kYear);
    if (text.empty() && row->item.date.size() >= 4) text = row->item.date.substr(0, 4);
    SheetCell cell;
    cell.text = text;
    std::string reason = NormalizeYearCell(cell, &row->item.year);
    if (text.empty()) return Problem(row, kYear, codes::kRequired, "不能为空");
    if (!reason.empty()) Problem(row, kYear, codes::kInvalidNumber, reason);
  }

  void ReadRetention(CatalogueRow* row, const DanghaoFields& parts) {
    std::string text = RawOrDanghao(*row, parts, kRetention);
    bool old_code = false;
    std::string reason =
        NormalizeRetention(text, options_.mapping.retention, &row->item.retention, &old_code);
    if (!reason.empty()) {
      const char* code = text.empty()  ? codes::kRequired
                         : old_code    ? codes::kLegacyRetention
                                       : codes::kInvalidRetention;
      return Problem(row, kRetention, code, reason);
    }
    if (old_code) {
      Problem(row, kRetention, import_problem_codes::kLegacyRetentionMapped,
              "旧保管期限「" + text + "」按映射文件 " + options_.mapping.path + " 定为 " +
                  row->item.retention + "（" + RetentionName(*ParseRetentionCode(row->item.retention)) + "）",
              false);
    }
  }

  void ReadPages(CatalogueRow* row) {
    const FieldCell& fc = row->src->fields[kPages];
    if (!fc.cell || CellText(*fc.cell).empty()) return;
    std::string reason = NormalizeCountCell(*fc.cell, &row->item.pages);
    if (!reason.empty()) Problem(row, kPages, codes::kInvalidNumber, reason);
  }

  std::string RowName(const CatalogueRow& row) const {
    return "工作表「" + row.src->sheet->name + "」第 " + std::to_string(row.src->row->number) +
           " 行";
  }

  std::string RowName(const RowRef& ref) const {
    return "工作表「" + sheet_names_[ref.sheet] + "」第 " + std::to_string(ref.row) + " 行";
  }

  // Against the rows before it: a 档号 given twice, or (without 档号) an entry catalogued twice.
  void CheckDuplicate(CatalogueRow* row) {
    RowRef here{static_cast<uint32_t>(sheet_names_.size() - 1),
                static_cast<uint32_t>(row->src->row->number)};
    if (!row->item.danghao.empty()) {
      const RowRef* first = seen_.Insert(row->item.danghao, here);
      if (first != nullptr) {
        Problem(row, kDanghao, codes::kDuplicate,
                "「" + row->item.danghao + "」与" + RowName(*first) + "重复");
      }
    } else if (!row->item.import_key.empty()) {
      // Without a 档号 a row is known by its import key: a second row alike would be the same
      // entry catalogued twice, and could never be told apart from it again.
      const RowRef* first = seen_.Insert("key:" + row->item.import_key, here);
      if (first != nullptr) {
        Problem(row, kTitle, codes::kDuplicate,
                "没有档号，且年度、门类、机构、题名、责任者、文号、日期都与" + RowName(*first) +
                    "相同：是同一件登记了两次？");
      }
    }
  }

  // An item of the same 档号 already in the archive: the same (nothing to do) or changed.
  void CompareOrCheck(CatalogueRow* row) {
    if (row->problems.rejected()) return;
    const bool danghao_given = !row->item.danghao.empty();
    std::string danghao = row->item.danghao;
    if (danghao.empty()) {
      // Imported before under a 档号 assigned then, or new.
      Status imported = archive_->FindImported(row->item.import_key, &danghao);
      if (imported.code() == Status::Code::kNotFound) return CheckNew(row);
      if (!imported.ok()) {
        return Problem(row, kDanghao, import_problem_codes::kLookupFailed, imported.message());
      }
    }
    ItemRecord have;
    Status found = archive_->Get(danghao, false, &have);
    if (found.ok() && !MaySeeItem(have)) return Hidden(row, danghao_given);
    if (found.ok()) return Compare(row, have);
    if (found.code() != Status::Code::kNotFound) {
      return Problem(row, kDanghao, import_problem_codes::kLookupFailed, found.message());
    }
    CheckNew(row);
  }

  bool MaySeeItem(const ItemRecord& item) const {
    const std::optional<Secrecy> level = ParseSecrecy(item.secrecy);
    return level && MaySee(options_.clearance, *level);
  }

  // The row meets an item the user may not see: it is neither compared (the report would quote
  // its stored values) nor filed again. The message names only what the row itself holds.
  void Hidden(CatalogueRow* row, bool danghao_given) {
    Problem(row, kDanghao, import_problem_codes::kAboveClearance,
            danghao_given
                ? "「" + row->item.danghao +
                      "」已是一件高于你密级的档案，不能导入或比对；请交给有相应密级的人员导入"
                : "这一行已导入为一件高于你密级的档案，不能导入或比对；请交给有相应密级的"
                  "人员导入");
  }

  void CheckNew(CatalogueRow* row) {
    Status check = archive_->CheckNewItem(row->item);
    if (check.ok()) return;
    if (check.problems().empty()) {
      return Problem(row, kDanghao, codes::kInvalidValue, check.message());
    }
    for (const dangan::Problem& p : check.problems()) {
      Problem(row, FieldNamed(p.field), p.code.c_str(), DescribeProblem(p));
    }
  }

  // The column of the archive's field (the 档号 for a field the catalogue has no column for).
  static int FieldNamed(const std::string& field) {
    for (int f = 0; f < kFieldCount; ++f) {
      if (field == FieldName(f)) return f;
    }
    return kDanghao;
  }

  void Compare(CatalogueRow* row, const ItemRecord& have) {
    row->exists = true;
    const NewItem& want = row->item;
    std::vector<std::string> diffs;
    auto diff = [&](const char* field, const std::string& stored, const std::string& now) {
      if (stored != now) diffs.push_back(std::string(field) + "「" + stored + "」→「" + now + "」");
    };
    diff("题名", have.title, want.title);
    diff("责任者", have.responsible, want.responsible);
    diff("文号", have.doc_ref, want.doc_ref);
    diff("日期", have.date, want.date);
    diff("密级", have.secrecy, want.secrecy);
    diff("备注", have.notes, want.notes);
    diff("年度", std::to_string(have.year), std::to_string(want.year));
    diff("机构", have.department, want.department);
    if (want.pages > 0 && have.files.empty()) {
      diff("页数", std::to_string(have.pages), std::to_string(want.pages));
    }
    if (diffs.empty()) return;
    row->changed = true;
    std::string text = have.danghao + "（" + RowName(*row) + "）：";
    for (size_t i = 0; i < diffs.size(); ++i) text += (i ? "；" : "") + diffs[i];
    report_->AddChanged(text + "。目录中的著录未改动，如需修改请用 dangan edit");
  }

  void AttachScan(CatalogueRow* row) {
    if (row->exists || row->problems.rejected()) return;
    ScanFile* scan = MatchScan(&scans_, row->item.danghao, row->file_name);
    if (scan == nullptr) {
      report_->rows_without_scan.push_back(ShownDanghao(*row));
      if (!row->file_name.empty()) {
        Problem(row, kFileName, import_problem_codes::kMissingScan,
                "目录 " + options_.files_dir + " 中没有文件「" + row->file_name + "」");
      }
      return;
    }
    IntakeOptions intake;
    intake.ocr = options_.ocr;
    intake.read_qr = false;
    AttachScan(row, *scan, intake);
  }

  void AttachScan(CatalogueRow* row, const ScanFile& scan, const IntakeOptions& intake) {
    IntakeResult read;
    Status st = ReadForFiling(scan.path, intake, &read);
    if (!st.ok()) {
      return Problem(row, kFileName, import_problem_codes::kUnreadableScan,
                     "扫描件无法归档：" + st.message());
    }
    NewFile f;
    f.path = scan.path;
    f.role = FileRole::kOriginal;
    f.media_type = read.media_type;
    f.pages = static_cast<int>(read.pages.size());
    f.text = read.text;
    if (row->item.pages > 0 && row->item.pages != f.pages) {
      Problem(row, kPages, import_problem_codes::kPagesDiffer,
              "目录记为 " + std::to_string(row->item.pages) + " 页，扫描件「" + scan.name +
                  "」有 " + std::to_string(f.pages) + " 页；页数按扫描件计",
              false);
    }
    row->files.push_back(std::move(f));
  }

  // The first values of each mapped column, as read and as they will be catalogued.
  void AddSamples(const CatalogueRow& row, SheetLayout* layout) {
    for (ColumnReport& col : layout->columns) {
      int field = FieldIndex(col.field);
      if (field < 0) continue;
      const FieldCell& fc = row.src->fields[field];
      if (!fc.cell || CellText(*fc.cell).empty() || row.problems.RejectsField(col.field)) continue;
      AddSample(&col, CellText(*fc.cell), Catalogued(row, field));
    }
  }

  int FieldIndex(const std::string& name) const {
    for (int f = 0; f < kFieldCount; ++f) {
      if (name == FieldName(f)) return f;
    }
    return -1;
  }

  static std::string Catalogued(const CatalogueRow& row, int field) {
    const NewItem& i = row.item;
    switch (field) {
      case kDanghao:
        return i.danghao;
      case kCategory:
        return i.category;
      case kYear:
        return i.year ? std::to_string(i.year) : "";
      case kRetention:
        return i.retention;
      case kDepartment:
        return i.department;
      case kTitle:
        return i.title;
      case kResponsible:
        return i.responsible;
      case kDocRef:
        return i.doc_ref;
      case kDate:
        return i.date;
      case kPages:
        return std::to_string(i.pages);
      case kSecrecy:
        return i.secrecy;
      case kNotes:
        return i.notes;
      default:
        return row.file_name;
    }
  }

  // The 档号 a row is catalogued under, or what stands for one not assigned yet.
  std::string ShownDanghao(const CatalogueRow& row) const {
    return row.item.danghao.empty() ? "（新编档号）" + RowName(row) : row.item.danghao;
  }

  Status FilePending() {
    if (pending_.empty()) return Status::Ok();
    DANGAN_RETURN_IF_ERROR(out_.tx->Begin());
    std::vector<ItemRecord> filed;
    DANGAN_RETURN_IF_ERROR(archive_->FileBatch(pending_, &filed));
    pending_.clear();
    report_->written = true;
    report_->rows_added += static_cast<int64_t>(filed.size());
    for (const ItemRecord& r : filed) report_->added.push_back(r.danghao);
    return Status::Ok();
  }

  Status Finish() {
    // Chunks filed before the first rejected row are undone with the transaction (the caller
    // rolls it back on any error).
    if (Stops()) return RejectedRowsStop(*report_);
    return FilePending();
  }

  const ImportOptions& options_;
  Archive* archive_;
  ImportReport* report_;
  ImportOutput out_;
  DanghaoSplitter splitter_;
  std::vector<FieldSpec> fields_;
  std::vector<std::string> sheet_names_;
  SeenKeys seen_;
  std::vector<Filing> pending_;
  std::vector<ScanFile> scans_;
};

}  // namespace

Status ImportCatalogue(const std::string& path, const ImportOptions& options, Archive* archive,
                       ImportReport* report, const ImportOutput& out) {
  return CatalogueImport(options, archive, report, out).Run(path);
}

}  // namespace dangan::import
