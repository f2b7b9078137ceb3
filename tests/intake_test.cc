// Intake of files to be filed: text from a PDF's text layer or from OCR of scans, the page count,
// the dangan QR code, and the refusal, naming the file, of anything that must not be filed.
// The scans are real: forms the generator made, rendered by Poppler and saved as images.
#include "dangan/intake/intake.h"

#include <dlfcn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>

#include "intake/src/intake_internal.h"  // private part, tested on purpose
#include "support/pdf_text.h"
#include "support/scan_fixtures.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::test;

namespace {

// 200 dpi keeps the OCR tests quick and is what offices scan forms at.
IntakeOptions ScanOptions() {
  IntakeOptions options;
  options.dpi = 200;
  return options;
}

IntakeResult MustRead(const std::string& path, const IntakeOptions& options = ScanOptions()) {
  IntakeResult result;
  const Status s = ReadForFiling(path, options, &result);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return result;
}

// OCR breaks lines and separates cells as it sees them: the values must be there, whatever the
// whitespace.
void CheckHasAll(const std::string& text, const std::vector<std::string>& values) {
  const std::string squeezed = Squeeze(text);
  for (const std::string& v : values) {
    INFO("looking for 「" << v << "」 in:\n" << text);
    CHECK(squeezed.find(Squeeze(v)) != std::string::npos);
  }
}

// The O-09 sample: title, department, applicant, an item and the purpose.
const std::vector<std::string> kO09Values = {"办公用品申请单", "市场部", "王建国", "黑色签字笔",
                                             "三月份市场推广活动资料打印及日常办公消耗"};

// Reads a bad file: it must be refused, naming the file, with nothing returned.
Status Refused(const std::string& path) {
  IntakeResult result;
  const Status s = ReadForFiling(path, ScanOptions(), &result);
  INFO(path);
  REQUIRE_FALSE(s.ok());
  INFO(s.message());
  CHECK(s.message().find("「" + path + "」") != std::string::npos);
  CHECK(result.pages.empty());
  CHECK(result.text.empty());
  CHECK(result.media_type.empty());
  return s;
}

void CheckRefusal(const std::string& path, const std::vector<std::string>& words) {
  const Status s = Refused(path);
  for (const std::string& w : words) {
    INFO(s.message());
    CHECK(s.message().find(w) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("a generated PDF is read from its text layer, without OCR, with its QR code",
          "[intake]") {
  const std::string dir = ScratchDir("intake-pdf");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const IntakeResult r = MustRead(pdf.path);
  CHECK(r.path == pdf.path);
  CHECK(r.media_type == "application/pdf");
  REQUIRE(r.pages.size() == 1);
  CHECK_FALSE(r.pages[0].from_ocr);
  CHECK_FALSE(r.ocr_used);
  CheckHasAll(r.text, kO09Values);
  CHECK(r.text.find(pdf.doc_number) != std::string::npos);
  CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
  CHECK(DocNumberFromQr(r.qr_codes.at(0)) == pdf.doc_number);
  CHECK(SniffMediaType(pdf.path) == "application/pdf");
  CHECK(CountPages(pdf.path, "application/pdf") == 1);
}

TEST_CASE("a three-page register PDF gives the text of each page and its QR payload once",
          "[intake]") {
  const std::string dir = ScratchDir("intake-register");
  const GeneratedPdf pdf = GeneratePdf("S-04", dir);
  REQUIRE(pdf.pages == 3);
  const IntakeResult r = MustRead(pdf.path);
  REQUIRE(r.pages.size() == 3);
  CHECK(CountOf(r.text, "\f") == 2);
  for (const IntakePage& page : r.pages) {
    CHECK_FALSE(page.from_ocr);
    CHECK(page.text.find('\f') == std::string::npos);
    CheckHasAll(page.text, {"用印登记表", pdf.doc_number});
  }
  CheckHasAll(r.pages[0].text, {"与苏州恒达机电有限公司购销合同"});
  CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
  CHECK(CountPages(pdf.path, "application/pdf") == 3);
}

TEST_CASE("a scan saved as PNG is OCR'd and its QR code read", "[intake]") {
  const std::string dir = ScratchDir("intake-png");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const std::string png = WritePageImage(pdf.path, 0, 200, dir + "/scan.png");
  const IntakeResult r = MustRead(png);
  CHECK(r.media_type == "image/png");
  REQUIRE(r.pages.size() == 1);
  CHECK(r.pages[0].from_ocr);
  CHECK(r.ocr_used);
  CheckHasAll(r.text, kO09Values);
  // Chinese comes without the spaces Tesseract puts between characters, cells stay apart.
  CHECK(r.text.find("办公用品申请单") != std::string::npos);
  CHECK(r.text.find("部门 市场部") != std::string::npos);
  CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
  CHECK(CountPages(png, "image/png") == 1);
}

TEST_CASE("a multi-page TIFF scan is OCR'd page by page on two threads", "[intake]") {
  const std::string dir = ScratchDir("intake-tiff");
  const GeneratedPdf pdf = GeneratePdf("S-04", dir);
  const std::string tiff = WriteMultiPageTiff(pdf.path, 2, 200, dir + "/scan.tif");
  IntakeOptions options = ScanOptions();
  options.threads = 2;
  const IntakeResult r = MustRead(tiff, options);
  CHECK(r.media_type == "image/tiff");
  REQUIRE(r.pages.size() == 2);
  for (const IntakePage& page : r.pages) {
    CHECK(page.from_ocr);
    CheckHasAll(page.text, {"用印登记表"});
  }
  CheckHasAll(r.pages[0].text, {"办公室", "王建国", "与苏州恒达机电有限公司", "合同专用章"});
  CHECK(CountOf(r.text, "\f") == 1);
  CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
  CHECK(CountPages(tiff, "image/tiff") == 2);
}

// libgomp reads OMP_THREAD_LIMIT once, when it is loaded. dangan does not link libtesseract (nor,
// through it, libgomp): the first OCR loads it, with the limit set just before, so no command
// pays for it at start-up and OCR stays single-threaded without a restart. Run in a child process
// without the variable ctest sets. (Tests private parts of intake on purpose.)
TEST_CASE("OCR loads libtesseract on first use and limits OpenMP to one thread", "[intake]") {
  const std::string dir = ScratchDir("intake-omp");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const std::string png = WritePageImage(pdf.path, 0, 200, dir + "/scan.png");
  const bool fresh = dlopen("libgomp.so.1", RTLD_LAZY | RTLD_NOLOAD) == nullptr;
  if (!fresh)
    WARN("libgomp was loaded by an earlier test of this process: only its limit is checked");
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    unsetenv("OMP_THREAD_LIMIT");
    IntakeResult result;
    if (!ReadForFiling(png, ScanOptions(), &result).ok()) _exit(10);
    if (result.pages.size() != 1 || !result.pages[0].from_ocr) _exit(11);
    const char* limit = std::getenv("OMP_THREAD_LIMIT");
    if (fresh && (limit == nullptr || std::string(limit) != "1")) _exit(12);
    if (intake::OcrThreadLimit() != 1) _exit(13);
    _exit(0);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  INFO("10: not read, 11: not OCR'd, 12: OMP_THREAD_LIMIT not set, 13: libgomp's limit is not 1");
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a scanned PDF without a text layer is OCR'd", "[intake]") {
  const std::string dir = ScratchDir("intake-scanpdf");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const std::string jpeg = WritePageImage(pdf.path, 0, 200, dir + "/page.jpg");
  const std::string scan = WriteImagePdf({jpeg}, 200, dir + "/scan.pdf");
  REQUIRE(Squeeze(ReadPdf(scan).pages.at(0)).empty());

  SECTION("with OCR") {
    const IntakeResult r = MustRead(scan);
    CHECK(r.media_type == "application/pdf");
    REQUIRE(r.pages.size() == 1);
    CHECK(r.pages[0].from_ocr);
    CheckHasAll(r.text, kO09Values);
    CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
  }
  SECTION("without OCR its QR code is still read") {
    IntakeOptions options = ScanOptions();
    options.ocr = false;
    const IntakeResult r = MustRead(scan, options);
    CHECK_FALSE(r.ocr_used);
    CHECK(Squeeze(r.text).empty());
    CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
  }
  SECTION("the JPEG it was made from is OCR'd as well") {
    const IntakeResult r = MustRead(jpeg);
    CHECK(r.media_type == "image/jpeg");
    CheckHasAll(r.text, kO09Values);
    CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
  }
}

TEST_CASE("a page scanned sideways is read upright", "[intake]") {
  const std::string dir = ScratchDir("intake-turned");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const IntakeResult r = MustRead(WritePageImage(pdf.path, 0, 200, dir + "/turned.png", 1));
  CheckHasAll(r.text, kO09Values);
  // Upright reading order: the header (编号 at the top left, the title) before the table.
  INFO(r.text.substr(0, 200));
  const size_t title = r.text.find("办公用品申请单");
  REQUIRE(title != std::string::npos);
  CHECK(title < 80);
  CHECK(title < r.text.find("申请人"));
  CHECK(r.qr_codes == std::vector<std::string>{pdf.qr_payload});
}

TEST_CASE("a missing path, an empty file or a directory is refused, naming the file", "[intake]") {
  const std::string dir = ScratchDir("intake-missing");
  CHECK(Refused(dir + "/nowhere.pdf").code() == Status::Code::kNotFound);
  CheckRefusal(dir + "/nowhere.pdf", {"不存在"});
  CheckRefusal(WriteFile(dir + "/empty.pdf", ""), {"为空"});
  CheckRefusal(dir, {"目录"});
  CHECK(CountPages(dir + "/nowhere.pdf", "application/pdf") == -1);
}

TEST_CASE("a file whose content is not what its name says is refused, saying what it is",
          "[intake]") {
  const std::string dir = ScratchDir("intake-mismatch");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const std::string png = WritePageImage(pdf.path, 0, 50, dir + "/page.png");
  CheckRefusal(WriteFile(dir + "/scan.pdf", ReadAll(png)), {".pdf", "PNG 图片"});
  CheckRefusal(WriteFile(dir + "/scan.png", ReadAll(pdf.path)), {".png", "PDF 文件"});
  CheckRefusal(WriteFile(dir + "/scan.jpg", "PK\x03\x04 not really a jpeg"), {".jpg", "ZIP"});
  CheckRefusal(WriteFile(dir + "/report.docx", ReadAll(pdf.path)), {".docx", "PDF 文件"});
  // A name without an extension claims nothing: the content decides.
  CHECK(MustRead(WriteFile(dir + "/scan", ReadAll(pdf.path))).media_type == "application/pdf");
  CHECK(SniffMediaType(dir + "/scan.pdf") == "image/png");
}

TEST_CASE("a file of a type that cannot be filed is refused", "[intake]") {
  const std::string dir = ScratchDir("intake-unsupported");
  const std::string notes = WriteFile(dir + "/notes.txt", "会议记录\n");
  CHECK(Refused(notes).code() == Status::Code::kUnsupported);
  CheckRefusal(notes, {"不支持", "文本文件", "PDF"});
  CheckRefusal(WriteFile(dir + "/photo.gif", "GIF89a\x01\x00\x01\x00"), {"不支持", "GIF"});
  CHECK(SniffMediaType(notes).empty());
}

TEST_CASE("an unreadable, truncated or encrypted PDF is refused", "[intake]") {
  const std::string dir = ScratchDir("intake-badpdf");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const std::string bytes = ReadAll(pdf.path);

  const std::string garbage = WriteFile(dir + "/garbage.pdf", "%PDF-1.7\n这不是 PDF\n%%EOF\n");
  CheckRefusal(garbage, {"已损坏"});
  CHECK(CountPages(garbage, "application/pdf") == -1);
  CheckRefusal(WriteTruncated(pdf.path, bytes.size() / 2, dir + "/half.pdf"), {"不完整"});

  const std::string locked =
      WriteEncryptedPdf(pdf.path, "user-secret", "owner-secret", dir + "/locked.pdf");
  CheckRefusal(locked, {"打开密码"});
  CHECK(CountPages(locked, "application/pdf") == -1);
  const std::string restricted =
      WriteEncryptedPdf(pdf.path, "", "owner-secret", dir + "/restricted.pdf");
  CheckRefusal(restricted, {"已加密"});
}

TEST_CASE("a truncated or corrupt image is refused", "[intake]") {
  const std::string dir = ScratchDir("intake-badimage");
  const GeneratedPdf pdf = GeneratePdf("O-09", dir);
  const std::string png = WritePageImage(pdf.path, 0, 100, dir + "/page.png");
  const std::string jpeg = WritePageImage(pdf.path, 0, 100, dir + "/page.jpg");
  const std::string tiff = WriteMultiPageTiff(pdf.path, 1, 100, dir + "/page.tif");

  CheckRefusal(WriteTruncated(png, ReadAll(png).size() / 2, dir + "/half.png"), {"不完整", "IEND"});
  CheckRefusal(WriteTruncated(jpeg, ReadAll(jpeg).size() / 2, dir + "/half.jpg"), {"不完整"});
  const std::string half_tiff = WriteTruncated(tiff, ReadAll(tiff).size() / 2, dir + "/half.tif");
  CheckRefusal(half_tiff, {"TIFF", "不完整"});
  CHECK(CountPages(half_tiff, "image/tiff") == -1);

  // Damaged data inside a complete file: PNG chunks carry checksums; for a JPEG only the
  // decoder can tell.
  std::string damaged = ReadAll(png);
  for (size_t i = 200; i + 200 < damaged.size(); i += 7) damaged[i] = static_cast<char>(i);
  CheckRefusal(WriteFile(dir + "/damaged.png", damaged), {"已损坏", "校验"});
  damaged = ReadAll(jpeg);
  for (size_t i = damaged.size() / 3; i + 100 < damaged.size(); i += 5) damaged[i] = '\xFF';
  CheckRefusal(WriteFile(dir + "/damaged.jpg", damaged), {"JPEG", "已损坏"});
}

TEST_CASE("the document number is taken from a dangan QR payload only", "[intake]") {
  CHECK(DocNumberFromQr("dangan|O-09|O-09-20241105-3F9A1C7B") == "O-09-20241105-3F9A1C7B");
  CHECK(DocNumberFromQr("dangan|S-04|2024-用印-001") == "2024-用印-001");
  CHECK(DocNumberFromQr("https://example.com/O-09-20241105-3F9A1C7B").empty());
  CHECK(DocNumberFromQr("dangan|O-09").empty());
  CHECK(DocNumberFromQr("dangan|O-09|").empty());
  CHECK(DocNumberFromQr("dangan||O-09-1").empty());
  CHECK(DocNumberFromQr("dangan|O-09|a|b").empty());
  CHECK(DocNumberFromQr("DANGAN|O-09|O-09-1").empty());
}

TEST_CASE("OCR text loses the spaces between Chinese characters but keeps its lines", "[intake]") {
  using intake::CleanOcrText;
  CHECK(CleanOcrText("办 公 用 品 申 请 单\n") == "办公用品申请单");
  CHECK(CleanOcrText("部门 市场部  申请日期 2024 年 3 月 5 日") ==
        "部门市场部申请日期 2024 年 3 月 5 日");
  CHECK(CleanOcrText("合计 ， ¥1,130.00  HP 88A  \n\n\n\n说明 ：") ==
        "合计，¥1,130.00 HP 88A\n\n说明：");
  CHECK(CleanOcrText("He said “hi” , then 走了") == "He said “hi” , then 走了");
  CHECK(CleanOcrText("  \n第一行\n第二行\n") == "第一行\n第二行");
}

TEST_CASE("OCR lines are put back in rows as the page shows them", "[intake]") {
  using intake::TextFragment;
  const std::vector<TextFragment> lines = {
      {300, 100, 400, 130, "市场部"},   // second cell of the first row, a little lower
      {100, 95, 200, 125, "部门"},      // first cell
      {420, 100, 440, 130, "申"},       // touches the next: one piece of text cut in two
      {440, 98, 560, 128, "请日期"},    //
      {100, 150, 300, 180, "第二行"},   // next row
      {600, 140, 640, 400, "1 2 3 4"},  // a column read as one tall line: a row of its own
      {100, 200, 300, 230, "第三行"},
  };
  CHECK(intake::ArrangeRows(lines) == "部门 市场部 申请日期\n1 2 3 4\n第二行\n第三行");
}

// --- Measurements, not run by default --------------------------------------------------------

namespace {

std::vector<char32_t> Codepoints(const std::string& utf8) {
  std::vector<char32_t> out;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) {
      out.push_back(c < 0x80 ? c : c < 0xE0 ? c & 0x1F : c < 0xF0 ? c & 0x0F : c & 0x07);
    } else if (!out.empty()) {
      out.back() = (out.back() << 6) | (c & 0x3F);
    }
  }
  return out;
}

// Whitespace-free text with full-width forms as their ASCII twins: Tesseract writes "：" as ":",
// a difference search must fold anyway. Characters are compared as code points.
std::vector<char32_t> Folded(const std::string& utf8) {
  std::vector<char32_t> out = Codepoints(Squeeze(utf8));
  for (char32_t& c : out) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == 0x3014) c = '[';  // 〔〕
    if (c == 0x3015) c = ']';
    if (c == 0x201C || c == 0x201D) c = '"';
  }
  return out;
}

// Share of the characters of `truth` found in `ocr`, order ignored: table cells come out in
// another order than the text layer draws them, so an edit distance would count moves.
double CharRecall(const std::string& truth, const std::string& ocr) {
  std::map<char32_t, int> left;
  for (char32_t c : Folded(ocr)) ++left[c];
  int found = 0, total = 0;
  for (char32_t c : Folded(truth)) {
    ++total;
    if (left[c]-- > 0) ++found;
  }
  return total == 0 ? 1 : static_cast<double>(found) / total;
}

bool Contains(const std::vector<char32_t>& haystack, const std::vector<char32_t>& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) !=
         haystack.end();
}

