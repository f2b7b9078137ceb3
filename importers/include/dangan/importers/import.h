// Import of legacy spreadsheets: an archive catalogue (归档文件目录) becomes archive items with
// their old 档号 kept, a register (用印登记表 …) becomes the stored rows of a dangan register.
//
//   read (spreadsheet.h) → find the header row → map columns to fields (header names, synonyms,
//   a mapping file) → normalise and check each row → file it (in chunks) → report
//
// Rows stream through one at a time: only the rows above the header, the keys cross-row checks
// need (档号 and import keys seen, 序号 state) and a chunk of rows waiting to be filed are held,
// so memory grows little with the file (a register also reads the rows its volume holds already,
// to compare). A batch is all or nothing through the archive's transaction
// (Archive::BeginImport): one bad row and it is rolled back, unless skip_bad_rows, when the good
// rows go in and the rejected ones are written to a report (CSV with BOM) as they are found,
// which the clerk can fix and import again. Importing the same file again adds nothing: catalogue
// rows are keyed by 档号, register rows by 序号 and content; a row changed since is reported as
// changed and left as it is stored.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/base/status.h"
#include "dangan/generator/document.h"
#include "dangan/generator/template.h"
#include "dangan/records/secrecy.h"
#include "dangan/spreadsheet/spreadsheet.h"

