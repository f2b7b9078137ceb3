// The workbook globals of a BIFF5/BIFF8 stream: version, code page, date system, encryption,
// number formats and cell styles (which make a number a date), the shared string table and
// the sheet list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dangan/spreadsheet/spreadsheet.h"
#include "sheet_readers.h"
#include "xls_records.h"

namespace dangan::sheet {

struct XlsSheetEntry {
  std::string name;
  uint32_t bof_offset = 0;  // where its substream starts, as the workbook says
  bool worksheet = true;    // false: a chart, macro or VBA module sheet (no cells to import)
};

struct XlsWorkbook {
  int biff = 8;                  // 5 (Excel 5.0/95, BIFF7 included) or 8 (Excel 97 and later)
  unsigned codepage = 1200;      // BIFF8: 1200 (UTF-16); BIFF5: as given, or 936 (GBK)
  bool codepage_given = false;
  bool date1904 = false;
  std::string encryption;        // "" or the kind: "XOR 混淆", "RC4 加密", "RC4 CryptoAPI 加密"
  std::vector<std::optional<DateShows>> xf_dates;  // by XF index: how a date shows, or not one
  std::vector<std::string> strings;                // the shared string table (BIFF8)
  std::vector<XlsSheetEntry> sheets;
  size_t globals_end = 0;        // offset just past the globals' EOF
  biff::CodePage text;           // BIFF5 byte strings' decoder
};

// Reads the globals substream at the start of `stream`. Refuses (naming `path`) what is not a
// BIFF5/BIFF8 workbook or is damaged; an encrypted workbook is not refused here (its kind is set
// in `encryption`: the caller refuses it before reading anything else).
Status ReadXlsGlobals(const std::string& path, std::string_view stream,
                      const SpreadsheetLimits& limits, XlsWorkbook* book);

}  // namespace dangan::sheet
