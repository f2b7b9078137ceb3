// Text layout: maps UTF-8 to glyphs of the font chain and breaks it into lines that fit a width.
//
// Line breaking follows ICU's rules for Chinese, so no line starts with closing punctuation
// (，。）、…) and no line ends with an opening bracket. A piece that is wider than the whole line
// on its own (a long number or Latin word) is broken between characters instead of overflowing.
#pragma once

#include <unicode/brkiter.h>
#include <unicode/unistr.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include "dangan/base/status.h"
#include "pdf/font_chain.h"

namespace dangan::pdf {

struct Glyph {
  char32_t cp = 0;
  uint16_t gid = 0;      // glyph id in the source font
  uint16_t advance = 0;  // thousandths of an em
  uint8_t font = 0;      // index into the font chain
};

struct TextLine {
  uint32_t begin = 0, end = 0;  // glyph range in TextBlock::glyphs
  uint32_t width = 0;           // thousandths of an em, trailing spaces not counted
};

struct TextBlock {
  std::vector<Glyph> glyphs;
  std::vector<TextLine> lines;

  static double ToPoints(uint32_t width_1000, double size_pt) {
    return width_1000 * size_pt / 1000.0;
  }
};

class TextLayouter {
 public:
  static Status Create(const FontChain* fonts, std::unique_ptr<TextLayouter>* out);

  // Lays `utf8` out at `size_pt` in lines no wider than `max_width_pt`. '\n' starts a new line and
  // other control characters are ignored. Code points that no font can draw are appended to
  // `missing` (when given) and left out of the layout.
  void Layout(std::string_view utf8, double size_pt, double max_width_pt, TextBlock* out,
              std::vector<char32_t>* missing);

  // Characters the chain's font `index` has are taken from it, the rest from the chain in order;
  // -1 (the default) is the chain's order alone. A notice sets its title in the Song face and its
  // body in 楷体 from one chain this way.
  void Prefer(int index) { preferred_ = index; }

  // Width of a single line of text, for one-line captions such as the page footer.
  double MeasurePoints(std::string_view utf8, double size_pt, std::vector<char32_t>* missing);

 private:
  explicit TextLayouter(const FontChain* fonts) : fonts_(fonts) {}
  void Shape(std::string_view utf8, TextBlock* out, std::vector<char32_t>* missing);
  void BreakParagraph(TextBlock* block, uint32_t begin, uint32_t end, uint32_t max_width);
  void KeepShortBracketsWhole(const std::vector<Glyph>& glyphs);

  const FontChain* fonts_;
  int preferred_ = -1;
  // Created once: building a line break iterator loads ICU's rule tables, far too slow per cell.
  std::unique_ptr<icu::BreakIterator> breaker_;
  icu::UnicodeString text16_;
  std::vector<int32_t> offsets16_;
  std::vector<uint32_t> paragraph_ends_;
  std::vector<std::pair<uint32_t, uint32_t>> segments_;  // glyph ranges between break chances
};

}  // namespace dangan::pdf
