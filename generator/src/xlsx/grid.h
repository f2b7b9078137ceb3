// Grid geometry of the XLSX back end: where each Cell lands on the worksheet and how tall each
// row must be, since libxlsxwriter does not auto-fit rows holding wrapped text.
#pragma once

#include <cstdint>
#include <vector>

#include "dangan/generator/sheet.h"
#include "dangan/base/status.h"

namespace dangan::xlsx {

// A cell placed on the worksheet, with the rows and columns it covers (inclusive).
struct Placed {
  const Cell* cell = nullptr;
  uint32_t first_row = 0, last_row = 0;
  uint16_t first_col = 0, last_col = 0;
  bool merged() const { return first_row != last_row || first_col != last_col; }
};

class ColumnGeometry {
 public:
  explicit ColumnGeometry(const std::vector<double>& widths);
  int count() const { return static_cast<int>(widths_.size()); }
  double width(int col) const { return widths_[col]; }
  // Pixels Excel draws the column with at 100 % zoom (Calibri 11, the workbook default font).
  int Pixels(int col) const;
  int Pixels(int first, int last) const;
  // Width units of text that fit on one line of a cell spanning the columns.
  int Capacity(int first, int last) const;

 private:
  std::vector<double> widths_;
};

// Appends the cells of `row`, placed on worksheet row `sheet_row`. A row span reaches at most
// `rows_below` further rows (the end of its block). Fails if a cell lies outside the `columns`.
Status PlaceRow(const Row& row, uint32_t sheet_row, uint32_t rows_below, int columns,
                std::vector<Placed>* out);

// Points a cell needs for its text spread over its (merged) width.
double CellHeight(const Cell& cell, int capacity);

// Height in points of a row whose cells all have row_span 1 (table and body rows).
double RowHeight(const Row& row, const std::vector<Placed>& placed, const ColumnGeometry& geometry);

// Heights of a block placed from `first_row`; a cell spanning rows that lack room for it makes the
// last of them taller.
std::vector<double> BlockHeights(const std::vector<Row>& rows, const std::vector<Placed>& placed,
                                 uint32_t first_row, const ColumnGeometry& geometry);

}  // namespace dangan::xlsx
