// Pagination: decides, before anything is drawn, which part of which row group goes on which page,
// so that the total page count is known when the first footer is drawn.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "pdf/grid_layout.h"

namespace dangan::pdf {

// A horizontal slice [window_top, window_bottom) of a group, drawn with its top at page height `y`
// (distance from the top of the page). A group that fits is one slice from 0 to its height.
struct Placement {
  Block block = Block::kHead;
  uint32_t group = 0;  // head/tail: index of the span group; body: row index; table header: 0
  double window_top = 0, window_bottom = 0;
  double y = 0;
  bool split = false;  // the group is spread over several pages
};

struct PagePlan {
  std::vector<Placement> items;
};

class Paginator {
 public:
  Paginator(double grid_top, double grid_bottom) : grid_top_(grid_top), grid_bottom_(grid_bottom) {
    NewPage(false);
  }

  // Places the table header where the table starts. It moves to a new page with the first body row
  // rather than staying alone at the bottom of a page.
  void PlaceTableHeader(const GroupLayout& header, double first_row_height);
  // Places a group after everything placed so far; body rows carry the table header onto new pages.
  void Place(Block block, uint32_t group, const GroupLayout& layout);

  std::vector<PagePlan> TakePages() { return std::move(pages_); }

 private:
  double Remaining() const { return grid_bottom_ - y_; }
  double FreshCapacity(Block block) const;
  void NewPage(bool with_table_header);
  void Add(Block block, uint32_t group, double top, double bottom, bool split = false);
  void PlaceSplit(Block block, uint32_t group, const GroupLayout& layout);
  bool TakeLastForNextPage(double height, Placement* carried);

  double grid_top_, grid_bottom_;
  double header_height_ = 0;
  bool repeat_header_ = false;
  std::vector<PagePlan> pages_;
  double y_ = 0;
  bool fresh_ = true;  // nothing but the repeated table header on the current page yet
  std::vector<std::pair<double, double>> extents_;
};

}  // namespace dangan::pdf
