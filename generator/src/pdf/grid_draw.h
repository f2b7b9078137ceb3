// Draws placed row groups: cell shading, borders and text, each clipped to its page window.
#pragma once

#include <vector>

#include "pdf/content_stream.h"
#include "pdf/grid_layout.h"
#include "pdf/paginate.h"

namespace dangan::pdf {

struct PlacedGroup {
  const GroupLayout* layout;
  const Placement* placement;
};

// Draws the groups of one page. `grid_left`: the grid's left edge from the page's left edge.
void DrawGroups(const std::vector<PlacedGroup>& groups, double grid_left, ContentStream* out);

}  // namespace dangan::pdf
