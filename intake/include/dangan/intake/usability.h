// Usability (可用性) of a file as the archive keeps it, for the four-property checks
// (dangan/jobs/four_properties.h). The same checks filing makes (ReadForFiling refuses what
// fails them), answered as findings rather than refusals, plus what keeping asks beyond filing:
// every page renders, and the PDF/A identification of the PDFs the archive generates.
#pragma once

#include <string>

namespace dangan {

struct PdfUsability {
  std::string problem;     // why it does not open or a page does not render; "" = it opens
  bool encrypted = false;  // an /Encrypt dictionary (an opening password too: see problem)
  int pages = 0;
  bool generated = false;  // Info /Producer is the archive's generator: PDF/A-2b is expected
  std::string pdfa;        // "2B" from the XMP's pdfaid:part and pdfaid:conformance; "" = none
};

// Opens the PDF with Poppler and renders every page (at a low resolution: whether it renders,
// not how it looks). Reasons are in Chinese, without the file name.
PdfUsability InspectPdf(const std::string& path);

// Why a PNG, JPEG or TIFF is not usable (incomplete, damaged, beyond the pixel limit, a frame
// that does not decode), or "" when every frame decodes.
std::string ImageUsabilityProblem(const std::string& path, const std::string& media_type);

// What the first bytes of a file are, in words for the clerk ("PNG 图片", "ZIP 压缩包（…）").
std::string DescribeContent(const std::string& path);

}  // namespace dangan
