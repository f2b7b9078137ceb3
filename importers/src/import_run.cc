// ImportSpreadsheet: reads the file, hands the sheets to the target (catalogue or register) and
// writes the report of rejected rows when some were skipped.
#include <filesystem>

#include "import_internal.h"

namespace dangan {

void ImportReport::AddProblem(ImportProblem problem) {
  if (problems.size() < kKeptProblems) {
    problems.push_back(std::move(problem));
  } else {
    ++problems_truncated;
  }
}

void ImportReport::AddChanged(std::string text) {
  if (changed.size() < kKeptProblems) {
    changed.push_back(std::move(text));
  } else {
    ++changed_truncated;
  }
}

int64_t ImportReport::rejecting_problems() const {
  int64_t n = 0;
  for (const ImportProblem& p : problems) n += p.rejects ? 1 : 0;
  return n;
}

std::string DescribeImportProblem(const ImportProblem& p) {
  std::string where = p.sheet.empty() ? "" : "工作表「" + p.sheet + "」";
  if (p.row > 0) where += "第 " + std::to_string(p.row) + " 行";
  if (!p.column.empty()) where += " " + p.column;
  return where + (where.empty() ? "" : "：") + p.reason;
}

namespace import {

void RowProblems::Add(const MappedRow& row, const SheetLayout& layout, int column,
                      const std::string& field, const char* code, const std::string& reason,
                      bool rejects) {
  list.push_back({row.sheet->name, row.row->number, column > 0 ? ColumnLabel(layout, column) : "",
                  field, reason, rejects, code});
}

bool RowProblems::RejectsField(const std::string& field) const {
  for (const ImportProblem& p : list) {
    if (p.rejects && p.field == field) return true;
  }
  return false;
}

bool RowProblems::rejected() const {
  for (const ImportProblem& p : list) {
    if (p.rejects) return true;
  }
  return false;
}

bool TallyRow(const RowProblems& problems, bool changed, bool exists, ImportReport* report) {
  ++report->rows_read;
  for (const ImportProblem& p : problems.list) report->AddProblem(p);
  if (problems.rejected()) {
    ++report->rows_rejected;
  } else if (changed) {
    ++report->rows_changed;
  } else if (exists) {
    ++report->rows_unchanged;
  } else {
    return true;
  }
  return false;
}

Status RejectedRowsStop(const ImportReport& report) {
  return Status::InvalidArgument(
      "导入未进行，档案库未作任何改动：" + std::to_string(report.rows_rejected) +
      " 行有问题（见上）。改正后重新导入，或用 --skip-bad-rows 只导入没有问题的行");
}

Status ImportTransaction::Begin() {
  if (open_) return Status::Ok();
  DANGAN_RETURN_IF_ERROR(archive_->BeginImport());
  open_ = true;
  return Status::Ok();
}

Status ImportTransaction::Commit() {
  if (!open_) return Status::Ok();
  open_ = false;
  return archive_->CommitImport();
}

void ImportTransaction::Rollback() {
  if (open_) archive_->RollbackImport();
  open_ = false;
}

namespace {

// After a rollback: the report says what the archive holds, nothing of this import.
void NothingWritten(ImportReport* report) {
  report->written = false;
  report->rows_added = 0;
  if (!report->dry_run) report->added.clear();
}

std::string DefaultReportPath(const std::string& input) {
  size_t slash = input.rfind('/');
  size_t dot = input.rfind('.');
  std::string stem = dot != std::string::npos && (slash == std::string::npos || dot > slash)
                         ? input.substr(0, dot)
                         : input;
  return stem + ".未导入的行.csv";
}

// Also through another spelling of the path (./a.csv, a link): the file itself, not its name.
bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  return std::filesystem::equivalent(a, b, ec) && !ec;
}

}  // namespace
}  // namespace import

std::vector<std::string> ImportFieldNames(const ImportOptions& options) {
  std::vector<std::string> names;
  if (options.target == ImportTarget::kRegister && options.register_template == nullptr) {
    return names;
  }
  for (const import::FieldSpec& f : options.target == ImportTarget::kCatalogue
                                        ? import::CatalogueFields()
                                        : import::RegisterFields(*options.register_template)) {
    names.push_back(f.name);
  }
  return names;
}

Status ImportSpreadsheet(const std::string& path, const ImportOptions& in, Archive* archive,
                         ImportReport* report) {
  using namespace import;
  *report = ImportReport();
  report->source = in.source_name.empty() ? path : in.source_name;
  report->dry_run = in.dry_run;
  ImportOptions options = in;
  if (options.read.sheet.empty()) options.read.sheet = options.mapping.sheet;
  if (options.target == ImportTarget::kRegister && options.register_template == nullptr) {
    return Status::InvalidArgument("导入登记表须指明模板（--into register:S-04）");
  }
  const bool reports = options.skip_bad_rows && !options.dry_run;
  const std::string report_path = !reports                      ? ""
                                  : options.report_path.empty() ? DefaultReportPath(path)
                                                                : options.report_path;
  if (!report_path.empty() && SameFile(report_path, path)) {
    return Status::InvalidArgument("--report「" + report_path +
                                   "」就是要导入的文件：报告不能覆盖导入的文件，请换一个文件名");
  }
  RejectedRowsWriter rejected(report_path);
  ImportTransaction tx(archive);
  ImportOutput out{&tx, reports ? &rejected : nullptr};
  Status st = options.target == ImportTarget::kCatalogue
                  ? ImportCatalogue(path, options, archive, report, out)
                  : ImportRegister(path, options, archive, report, out);
  // The report first: should it fail, the rows are rolled back and the clerk loses nothing.
  if (st.ok() && reports && report->rows_rejected > 0) {
    st = rejected.Finish();
    if (st.ok()) report->report_file = report_path;
  }
  if (st.ok()) st = tx.Commit();
  if (!st.ok()) {
    tx.Rollback();  // chunks filed before the failure are undone
    NothingWritten(report);
  }
  return st;
}

}  // namespace dangan
