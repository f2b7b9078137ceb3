// DocumentFonts: the fonts one document uses, numbered per document and embedded as subsets.
//
// Each (font, code point) gets a CID in order of first use, and the subset's glyph ids equal the
// CIDs (CIDToGIDMap /Identity). Numbering by code point rather than by glyph keeps ToUnicode exact
// even when a font draws two code points with one glyph.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "dangan/base/status.h"
#include "pdf/font_chain.h"
#include "pdf/text_layout.h"

namespace PoDoFo {
class PdfObject;
class PdfVecObjects;
}  // namespace PoDoFo

namespace dangan::pdf {

class DocumentFonts {
 public:
  DocumentFonts(const FontChain* chain, PoDoFo::PdfVecObjects* objects)
      : chain_(chain), objects_(objects), used_(chain->size()) {}

  uint16_t Cid(const Glyph& glyph) {
    FontUse& use = used_[glyph.font];
    auto it = use.cid.find(glyph.cp);
    if (it != use.cid.end()) return it->second;
    return NewCid(glyph);
  }

  // Numbers the glyphs `text` draws before anything else. Called for the captions of a form
  // before the first page is drawn: the glyphs every document of a template shares then come
  // first in each subset, and their compressed data is reused (reused_deflate.h).
  void Prime(const TextBlock& text) {
    for (const TextLine& line : text.lines) {
      for (uint32_t i = line.begin; i < line.end; ++i) {
        Cid(text.glyphs[i]);
        used_[text.glyphs[i].font].primed = used_[text.glyphs[i].font].glyphs.size();
      }
    }
  }

  // The font's Type0 dictionary, to be listed as /F<font> in a page's resources. Exists once the
  // font has drawn a glyph; filled in by Embed().
  PoDoFo::PdfObject* FontObject(uint8_t font) const { return used_[font].type0; }

  // Subsets and embeds every font that drew something.
  Status Embed();

 private:
  struct FontUse {
    PoDoFo::PdfObject* type0 = nullptr;
    std::vector<uint16_t> glyphs{0};   // CID -> source glyph id; CID 0 is .notdef
    std::vector<char32_t> unicode{0};  // CID -> code point
    std::unordered_map<char32_t, uint16_t> cid;
    size_t primed = 0;  // glyphs[0, primed) were numbered by Prime()
  };

  uint16_t NewCid(const Glyph& glyph);
  Status EmbedFont(uint8_t font, FontUse* use);

  const FontChain* chain_;
  PoDoFo::PdfVecObjects* objects_;
  std::vector<FontUse> used_;
};

}  // namespace dangan::pdf
