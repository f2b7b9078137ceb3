// The pieces of intake shared between the sources of importers/src: file checks, page images,
// OCR and QR reading. Not part of the library's interface.
#pragma once

#include <leptonica/allheaders.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "dangan/base/input_limits.h"
#include "dangan/base/status.h"
#include "dangan/intake/intake.h"

namespace dangan::intake {

struct PixDeleter {
  void operator()(Pix* pix) const { pixDestroy(&pix); }
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

// "无法归档「path」：reason" — every refusal names the file the same way.
std::string Refusal(const std::string& path, const std::string& reason);

// --- media_type.cc -------------------------------------------------------------------------------

// The accepted media type the leading bytes show, or "".
std::string MediaTypeOfBytes(const std::string& head);

// What the leading bytes are, in words for the clerk ("PNG 图片", "ZIP 压缩包（或 Office 文档）").
std::string DescribeBytes(const std::string& head);

// The media type the file name's extension claims ("" for an extension we do not accept, or none).
std::string MediaTypeOfName(const std::string& path);

// The name of a media type for messages ("PDF 文件", "PNG 图片").
std::string MediaTypeLabel(const std::string& media_type);

// The lower-case extension with its dot (".pdf"), or "".
std::string Extension(const std::string& path);

// Reads up to `count` bytes at `offset` (negative: from the end). "" on failure.
std::string ReadBytes(const std::string& path, long offset, size_t count);

// --- file_checks.cc ------------------------------------------------------------------------------

// Why a file of `media_type` is incomplete or damaged at the container level (a PDF without
// %%EOF, a PNG without IEND or with a bad chunk checksum, a JPEG without EOI, a TIFF whose data
// lies past the end), or "".
std::string ContainerProblem(const std::string& path, const std::string& media_type);

// Image frames in a TIFF file, by walking its directory chain; -1 if the chain is broken.
int CountTiffFrames(const std::string& path);

// Width × height of the largest frame of a TIFF file, from its directories; 0 if unreadable.
uint64_t LargestTiffFramePixels(const std::string& path);

// --- input_bounds.cc -----------------------------------------------------------------------------

// Why a PDF is refused before Poppler reads it (an image above kMaxImagePixels, a stream that
// inflates beyond kMaxPdfStreamInflatedBytes or a file beyond kMaxPdfInflatedBytes), or "".
// Costs one pass over the file's bytes and the inflating of its non-image streams.
std::string PdfInflateProblem(const std::string& path);

// Why an image is refused before it is decoded (more than kMaxImagePixels, from its header), or "".
std::string ImageSizeProblem(const std::string& path, const std::string& media_type);

// Why a file of `pages` pages is refused when `max_pages` is the limit, or "". `what` names it
// ("PDF 文件", "TIFF 图片").
std::string PageCountProblem(int pages, int max_pages, const std::string& what);

// --- pages.cc ------------------------------------------------------------------------------------

// One page to look at as an image.
struct PageJob {
  int page = 0;
  bool ocr = false;  // recognise its text
  bool qr = false;   // look for QR codes
};

struct PageScan {
  std::string text;
  bool ocr_done = false;
  std::vector<std::string> qr_codes;
};

// Makes the 8-bit grey image of a job's page. Called by one worker at a time.
using PageLoader = std::function<Status(const PageJob& job, PixPtr* image)>;

// Runs the jobs on options.threads workers, each with its own OCR engine. `out` gets one entry
// per job, in job order. Returns the first failure in job order.
Status ScanPages(const std::vector<PageJob>& jobs, const PageLoader& load,
                 const IntakeOptions& options, std::vector<PageScan>* out);

// Converts any leptonica image to 8-bit grey (what both Tesseract and ZBar read best).
PixPtr ToGray(Pix* pix);

// --- ocr.cc, ocr_text.cc -------------------------------------------------------------------------

// A Tesseract engine for one thread at a time, taken from and given back to a process-wide
// pool so that batches do not pay the model loading for every file.
class OcrEngine {
 public:
  ~OcrEngine();
  OcrEngine(const OcrEngine&) = delete;
  OcrEngine& operator=(const OcrEngine&) = delete;

  // An engine for `languages` ("chi_sim+chi_tra"), pooled or newly loaded.
  static Status Acquire(const std::string& languages, std::unique_ptr<OcrEngine>* out);
  // Returns the engine to the pool.
  static void Release(std::unique_ptr<OcrEngine> engine);

  // Recognises the text of `gray` scanned at `dpi`: its lines cleaned (CleanOcrText) and put in
  // rows (ArrangeRows). A page that reads badly is tried again turned upright.
  Status Recognize(Pix* gray, int dpi, std::string* text);

 private:
  struct Impl;
  explicit OcrEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Tesseract's text made fit for search: no spaces between Chinese characters or punctuation,
// no trailing spaces, no runs of blank lines; the line breaks stay.
std::string CleanOcrText(const std::string& raw);

// Two pieces of one line joined as CleanOcrText would: with a space only where one is wanted.
std::string JoinPieces(const std::string& left, const std::string& right);

// Loads libtesseract, which OcrEngine needs (once a process; an error names what is missing).
// The first call sets OMP_THREAD_LIMIT=1 unless it is set, so it belongs on a thread of its own
// or before other threads start, as ScanPages does.
Status LoadOcrLibrary();

// omp_get_thread_limit() of the libgomp libtesseract uses (loading it), or -1 (tests).
int OcrThreadLimit();

// Keeps the OpenMP inside libtesseract on the calling thread: parallelism comes from pages.
void KeepOpenMpOnThisThread();

// The scan resolution of an image: its own if plausible, else estimated from an A4 width.
int ScanDpi(Pix* pix);

// --- ocr_layout.cc -------------------------------------------------------------------------------

// A line of text Tesseract found, with its box in pixels.
struct TextFragment {
  int left = 0, top = 0, right = 0, bottom = 0;
  std::string text;  // cleaned, one line
};

// The fragments as rows of the page: top to bottom, a row's fragments left to right separated by
// a space, rows by line breaks.
std::string ArrangeRows(std::vector<TextFragment> fragments);

// --- qr_reader.cc --------------------------------------------------------------------------------

struct PixelBox {
  int left = 0, top = 0, right = 0, bottom = 0;
};

// Payloads of the QR codes ZBar reads on an 8-bit grey image; `where` (if given) gets the area
// each code covers, quiet zone included.
std::vector<std::string> ReadQrCodes(Pix* gray, std::vector<PixelBox>* where = nullptr);

// Loads libzbar, which ReadQrCodes needs (once a process; an error names what is missing).
Status LoadQrReader();

// --- pdf_intake.cc / image_intake.cc -------------------------------------------------------------

Status ReadPdf(const std::string& path, const IntakeOptions& options, IntakeResult* out);
Status ReadImage(const std::string& path, const std::string& media_type,
                 const IntakeOptions& options, IntakeResult* out);
int CountPdfPages(const std::string& path);

}  // namespace dangan::intake
