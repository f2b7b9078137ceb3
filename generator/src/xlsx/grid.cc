#include "xlsx/grid.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "xlsx/text_metrics.h"

namespace dangan::xlsx {
namespace {

constexpr double kLinePt = 15;      // one line of 11 pt SimSun with leading
constexpr double kPaddingPt = 4;    // cell padding above and below the text
constexpr double kMaxRowPt = 409;   // Excel's limit
constexpr double kSignRoomPt = 24;  // free space for a handwritten signature, about 8.5 mm
constexpr double kDefaultWidth = 10;
constexpr double kUnitPixels = 22.0 / 3;  // 11 pt SimSun: a half-width glyph is 5.5 pt

}  // namespace

ColumnGeometry::ColumnGeometry(const std::vector<double>& widths) : widths_(widths) {
  for (double& w : widths_) {
    if (!(w > 0)) w = kDefaultWidth;
  }
}

int ColumnGeometry::Pixels(int col) const {
  // Same conversion as Excel and libxlsxwriter: 7 px per unit plus 5 px padding.
  const double w = widths_[col];
  if (w < 1) return static_cast<int>(w * 12 + 0.5);
  return static_cast<int>(w * 7 + 0.5) + 5;
}

int ColumnGeometry::Pixels(int first, int last) const {
  int px = 0;
  for (int c = first; c <= last; ++c) px += Pixels(c);
  return px;
}

int ColumnGeometry::Capacity(int first, int last) const {
  const int usable = Pixels(first, last) - 6;  // cell margins on both sides
  return std::max(2, static_cast<int>(usable / kUnitPixels));
}

Status PlaceRow(const Row& row, uint32_t sheet_row, uint32_t rows_below, int columns,
                std::vector<Placed>* out) {
  for (const Cell& cell : row.cells) {
    const int span = std::max(1, cell.col_span);
    if (cell.col < 0 || cell.col + span > columns) {
      return Status::InvalidArgument("第 " + std::to_string(sheet_row + 1) + " 行的单元格“" +
                                     (cell.field.empty() ? cell.text : cell.field) +
                                     "”超出了表格的 " + std::to_string(columns) + " 列");
    }
    Placed p;
    p.cell = &cell;
    p.first_row = sheet_row;
    p.last_row = sheet_row + std::min<uint32_t>(std::max(1, cell.row_span) - 1, rows_below);
    p.first_col = static_cast<uint16_t>(cell.col);
    p.last_col = static_cast<uint16_t>(cell.col + span - 1);
    out->push_back(p);
  }
  return Status::Ok();
}

double CellHeight(const Cell& cell, int capacity) {
  const int text_lines = cell.text.empty() ? 0 : WrappedLines(cell.text, capacity);
  const int lines = std::max({text_lines, cell.min_lines, 1});
  double height = lines * kLinePt + kPaddingPt;
  if (cell.style == CellStyle::kSignature) {
    // Lines reserved by min_lines beyond the caption count towards the room to sign.
    const double room = (lines - text_lines) * kLinePt;
    height += std::max(0.0, kSignRoomPt - room);
  }
  return std::min(kMaxRowPt, height);
}

double RowHeight(const Row& row, const std::vector<Placed>& placed,
                 const ColumnGeometry& geometry) {
  double height = std::max(row.min_height_pt, kLinePt + kPaddingPt);
  for (const Placed& p : placed) {
    height = std::max(height, CellHeight(*p.cell, geometry.Capacity(p.first_col, p.last_col)));
  }
  return std::min(kMaxRowPt, height);
}

std::vector<double> BlockHeights(const std::vector<Row>& rows, const std::vector<Placed>& placed,
                                 uint32_t first_row, const ColumnGeometry& geometry) {
  std::vector<double> heights;
  for (const Row& row : rows) heights.push_back(std::max(row.min_height_pt, kLinePt + kPaddingPt));
  for (const Placed& p : placed) {
    if (p.first_row != p.last_row) continue;
    double& h = heights[p.first_row - first_row];
    h = std::max(h, CellHeight(*p.cell, geometry.Capacity(p.first_col, p.last_col)));
  }
  for (const Placed& p : placed) {
    if (p.first_row == p.last_row) continue;
    double have = 0;
    for (uint32_t r = p.first_row; r <= p.last_row; ++r) have += heights[r - first_row];
    const double need = CellHeight(*p.cell, geometry.Capacity(p.first_col, p.last_col));
    if (need > have) heights[p.last_row - first_row] += need - have;
  }
  for (double& h : heights) h = std::min(kMaxRowPt, h);
  return heights;
}

}  // namespace dangan::xlsx
