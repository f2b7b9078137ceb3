// Looking at page images in parallel. OCR is the slow part (seconds a page against a fraction of
// a second to render or decode one), so pages are spread over worker threads, each with its own
// single-threaded Tesseract engine, while the page images are made one at a time: PDF documents
// and TIFF files are not safe to read from several threads.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "intake_internal.h"

namespace dangan::intake {
namespace {

struct Shared {
  Shared(const std::vector<PageJob>& jobs, const PageLoader& load, const IntakeOptions& options,
         std::vector<PageScan>& scans, std::vector<Status>& results)
      : jobs(jobs), load(load), options(options), scans(scans), results(results) {}

  const std::vector<PageJob>& jobs;
  const PageLoader& load;
  const IntakeOptions& options;
  std::vector<PageScan>& scans;
  std::vector<Status>& results;
  std::atomic<size_t> next{0};
  std::mutex load_mutex;
};

void Blank(const std::vector<PixelBox>& areas, Pix* image) {
  for (const PixelBox& a : areas) {
    std::unique_ptr<Box, void (*)(Box*)> box(
        boxCreate(a.left, a.top, a.right - a.left + 1, a.bottom - a.top + 1),
        [](Box* b) { boxDestroy(&b); });
    if (box) pixSetInRect(image, box.get());  // clipped to the image
  }
}

Status RunJob(const PageJob& job, Shared& shared, std::unique_ptr<OcrEngine>* engine,
              PageScan* scan) {
  PixPtr image;
  {
    std::lock_guard<std::mutex> lock(shared.load_mutex);
    DANGAN_RETURN_IF_ERROR(shared.load(job, &image));
  }
  // Every page image is searched for codes when it is OCR'd: the code then gets blanked, or
  // Tesseract reads its modules as a column of invented characters.
  std::vector<PixelBox> codes;
  std::vector<std::string> payloads;
  if (job.qr || job.ocr) payloads = ReadQrCodes(image.get(), &codes);
  if (job.qr) scan->qr_codes = std::move(payloads);
  if (!job.ocr) return Status::Ok();
  Blank(codes, image.get());
  if (!*engine) DANGAN_RETURN_IF_ERROR(OcrEngine::Acquire(shared.options.languages, engine));
  DANGAN_RETURN_IF_ERROR((*engine)->Recognize(image.get(), ScanDpi(image.get()), &scan->text));
  scan->ocr_done = true;
  return Status::Ok();
}

void Work(Shared& shared) {
  KeepOpenMpOnThisThread();
  std::unique_ptr<OcrEngine> engine;
  for (size_t i; (i = shared.next++) < shared.jobs.size();) {
    shared.results[i] = RunJob(shared.jobs[i], shared, &engine, &shared.scans[i]);
    // One failure refuses the whole file: the other workers need not go on.
    if (!shared.results[i].ok()) shared.next = shared.jobs.size();
  }
  OcrEngine::Release(std::move(engine));
}

}  // namespace

Status ScanPages(const std::vector<PageJob>& jobs, const PageLoader& load,
                 const IntakeOptions& options, std::vector<PageScan>* out) {
  out->assign(jobs.size(), PageScan{});
  if (jobs.empty()) return Status::Ok();
  // The libraries are loaded here, before any worker starts: loading libtesseract sets
  // OMP_THREAD_LIMIT, which no other thread may be reading then.
  bool ocr = false, look = false;
  for (const PageJob& job : jobs) {
    ocr = ocr || job.ocr;
    look = look || job.ocr || job.qr;
  }
  if (look) DANGAN_RETURN_IF_ERROR(LoadQrReader());
  if (ocr) DANGAN_RETURN_IF_ERROR(LoadOcrLibrary());
  std::vector<Status> results(jobs.size());
  Shared shared(jobs, load, options, *out, results);
  const size_t workers = std::min(static_cast<size_t>(std::max(options.threads, 1)), jobs.size());
  // Even a single worker gets its own thread, so that the OpenMP setting it makes stays off the
  // caller's thread.
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers; ++i) threads.emplace_back(Work, std::ref(shared));
  for (std::thread& t : threads) t.join();
  for (const Status& s : results) {
    if (!s.ok()) return s;
  }
  return Status::Ok();
}

PixPtr ToGray(Pix* pix) {
  if (pix == nullptr) return nullptr;
  PixPtr gray(pixGetDepth(pix) == 8 && pixGetColormap(pix) == nullptr ? pixClone(pix)
                                                                      : pixConvertTo8(pix, 0));
  if (gray) pixCopyResolution(gray.get(), pix);
  return gray;
}

}  // namespace dangan::intake
