// ImportSpreadsheet: reads the file, hands the sheets to the target (catalogue or register) and
// writes the report of rejected rows when some were skipped.
#include "import_internal.h"

namespace dangan {

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
  report->problems.insert(report->problems.end(), problems.list.begin(), problems.list.end());
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

Status MapSheets(const std::vector<SheetData>& sheets, const std::vector<FieldSpec>& fields,
                 const ImportMapping& mapping, const std::string& what, ImportReport* report,
                 SheetLayouts* layouts) {
  for (const SheetData& sheet : sheets) {
    SheetLayout layout = MapSheet(sheet, fields, mapping);
    if (layout.header_index < 0) {
      if (!sheet.rows.empty()) {
        report->problems.push_back(
            {sheet.name, 0, "", "", "没有找到" + what + "的表头行，此工作表未导入", false,
             import_problem_codes::kNoHeader});
      }
      continue;
    }
    report->sheets.push_back(sheet.name);
    report->header_rows[sheet.name] = sheet.rows[layout.header_index].number;
    for (const ImportProblem& p : layout.problems) report->problems.push_back(p);
    (*layouts)[sheet.name] = std::move(layout);
  }
  if (layouts->empty()) {
    return Status::InvalidArgument("文件 " + report->source + " 中没有找到" + what +
                                   "的表头行（至少两列的列名应是已知的字段名）；可在映射文件中用 "
                                   "columns 对应列名，或用 header_row 指明表头所在的行");
  }
  return Status::Ok();
}

void CopyColumns(const std::vector<SheetData>& sheets, const SheetLayouts& layouts,
                 ImportReport* report) {
  report->columns.clear();
  for (const SheetData& sheet : sheets) {
    auto it = layouts.find(sheet.name);
    if (it == layouts.end()) continue;
    for (const ColumnReport& c : it->second.columns) report->columns.push_back(c);
  }
}

namespace {

std::string DefaultReportPath(const std::string& input) {
  size_t slash = input.rfind('/');
  size_t dot = input.rfind('.');
  std::string stem = dot != std::string::npos && (slash == std::string::npos || dot > slash)
                         ? input.substr(0, dot)
                         : input;
  return stem + ".未导入的行.csv";
}

}  // namespace
}  // namespace import

Status ImportSpreadsheet(const std::string& path, const ImportOptions& in, Archive* archive,
                         ImportReport* report) {
  using namespace import;
  *report = ImportReport();
  report->source = path;
  report->dry_run = in.dry_run;
  ImportOptions options = in;
  if (options.read.sheet.empty()) options.read.sheet = options.mapping.sheet;
  if (options.target == ImportTarget::kRegister && options.register_template == nullptr) {
    return Status::InvalidArgument("导入登记表须指明模板（--into register:S-04）");
  }
  std::vector<SheetData> sheets;
  SpreadsheetInfo info;
  DANGAN_RETURN_IF_ERROR(ReadSheets(path, options.read, &sheets, &info));
  report->format = SpreadsheetFormatName(info.format);
  report->encoding = info.encoding;
  SheetLayouts layouts;
  Status st = options.target == ImportTarget::kCatalogue
                  ? ImportCatalogue(sheets, options, archive, report, &layouts)
                  : ImportRegister(sheets, options, archive, report, &layouts);
  DANGAN_RETURN_IF_ERROR(st);
  if (options.skip_bad_rows && !options.dry_run && report->rows_rejected > 0) {
    report->report_file =
        options.report_path.empty() ? DefaultReportPath(path) : options.report_path;
    DANGAN_RETURN_IF_ERROR(
        WriteRejectedRows(report->report_file, sheets, layouts, report->problems));
  }
  return Status::Ok();
}

}  // namespace dangan
