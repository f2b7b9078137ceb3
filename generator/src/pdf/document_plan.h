// Document plan: the first pass over a sheet. Everything is measured and paginated before any
// page is drawn, so the footer knows the page count and a character no font can draw is found
// before a file is touched.
#pragma once

#include <utility>
#include <vector>

#include "dangan/generator/sheet.h"
#include "pdf/grid_layout.h"
#include "pdf/page_frame.h"
#include "pdf/paginate.h"

namespace dangan::pdf {

struct DocumentPlan {
  PageGeometry geometry;
  PageFrame frame;
  std::vector<double> column_x;  // column edges from the grid's left edge
  std::vector<std::pair<size_t, size_t>> head_groups, tail_groups;
  std::vector<GroupLayout> head, tail;  // one layout per span group
  GroupLayout table_header;
  // Body rows are not kept: a register may have hundreds of thousands. The draw pass asks the
  // sheet for them again.
  std::vector<PagePlan> pages;
};

void PlanDocument(const Sheet& sheet, TextLayouter* text, DocumentPlan* plan,
                  std::vector<GlyphProblem>* problems);

}  // namespace dangan::pdf
