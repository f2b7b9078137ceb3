#include "pdf/grid_layout.h"

#include <algorithm>

#include "pdf/layout_metrics.h"

namespace dangan::pdf {
namespace {

double NeededHeight(const CellLayout& cell) {
  return cell.reserved_lines * kLineHeight + 2 * kCellPadY;
}

const char* BlockName(Block block) {
  switch (block) {
    case Block::kHead:
      return "表头";
    case Block::kTableHeader:
      return "列标题";
    case Block::kBody:
      return "表格";
    case Block::kTail:
      return "表尾";
  }
  return "";
}

}  // namespace

void GridLayouter::Layout(const Row* rows, size_t count, Block block, size_t first_row,
                          GroupLayout* out, std::vector<GlyphProblem>* problems) {
  out->cells.clear();
  for (size_t r = 0; r < count; ++r) {
    for (const Cell& cell : rows[r].cells) {
      // A span reaching past the group (or any span in the body) is cut at the group's end.
      size_t span =
          std::clamp<size_t>(static_cast<size_t>(std::max(1, cell.row_span)), 1, count - r);
      out->cells.emplace_back();
      missing_.clear();
      LayoutCell(cell, static_cast<uint16_t>(r), static_cast<uint16_t>(span), &out->cells.back(),
                 &missing_);
      if (problems != nullptr) {
        for (char32_t cp : missing_)
          problems->push_back(GlyphProblem{CellPlace(cell, block, first_row + r), cp});
      }
    }
  }
  ComputeHeights(rows, count, out);
}

void GridLayouter::LayoutCell(const Cell& cell, uint16_t row, uint16_t rows, CellLayout* out,
                              std::vector<char32_t>* missing) {
  int columns = static_cast<int>(column_x_.size()) - 1;
  int first = std::clamp(cell.col, 0, columns - 1);
  int end = std::clamp(first + std::max(1, cell.col_span), first + 1, columns);
  out->style = cell.style;
  out->align = cell.style == CellStyle::kHeader ? Align::kCenter : cell.align;
  out->red = cell.red;
  out->fixed = cell.fixed;
  out->top_aligned = cell.style == CellStyle::kSignature || cell.min_lines > 1;
  out->row = row;
  out->rows = rows;
  out->x = column_x_[first];
  out->width = column_x_[end] - out->x;
  text_->Layout(cell.text, kBodySize, out->width - 2 * kCellPadX, &out->text, missing);
  int floor_lines = cell.style == CellStyle::kSignature ? kSignatureLines : 1;
  out->reserved_lines =
      std::max({static_cast<int>(out->text.lines.size()), cell.min_lines, floor_lines});
}

void GridLayouter::ComputeHeights(const Row* rows, size_t count, GroupLayout* out) {
  std::vector<double> height(count);
  for (size_t r = 0; r < count; ++r) height[r] = std::max(kDefaultRowHeight, rows[r].min_height_pt);
  std::vector<const CellLayout*> spanning;
  for (const CellLayout& cell : out->cells) {
    if (cell.rows == 1) {
      height[cell.row] = std::max(height[cell.row], NeededHeight(cell));
    } else {
      spanning.push_back(&cell);
    }
  }
  // Spans ending earlier are settled first, so a later span sees the rows they already grew.
  std::sort(spanning.begin(), spanning.end(), [](const CellLayout* a, const CellLayout* b) {
    return a->row + a->rows < b->row + b->rows;
  });
  for (const CellLayout* cell : spanning) {
    size_t last = cell->row + cell->rows - 1;
    double sum = 0;
    for (size_t r = cell->row; r <= last; ++r) sum += height[r];
    double need = NeededHeight(*cell);
    if (need > sum) height[last] += need - sum;
  }
  out->row_top.assign(1, 0.0);
  for (double h : height) out->row_top.push_back(out->row_top.back() + h);
}

std::vector<std::pair<size_t, size_t>> SpanGroups(const std::vector<Row>& rows) {
  std::vector<std::pair<size_t, size_t>> groups;
  size_t start = 0, reach = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    reach = std::max(reach, r + 1);
    for (const Cell& cell : rows[r].cells)
      reach = std::max(reach, r + static_cast<size_t>(std::max(1, cell.row_span)));
    if (reach <= r + 1) {
      groups.emplace_back(start, r + 1);
      start = r + 1;
    }
  }
  if (start < rows.size()) groups.emplace_back(start, rows.size());
  return groups;
}

double TextTop(const CellLayout& cell, double box_top, double box_height, bool split) {
  if (cell.top_aligned || split) return box_top + kCellPadY;
  return box_top + (box_height - cell.text.lines.size() * kLineHeight) / 2;
}

void TextLineExtents(const GroupLayout& group, bool split,
                     std::vector<std::pair<double, double>>* out) {
  out->clear();
  for (const CellLayout& cell : group.cells) {
    double top = group.row_top[cell.row];
    double first = TextTop(cell, top, group.row_top[cell.row + cell.rows] - top, split);
    for (size_t k = 0; k < cell.text.lines.size(); ++k) {
      out->emplace_back(first + k * kLineHeight, first + (k + 1) * kLineHeight);
    }
  }
}

std::string CellPlace(const Cell& cell, Block block, size_t row) {
  std::string row_text = std::to_string(row + 1);
  if (!cell.field.empty()) {
    std::string field = "字段「" + cell.field + "」";
    return block == Block::kBody ? "第 " + row_text + " 行" + field : field;
  }
  return std::string(BlockName(block)) + "第 " + row_text + " 行第 " +
         std::to_string(cell.col + 1) + " 列";
}

}  // namespace dangan::pdf
