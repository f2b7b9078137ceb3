// XLSX back end: writes a Sheet as a workbook with the same grid, print set-up and drop-downs.
#pragma once

#include <string>

#include "dangan/generator/sheet.h"
#include "dangan/base/status.h"

namespace dangan {

struct XlsxOptions {
  // Tables longer than this are written in libxlsxwriter's constant-memory mode.
  size_t constant_memory_rows = 2000;
};

Status WriteXlsx(const Sheet& sheet, const std::string& path, const XlsxOptions& options = {});

}  // namespace dangan
