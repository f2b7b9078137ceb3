// Reads a PDF back with Poppler, as a viewer would: page texts, fonts, metadata and any complaint
// Poppler has about the file. Tests check what a clerk sees and copies, not what we meant to write.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dangan::test {

struct PdfFont {
  std::string name;  // e.g. ABCDEF+WenQuanYiZenHei
  bool embedded = false;
  bool subset = false;
  bool cid_truetype = false;
};

// A line of text as Poppler groups it on the page, left to right.
struct PdfTextLine {
  double top = 0;  // from the top of the page, points
  double left = 0;
  std::string text;  // UTF-8, words joined without spaces
};

struct PdfContent {
  bool loaded = false;
  std::vector<std::string> pages;               // UTF-8 text of each page in drawing order
  std::vector<std::vector<PdfTextLine>> lines;  // each page's text grouped into visual lines
  std::vector<PdfFont> fonts;
  std::vector<double> ink;  // per page: share of pixels that are not white when rendered at 36 dpi
  std::vector<size_t> red_pixels;          // per page: clearly red pixels in that rendering
  double page_width = 0, page_height = 0;  // of the first page
  std::string title, subject, creator;
  std::vector<std::string>
      errors;  // Poppler's syntax errors and warnings while reading and rendering
};

// Loads `path` with Poppler. `render` also rasterises every page (slower; checks the font
// programs).
PdfContent ReadPdf(const std::string& path, bool render = false);

// `utf8` without any whitespace, ideographic and no-break spaces included: Poppler inserts
// spaces and line breaks at its own discretion and turns blank glyphs into plain spaces.
std::string Squeeze(std::string_view utf8);

// Number of (non-overlapping) occurrences of `needle` in `haystack`.
size_t CountOf(std::string_view haystack, std::string_view needle);

}  // namespace dangan::test
