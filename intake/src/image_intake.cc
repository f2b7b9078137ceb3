// Image intake: PNG, JPEG and TIFF scans (one page per TIFF frame) decoded with leptonica; every
// page is OCR'd and searched for QR codes.
#include <mutex>

#include "dangan/intake/usability.h"
#include "intake_internal.h"

namespace dangan::intake {
namespace {

// Leptonica reports decoding errors on stderr in English; the refusal says it in Chinese.
void QuietLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

Status LoadFrame(const std::string& path, const std::string& media_type, int frame, PixPtr* image) {
  PixPtr pix(media_type == "image/tiff" ? pixReadTiff(path.c_str(), frame) : pixRead(path.c_str()));
  if (pix) *image = ToGray(pix.get());
  if (*image) return Status::Ok();
  std::string where = MediaTypeLabel(media_type);
  if (media_type == "image/tiff") where += "第 " + std::to_string(frame + 1) + " 页";
  return Status::Corruption(Refusal(path, where + "已损坏，无法解码"));
}

}  // namespace

Status ReadImage(const std::string& path, const std::string& media_type,
                 const IntakeOptions& options, IntakeResult* out) {
  QuietLeptonica();
  const int frames = media_type == "image/tiff" ? CountTiffFrames(path) : 1;
  if (frames <= 0) return Status::Corruption(Refusal(path, "TIFF 图片已损坏，找不到图像"));
  std::string problem = PageCountProblem(frames, options.max_pages, "TIFF 图片");
  if (problem.empty()) problem = ImageSizeProblem(path, media_type);
  if (!problem.empty()) return Status::InvalidArgument(Refusal(path, problem));
  std::vector<PageJob> jobs;
  for (int i = 0; i < frames; ++i) jobs.push_back(PageJob{i, options.ocr, options.read_qr});
  const PageLoader load = [&](const PageJob& job, PixPtr* image) {
    return LoadFrame(path, media_type, job.page, image);
  };
  std::vector<PageScan> scans;
  DANGAN_RETURN_IF_ERROR(ScanPages(jobs, load, options, &scans));
  for (PageScan& scan : scans) {
    out->pages.push_back(IntakePage{std::move(scan.text), scan.ocr_done});
    for (std::string& code : scan.qr_codes) out->qr_codes.push_back(std::move(code));
  }
  return Status::Ok();
}

}  // namespace dangan::intake

namespace dangan {

std::string ImageUsabilityProblem(const std::string& path, const std::string& media_type) {
  intake::QuietLeptonica();
  std::string problem = intake::ContainerProblem(path, media_type);
  if (problem.empty()) problem = intake::ImageSizeProblem(path, media_type);
  if (!problem.empty()) return problem;
  const int frames = media_type == "image/tiff" ? intake::CountTiffFrames(path) : 1;
  if (frames <= 0) return "TIFF 图片已损坏，找不到图像";
  for (int i = 0; i < frames; ++i) {
    intake::PixPtr image;
    if (!intake::LoadFrame(path, media_type, i, &image).ok()) {
      std::string where = intake::MediaTypeLabel(media_type);
      if (media_type == "image/tiff") where += "第 " + std::to_string(i + 1) + " 页";
      return where + "已损坏，无法解码";
    }
  }
  return "";
}

}  // namespace dangan
