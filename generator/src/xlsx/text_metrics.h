// Text measurement for row heights: libxlsxwriter cannot auto-fit rows, and a wrapped cell in a
// row of default height hides its second and later lines in Excel, WPS and LibreOffice.
#pragma once

#include <string_view>

namespace dangan::xlsx {

// Width of one character in spreadsheet units: 2 for CJK and other full-width characters,
// 1 otherwise (SimSun draws Latin letters at half the width of a hanzi).
int CharWidth(char32_t cp);

// Sum of CharWidth over the UTF-8 text; a byte that does not decode counts as 1.
int DisplayWidth(std::string_view text);

// Number of lines `text` occupies when wrapped to `capacity` width units. '\n' starts a new line;
// runs of ASCII letters and digits move to the next line whole, as Excel wraps them.
int WrappedLines(std::string_view text, int capacity);

}  // namespace dangan::xlsx
