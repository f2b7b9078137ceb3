// PDF intake: the text layer with Poppler, and for pages that have none (scans) the rendered page
// for OCR. QR codes are read on the rendered scan pages, and on the first page of a text PDF
// (a generated form carries its code on every page; one suffices).
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <cmath>
#include <filesystem>

#include "dangan/intake/usability.h"
#include "intake_internal.h"

namespace dangan::intake {
namespace {

// A page with fewer visible characters than this in its text layer is taken for a scan: scanner
// software stamps short texts ("扫描全能王 创建", a date, a page number) on image pages.
constexpr int kMinTextLayerChars = 20;
// Enough for ZBar to read the generator's codes (about 1.5 pt a module) on pages not rendered
// for OCR.
constexpr int kQrDpi = 150;
// An A0 drawing at 300 dpi would be 140 megapixels; beyond this the resolution is lowered.
constexpr double kMaxPagePixels = 40e6;

// Poppler reports syntax problems on stderr; intake answers with its own message instead.
class QuietPoppler {
 public:
  QuietPoppler() {
    poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr);
  }
  ~QuietPoppler() { poppler::set_debug_error_function(nullptr, nullptr); }
};

// poppler-cpp sets up its global state (font configuration and all) when a document is opened and
// tears it down again when the last one is closed: 3.4 million instructions a file, 60 % of
// `dangan check`. One small document kept open for the life of the process keeps that state.
void KeepPopplerInitialised() {
  static const char kEmptyPdf[] =
      "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
      "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
      "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
      "trailer<</Root 1 0 R>>\n%%EOF\n";
  static const std::unique_ptr<poppler::document> keeper(
      poppler::document::load_from_raw_data(kEmptyPdf, sizeof kEmptyPdf - 1));
}

int VisibleChars(const std::string& utf8) {
  int n = 0;
  for (unsigned char c : utf8) {
    const bool continuation = (c & 0xC0) == 0x80;
    if (!continuation && c != ' ' && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++n;
  }
  return n;
}

std::string PageText(poppler::page& page) {
  // Drawing order keeps a table cell's text together; the physical layout interleaves cells.
  const poppler::byte_array bytes =
      page.text(poppler::rectf(), poppler::page::raw_order_layout).to_utf8();
  std::string text(bytes.begin(), bytes.end());
  // Poppler ends each page with a form feed; pages are separated by the caller.
  while (!text.empty() && (text.back() == '\f' || text.back() == '\n')) text.pop_back();
  for (char& c : text) {
    if (c == '\f') c = '\n';
  }
  return text;
}

int CappedDpi(const poppler::rectf& points, int dpi) {
  const double square_inches = points.width() / 72 * points.height() / 72;
  if (square_inches <= 0 || square_inches * dpi * dpi <= kMaxPagePixels) return dpi;
  return static_cast<int>(std::sqrt(kMaxPagePixels / square_inches));
}

PixPtr ToPix(const poppler::image& img, int dpi) {
  PixPtr pix(pixCreate(img.width(), img.height(), 8));
  if (!pix) return nullptr;
  const l_int32 wpl = pixGetWpl(pix.get());
  l_uint32* data = pixGetData(pix.get());
  for (int y = 0; y < img.height(); ++y) {
    const auto* src =
        reinterpret_cast<const unsigned char*>(img.const_data() + y * img.bytes_per_row());
    l_uint32* line = data + static_cast<size_t>(y) * wpl;
    for (int x = 0; x < img.width(); ++x) SET_DATA_BYTE(line, x, src[x]);
  }
  pixSetResolution(pix.get(), dpi, dpi);
  return pix;
}

Status RenderPage(const std::string& path, poppler::document& doc, int index, int dpi,
                  PixPtr* out) {
  std::unique_ptr<poppler::page> page(doc.create_page(index));
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hints(poppler::page_renderer::antialiasing |
                            poppler::page_renderer::text_antialiasing);
  if (page) dpi = CappedDpi(page->page_rect(), dpi);
  const poppler::image img = page ? renderer.render_page(page.get(), dpi, dpi) : poppler::image();
  if (img.is_valid()) *out = ToPix(img, dpi);
  if (!*out) {
    return Status::Corruption(
        Refusal(path, "PDF 第 " + std::to_string(index + 1) + " 页已损坏，无法显示"));
  }
  return Status::Ok();
}

// The trailer (or cross-reference stream) that names an /Encrypt dictionary sits in the file's
// last update section; 64 KiB from the end holds it in every file we have met.
bool TrailerNamesEncryption(const std::string& path) {
  std::error_code ec;
  const auto size = static_cast<long>(std::filesystem::file_size(path, ec));
  if (ec) return false;
  constexpr long kTail = 64 * 1024;
  const long from = size > kTail ? size - kTail : 0;
  return ReadBytes(path, from, static_cast<size_t>(size - from)).find("/Encrypt") !=
         std::string::npos;
}

Status OpenPdf(const std::string& path, std::unique_ptr<poppler::document>* doc) {
  KeepPopplerInitialised();
  doc->reset(poppler::document::load_from_file(path));
  if (!*doc) return Status::Corruption(Refusal(path, "PDF 文件已损坏，无法读取"));
  if ((*doc)->is_locked())
    return Status::Unsupported(Refusal(path, "PDF 文件设有打开密码；请提供未加密的文件"));
  // Even without an opening password, archival copies must not be encrypted (PDF/A forbids it):
  // the permissions may keep a later reader from printing or copying the record.
  // The trailer is read as well: once in several hundred CI runs Poppler opened an encrypted
  // test file as if it were plain, and a record must never be filed encrypted.
  if ((*doc)->is_encrypted() || TrailerNamesEncryption(path))
    return Status::Unsupported(Refusal(path, "PDF 文件已加密（设有权限密码）；请解除加密后再归档"));
  if ((*doc)->pages() <= 0) return Status::Corruption(Refusal(path, "PDF 文件没有页面"));
  return Status::Ok();
}

// Text layers of every page, and which pages must be looked at as images.
Status ReadTextLayer(const std::string& path, poppler::document& doc, const IntakeOptions& options,
                     IntakeResult* out, std::vector<PageJob>* jobs) {
  for (int i = 0; i < doc.pages(); ++i) {
    std::unique_ptr<poppler::page> page(doc.create_page(i));
    if (!page) {
      return Status::Corruption(
          Refusal(path, "PDF 第 " + std::to_string(i + 1) + " 页已损坏，无法读取"));
    }
    IntakePage p;
    p.text = PageText(*page);
    const bool scanned = VisibleChars(p.text) < kMinTextLayerChars;
    const bool ocr = scanned && options.ocr;
    // A page to be OCR'd is rendered anyway, and its codes come almost for free. Without OCR,
    // only the first page is rendered to look for one: a generated form carries its code on every
    // page, and rendering every page of a long scan (50 ms each) would dwarf the rest of filing.
    const bool qr = options.read_qr && (ocr || i == 0);
    if (ocr || qr) jobs->push_back(PageJob{i, ocr, qr});
    out->pages.push_back(std::move(p));
  }
  return Status::Ok();
}

}  // namespace

Status ReadPdf(const std::string& path, const IntakeOptions& options, IntakeResult* out) {
  QuietPoppler quiet;
  std::unique_ptr<poppler::document> doc;
  DANGAN_RETURN_IF_ERROR(OpenPdf(path, &doc));
  // Poppler reads the page tree and streams lazily: both checks come before any page is read.
  std::string problem = PageCountProblem(doc->pages(), options.max_pages, "PDF 文件");
  if (problem.empty()) problem = PdfInflateProblem(path);
  if (!problem.empty()) return Status::InvalidArgument(Refusal(path, problem));
  std::vector<PageJob> jobs;
  DANGAN_RETURN_IF_ERROR(ReadTextLayer(path, *doc, options, out, &jobs));
  const PageLoader render = [&](const PageJob& job, PixPtr* image) {
    return RenderPage(path, *doc, job.page, job.ocr ? options.dpi : kQrDpi, image);
  };
  std::vector<PageScan> scans;
  DANGAN_RETURN_IF_ERROR(ScanPages(jobs, render, options, &scans));
  for (size_t i = 0; i < jobs.size(); ++i) {
    IntakePage& page = out->pages[jobs[i].page];
    // A scan's own short text layer (a scanner's stamp) is kept when OCR finds nothing.
    if (scans[i].ocr_done && !scans[i].text.empty()) page.text = std::move(scans[i].text);
    page.from_ocr = scans[i].ocr_done;
    for (std::string& code : scans[i].qr_codes) out->qr_codes.push_back(std::move(code));
  }
  return Status::Ok();
}

int CountPdfPages(const std::string& path) {
  QuietPoppler quiet;
  KeepPopplerInitialised();
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc || doc->is_locked()) return -1;
  return doc->pages();
}

}  // namespace dangan::intake

