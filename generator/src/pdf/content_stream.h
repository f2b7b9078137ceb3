// ContentStream: builds a page's content stream text with top-down coordinates.
//
// Layout measures from the top of the page; PDF measures from the bottom. Converting here keeps
// every other part of the writer in one coordinate system.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "pdf/pdf_fonts.h"
#include "pdf/text_layout.h"

namespace dangan::pdf {

class ContentStream {
 public:
  ContentStream(double page_height, DocumentFonts* fonts)
      : page_height_(page_height), fonts_(fonts) {}

  void Op(std::string_view op) {
    out_ += op;
    out_ += '\n';
  }
  void Num(double v);
  // Appends "x y w h re" for a box whose top edge is `top` points below the top of the page.
  void Rect(double x, double top, double width, double height);

  void BeginText();
  void EndText() { Op("ET"); }
  // Shows one laid-out line; `baseline` is measured from the top of the page. Between
  // BeginText/EndText.
  void ShowLine(const TextBlock& text, const TextLine& line, double x, double baseline,
                double size);

  const std::string& bytes() const { return out_; }
  uint32_t fonts_used() const {
    return fonts_used_;
  }  // bit i: font i of the chain is used on this page

 private:
  void ShowRun(const Glyph* glyph, size_t count);

  double page_height_;
  DocumentFonts* fonts_;
  std::string out_;
  int current_font_ = -1;
  double current_size_ = 0;
  uint32_t fonts_used_ = 0;
};

}  // namespace dangan::pdf
