// The worksheet substreams of a BIFF5/BIFF8 workbook: their cells, with every formula's cached
// value, and their merged ranges.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dangan/base/problem.h"
#include "xls_workbook.h"

namespace dangan::sheet {

// Formula cells whose value the file does not hold: a string result whose STRING record is
// missing, and — in a workbook where no formula holds any other value, as programs that write
// formulas without calculating them leave it (Python's xlwt) — every empty-string result.
// Such cells cannot be read without recalculating; they are reported, never read as empty.
std::vector<Problem> FormulasWithoutValue(std::string_view stream, const XlsWorkbook& book,
                                          const std::string& sheet);

// Streams the cells of every worksheet (or only `options.sheet`) to `sink`.
Status ReadXlsSheets(const std::string& path, std::string_view stream, const XlsWorkbook& book,
                     const SpreadsheetOptions& options, SheetSink* sink, SpreadsheetInfo* info);

}  // namespace dangan::sheet
