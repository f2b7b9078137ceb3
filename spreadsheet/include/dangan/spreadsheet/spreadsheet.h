// Spreadsheet reading for imports: .xlsx, .ods (OpenDocument), .xls and WPS .et (BIFF5/BIFF8,
// read by our own reader over the compound file), .csv and .tsv. .xlsb, Apple .numbers and
// password-protected workbooks are refused by name.
//
// Rows are streamed to a sink one at a time, so a large sheet is never held in memory twice;
// whatever keeps rows (an import validating a whole batch) decides what to keep. Every reader
// enforces the limits below and refuses a hostile file (zip bomb, a million columns, a 100 MB
// line, a truncated file, something that is not a spreadsheet) with a message naming the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dangan/base/status.h"

namespace dangan {

// kXls covers WPS's .et too: the same BIFF8 in the same container.
enum class SpreadsheetFormat { kUnknown, kXlsx, kXls, kCsv, kTsv, kOds };

// By content first (zip / OLE2 / text), the file name's extension only to tell CSV from TSV.
SpreadsheetFormat DetectSpreadsheetFormat(const std::string& path);
// "xlsx", "xls", "csv", "tsv", "ods", ""
const char* SpreadsheetFormatName(SpreadsheetFormat format);

enum class SheetCellType { kEmpty, kText, kNumber, kBoolean, kDate, kError };

struct SheetCell {
  SheetCellType type = SheetCellType::kEmpty;
  // What the cell shows, as UTF-8: text as stored; numbers in shortest round-trip form
  // ("12", "0.5", "1234.56"); booleans "TRUE"/"FALSE"; dates (number formats that are dates)
  // "YYYY-MM-DD", or "YYYY-MM-DD HH:MM[:SS]" when the format shows a time; formulas their
  // cached value (a formula whose file holds no value is refused, naming the cell, never read
  // as empty); errors "#N/A" etc. Formats that show only a time give kDate cells with
  // "HH:MM[:SS]" alone. A CSV/TSV holds only kText (and kEmpty) cells: typing them is the
  // import's business (dangan/import_values.h).
  std::string text;
  double number = 0;  // kNumber, kBoolean (0/1), kDate (the Excel serial, 1900 system)
};

// Rows that hold no value (only empty or styled cells, blank CSV lines) are not passed to the
// sink; the numbers of the others stay as the spreadsheet program shows them.
struct SheetRow {
  int sheet_index = 0;           // 0-based, in workbook order
  int number = 0;                // 1-based row number as the spreadsheet program shows it
  std::vector<SheetCell> cells;  // column A at index 0; trailing empty cells dropped
};

// A merged range, 1-based inclusive, as the spreadsheet program shows it (A1 = row 1, col 1).
struct MergedRange {
  int first_row = 0, first_col = 0, last_row = 0, last_col = 0;
};

struct SpreadsheetLimits {
  size_t max_columns = 16384;                    // XFD, Excel's own limit
  size_t max_rows = 1048576;                     // Excel's own limit
  size_t max_cell_bytes = 32767 * 4;             // Excel: 32,767 characters a cell
  size_t max_line_bytes = 1 << 20;               // CSV: one physical line
  uint64_t max_uncompressed_bytes = 1ull << 31;  // xlsx: all parts read, after inflating
  uint64_t max_compression_ratio = 200;          // xlsx: inflated / compressed, per part
};

struct SpreadsheetOptions {
  // CSV/TSV encoding: "" detects (BOM, then strict UTF-8, then GB18030; ICU's detector only
  // as a hint in the message when both fail); otherwise an ICU converter name ("GBK",
  // "GB18030", "UTF-8", "UTF-16LE", "Big5" …) that overrides detection.
  std::string encoding;
  // Only this sheet (by name) when non-empty; otherwise every sheet, in workbook order.
  std::string sheet;
  SpreadsheetLimits limits;
};

// Receives a workbook as it is read. Returning an error stops the read; that status is passed
// out of ReadSpreadsheet unchanged.
class SheetSink {
 public:
  virtual ~SheetSink() = default;
  virtual Status BeginSheet(int sheet_index, const std::string& name) = 0;
  virtual Status Row(const SheetRow& row) = 0;
  // After the sheet's last row: its merged ranges (xlsx and xls store them after the cells;
  // CSV has none).
  virtual Status EndSheet(int sheet_index, const std::vector<MergedRange>& merged) = 0;
};

struct SpreadsheetInfo {
  SpreadsheetFormat format = SpreadsheetFormat::kUnknown;
  // CSV/TSV: the encoding used ("UTF-8", "UTF-8 (BOM)", "GB18030", "UTF-16LE (BOM)", or the
  // --encoding given); .xls: the BIFF version and code page ("BIFF8 UTF-16", "BIFF5 CP936").
  std::string encoding;
  std::vector<std::string> sheets;  // names of the sheets read (CSV: the file's base name)
};

// Reads `path`, feeding `sink`. Errors name the file (and sheet, row, column where there is
// one), e.g. "旧台账.xlsx：工作表「2019」第 12 行 C 列：单元格超过 32767 个字符".
Status ReadSpreadsheet(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
                       SpreadsheetInfo* info);

// Column letters as shown in messages: 1 -> "A", 28 -> "AB".
std::string ColumnName(int column);

}  // namespace dangan
