// PageTree: adds pages to a PoDoFo document without PoDoFo's page tree code.
//
// PoDoFo 0.9.8 walks the whole page tree each time it adds or looks up a page, so a
// 200,000-row register (13,000 pages) took minutes. Pages here are plain dictionaries collected
// into a balanced tree once, at the end.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "pdf/pdf_fonts.h"

namespace PoDoFo {
class PdfMemDocument;
class PdfObject;
}  // namespace PoDoFo

namespace dangan::pdf {

class PageTree {
 public:
  PageTree(PoDoFo::PdfMemDocument* doc, double width, double height)
      : doc_(doc), width_(width), height_(height) {}

  // Appends a page drawn by `content`, using the fonts in the `fonts_used` bit set.
  void AddPage(const std::string& content, uint32_t fonts_used, const DocumentFonts& fonts);
  // Links the pages under the document's page tree root.
  void Finish();

 private:
  PoDoFo::PdfMemDocument* doc_;
  double width_, height_;
  std::vector<PoDoFo::PdfObject*> pages_;
};

}  // namespace dangan::pdf