// Share of the text layer's words (a line of a cell each) found verbatim in the OCR text.
double WordRecall(const std::string& truth, const std::string& ocr) {
  const std::vector<char32_t> folded = Folded(ocr);
  std::istringstream words(truth);
  int found = 0, total = 0;
  for (std::string w; words >> w; ++total) found += Contains(folded, Folded(w));
  return total == 0 ? 1 : static_cast<double>(found) / total;
}

void MeasureOcr(const std::string& image, const std::string& truth, int threads,
                const std::string& languages) {
  IntakeOptions options;
  options.threads = threads;
  options.languages = languages;
  MustRead(image, options);  // loads the engines into the pool
  const auto start = std::chrono::steady_clock::now();
  const IntakeResult r = MustRead(image, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf(
      "%-16s %d thread(s), %zu page(s): %5.2f s, %.2f s a page; characters %.1f %%, "
      "words %.1f %%\n",
      languages.c_str(), threads, r.pages.size(), seconds, seconds / r.pages.size(),
      100 * CharRecall(truth, r.text), 100 * WordRecall(truth, r.text));
}

}  // namespace

// build/tests/dangan_tests "[.intake-speed]"
TEST_CASE("OCR time of dense pages at 300 dpi, on one thread and on two", "[.intake-speed]") {
  const std::string dir = ScratchDir("intake-speed");
  const GeneratedPdf register_pdf = GeneratePdf("S-04", dir);
  const GeneratedPdf form_pdf = GeneratePdf("O-09", dir);
  const PdfContent register_text = ReadPdf(register_pdf.path);
  const std::string form_text = ReadPdf(form_pdf.path).pages.at(0);
  const std::string dense = WritePageImage(register_pdf.path, 0, 300, dir + "/dense.png");
  const std::string form = WritePageImage(form_pdf.path, 0, 300, dir + "/form.png");
  for (const char* languages : {"chi_sim", "chi_sim+chi_tra"}) {
    MeasureOcr(dense, register_text.pages.at(0), 1, languages);
    MeasureOcr(form, form_text, 1, languages);
  }
  // Four pages (the register's three and the form) as one bilevel TIFF.
  const std::string tiff = dir + "/four.tif";
  WriteMultiPageTiff(register_pdf.path, 3, 300, tiff);
  WriteMultiPageTiff(form_pdf.path, 1, 300, tiff, /*append=*/true);
  std::string all;
  for (const std::string& page : register_text.pages) all += page + "\n";
  all += form_text;
  MeasureOcr(tiff, all, 1, "chi_sim");
  MeasureOcr(tiff, all, 2, "chi_sim");
}

