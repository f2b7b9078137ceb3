// FontChain: the ordered fonts a writer draws with; each character goes to the first that has it.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "dangan/generator/pdf_writer.h"
#include "dangan/base/status.h"
#include "pdf/truetype_font.h"

namespace dangan::pdf {

struct GlyphChoice {
  uint8_t font = 0;  // index into the chain
  uint16_t gid = 0;
};

class FontChain {
 public:
  // Opens `files` in order; empty means the Debian defaults: WenQuanYi Zen Hei face 0, then
  // whichever of Droid Sans Fallback, Hanazono Mincho B (CJK Ext-B and beyond) and DejaVu Sans
  // (symbols) are installed and glyf-based.
  static Status Load(const std::vector<FontFile>& files, FontChain* out);

  // Adds face `face_index` of `path` at the end of the chain and returns its index, or -1 when the
  // file is missing or unusable (the chain is unchanged then).
  int AppendOptional(const char* path, int face_index);

  bool Find(char32_t cp, GlyphChoice* out) const {
    for (size_t i = 0; i < fonts_.size(); ++i) {
      uint16_t gid = fonts_[i]->GlyphFor(cp);
      if (gid != 0) {
        *out = GlyphChoice{static_cast<uint8_t>(i), gid};
        return true;
      }
    }
    return false;
  }
  size_t size() const { return fonts_.size(); }
  const TrueTypeFont& font(size_t i) const { return *fonts_[i]; }

 private:
  std::vector<std::unique_ptr<TrueTypeFont>> fonts_;
};

}  // namespace dangan::pdf
