// OCR with Tesseract's LSTM engine: pooled engines, one thread each, single-threaded inside.
#include <dlfcn.h>
#include <tesseract/baseapi.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>

#include "intake_internal.h"

namespace dangan::intake {
namespace {

// Engines kept for the next file: loading the models costs 0.1–0.3 s per engine.
std::mutex& PoolMutex() {
  static std::mutex m;
  return m;
}
std::vector<std::unique_ptr<OcrEngine>>& Pool() {
  static std::vector<std::unique_ptr<OcrEngine>> pool;
  return pool;
}

// Ends the pooled engines at exit while Tesseract's own globals still live. The pool is
// constructed before the first engine loads its models, so left to static destruction it
// would be destroyed after Tesseract's dictionary cache, and the engines' End() could no longer
// return their dictionaries to it (LeakSanitizer reports them lost).
void EndPooledEngines() {
  std::lock_guard<std::mutex> lock(PoolMutex());
  Pool().clear();
}

// Below this line confidence the "text" is nearly always a stamp, a signature or a table rule
// read as characters (sample forms: half a point more precision for 0.2 point less recall).
constexpr float kMinLineConfidence = 20;
// An upright page reads at a mean confidence of 80–90, the same page turned by 90° or 180° at
// 20–30: below this the page is probably not upright.
constexpr int kUprightConfidence = 50;
// Tesseract resolution from the image: below 70 dpi it misjudges glyph sizes.
constexpr int kMinDpi = 70, kMaxDpi = 1200;
constexpr double kA4ShortSideInches = 210 / 25.4;

// Tesseract's own diagnostics (resolution guesses, diacritic counts) would reach the clerk's
// terminal; our messages say what matters.
int InitQuietly(tesseract::TessBaseAPI* api, const std::string& languages,
                tesseract::OcrEngineMode mode) {
  std::vector<std::string> names = {"debug_file"}, values = {"/dev/null"};
  return api->Init(nullptr, languages.c_str(), mode, nullptr, 0, &names, &values, false);
}

// What one pass of recognition found.
struct Reading {
  bool ok = false;
  int confidence = 0;  // mean, 0–100
  std::vector<TextFragment> lines;
};

Reading Read(tesseract::TessBaseAPI& api, Pix* gray, int dpi) {
  api.SetImage(gray);
  api.SetSourceResolution(dpi);
  Reading reading;
  reading.ok = api.Recognize(nullptr) == 0;
  std::unique_ptr<tesseract::ResultIterator> it(reading.ok ? api.GetIterator() : nullptr);
  const auto level = tesseract::RIL_TEXTLINE;
  if (it && !it->Empty(level)) {
    reading.confidence = api.MeanTextConf();
    do {
      if (it->Confidence(level) < kMinLineConfidence) continue;
      std::unique_ptr<char[]> line(it->GetUTF8Text(level));
      TextFragment f;
      f.text = line ? CleanOcrText(line.get()) : "";
      if (!f.text.empty() && it->BoundingBox(level, &f.left, &f.top, &f.right, &f.bottom))
        reading.lines.push_back(std::move(f));
    } while (it->Next(level));
  }
  it.reset();
  api.Clear();
  return reading;
}

}  // namespace

void KeepOpenMpOnThisThread() {
  // Tesseract's LSTM asks OpenMP for several threads per engine; with an engine per core they
  // only fight (a dense page: 12 s instead of 1.8 s). libgomp reads OMP_THREAD_LIMIT once, when
  // it is loaded, so setenv() here would be too late, and omp_set_num_threads(1) is overridden
  // by the num_threads() clause Tesseract uses (measured: no gain). With at most 0 active
  // parallel levels, though, every region runs on the thread that opens it: as fast as
  // OMP_THREAD_LIMIT=1. The setting belongs to the calling thread, hence a call in each worker.
  // The function is looked up in the process rather than linked: it is there exactly when
  // libtesseract was built with OpenMP.
  using SetInt = void (*)(int);
  static const auto set_max_active_levels =
      reinterpret_cast<SetInt>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
  if (set_max_active_levels != nullptr) set_max_active_levels(0);
}

int ScanDpi(Pix* pix) {
  const int res = pixGetXRes(pix);
  if (res >= kMinDpi && res <= kMaxDpi) return res;
  const int short_side = std::min(pixGetWidth(pix), pixGetHeight(pix));
  const int estimate = static_cast<int>(std::lround(short_side / kA4ShortSideInches));
  return std::clamp(estimate, kMinDpi, kMaxDpi);
}

// --- OcrEngine -----------------------------------------------------------------------------------

struct OcrEngine::Impl {
  std::string languages;
  tesseract::TessBaseAPI api;
  // Orientation detection runs on the legacy engine with its own model (tesseract-ocr-osd),
  // loaded the first time a page seems turned; null if that model is missing.
  std::unique_ptr<tesseract::TessBaseAPI> osd;
  bool osd_loaded = false;

