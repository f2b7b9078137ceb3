// Cell formats of the XLSX back end, created once per workbook and shared by every cell:
// libxlsxwriter keeps each lxw_format until the workbook closes, so a format per cell would cost
// memory proportional to the register length.
#pragma once

#include <xlsxwriter.h>

#include <array>

#include "dangan/generator/sheet.h"

namespace dangan::xlsx {

class FormatCache {
 public:
  explicit FormatCache(lxw_workbook* workbook) : workbook_(workbook) {}

  // Bordered grid format for `cell`: style, alignment, number format of its kind, red font.
  lxw_format* ForCell(const Cell& cell);
  // Bordered format for a grid position no cell covers.
  lxw_format* EmptyGrid();
  lxw_format* Title();
  lxw_format* Identity(bool right_aligned);

 private:
  static constexpr int kStyles = 4, kAligns = 3, kKinds = 5;

  lxw_format* Create(CellStyle style, Align align, CellKind kind, bool red);
  lxw_format* NewFont(double size);

  lxw_workbook* workbook_;
  std::array<lxw_format*, kStyles * kAligns * kKinds * 2> cells_{};
  lxw_format* title_ = nullptr;
  std::array<lxw_format*, 2> identity_{};
};

}  // namespace dangan::xlsx
