#include "pdf/document_plan.h"

#include <algorithm>

namespace dangan::pdf {
namespace {

constexpr double kFallbackColumnWidth = 10;  // spreadsheet units, used where the sheet gives none

size_t ColumnCount(const Sheet& sheet) {
  size_t columns = sheet.column_widths.size();
  for (const std::vector<Row>* block : {&sheet.head, &sheet.table_header, &sheet.tail}) {
    for (const Row& row : *block) {
      for (const Cell& cell : row.cells) {
        columns = std::max(columns,
                           static_cast<size_t>(std::max(0, cell.col) + std::max(1, cell.col_span)));
      }
    }
  }
  return std::max<size_t>(columns, 1);
}

// Column widths are spreadsheet units; PDF keeps their proportions across the printable width.
std::vector<double> ColumnEdges(const Sheet& sheet, double printable_width) {
  size_t columns = ColumnCount(sheet);
  std::vector<double> widths(columns, kFallbackColumnWidth);
  for (size_t i = 0; i < std::min(columns, sheet.column_widths.size()); ++i) {
    if (sheet.column_widths[i] > 0) widths[i] = sheet.column_widths[i];
  }
  double total = 0;
  for (double w : widths) total += w;
  std::vector<double> edges(1, 0.0);
  double sum = 0;
  for (double w : widths) {
    sum += w;
    edges.push_back(sum / total * printable_width);
  }
  return edges;
}

void LayoutBlock(GridLayouter* grid, const std::vector<Row>& rows, Block block,
                 const std::vector<std::pair<size_t, size_t>>& groups,
                 std::vector<GroupLayout>* out, std::vector<GlyphProblem>* problems) {
  out->resize(groups.size());
  for (size_t g = 0; g < groups.size(); ++g) {
    auto [first, end] = groups[g];
    grid->Layout(rows.data() + first, end - first, block, first, &(*out)[g], problems);
  }
}

void PlaceBody(const Sheet& sheet, GridLayouter* grid, const DocumentPlan& plan,
               Paginator* paginator, std::vector<GlyphProblem>* problems) {
  GroupLayout body;
  size_t count = sheet.body_row ? sheet.body_count : 0;
  if (count > 0) {
    Row row = sheet.body_row(0);
    grid->Layout(&row, 1, Block::kBody, 0, &body, problems);
  }
  if (!sheet.table_header.empty())
    paginator->PlaceTableHeader(plan.table_header, count > 0 ? body.height() : 0);
  for (size_t i = 0; i < count; ++i) {
    if (i > 0) {
      Row row = sheet.body_row(i);
      grid->Layout(&row, 1, Block::kBody, i, &body, problems);
    }
    paginator->Place(Block::kBody, static_cast<uint32_t>(i), body);
  }
}

}  // namespace

void PlanDocument(const Sheet& sheet, TextLayouter* text, DocumentPlan* plan,
                  std::vector<GlyphProblem>* problems) {
  plan->geometry = PageGeometry::For(sheet.orientation);
  LayoutFrame(sheet, plan->geometry, text, &plan->frame, problems);
  plan->column_x = ColumnEdges(sheet, plan->geometry.right - plan->geometry.left);
  GridLayouter grid(text, plan->column_x);

  plan->head_groups = SpanGroups(sheet.head);
  plan->tail_groups = SpanGroups(sheet.tail);
  LayoutBlock(&grid, sheet.head, Block::kHead, plan->head_groups, &plan->head, problems);
  LayoutBlock(&grid, sheet.tail, Block::kTail, plan->tail_groups, &plan->tail, problems);
  grid.Layout(sheet.table_header.data(), sheet.table_header.size(), Block::kTableHeader, 0,
              &plan->table_header, problems);

  Paginator paginator(plan->frame.grid_top, plan->geometry.bottom);
  for (size_t g = 0; g < plan->head.size(); ++g)
    paginator.Place(Block::kHead, static_cast<uint32_t>(g), plan->head[g]);
  PlaceBody(sheet, &grid, *plan, &paginator, problems);
  for (size_t g = 0; g < plan->tail.size(); ++g)
    paginator.Place(Block::kTail, static_cast<uint32_t>(g), plan->tail[g]);
  plan->pages = paginator.TakePages();
}

}  // namespace dangan::pdf
