// OCR with Tesseract's LSTM engine: pooled engines, one thread each, single-threaded inside.
// libtesseract is loaded (dlopen) the first time a page is OCR'd, not linked: it brings some
// 30 shared libraries (libgomp, libcurl, libarchive …) that every other command would otherwise
// load at start-up, and loading it late lets OMP_THREAD_LIMIT be set before libgomp reads it.
// Its C API is used, looked up by name, so nothing of it is needed at link time.
#include <dlfcn.h>
#include <tesseract/capi.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <mutex>

#include "intake_internal.h"

#ifndef DANGAN_TESSERACT_SONAME
#error "DANGAN_TESSERACT_SONAME (libtesseract's soname) must be defined by the build"
#endif

namespace dangan::intake {
namespace {

// The functions of libtesseract's C API that dangan uses, resolved once.
struct Tesseract {
// clang-format off
#define DANGAN_TESS_FUNCTIONS(X)                                                             \
  X(TessBaseAPICreate) X(TessBaseAPIDelete) X(TessBaseAPIInit4) X(TessBaseAPIEnd)            \
  X(TessBaseAPISetPageSegMode) X(TessBaseAPISetImage2) X(TessBaseAPISetSourceResolution)     \
  X(TessBaseAPIRecognize) X(TessBaseAPIGetIterator) X(TessBaseAPIMeanTextConf)               \
  X(TessBaseAPIClear) X(TessBaseAPIDetectOrientationScript) X(TessResultIteratorDelete)      \
  X(TessResultIteratorGetPageIterator) X(TessResultIteratorNext)                             \
  X(TessResultIteratorGetUTF8Text) X(TessResultIteratorConfidence)                           \
  X(TessPageIteratorBoundingBox) X(TessDeleteText)
// clang-format on
#define DANGAN_TESS_MEMBER(name) decltype(&::name) name = nullptr;
  DANGAN_TESS_FUNCTIONS(DANGAN_TESS_MEMBER)
#undef DANGAN_TESS_MEMBER
  void* handle = nullptr;
  std::string error;  // why it could not be loaded, or ""
};

const Tesseract& Tess() {
  static const Tesseract* const tess = [] {
    auto* t = new Tesseract;
    // libgomp (which libtesseract needs) reads OMP_THREAD_LIMIT once, when it is loaded: set
    // here, before the load, the limit holds for every OpenMP region of the process. A limit
    // the user set is kept.
    setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
    t->handle = dlopen(DANGAN_TESSERACT_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (t->handle == nullptr) {
      const char* why = dlerror();
      t->error = why != nullptr ? why : DANGAN_TESSERACT_SONAME;
      return t;
    }
#define DANGAN_TESS_RESOLVE(name)                                         \
  t->name = reinterpret_cast<decltype(&::name)>(dlsym(t->handle, #name)); \
  if (t->name == nullptr && t->error.empty()) t->error = DANGAN_TESSERACT_SONAME ": " #name;
    DANGAN_TESS_FUNCTIONS(DANGAN_TESS_RESOLVE)
#undef DANGAN_TESS_RESOLVE
    return t;
  }();
  return *tess;
}

Status TessUnavailable() {
  return Status::Unsupported("无法启动文字识别（OCR）：无法载入 Tesseract 程序库（" + Tess().error +
                             "；Debian 软件包 libtesseract5）");
}

// Engines kept for the next file: loading the models costs 0.1–0.3 s per engine.
std::mutex& PoolMutex() {
  static std::mutex m;
  return m;
}
std::vector<std::unique_ptr<OcrEngine>>& Pool() {
  static std::vector<std::unique_ptr<OcrEngine>> pool;
  return pool;
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
// Ends the pooled engines at exit while Tesseract's own globals still live. The pool is
// constructed before the first engine loads its models, so left to static destruction it
// would be destroyed after Tesseract's dictionary cache, and the engines' End() could no longer
// return their dictionaries to it (LeakSanitizer reports them lost).
void EndPooledEngines() {
  std::lock_guard<std::mutex> lock(PoolMutex());
  Pool().clear();
}

int InitQuietly(TessBaseAPI* api, const std::string& languages, TessOcrEngineMode mode) {
  char name[] = "debug_file", value[] = "/dev/null";
  char* names[] = {name};
  char* values[] = {value};
  return Tess().TessBaseAPIInit4(api, nullptr, languages.c_str(), mode, nullptr, 0, names, values,
                                 1, false);
}

struct TessApiDeleter {
  void operator()(TessBaseAPI* api) const {
    Tess().TessBaseAPIEnd(api);
    Tess().TessBaseAPIDelete(api);
  }
};
using TessApiPtr = std::unique_ptr<TessBaseAPI, TessApiDeleter>;

struct IteratorDeleter {
  void operator()(TessResultIterator* it) const { Tess().TessResultIteratorDelete(it); }
};
struct TextDeleter {
  void operator()(char* text) const { Tess().TessDeleteText(text); }
};

// What one pass of recognition found.
struct Reading {
  bool ok = false;
  int confidence = 0;  // mean, 0–100
  std::vector<TextFragment> lines;
};

Reading Read(TessBaseAPI* api, Pix* gray, int dpi) {
  const Tesseract& t = Tess();
  t.TessBaseAPISetImage2(api, gray);
  t.TessBaseAPISetSourceResolution(api, dpi);
  Reading reading;
  reading.ok = t.TessBaseAPIRecognize(api, nullptr) == 0;
  std::unique_ptr<TessResultIterator, IteratorDeleter> it(reading.ok ? t.TessBaseAPIGetIterator(api)
                                                                     : nullptr);
  const auto level = tesseract::RIL_TEXTLINE;
  const TessPageIterator* page = it ? t.TessResultIteratorGetPageIterator(it.get()) : nullptr;
  // The C API has no Empty(): a page without a line has no box for its first line.
  int left, top, right, bottom;
  if (page && t.TessPageIteratorBoundingBox(page, level, &left, &top, &right, &bottom)) {
    reading.confidence = t.TessBaseAPIMeanTextConf(api);
    do {
      if (t.TessResultIteratorConfidence(it.get(), level) < kMinLineConfidence) continue;
      std::unique_ptr<char, TextDeleter> line(t.TessResultIteratorGetUTF8Text(it.get(), level));
      TextFragment f;
      f.text = line ? CleanOcrText(line.get()) : "";
      if (!f.text.empty() &&
          t.TessPageIteratorBoundingBox(page, level, &f.left, &f.top, &f.right, &f.bottom))
        reading.lines.push_back(std::move(f));
    } while (t.TessResultIteratorNext(it.get(), level));
  }
  it.reset();
  t.TessBaseAPIClear(api);
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
  // The function is looked up among libtesseract's libraries rather than linked: it is there
  // exactly when libtesseract was built with OpenMP. (OMP_THREAD_LIMIT, set before libtesseract
  // is loaded, does the same for the whole process; this covers a libgomp loaded earlier.)
  using SetInt = void (*)(int);
  static const auto set_max_active_levels = reinterpret_cast<SetInt>(
      Tess().handle ? dlsym(Tess().handle, "omp_set_max_active_levels") : nullptr);
  if (set_max_active_levels != nullptr) set_max_active_levels(0);
}

int OcrThreadLimit() {
  using GetInt = int (*)();
  const auto get = reinterpret_cast<GetInt>(
      Tess().handle ? dlsym(Tess().handle, "omp_get_thread_limit") : nullptr);
  return get != nullptr ? get() : -1;
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
  TessApiPtr api{Tess().TessBaseAPICreate()};
  // Orientation detection runs on the legacy engine with its own model (tesseract-ocr-osd),
  // loaded the first time a page seems turned; null if that model is missing.
  TessApiPtr osd;
  bool osd_loaded = false;

  TessBaseAPI* Osd() {
    if (!osd_loaded) {
      osd_loaded = true;
      osd.reset(Tess().TessBaseAPICreate());
      if (InitQuietly(osd.get(), "osd", tesseract::OEM_TESSERACT_ONLY) != 0) osd.reset();
    }
    return osd.get();
  }

  // `gray` turned upright as orientation detection sees it, or null if it is upright already
  // or cannot tell.
  PixPtr TurnedUpright(Pix* gray, int dpi) {
    TessBaseAPI* detector = Osd();
    if (detector == nullptr) return nullptr;
    const Tesseract& t = Tess();
    t.TessBaseAPISetImage2(detector, gray);
    t.TessBaseAPISetSourceResolution(detector, dpi);
    int degrees = 0;  // clockwise rotation the image shows
    float confidence = 0, script_confidence = 0;
    const char* script = nullptr;
    const bool found = t.TessBaseAPIDetectOrientationScript(detector, &degrees, &confidence,
                                                            &script, &script_confidence);
    // `script` points into the engine's own tables (the C API passes the C++ one's result on,
    // whatever capi.h says): it is not freed.
    t.TessBaseAPIClear(detector);
    if (!found || degrees % 360 == 0) return nullptr;
    PixPtr turned(pixRotateOrth(gray, (4 - degrees / 90) % 4));
    if (turned) pixSetResolution(turned.get(), dpi, dpi);
    return turned;
  }
};

OcrEngine::OcrEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OcrEngine::~OcrEngine() = default;

Status LoadOcrLibrary() { return Tess().error.empty() ? Status::Ok() : TessUnavailable(); }

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
  DANGAN_RETURN_IF_ERROR(LoadOcrLibrary());
  auto impl = std::make_unique<Impl>();
  impl->languages = languages;
  if (!impl->api || InitQuietly(impl->api.get(), languages, tesseract::OEM_LSTM_ONLY) != 0) {
    return Status::Unsupported("无法启动文字识别（OCR）：找不到语言模型 " + languages +
                               "（Debian 软件包 tesseract-ocr-chi-sim、tesseract-ocr-chi-tra）");
  }
  // Forms are tables: page layout analysis (PSM_AUTO) reads a row of cells with wrapped text as
  // one garbled line, while finding text lines one by one and putting them in rows ourselves
  // keeps each cell whole (sample forms: 95–96 % of characters found against 90 %). The variant
  // with orientation detection per block (PSM_SPARSE_TEXT_OSD) finds a little more but now and
  // then cuts a form's large title into pieces; turned pages are handled per page instead.
  Tess().TessBaseAPISetPageSegMode(impl->api.get(), tesseract::PSM_SPARSE_TEXT);
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
  Reading reading = Read(impl_->api.get(), gray, dpi);
  if (!reading.ok) return Status::Corruption("文字识别（OCR）失败");
  // A page scanned upside down or sideways (a landscape register on a portrait scanner) reads
  // with low confidence: turn it and keep whichever reading is surer.
  if (reading.confidence < kUprightConfidence) {
    if (PixPtr turned = impl_->TurnedUpright(gray, dpi)) {
      Reading again = Read(impl_->api.get(), turned.get(), dpi);
      if (again.ok && again.confidence > reading.confidence) reading = std::move(again);
    }
  }
  *text = ArrangeRows(std::move(reading.lines));
  return Status::Ok();
}

}  // namespace dangan::intake
