// The limits every input is held to, in one place: each is checked before the expensive work
// starts, and a refusal names the file and the limit. README "### Limits" lists them for the clerk.
#pragma once

#include <cstdint>
#include <string>

#include "dangan/base/status.h"

namespace dangan {

// Pages of one PDF (or frames of one TIFF) to file. A bound register or a year's contracts run to
// hundreds of pages, so 2,000 admits every real document we know of, while OCR of that many
// scanned pages already takes an hour; `dangan file --max-pages N` raises it for one run.
inline constexpr int kDefaultMaxPages = 2000;

// Inflated bytes of one FlateDecode stream of a PDF that is not an image (page contents, forms,
// fonts). A dense text page's content stream is 10–100 KB; 64 MB is hundreds of times that, and
// a 1 MB stream that inflates past it (up to 1 GB) is a flate bomb meant to stall the reader.
inline constexpr uint64_t kMaxPdfStreamInflatedBytes = 64ull << 20;

// The same, summed over one PDF: 2,000 dense pages hold about 200 MB of content.
inline constexpr uint64_t kMaxPdfInflatedBytes = 512ull << 20;

// Pixels of one image (a PNG/JPEG/TIFF scan or an image inside a PDF), read from its header
// before it is decoded. An A3 page at 600 dpi is 35 megapixels and an A0 drawing at 250 dpi 96;
// decoding and OCR need about 4 bytes a pixel, so 100 megapixels stays under half a gigabyte.
inline constexpr uint64_t kMaxImagePixels = 100'000'000;

// A `generate --data` file (JSON or CSV). A 200,000-row register is about 30 MB of CSV; the data
// is held in memory, so 256 MB bounds what one run may take.
inline constexpr uint64_t kMaxDataFileBytes = 256ull << 20;

// An import mapping file (YAML or JSON), written by hand: a few KB. yaml-cpp builds a node tree of
// about 50 bytes per byte read, so 1 MB keeps it under 100 MB.
inline constexpr uint64_t kMaxMappingFileBytes = 1ull << 20;

// "1 MB", "256 MB", "17.9 MB": a size in the unit a clerk reads.
std::string LimitBytesText(uint64_t bytes);

// Checks that `path` is a regular file no larger than `max_bytes` before it is read: a directory,
// a FIFO, a device such as /dev/zero, or a larger file is refused. `what` names the input in the
// message ("数据文件", "映射文件"). Missing: NotFound; too large or not a file: InvalidArgument.
Status CheckInputFile(const std::string& path, const std::string& what, uint64_t max_bytes);

}  // namespace dangan
