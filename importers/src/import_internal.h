// The parts of an import (import.h), shared by its .cc files: the sheets as read, the fields a
// target knows, the header row and column mapping, and a row's values by field.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dangan/importers/import.h"
#include "dangan/spreadsheet/spreadsheet.h"

namespace dangan::import {

// Rows of a sheet: while an import streams, the rows down to the header (the title lines above
// it, which a register reads header fields from) and the sheet's merged ranges.
struct SheetData {
  int index = 0;
  std::string name;
  std::vector<SheetRow> rows;
  std::vector<MergedRange> merged;
};

// The header row is looked for in the rows numbered up to this (unless the mapping names it).
inline constexpr int kHeaderSearchRows = 30;

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

// A data row by field; false for a blank row or a total row (合计, 小计), which are left out.
bool MapRow(const SheetData& sheet, const SheetRow& row, const SheetLayout& layout,
            size_t field_count, MappedRow* out);
// The data rows of a sheet held whole, title/header rows, blank rows and total rows left out.
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

// Counts one row in the report (read; rejected, changed or unchanged) and copies its problems
// (up to ImportReport::kKeptProblems). True when the row is new and goes in.
bool TallyRow(const RowProblems& problems, bool changed, bool exists, ImportReport* report);

// What an import refuses with when rows were rejected and --skip-bad-rows was not given.
Status RejectedRowsStop(const ImportReport& report);

// Streaming (import_read.cc): receives a target's rows one at a time, once its sheet's header
// row has been found and mapped. The MappedRow and its cells live only for the call.
class RowConsumer {
 public:
  virtual ~RowConsumer() = default;
  // `head`: the sheet's rows down to the header row, and its merged ranges.
  virtual Status BeginSheet(const SheetData& head, SheetLayout* layout) = 0;
  virtual Status Row(const MappedRow& row, SheetLayout* layout) = 0;
};

// Reads `path` row by row: finds each sheet's header (the rows above it held meanwhile; an
// .xlsx is read twice, first for its merged ranges, which it stores after the cells), notes
// sheets without one in `report`, maps the columns to `fields` and hands every data row to
// `consumer`. Fails when no sheet has a header row (`what` names the target: "档案目录");
// fills report's format, encoding, sheets, header rows and columns.
Status StreamRows(const std::string& path, const ImportOptions& options,
                  const std::vector<FieldSpec>& fields, const std::string& what,
                  ImportReport* report, RowConsumer* consumer);

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

// Rejected rows as a CSV (UTF-8 with BOM) the clerk can fix and import again, written as they
// are found: each sheet's rows go to a temporary file, renamed by Finish (to `path` when one
// sheet has rejected rows, else one file per sheet, "报告-工作表.csv"); removed if Finish is
// never reached.
class RejectedRowsWriter {
 public:
  explicit RejectedRowsWriter(std::string path);
  ~RejectedRowsWriter();
  RejectedRowsWriter(const RejectedRowsWriter&) = delete;
  RejectedRowsWriter& operator=(const RejectedRowsWriter&) = delete;
  // The sheet's header row (the last row of `head`) heads its file.
  void BeginSheet(const SheetData& head);
  Status Add(const MappedRow& row, const std::vector<ImportProblem>& problems);
  bool empty() const { return files_.empty(); }
  Status Finish();

 private:
  struct SheetFile;
  std::string path_;
  std::vector<std::unique_ptr<SheetFile>> files_;
  std::vector<std::string> header_;
  std::string sheet_;
};

// The archive's transaction for one import (Archive::BeginImport): begun before the first
// write, committed when the run is accepted, rolled back otherwise or when it goes out of scope.
class ImportTransaction {
 public:
  explicit ImportTransaction(Archive* archive) : archive_(archive) {}
  ~ImportTransaction() { Rollback(); }
  ImportTransaction(const ImportTransaction&) = delete;
  ImportTransaction& operator=(const ImportTransaction&) = delete;
  Status Begin();
  Status Commit();
  void Rollback();

 private:
  Archive* archive_;
  bool open_ = false;
};

// What a target writes through: the transaction, and the report of rejected rows (null unless
// skip_bad_rows and not dry_run).
struct ImportOutput {
  ImportTransaction* tx = nullptr;
  RejectedRowsWriter* rejected = nullptr;
};

// The targets (import_catalogue.cc, import_register.cc). Both fill `report`, write (through
// out.tx, left open for the caller to commit) only when nothing is wrong (or skip_bad_rows) and
// not dry_run, and hand rejected rows to out.rejected.
Status ImportCatalogue(const std::string& path, const ImportOptions& options, Archive* archive,
                       ImportReport* report, const ImportOutput& out);
Status ImportRegister(const std::string& path, const ImportOptions& options, Archive* archive,
                      ImportReport* report, const ImportOutput& out);

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
