#include "support/scan_fixtures.h"

#include <leptonica/allheaders.h>
#include <podofo/podofo.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>
#include <memory>

#include "dangan/generator/generator.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

struct PixFree {
  void operator()(Pix* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<Pix, PixFree>;

// Renders like a flatbed scanner in grey mode: anti-aliased, with the resolution recorded.
PixPtr RenderGray(poppler::document& doc, int page, int dpi) {
  std::unique_ptr<poppler::page> p(doc.create_page(page));
  REQUIRE(p);
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  poppler::image img = renderer.render_page(p.get(), dpi, dpi);
  REQUIRE(img.is_valid());
  PixPtr pix(pixCreate(img.width(), img.height(), 8));
  for (int y = 0; y < img.height(); ++y) {
    const auto* row =
        reinterpret_cast<const unsigned char*>(img.const_data() + y * img.bytes_per_row());
    l_uint32* line = pixGetData(pix.get()) + y * pixGetWpl(pix.get());
    for (int x = 0; x < img.width(); ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  pixSetResolution(pix.get(), dpi, dpi);
  return pix;
}

std::unique_ptr<poppler::document> Load(const std::string& pdf) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(pdf));
  REQUIRE(doc);
  return doc;
}

l_int32 FormatOf(const std::string& out) {
  const std::string ext = out.substr(out.find_last_of('.'));
  if (ext == ".png") return IFF_PNG;
  if (ext == ".jpg") return IFF_JFIF_JPEG;
  if (ext == ".tif") return IFF_TIFF_LZW;
  FAIL("no image format for " << out);
  return IFF_UNKNOWN;
}

}  // namespace

GeneratedPdf GeneratePdf(const std::string& id, const std::string& dir) {
  Template t;
  REQUIRE(LoadTemplate(SourcePath("templates/" + id + ".yaml"), &t).ok());
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, SourcePath("samples/" + id + ".json"), {}, &records).ok());
  Generator generator;
  std::vector<GeneratedDocument> docs;
  const Status s = generator.Generate(t, std::move(records), OutputFormat::kPdf, dir, &docs);
  INFO(s.ToString());
  REQUIRE(s.ok());
  const GeneratedDocument& doc = docs.at(0);
  return GeneratedPdf{doc.files.at(0).path, doc.doc_number, "dangan|" + id + "|" + doc.doc_number,
                      doc.files.at(0).pages};
}

std::string WritePageImage(const std::string& pdf, int page, int dpi, const std::string& out,
                           int quarter_turns) {
  PixPtr pix = RenderGray(*Load(pdf), page, dpi);
  if (quarter_turns % 4 != 0) pix.reset(pixRotateOrth(pix.get(), quarter_turns % 4));
  REQUIRE(pixWrite(out.c_str(), pix.get(), FormatOf(out)) == 0);
  return out;
}

std::string WriteMultiPageTiff(const std::string& pdf, int pages, int dpi, const std::string& out,
                               bool append) {
  auto doc = Load(pdf);
  for (int i = 0; i < pages; ++i) {
    PixPtr binary(pixThresholdToBinary(RenderGray(*doc, i, dpi).get(), 160));
    pixSetResolution(binary.get(), dpi, dpi);
    REQUIRE(pixWriteTiff(out.c_str(), binary.get(), IFF_TIFF_G4, i == 0 && !append ? "w" : "a") ==
            0);
  }
  return out;
}

std::string WriteImagePdf(const std::vector<std::string>& jpegs, int dpi, const std::string& out) {
  PoDoFo::PdfMemDocument doc;
  const double scale = 72.0 / dpi;
  for (const std::string& jpeg : jpegs) {
    PoDoFo::PdfImage image(&doc);
    image.LoadFromJpeg(jpeg.c_str());
    PoDoFo::PdfPage* page =
        doc.CreatePage(PoDoFo::PdfRect(0, 0, image.GetWidth() * scale, image.GetHeight() * scale));
    PoDoFo::PdfPainter painter;
    painter.SetPage(page);
    painter.DrawImage(0, 0, &image, scale, scale);
    painter.FinishPage();
  }
  doc.Write(out.c_str());
  return out;
}

std::string WriteEncryptedPdf(const std::string& pdf, const std::string& user_password,
                              const std::string& owner_password, const std::string& out) {
  // PoDoFo prints the trailer it reads unless told not to.
  PoDoFo::PdfError::EnableDebug(false);
  PoDoFo::PdfError::EnableLogging(false);
  try {
    PoDoFo::PdfMemDocument doc;
    doc.Load(pdf.c_str());
    // AES-256: the older schemes derive their keys with RC4, which OpenSSL 3 no longer offers.
    doc.SetEncrypted(user_password, owner_password, PoDoFo::PdfEncrypt::ePdfPermissions_Print,
                     PoDoFo::PdfEncrypt::ePdfEncryptAlgorithm_AESV3,
                     PoDoFo::PdfEncrypt::ePdfKeyLength_256);
    doc.Write(out.c_str());
  } catch (const PoDoFo::PdfError& e) {
    FAIL("PoDoFo cannot encrypt " << pdf << ": " << PoDoFo::PdfError::ErrorName(e.GetError()));
  }
  return out;
}

std::string WriteTruncated(const std::string& path, size_t keep, const std::string& out) {
  const std::string bytes = ReadAll(path);
  REQUIRE(keep < bytes.size());
  return WriteFile(out, bytes.substr(0, keep));
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace dangan::test
