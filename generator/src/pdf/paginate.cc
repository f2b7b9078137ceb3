#include "pdf/paginate.h"

#include <algorithm>

#include "pdf/layout_metrics.h"

namespace dangan::pdf {
namespace {

constexpr double kEpsilon = 1e-6;
// Starting a split row in less space than this leaves a sliver of a cell at the page bottom.
constexpr double kMinSplitStart = 2 * kLineHeight + 2 * kCellPadY;

// The cut nearest to `limit`, and not below it, that passes through no text line.
double SafeCut(const std::vector<std::pair<double, double>>& lines, double limit) {
  double cut = limit;
  for (bool moved = true; moved;) {
    moved = false;
    for (const auto& [top, bottom] : lines) {
      if (top < cut - kEpsilon && bottom > cut + kEpsilon) {
        cut = top;
        moved = true;
      }
    }
  }
  return cut;
}

}  // namespace

double Paginator::FreshCapacity(Block block) const {
  double capacity = grid_bottom_ - grid_top_;
  if (block == Block::kBody && repeat_header_) capacity -= header_height_;
  return capacity;
}

void Paginator::NewPage(bool with_table_header) {
  pages_.emplace_back();
  y_ = grid_top_;
  fresh_ = true;
  if (with_table_header && repeat_header_) {
    pages_.back().items.push_back(Placement{Block::kTableHeader, 0, 0, header_height_, y_});
    y_ += header_height_;
  }
}

void Paginator::Add(Block block, uint32_t group, double top, double bottom, bool split) {
  pages_.back().items.push_back(Placement{block, group, top, bottom, y_, split});
  y_ += bottom - top;
  fresh_ = false;
}

void Paginator::PlaceTableHeader(const GroupLayout& header, double first_row_height) {
  header_height_ = header.height();
  // A header taller than half a page would leave too little room for rows if repeated.
  repeat_header_ = header_height_ > 0 && header_height_ <= (grid_bottom_ - grid_top_) / 2;
  if (header_height_ <= 0) return;
  double keep = header_height_ + std::min(first_row_height, FreshCapacity(Block::kBody));
  if (!fresh_ && keep > Remaining() + kEpsilon) NewPage(false);
  Place(Block::kTableHeader, 0, header);
}

void Paginator::Place(Block block, uint32_t group, const GroupLayout& layout) {
  double height = layout.height();
  if (height <= Remaining() + kEpsilon) {
    Add(block, group, 0, height);
    return;
  }
  if (!fresh_ && height <= FreshCapacity(block) + kEpsilon) {
    Placement carried;
    bool carry = block != Block::kBody && TakeLastForNextPage(height, &carried);
    NewPage(block == Block::kBody || (carry && carried.block == Block::kBody));
    if (carry) Add(carried.block, carried.group, carried.window_top, carried.window_bottom);
    Add(block, group, 0, height);
    return;
  }
  PlaceSplit(block, group, layout);
}

// Totals, signatures and the 说明 box belong to what comes before them: a page holding nothing
// else reads as a stray sheet. The last whole group of the page goes over with them, unless it is
// all the page holds or the two together do not fit a page.
bool Paginator::TakeLastForNextPage(double height, Placement* carried) {
  std::vector<Placement>& items = pages_.back().items;
  size_t content = 0;
  for (const Placement& p : items) content += p.block != Block::kTableHeader;
  if (content < 2) return false;
  const Placement& last = items.back();
  if (last.split || last.block == Block::kTableHeader) return false;
  // Nor may a table's heading stay behind without a row under it.
  if (items[items.size() - 2].block == Block::kTableHeader) return false;
  double need = last.window_bottom - last.window_top + height;
  if (last.block == Block::kBody && repeat_header_) need += header_height_;
  if (need > grid_bottom_ - grid_top_ + kEpsilon) return false;
  *carried = last;
  items.pop_back();
  return true;
}

// A group taller than a page is cut between text lines and continues on following pages. Each
// window reaches one padding past the cut on both sides, so text keeps clear of the borders that
// close the cell at the page break; a line is drawn only in the window that holds it whole.
void Paginator::PlaceSplit(Block block, uint32_t group, const GroupLayout& layout) {
  TextLineExtents(layout, /*split=*/true, &extents_);
  if (!fresh_ && Remaining() < kMinSplitStart) NewPage(block == Block::kBody);
  double height = layout.height(), offset = 0;
  while (height - offset > Remaining() + kEpsilon) {
    double cut = SafeCut(extents_, offset + Remaining() - kCellPadY);
    if (cut - kCellPadY <= offset + kEpsilon) {
      if (!fresh_) {
        NewPage(block == Block::kBody);
        continue;
      }
      cut = offset + Remaining() -
            kCellPadY;  // a single line taller than a page: nothing better exists
    }
    Add(block, group, offset, cut + kCellPadY, true);
    offset = cut - kCellPadY;
    NewPage(block == Block::kBody);
  }
  Add(block, group, offset, height, true);
}

}  // namespace dangan::pdf
