// Builds a standalone TrueType program holding only the glyphs one document uses.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dangan/base/status.h"
#include "pdf/truetype_font.h"

namespace dangan::pdf {

struct FontSubset {
  std::string program;           // a complete TrueType file, ready for FontFile2
  std::vector<uint16_t> glyphs;  // new glyph id -> glyph id in the source face
  // program[stable_begin, stable_end) holds the glyph data of the first `stable_glyphs` glyphs
  // asked for, and nothing else: the glyf table comes first after the table directory.
  size_t stable_begin = 0, stable_end = 0;
};

// `glyphs` lists source glyph ids in their new order; glyphs[0] must be 0 (.notdef). Components of
// composite glyphs are appended after them, so the requested glyphs keep their new ids.
// `unicode`, when given, holds the code point each of `glyphs` draws; the subset then carries a
// small cmap, so that tools reading the font program on its own can still map text to glyphs.
// `stable_glyphs`: how many of `glyphs` (from the first) FontSubset::stable_end covers.
Status BuildSubset(const TrueTypeFont& font, const std::vector<uint16_t>& glyphs, FontSubset* out,
                   const std::vector<char32_t>& unicode = {}, size_t stable_glyphs = 0);

}  // namespace dangan::pdf
