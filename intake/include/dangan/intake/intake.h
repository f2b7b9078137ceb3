// Intake: reading a file that is about to be filed — what it really is, how many pages it has,
// its text (PDF text layer, or OCR of scanned pages) and any dangan QR code printed on it.
#pragma once

#include <string>
#include <vector>

#include "dangan/base/input_limits.h"
#include "dangan/base/status.h"

namespace dangan {

struct IntakeOptions {
  bool ocr = true;      // OCR pages without a text layer, and images
  int threads = 2;      // pages OCR'd in parallel (each engine single-threaded)
  int dpi = 300;        // rendering of PDF pages for OCR and QR reading
  bool read_qr = true;  // look for QR codes: renders the first page of a text PDF (~50 ms), and
                        // with OCR every scanned page (without OCR, only the first page)
  int max_pages = kDefaultMaxPages;   // pages of a PDF, frames of a TIFF (--max-pages)
  std::string languages = "chi_sim";  // "chi_sim+chi_tra" for traditional scans: slower, and it
                                      // turns simplified text partly traditional
};

struct IntakePage {
  std::string text;
  bool from_ocr = false;
};

struct IntakeResult {
  std::string path;
  std::string media_type;  // application/pdf, image/png, image/jpeg, image/tiff
  std::vector<IntakePage> pages;
  std::string text;                   // all pages, separated by form feeds
  std::vector<std::string> qr_codes;  // payloads found on the pages ("dangan|O-09|O-09-…")
  bool ocr_used = false;
};

// Reads `path` for filing. Refuses, naming the file: a missing path, an empty file, a file that
// is not what its name says, an unreadable or encrypted PDF, a truncated image, and before any
// decoding a file beyond the limits of dangan/base/input_limits.h (pages, pixels, inflated bytes).
Status ReadForFiling(const std::string& path, const IntakeOptions& options, IntakeResult* out);

// The media type the content shows ("" if none we accept), by magic bytes only.
std::string SniffMediaType(const std::string& path);

// Pages of a stored file: PDF page count, TIFF frames, 1 for other images; -1 if unreadable.
int CountPages(const std::string& path, const std::string& media_type);

// The document number in a dangan QR payload ("dangan|O-09|O-09-20241105-3F9A1C7B"), or "".
std::string DocNumberFromQr(const std::string& payload);

}  // namespace dangan