namespace dangan {

// Whether a page renders is what matters here, not how it looks: a few dots an inch suffice.
constexpr int kUsabilityDpi = 12;

PdfUsability InspectPdf(const std::string& path) {
  PdfUsability out;
  intake::QuietPoppler quiet;
  out.problem = intake::ContainerProblem(path, "application/pdf");
  if (out.problem.empty()) out.problem = intake::PdfInflateProblem(path);
  if (!out.problem.empty()) return out;
  intake::KeepPopplerInitialised();
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(path));
  if (!doc) {
    out.problem = "PDF 文件已损坏，无法读取";
    return out;
  }
  out.encrypted = doc->is_locked() || doc->is_encrypted() || intake::TrailerNamesEncryption(path);
  if (doc->is_locked()) {
    out.problem = "PDF 文件设有打开密码，无法读取";
    return out;
  }
  out.pages = doc->pages();
  if (out.pages <= 0) out.problem = "PDF 文件没有页面";
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  for (int i = 0; i < out.pages && out.problem.empty(); ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page || !renderer.render_page(page.get(), kUsabilityDpi, kUsabilityDpi).is_valid())
      out.problem = "PDF 第 " + std::to_string(i + 1) + " 页已损坏，无法显示";
  }
  const poppler::byte_array producer = doc->info_key("Producer").to_utf8();
  out.generated = std::string(producer.begin(), producer.end()) == "dangan";
  const poppler::byte_array xmp_bytes = doc->metadata().to_utf8();
  const std::string xmp(xmp_bytes.begin(), xmp_bytes.end());
  const auto element = [&xmp](const std::string& name) {
    const std::string open = "<pdfaid:" + name + ">";
    const size_t at = xmp.find(open);
    if (at != std::string::npos) {
      const size_t from = at + open.size();
      return xmp.substr(from, xmp.find('<', from) - from);
    }
    const std::string attribute = "pdfaid:" + name + "=\"";  // the attribute form of XMP
    const size_t attr = xmp.find(attribute);
    if (attr == std::string::npos) return std::string();
    const size_t from = attr + attribute.size();
    return xmp.substr(from, xmp.find('"', from) - from);
  };
  const std::string part = element("part");
  if (!part.empty()) out.pdfa = part + element("conformance");
  return out;
}

}  // namespace dangan
