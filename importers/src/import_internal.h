// The parts of an import (import.h), shared by its .cc files: the sheets as read, the fields a
// target knows, the header row and column mapping, and a row's values by field.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dangan/importers/import.h"
#include "dangan/spreadsheet/spreadsheet.h"

namespace dangan::import {

// One sheet, held whole: an import checks the entire batch before it writes anything.
struct SheetData {
  int index = 0;
  std::string name;
  std::vector<SheetRow> rows;
  std::vector<MergedRange> merged;
};

// Reads every sheet (or the one options.sheet names) of `path`.
Status ReadSheets(const std::string& path, const SpreadsheetOptions& options,
                  std::vector<SheetData>* sheets, SpreadsheetInfo* info);

// A field a target can fill, with the other names old spreadsheets give it.
struct FieldSpec {
  std::string name;
  std::vector<std::string> synonyms;
};

// Catalogue fields, in the order the report lists them.
std::vector<FieldSpec> CatalogueFields();
// A register's table columns, each with the synonyms of the shared table.
std::vector<FieldSpec> RegisterFields(const Template& tmpl);
// Other names for `field` (the one synonym table, data in import_synonyms.cc).
std::vector<std::string> SynonymsOf(const std::string& field);

// For comparing header names, never for display: NFKC (full-width → half-width), traditional
// → simplified, without white space, asterisks (required marks) or a trailing note in brackets:
// "文件題名（必填）" and "文件题名" fold alike.
std::string FoldHeader(const std::string& text);
// NFKC, case folding and traditional → simplified, trimmed: for values (保管期限 長期, 密級 祕密).
std::string FoldValue(const std::string& text);

// Where a sheet's data starts and which column feeds which field.
struct SheetLayout {
  int header_index = -1;      // index into SheetData::rows; -1 = no header found
  std::vector<int> field_of;  // per column (0-based): index into the fields, -1 = not imported
  std::vector<ColumnReport> columns;
  std::vector<ImportProblem> problems;  // e.g. two columns for one field
};

using SheetLayouts = std::map<std::string, SheetLayout>;  // by sheet name

// Finds the header row (title rows above it skipped) and maps its columns to `fields`.
SheetLayout MapSheet(const SheetData& sheet, const std::vector<FieldSpec>& fields,
                     const ImportMapping& mapping);

// A data row below the header: its cells by field, and what the row is called in messages.
struct FieldCell {
  const SheetCell* cell = nullptr;  // null: the row has no value for the field
  int column = 0;                   // 1-based
};

struct MappedRow {
  const SheetData* sheet = nullptr;
  const SheetRow* row = nullptr;
  std::vector<FieldCell> fields;  // follows the field list
  bool empty() const;
};

// The data rows of a sheet, title/header rows, blank rows and total rows (合计, 小计) left out.
std::vector<MappedRow> DataRows(const SheetData& sheet, const SheetLayout& layout,
                                size_t field_count);

// Adds a value to a column's samples (at most 3), preferring values that normalising changed:
// those show what the import does.
void AddSample(ColumnReport* column, const std::string& before, const std::string& after);

// "C（保管期限）" for messages and the report.
std::string ColumnLabel(const SheetLayout& layout, int column);

// Problems are collected per row; a row with any rejecting problem is rejected.
struct RowProblems {
  std::vector<ImportProblem> list;
  void Add(const MappedRow& row, const SheetLayout& layout, int column, const std::string& field,
           const char* code, const std::string& reason, bool rejects = true);
  bool rejected() const;
  bool RejectsField(const std::string& field) const;
};

// Counts one row in the report (read; rejected, changed or unchanged) and copies its problems.
// True when the row is new and goes in.
bool TallyRow(const RowProblems& problems, bool changed, bool exists, ImportReport* report);

// What an import refuses with when rows were rejected and --skip-bad-rows was not given.
Status RejectedRowsStop(const ImportReport& report);

// Values as found in old spreadsheets, normalised (import_normalize.cc). Each returns "" on
// success, else the reason (Chinese, without the field name).
std::string CellText(const SheetCell& cell);  // trimmed; numbers as shown
std::string NormalizeYearCell(const SheetCell& cell, int* year);
std::string NormalizeCountCell(const SheetCell& cell, int* count);
// Y / D30 / D10 from the code or its name (永久, 定期30年, 30年 …); old codes (长期, 短期, 永,
// 长, 短) are decided by `decisions` (mapping file) or refused with a reason that says so.
std::string NormalizeRetention(const std::string& text,
                               const std::map<std::string, std::string>& decisions,
                               std::string* code, bool* old_code);
std::string NormalizeSecrecy(const std::string& text, std::string* secrecy);
// A register cell made ready for the generator's own checks: dates ISO, money as a number.
std::string NormalizeForField(const Field& field, const SheetCell& cell, std::string* out);

// Rejected rows as a CSV (UTF-8 with BOM) the clerk can fix and import again.
Status WriteRejectedRows(const std::string& path, const std::vector<SheetData>& sheets,
                         const SheetLayouts& layouts, const std::vector<ImportProblem>& problems);

// The targets (import_catalogue.cc, import_register.cc). Both fill `report` (and `layouts`,
// by sheet name, for the report of rejected rows) and write only when nothing is wrong (or
// skip_bad_rows) and not dry_run.
Status ImportCatalogue(const std::vector<SheetData>& sheets, const ImportOptions& options,
                       Archive* archive, ImportReport* report, SheetLayouts* layouts);
Status ImportRegister(const std::vector<SheetData>& sheets, const ImportOptions& options,
                      Archive* archive, ImportReport* report, SheetLayouts* layouts);

// Maps every sheet; sheets without a header row are noted in `report` and left out. Fails when
// no sheet has one. `what` names the target in the message ("档案目录", "用印登记表").
Status MapSheets(const std::vector<SheetData>& sheets, const std::vector<FieldSpec>& fields,
                 const ImportMapping& mapping, const std::string& what, ImportReport* report,
                 SheetLayouts* layouts);
// The report's column list, from the layouts, in sheet order.
void CopyColumns(const std::vector<SheetData>& sheets, const SheetLayouts& layouts,
                 ImportReport* report);

// Scans to attach (import_scans.cc).
struct ScanFile {
  std::string path, name;
  std::string key;  // the name folded for matching (extension off, 档号 dots normalised)
  bool claimed = false;
};
Status ListScans(const std::string& dir, std::vector<ScanFile>* out);
// The scan whose name is the 档号 or the given file name; null if none.
ScanFile* MatchScan(std::vector<ScanFile>* scans, const std::string& danghao,
                    const std::string& file_name);

}  // namespace dangan::import
