// TrueTypeFont: a read-only view of one glyf-outline face, parsed once.
//
// Parsing a large CJK font costs milliseconds, so a writer parses each face once and every
// document then only looks glyphs up and copies glyph programs out of the mapped file.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dangan/base/status.h"

namespace dangan::pdf {

class TrueTypeFont {
 public:
  struct HMetric {
    uint16_t advance = 0;  // font units
    int16_t lsb = 0;
  };

  // Maps `path` and parses face `face_index` of it (a .ttc collection or a plain .ttf).
  static Status Open(const std::string& path, int face_index, std::unique_ptr<TrueTypeFont>* out);
  // Parses an in-memory font program, e.g. a subset this module produced.
  static Status FromBytes(std::string bytes, std::unique_ptr<TrueTypeFont>* out);

  TrueTypeFont(const TrueTypeFont&) = delete;
  TrueTypeFont& operator=(const TrueTypeFont&) = delete;
  ~TrueTypeFont();

  // Glyph for a Unicode code point; 0 when the face has none.
  uint16_t GlyphFor(char32_t cp) const {
    if (cp >= kCodeSpace) return 0;
    const auto& page = cmap_pages_[cp >> 8];
    return page ? (*page)[cp & 0xff] : 0;
  }
  // Advance width in thousandths of an em, the unit of PDF glyph widths.
  uint16_t Advance1000(uint16_t gid) const {
    return gid < advance_1000_.size() ? advance_1000_[gid] : 0;
  }
  HMetric HorizontalMetric(uint16_t gid) const;
  // The glyph's outline program from glyf (empty for blank glyphs such as the space).
  std::string_view GlyphData(uint16_t gid) const;
  // A table's bytes, empty when the face has no such table.
  std::string_view Table(uint32_t tag) const;

  uint16_t num_glyphs() const { return num_glyphs_; }
  uint16_t units_per_em() const { return units_per_em_; }
  // Metrics in thousandths of an em, as the PDF font descriptor wants them.
  const std::array<int, 4>& bbox_1000() const { return bbox_1000_; }
  int ascent_1000() const { return ascent_1000_; }
  int descent_1000() const { return descent_1000_; }
  int cap_height_1000() const { return cap_height_1000_; }
  // PostScript name reduced to characters safe in a PDF name, e.g. WenQuanYiZenHei.
  const std::string& postscript_name() const { return postscript_name_; }
  const std::string& path() const { return path_; }

 private:
  static constexpr char32_t kCodeSpace = 0x110000;
  struct TableRef {
    uint32_t tag, offset, length;
  };
  using CmapPage = std::array<uint16_t, 256>;

  TrueTypeFont() = default;
  Status Parse(int face_index);
  Status ReadTableDirectory(uint32_t dir_offset);
  Status ReadHeader();
  Status ReadMetrics();
  Status ReadCmap();
  void ReadCmapFormat4(const uint8_t* sub, size_t len);
  void ReadCmapFormat12(const uint8_t* sub, size_t len);
  void ReadNames();
  void MapCodePoint(char32_t cp, uint32_t gid);
  Status Error(const std::string& what) const;

  // Either a mapping of the font file or an owned copy of the bytes.
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  void* mapping_ = nullptr;
  std::string owned_;
  std::string path_;

  std::vector<TableRef> tables_;
  uint16_t num_glyphs_ = 0;
  uint16_t units_per_em_ = 1000;
  uint16_t num_hmetrics_ = 0;
  bool long_loca_ = false;
  std::array<int, 4> bbox_1000_{};
  int ascent_1000_ = 880, descent_1000_ = -120, cap_height_1000_ = 700;
  std::string postscript_name_;
  std::vector<uint16_t> advance_1000_;
  std::vector<std::unique_ptr<CmapPage>> cmap_pages_;
  std::string_view loca_, glyf_, hmtx_;
};

}  // namespace dangan::pdf
