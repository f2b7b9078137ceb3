// Document identity: the QR code printed on a generated form must scan back to the form's
// template and document number, as the archive will need when the signed scan comes back.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <zbar.h>

#include <catch2/catch.hpp>
#include <memory>

#include "dangan/generator/generator.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;

namespace {

// Renders `page` of the PDF at `dpi` and returns every QR code zbar reads on it.
std::vector<std::string> ScanQrCodes(const std::string& pdf_path, int page, double dpi) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(pdf_path));
  REQUIRE(doc);
  std::unique_ptr<poppler::page> p(doc->create_page(page));
  poppler::page_renderer renderer;
  poppler::image img = renderer.render_page(p.get(), dpi, dpi);
  REQUIRE(img.is_valid());
  const int w = img.width(), h = img.height();
  std::vector<unsigned char> gray(static_cast<size_t>(w) * h);
  const char* data = img.const_data();
  for (int y = 0; y < h; ++y) {
    const auto* row =
        reinterpret_cast<const unsigned char*>(data + static_cast<size_t>(y) * img.bytes_per_row());
    for (int x = 0; x < w; ++x)
      gray[static_cast<size_t>(y) * w + x] = row[x * 4 + 1];  // ARGB32: green
  }
  zbar::ImageScanner scanner;
  scanner.set_config(zbar::ZBAR_NONE, zbar::ZBAR_CFG_ENABLE, 0);
  scanner.set_config(zbar::ZBAR_QRCODE, zbar::ZBAR_CFG_ENABLE, 1);
  zbar::Image image(w, h, "Y800", gray.data(), gray.size());
  scanner.scan(image);
  std::vector<std::string> codes;
  for (auto s = image.symbol_begin(); s != image.symbol_end(); ++s) codes.push_back(s->get_data());
  return codes;
}

}  // namespace

TEST_CASE("the QR code on every page of a generated form scans back to its document number",
          "[identity]") {
  Template t;
  REQUIRE(LoadTemplate(SourcePath("templates/S-04.yaml"), &t).ok());
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, SourcePath("samples/S-04.json"), {}, &records).ok());
  Generator generator;
  std::vector<GeneratedDocument> docs;
  Status s = generator.Generate(t, std::move(records), OutputFormat::kPdf, ScratchDir("qr"), &docs);
  INFO(s.ToString());
  REQUIRE(s.ok());
  const GeneratedDocument& doc = docs.at(0);
  REQUIRE(doc.files.at(0).pages >= 2);
  const std::string expected = "dangan|S-04|" + doc.doc_number;
  for (int page = 0; page < doc.files[0].pages; ++page) {
    INFO("page " << page + 1);
    CHECK(ScanQrCodes(doc.files[0].path, page, 150) == std::vector<std::string>{expected});
  }
  // The 300 dpi of archival scanning reads it as well.
  CHECK(ScanQrCodes(doc.files[0].path, 0, 300) == std::vector<std::string>{expected});
}
