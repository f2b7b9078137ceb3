// The page frame: what every page carries around the grid — title, 依据/编号 line, QR code and
// footer. Laid out once per document; only the page numbers change from page to page.
#pragma once

#include <vector>

#include "dangan/generator/sheet.h"
#include "pdf/content_stream.h"
#include "pdf/grid_layout.h"
#include "pdf/text_layout.h"
#include "qr.h"

namespace dangan::pdf {

struct PageGeometry {
  double width = 0, height = 0;
  double left = 0, right = 0;  // printable area, x from the left edge
  double top = 0, bottom = 0;  // printable area, y from the top edge

  static PageGeometry For(Orientation orientation);
};

struct PageFrame {
  TextBlock title;   // centred
  TextBlock source;  // 依据：…, under the title, clear of the 归档章 place at the top right
  TextBlock number;  // 编号：, then the number: two lines right of the QR code, top left
  TextBlock footer_left;  // template id and document number
  QrMatrix qr;
  // From the top of the page. A title too long for the space between the QR code and the 归档章
  // corner goes under the band they form, across the whole width.
  double title_top = 0;
  double source_top = 0;
  double grid_top = 0;  // where the grid starts
};

// Lays the frame out and appends any character no font can draw to `problems`.
void LayoutFrame(const Sheet& sheet, const PageGeometry& page, TextLayouter* text, PageFrame* frame,
                 std::vector<GlyphProblem>* problems);

// Draws the frame of page `page` (1-based) of `pages`.
void DrawFrame(const PageFrame& frame, const PageGeometry& geometry, int page, int pages,
               TextLayouter* text, ContentStream* out);

// Draws the QR code `qr` kQrSize wide with its top-left corner at (left, top).
void DrawQr(const QrMatrix& qr, double left, double top, ContentStream* out);

// The footer's page numbering text, e.g. 第 3 页 共 12 页.
std::string PageNumberText(int page, int pages);

}  // namespace dangan::pdf
