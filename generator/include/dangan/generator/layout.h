// Layout stage: turns a bound Document into the Sheet both back ends draw.
#pragma once

#include "dangan/generator/document.h"
#include "dangan/generator/sheet.h"

namespace dangan {

// The Sheet keeps a pointer to `doc` for its table rows: `doc` must outlive it.
Sheet LayOut(const Document& doc);

// Room a cell needs whatever its text: across grid columns [col, col + span), at least `min_pt`
// points of the printed page (a box for a seal impression, a cell for a stamp).
struct WidthNeed {
  int col = 0;
  int span = 1;
  double min_pt = 0;
};

// The column widths LayOut gives Sheet::column_widths, in the template's units and adding up to
// the same total, so the printed grid still fills the page: as a browser's automatic table
// layout, each column gets at least its longest unbreakable run of text (a value of up to five
// characters counts as one run) and, room allowing, its longest line. The template's width is the
// default and the bound: a column keeps it unless its content is narrower (down to half of it) or
// needs more (up to three times it, shared out by the template's proportions).
// A column holding nothing but room for the pen keeps the template's width. A register is
// measured from its header and first 200 rows. Both back ends use these widths: the PDF scales
// them to the printable width, the XLSX takes them as its column widths.
std::vector<double> FitColumnWidths(const Sheet& sheet, const std::vector<double>& template_widths,
                                    const std::vector<WidthNeed>& needs);

}  // namespace dangan
