// Grid layout: turns Sheet rows into measured cells and row heights.
//
// Rows linked by row_span form a group; a group is placed on a page as a whole, so the spanning
// cell never straddles a page break unless the group alone is taller than a page.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "dangan/generator/sheet.h"
#include "pdf/text_layout.h"

namespace dangan::pdf {

enum class Block : uint8_t { kHead, kTableHeader, kBody, kTail };

struct CellLayout {
  CellStyle style = CellStyle::kValue;
  Align align = Align::kLeft;
  bool red = false;
  bool fixed = false;          // Cell::fixed
  bool top_aligned = false;    // multi-line fields and signatures read from the top
  uint16_t row = 0, rows = 1;  // within the group
  int reserved_lines = 1;      // room kept even when the text is shorter (min_lines, signatures)
  double x = 0, width = 0;     // from the grid's left edge
  TextBlock text;
};

struct GroupLayout {
  std::vector<double> row_top;  // one entry per row plus the group's bottom, from the group's top
  std::vector<CellLayout> cells;
  double height() const { return row_top.empty() ? 0 : row_top.back(); }
};

// A character that no font can draw, and where it was found (already phrased for the clerk).
struct GlyphProblem {
  std::string where;
  char32_t cp = 0;
};

class GridLayouter {
 public:
  // column_x: the left edge of every column plus the right edge of the last, from the grid's left.
  GridLayouter(TextLayouter* text, std::vector<double> column_x)
      : text_(text), column_x_(std::move(column_x)) {}

  // Lays `count` rows out as one group. `first_row` is the index of rows[0] within its block, used
  // only to name the place of a problem. Problems are appended when `problems` is not null.
  void Layout(const Row* rows, size_t count, Block block, size_t first_row, GroupLayout* out,
              std::vector<GlyphProblem>* problems);

 private:
  void LayoutCell(const Cell& cell, uint16_t row, uint16_t rows, CellLayout* out,
                  std::vector<char32_t>* missing);
  static void ComputeHeights(const Row* rows, size_t count, GroupLayout* out);

  TextLayouter* text_;
  std::vector<double> column_x_;
  std::vector<char32_t> missing_;
};

// [first, end) row ranges of `rows` that row spans tie together.
std::vector<std::pair<size_t, size_t>> SpanGroups(const std::vector<Row>& rows);

// Top of the cell's first text line, given the cell's box. In a group split across pages every
// cell starts at the top, so a row's number and short remarks stay beside the start of its text.
double TextTop(const CellLayout& cell, double box_top, double box_height, bool split);

// Vertical extent [top, bottom) of every text line of the group, from the group's top. A page
// break may only fall between lines, so no line is ever cut in two.
void TextLineExtents(const GroupLayout& group, bool split,
                     std::vector<std::pair<double, double>>* out);

// How the clerk is told where a cell is: its field name, or its place in the grid for captions.
std::string CellPlace(const Cell& cell, Block block, size_t row);

}  // namespace dangan::pdf