// build/tests/dangan_tests "[.intake-accuracy]"   (DPI=200 EXT=.jpg LANGS=chi_sim+chi_tra)
TEST_CASE("OCR accuracy over the first pages of the sample forms", "[.intake-accuracy]") {
  const std::string dir = ScratchDir("intake-accuracy");
  const int dpi = std::getenv("DPI") ? std::atoi(std::getenv("DPI")) : 300;
  const std::string ext = std::getenv("EXT") ? std::getenv("EXT") : ".png";
  IntakeOptions options;
  if (std::getenv("LANGS")) options.languages = std::getenv("LANGS");
  double chars = 0, precision = 0, words = 0;
  int n = 0, titles = 0;
  for (const char* id :
       {"O-09", "S-04", "M-07", "F-A04", "D-01", "C-01", "GD-01", "O-15", "S-11", "M-01"}) {
    const GeneratedPdf pdf = GeneratePdf(id, dir);
    const std::string truth = ReadPdf(pdf.path).pages.at(0);
    const IntakeResult r =
        MustRead(WritePageImage(pdf.path, 0, dpi, dir + "/" + id + ext), options);
    const double c = CharRecall(truth, r.text), p = CharRecall(r.text, truth);
    const double w = WordRecall(truth, r.text);
    std::string title;
    std::istringstream(truth) >> title;
    const bool has_title = Contains(Folded(r.text), Folded(title));
    std::printf("%-6s characters %.1f %% (precision %.1f %%), words %.1f %%, title %s\n", id,
                100 * c, 100 * p, 100 * w, has_title ? "found" : "MISSING");
    chars += c, precision += p, words += w, titles += has_title, ++n;
  }
  std::printf("mean   characters %.1f %% (precision %.1f %%), words %.1f %%, titles %d/%d\n",
              100 * chars / n, 100 * precision / n, 100 * words / n, titles, n);
}
