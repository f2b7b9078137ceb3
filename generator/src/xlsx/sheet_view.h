// The first row a worksheet shows when it is opened (<sheetView topLeftCell>), which libxlsxwriter
// 1.1.4 cannot set: the written package is patched instead.
#pragma once

#include <cstdint>
#include <string>

#include "dangan/base/status.h"

namespace dangan::xlsx {

// Sets topLeftCell of the first <sheetView> of `part` (e.g. xl/worksheets/sheet1.xml) in the
// XLSX package at `path` to column A of 0-based `row`. The part is streamed, so a register of
// 200,000 rows is patched in constant memory; the other parts are copied as they are.
Status SetSheetViewTopRow(const std::string& path, const std::string& part, uint32_t row);

}  // namespace dangan::xlsx
