// Inputs that probe intake's limits, written byte by byte (zlib only) so that both the tests and
// bench/bench_limits make exactly the same files: blank PDFs of any length, a PDF whose one
// content stream inflates far beyond its size (a flate bomb), and a PNG of huge dimensions.
#pragma once

#include <cstdint>
#include <string>

namespace dangan::test {

// A PDF of `pages` blank A4 pages (no content streams, no text layer). Returns `out`.
std::string WriteBlankPdf(int pages, const std::string& out);

// A one-page PDF whose content stream is `inflated_bytes` of drawing operators, deflated
// (about 1,000 : 1). Returns `out`.
std::string WriteFlateBombPdf(uint64_t inflated_bytes, const std::string& out);

// A valid bilevel PNG of width × height white pixels (1 bit a pixel, so a 20000 × 20000 image is
// only ~50 KB). Returns `out`.
std::string WriteHugePng(uint32_t width, uint32_t height, const std::string& out);

}  // namespace dangan::test
