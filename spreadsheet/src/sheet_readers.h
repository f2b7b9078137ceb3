// The pieces shared by the spreadsheet readers (xlsx_reader.cc, ods_reader.cc, xls_reader.cc,
// csv_reader.cc)
// and their dispatch in spreadsheet.cc. Not part of the library's interface.
#pragma once

#include <cstdint>
#include <string>

#include "dangan/spreadsheet/spreadsheet.h"

namespace dangan::sheet {

// --- the readers ---------------------------------------------------------------------------------

Status ReadXlsx(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
                SpreadsheetInfo* info);
// .ods (OpenDocument spreadsheet).
Status ReadOds(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
               SpreadsheetInfo* info);
// .xls and WPS .et (BIFF5/BIFF8).
Status ReadXls(const std::string& path, const SpreadsheetOptions& options, SheetSink* sink,
               SpreadsheetInfo* info);
// CSV (delimiter ',') and TSV ('\t').
Status ReadDelimited(const std::string& path, char delimiter, const SpreadsheetOptions& options,
                     SheetSink* sink, SpreadsheetInfo* info);

// --- messages ------------------------------------------------------------------------------------

// "旧台账.xlsx：reason" — every refusal names the file the same way (the path as given).
Status Refuse(const std::string& path, const std::string& reason);
// "工作表「2019」第 12 行 C 列" (column 0: no column; row 0: no row either).
std::string Place(const std::string& sheet, int64_t row, int column = 0);
// 2147483648 -> "2 GB", 52428800 -> "50 MB", 131068 -> "128.0 KB", 800 -> "800 字节".
std::string ByteSize(uint64_t bytes);

// --- cell values ---------------------------------------------------------------------------------

// NumberText (shortest round-trip text of a number) is in dangan/records/text.h.

enum class DateShows { kDate, kDateTime, kDateTimeSeconds, kTime, kTimeSeconds };

// Fills a kDate cell from an Excel serial of the 1900 system (1904 workbooks add 1462 first),
// showing what `shows` says. Serial 60 is Lotus 1-2-3's 1900-02-29, which Excel keeps.
void SetDateCell(double serial_1900, DateShows shows, SheetCell* cell);

// Drops the trailing empty cells of a row; true when some cell remains.
bool TrimRow(SheetRow* row);

}  // namespace dangan::sheet