namespace dangan {

// What the user's mapping file says (YAML or JSON; format in samples/legacy/mapping-example.yaml).
struct ImportMapping {
  std::string path;                              // "" when none was given
  std::map<std::string, std::string> columns;    // source header (or column letter) -> field
  std::vector<std::string> ignore;               // source headers to leave out silently
  std::map<std::string, std::string> fixed;      // field -> value for every row
  std::map<std::string, std::string> retention;  // old code (长期, 短期 …) -> Y / D30 / D10
  std::map<std::string, std::map<std::string, std::string>> values;  // field -> {old -> new}
  int header_row = 0;                                                // 0 = find it
  std::string sheet;  // "" = every sheet with a header
};

// Reads a mapping file; errors name the file and the key at fault.
Status LoadImportMapping(const std::string& path, ImportMapping* out);

enum class ImportTarget { kCatalogue, kRegister };

struct ImportOptions {
  ImportTarget target = ImportTarget::kCatalogue;
  const Template* register_template = nullptr;  // kRegister: the register's template
  std::string volume;  // kRegister: the volume (册) the rows go in, e.g. "2019"; "" = none
  ImportMapping mapping;
  bool dry_run = false;        // check and report, write nothing (not even the report file)
  bool skip_bad_rows = false;  // file the good rows, report the rejected ones
  // catalogue: rows without 档号 get a new one by the archive's rule (else they are rejected);
  // importing them again finds them by ImportKeyOf (archive.h)
  bool assign_danghao = false;
  std::string files_dir;    // catalogue: scans to attach, by 档号 or file name
  bool ocr = false;         // OCR scans without a text layer (slow: seconds a page)
  SpreadsheetOptions read;  // --sheet, --encoding
  std::string report_path;  // rejected rows; "" = next to the input, "<name>.问题.csv"
  // What stored rows, the audit and the messages call the input; "" = its path. A server keeps
  // an upload under a path of its own, which is no name for the clerk's file.
  std::string source_name;
  // catalogue: the importing user's clearance. A row that meets an item above it (by its 档号,
  // or by its import key) is rejected (above_clearance) without the item's 档号 or 题名 in any
  // message or list of the report, which would otherwise compare them field by field.
  Secrecy clearance = Secrecy::kSecret;
  // Called with the data rows read so far every kProgressRows rows and once when the file has
  // been read, so that a front end can show a long import moving. Returning false stops the
  // import (nothing written: the archive's import transaction is rolled back), e.g. when the
  // server stops.
  std::function<bool(int64_t rows_read)> progress;
  static constexpr int64_t kProgressRows = 250;
};

// One source column and what it became.
struct ColumnReport {
  std::string sheet;
  int column = 0;      // 1-based
  std::string header;  // as the file has it
  std::string field;   // "" = not imported
  std::string how;     // 字段名 / 同义词 / 映射文件 / 未识别 / 忽略
  std::vector<std::pair<std::string, std::string>> samples;  // a few values: as read, as stored
};

struct ImportProblem {
  std::string sheet;
  int row = 0;         // spreadsheet row number; 0 = the file as a whole
  std::string column;  // "C（保管期限）"; "" = the whole row
  std::string field;
  std::string reason;   // Chinese
  bool rejects = true;  // false: a note (the row goes in)
  std::string code;     // stable, machine-readable (dangan/base/problem.h problem_codes, or
                        // the import's own: see import_problem_codes below)
};

// "工作表「2019」第 12 行 C（保管期限）：reason" — the place as far as it is known, then the
// reason.
std::string DescribeImportProblem(const ImportProblem& p);

// Codes of problems only an import meets (the shared ones are in dangan/base/problem.h).
namespace import_problem_codes {
inline constexpr char kNoHeader[] = "no_header";  // a sheet without a header row: skipped
inline constexpr char kUnmappedColumn[] = "unmapped_column";  // mapped to a field the target lacks
inline constexpr char kDuplicateColumn[] = "duplicate_column";  // a second column for one field
inline constexpr char kWrongFonds[] = "wrong_fonds";  // another 全宗号 than the archive's
inline constexpr char kLegacyRetentionMapped[] = "legacy_retention_mapped";  // a note
inline constexpr char kMissingScan[] = "missing_scan";        // the named scan is not there
inline constexpr char kUnreadableScan[] = "unreadable_scan";  // the row's scan cannot be filed
inline constexpr char kPagesDiffer[] = "pages_differ";        // a note: pages taken from the scan
inline constexpr char kInvalidSerial[] = "invalid_serial";    // 序号 not a positive whole number
inline constexpr char kSerialGap[] = "serial_gap";            // 序号 skips a number
inline constexpr char kOtherVolume[] = "other_volume";        // a note: rows look like a new 册
inline constexpr char kLookupFailed[] = "lookup_failed";      // the archive could not be asked
inline constexpr char kAboveClearance[] = "above_clearance";  // meets an item the user may not see
}  // namespace import_problem_codes

struct ImportReport {
  std::string source;  // the input file
  std::string format, encoding;
  std::vector<std::string> sheets;         // sheets imported
  std::map<std::string, int> header_rows;  // sheet -> header row number
  std::vector<ColumnReport> columns;
  int64_t rows_read = 0;  // data rows (title, header, total and empty rows not counted)
  int64_t rows_added = 0;
  int64_t rows_unchanged = 0;  // already in the archive, the same
  int64_t rows_changed = 0;    // already in the archive, different now: reported, not written
  int64_t rows_rejected = 0;
  // The first kKeptProblems problems; the others are only counted in problems_truncated (every
  // rejected row is in the report file all the same).
  std::vector<ImportProblem> problems;
  int64_t problems_truncated = 0;
  // The first kKeptProblems changed rows; the others counted in changed_truncated.
  std::vector<std::string> changed;  // "Z109-WS·2015-Y-BGS-0001：题名「…」→「…」"
  int64_t changed_truncated = 0;
  std::vector<std::string> added;  // 档号 (catalogue) or 序号 (register)
  // Register: header fields found in the lines above the table ("保管部门：行政管理部"), to give
  // with --set when the register is generated. Not stored: a register's header belongs to the
  // volume (册) printed.
  std::map<std::string, std::string> header_values;
  // --files
  int64_t scans_attached = 0;
  std::vector<std::string> unmatched_scans;    // files in the directory no row claims
  std::vector<std::string> rows_without_scan;  // 档号 of rows with no scan
  std::string report_file;                     // where the rejected rows were written ("" = none)
  bool written = false;                        // the archive was changed
  bool dry_run = false;

  static constexpr size_t kKeptProblems = 1000;
  void AddProblem(ImportProblem problem);
  void AddChanged(std::string text);
  int64_t rejecting_problems() const;  // of those kept
};

// The fields a column may be mapped to for this target (catalogue fields, or the register's
// table columns; needs register_template for kRegister), in the report's order.
std::vector<std::string> ImportFieldNames(const ImportOptions& options);

// Runs one import into `archive`. A non-OK status means nothing was written; `report` then still
// holds what was found (mapping, problems), for the command to show.
Status ImportSpreadsheet(const std::string& path, const ImportOptions& options, Archive* archive,
                         ImportReport* report);

// The rows of one volume of a register stored by imports, as a record to generate from: 序号 as
// stored, the header fields from `header` (--set 保管部门=办公室 …). `from`/`to` select a range
// of 序号 (0 = open).
Status RegisterRecordFromArchive(Archive* archive, const Template& tmpl, const std::string& volume,
                                 const std::map<std::string, std::string>& header, int64_t from,
                                 int64_t to, RawRecord* out);

// The table column a voided row's 作废 and reason print in: 备注, else the last text column;
// -1 if the template has neither.
int RegisterNoteColumn(const Template& tmpl);

}  // namespace dangan