  tesseract::TessBaseAPI* Osd() {
    if (!osd_loaded) {
      osd_loaded = true;
      osd = std::make_unique<tesseract::TessBaseAPI>();
      if (InitQuietly(osd.get(), "osd", tesseract::OEM_TESSERACT_ONLY) != 0) osd.reset();
    }
    return osd.get();
  }

  // `gray` turned upright as orientation detection sees it, or null if it is upright already
  // or cannot tell.
  PixPtr TurnedUpright(Pix* gray, int dpi) {
    tesseract::TessBaseAPI* detector = Osd();
    if (detector == nullptr) return nullptr;
    detector->SetImage(gray);
    detector->SetSourceResolution(dpi);
    int degrees = 0;  // clockwise rotation the image shows
    float confidence = 0, script_confidence = 0;
    const char* script = nullptr;
    const bool found =
        detector->DetectOrientationScript(&degrees, &confidence, &script, &script_confidence);
    detector->Clear();
    if (!found || degrees % 360 == 0) return nullptr;
    PixPtr turned(pixRotateOrth(gray, (4 - degrees / 90) % 4));
    if (turned) pixSetResolution(turned.get(), dpi, dpi);
    return turned;
  }
};

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() {
  impl_->api.End();
  if (impl_->osd) impl_->osd->End();
}

Status OcrEngine::Acquire(const std::string& languages, std::unique_ptr<OcrEngine>* out) {
  {
    std::lock_guard<std::mutex> lock(PoolMutex());
    auto& pool = Pool();
    for (auto it = pool.begin(); it != pool.end(); ++it) {
      if ((*it)->impl_->languages != languages) continue;
      *out = std::move(*it);
      pool.erase(it);
      return Status::Ok();
    }
  }
  auto impl = std::make_unique<Impl>();
  impl->languages = languages;
  if (InitQuietly(&impl->api, languages, tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::Unsupported("无法启动文字识别（OCR）：找不到语言模型 " + languages +
                               "（Debian 软件包 tesseract-ocr-chi-sim、tesseract-ocr-chi-tra）");
  }
  // Forms are tables: page layout analysis (PSM_AUTO) reads a row of cells with wrapped text as
  // one garbled line, while finding text lines one by one and putting them in rows ourselves
  // keeps each cell whole (sample forms: 95–96 % of characters found against 90 %). The variant
  // with orientation detection per block (PSM_SPARSE_TEXT_OSD) finds a little more but now and
  // then cuts a form's large title into pieces; turned pages are handled per page instead.
  impl->api.SetPageSegMode(tesseract::PSM_SPARSE_TEXT);
  // Registered after Tesseract's globals were built (by the Init above): runs before they go.
  static const bool at_exit_registered = std::atexit(EndPooledEngines) == 0;
  (void)at_exit_registered;
  out->reset(new OcrEngine(std::move(impl)));
  return Status::Ok();
}

void OcrEngine::Release(std::unique_ptr<OcrEngine> engine) {
  if (!engine) return;
  std::lock_guard<std::mutex> lock(PoolMutex());
  Pool().push_back(std::move(engine));
}

Status OcrEngine::Recognize(Pix* gray, int dpi, std::string* text) {
  Reading reading = Read(impl_->api, gray, dpi);
  if (!reading.ok) return Status::Corruption("文字识别（OCR）失败");
  // A page scanned upside down or sideways (a landscape register on a portrait scanner) reads
  // with low confidence: turn it and keep whichever reading is surer.
  if (reading.confidence < kUprightConfidence) {
    if (PixPtr turned = impl_->TurnedUpright(gray, dpi)) {
      Reading again = Read(impl_->api, turned.get(), dpi);
      if (again.ok && again.confidence > reading.confidence) reading = std::move(again);
    }
  }
  *text = ArrangeRows(std::move(reading.lines));
  return Status::Ok();
}

}  // namespace dangan::intake
