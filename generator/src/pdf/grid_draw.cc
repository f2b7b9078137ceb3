#include "pdf/grid_draw.h"

#include <algorithm>

#include "pdf/layout_metrics.h"

namespace dangan::pdf {
namespace {

constexpr double kEpsilon = 1e-6;
constexpr double kHeaderGray = 0.85;
constexpr double kLabelGray = 0.95;

struct Box {
  double top = 0, height = 0;  // on the page, from the top edge
};

// The part of a cell's box that falls inside the placement's window, in page coordinates.
bool VisibleBox(const GroupLayout& g, const CellLayout& cell, const Placement& p, Box* box) {
  double top = std::max(g.row_top[cell.row], p.window_top);
  double bottom = std::min(g.row_top[cell.row + cell.rows], p.window_bottom);
  if (bottom - top <= kEpsilon) return false;
  box->top = p.y + (top - p.window_top);
  box->height = bottom - top;
  return true;
}

void DrawShading(const std::vector<PlacedGroup>& groups, double grid_left, CellStyle style,
                 double gray, ContentStream* out) {
  bool any = false;
  for (const PlacedGroup& pg : groups) {
    for (const CellLayout& cell : pg.layout->cells) {
      Box box;
      if (cell.style != style || !VisibleBox(*pg.layout, cell, *pg.placement, &box)) continue;
      if (!any) {
        out->Num(gray);
        out->Op("g");
        any = true;
      }
      out->Rect(grid_left + cell.x, box.top, cell.width, box.height);
    }
  }
  if (any) out->Op("f");
}

void DrawBorders(const std::vector<PlacedGroup>& groups, double grid_left, ContentStream* out) {
  out->Num(kBorderWidth);
  out->Op("w 0 G");
  for (const PlacedGroup& pg : groups) {
    for (const CellLayout& cell : pg.layout->cells) {
      Box box;
      if (VisibleBox(*pg.layout, cell, *pg.placement, &box))
        out->Rect(grid_left + cell.x, box.top, cell.width, box.height);
    }
  }
  out->Op("S");
}

void DrawCellText(const GroupLayout& g, const CellLayout& cell, const Placement& p,
                  double grid_left, bool* red, ContentStream* out) {
  double box_top = g.row_top[cell.row];
  double first = TextTop(cell, box_top, g.row_top[cell.row + cell.rows] - box_top, p.split);
  for (size_t k = 0; k < cell.text.lines.size(); ++k) {
    double top = first + k * kLineHeight;
    // Each line is drawn on the one page whose window holds it whole; pagination never cuts lines.
    if (top < p.window_top - kEpsilon || top + kLineHeight > p.window_bottom + kEpsilon) continue;
    if (cell.red != *red) {
      out->Op(cell.red ? "1 0 0 rg" : "0 g");
      *red = cell.red;
    }
    const TextLine& line = cell.text.lines[k];
    double width = TextBlock::ToPoints(line.width, kBodySize);
    double left = grid_left + cell.x;
    double x = cell.align == Align::kLeft    ? left + kCellPadX
               : cell.align == Align::kRight ? left + cell.width - kCellPadX - width
                                             : left + (cell.width - width) / 2;
    double baseline = p.y + (top - p.window_top) + BaselineInLine(kLineHeight, kBodySize);
    out->ShowLine(cell.text, line, x, baseline, kBodySize);
  }
}

}  // namespace

void DrawGroups(const std::vector<PlacedGroup>& groups, double grid_left, ContentStream* out) {
  // Shading first and borders second, so a neighbour's fill never covers half of a shared border.
  DrawShading(groups, grid_left, CellStyle::kHeader, kHeaderGray, out);
  DrawShading(groups, grid_left, CellStyle::kLabel, kLabelGray, out);
  DrawBorders(groups, grid_left, out);
  out->BeginText();
  out->Op("0 g");
  bool red = false;
  for (const PlacedGroup& pg : groups) {
    for (const CellLayout& cell : pg.layout->cells)
      DrawCellText(*pg.layout, cell, *pg.placement, grid_left, &red, out);
  }
  out->EndText();
}

}  // namespace dangan::pdf
