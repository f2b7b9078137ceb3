// Real files for the intake tests: forms the generator makes, and "scans" of them — pages
// rendered with Poppler and saved as PNG, JPEG, multi-page TIFF, or wrapped as image-only PDFs —
// plus the damaged and encrypted variants intake must refuse.
#pragma once

#include <string>
#include <vector>

namespace dangan::test {

struct GeneratedPdf {
  std::string path;
  std::string doc_number;
  std::string qr_payload;  // what the generator prints in the QR code
  int pages = 0;
};

// templates/ID.yaml filled with samples/ID.json, written as a PDF into `dir`.
GeneratedPdf GeneratePdf(const std::string& id, const std::string& dir);

// Page `page` (0-based) of `pdf` rendered in grey at `dpi`, turned clockwise by `quarter_turns`
// × 90° (a sheet fed the wrong way), and saved at `out` in the format its extension names (.png,
// .jpg, .tif). Returns `out`.
std::string WritePageImage(const std::string& pdf, int page, int dpi, const std::string& out,
                           int quarter_turns = 0);

// The first `pages` pages of `pdf` at `dpi`, bilevel (as archival scanners store them), one TIFF
// frame each; `append` adds them to the frames already in `out`. Returns `out`.
std::string WriteMultiPageTiff(const std::string& pdf, int pages, int dpi, const std::string& out,
                               bool append = false);

// A PDF made only of the given JPEG images, one page each, scanned at `dpi`: no text layer.
std::string WriteImagePdf(const std::vector<std::string>& jpegs, int dpi, const std::string& out);

// `pdf` encrypted by PoDoFo with the given passwords (an empty user password opens without one).
std::string WriteEncryptedPdf(const std::string& pdf, const std::string& user_password,
                              const std::string& owner_password, const std::string& out);

// The first `keep` bytes of `path`, as an interrupted copy leaves them. Returns `out`.
std::string WriteTruncated(const std::string& path, size_t keep, const std::string& out);

// The bytes of a file.
std::string ReadAll(const std::string& path);

}  // namespace dangan::test
