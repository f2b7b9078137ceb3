// XLSX back end: writes a Sheet as a workbook with the same grid, print set-up and drop-downs.
#pragma once

#include <string>

#include "dangan/generator/sheet.h"
#include "dangan/generator/template.h"
#include "dangan/base/status.h"

namespace dangan {

struct XlsxOptions {
  // Tables longer than this are written in libxlsxwriter's constant-memory mode.
  size_t constant_memory_rows = 2000;
  // The template the sheet was laid out from. With it the workbook stays alive: computed values
  // are formulas with the printed values cached, the template's limits become data validation,
  // and only a register freezes its table header. Without it every value is written as printed.
  const Template* tmpl = nullptr;
};

Status WriteXlsx(const Sheet& sheet, const std::string& path, const XlsxOptions& options = {});

}  // namespace dangan
