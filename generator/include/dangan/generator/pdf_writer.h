// PdfWriter: draws a Sheet as an A4 PDF with an embedded subset CJK font.
// Fonts are parsed once when the writer is created; each Write() builds its own subset,
// so one writer serves a batch of thousands of documents. A writer is not thread-safe.
// Write() calls sheet.body_row(i) twice per row (measure, then draw) so that a huge register is
// never held in memory whole: body_row must return the same row each time.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dangan/generator/sheet.h"
#include "dangan/base/status.h"

namespace dangan {

struct FontFile {
  std::string path;
  int face_index = 0;  // face inside a .ttc collection
};

struct PdfOptions {
  // Tried in order for every character; the first font that has the glyph draws it.
  // Empty: the default Debian fonts (WenQuanYi Zen Hei face 0, then fallbacks that are installed).
  std::vector<FontFile> fonts;
  // 立档单位: the PDF's author (Info /Author and XMP dc:creator). Empty: no author is named.
  std::string author;
};

struct PdfResult {
  int page_count = 0;
};

class PdfWriter {
 public:
  static Status Create(const PdfOptions& options, std::unique_ptr<PdfWriter>* out);
  virtual ~PdfWriter() = default;

  // Writes `sheet` to `path`. A character no font can draw is an error naming the field,
  // the character and its code point; nothing is written then.
  virtual Status Write(const Sheet& sheet, const std::string& path, PdfResult* result) = 0;
};

}  // namespace dangan
