// Reading a file for filing: first the checks that refuse what must not enter the archive, each
// naming the file and the reason, then the text and QR codes of its pages.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "intake_internal.h"

namespace dangan {
namespace {

using intake::Refusal;

constexpr char kAccepted[] = "可归档的格式：PDF、PNG、JPEG、TIFF";

Status CheckFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound(Refusal(path, "文件不存在"));
    return Status::IoError(Refusal(path, SystemErrorText(errno)));
  }
  if (S_ISDIR(st.st_mode)) return Status::InvalidArgument(Refusal(path, "这是一个目录，不是文件"));
  if (!S_ISREG(st.st_mode)) return Status::InvalidArgument(Refusal(path, "不是普通文件"));
  if (st.st_size == 0) return Status::InvalidArgument(Refusal(path, "文件为空（0 字节）"));
  if (::access(path.c_str(), R_OK) != 0)
    return Status::IoError(Refusal(path, SystemErrorText(errno)));
  return Status::Ok();
}

// The content decides; a name that claims another type is refused so the clerk can correct it
// before the wrong name is recorded for good.
Status CheckName(const std::string& path, const std::string& head, const std::string& media_type) {
  const std::string ext = intake::Extension(path);
  const std::string actual = intake::DescribeBytes(head);
  if (media_type.empty()) {
    if (ext.empty() || intake::MediaTypeOfName(path).empty())
      return Status::Unsupported(
          Refusal(path, "不支持的文件类型（内容是" + actual + "）；" + kAccepted));
    return Status::InvalidArgument(Refusal(
        path, "文件名是 " + ext + "，但内容不是" +
                  intake::MediaTypeLabel(intake::MediaTypeOfName(path)) + "，而是" + actual));
  }
  if (!ext.empty() && intake::MediaTypeOfName(path) != media_type) {
    return Status::InvalidArgument(
        Refusal(path, "文件名是 " + ext + "，但内容是" + actual + "；请改正扩展名后再归档"));
  }
  return Status::Ok();
}

void Finish(IntakeResult* out) {
  out->text.clear();
  for (size_t i = 0; i < out->pages.size(); ++i) {
    if (i > 0) out->text += '\f';
    out->text += out->pages[i].text;
    out->ocr_used = out->ocr_used || out->pages[i].from_ocr;
  }
  // A form's code is printed on every page; the item needs each payload once.
  std::vector<std::string> unique;
  for (std::string& code : out->qr_codes) {
    if (std::find(unique.begin(), unique.end(), code) == unique.end()) unique.push_back(code);
  }
  out->qr_codes = std::move(unique);
}

}  // namespace

Status ReadForFiling(const std::string& path, const IntakeOptions& options, IntakeResult* out) {
  *out = IntakeResult{};
  out->path = path;
  DANGAN_RETURN_IF_ERROR(CheckFile(path));
  const std::string head = intake::ReadBytes(path, 0, 1024);
  const std::string media_type = intake::MediaTypeOfBytes(head);
  DANGAN_RETURN_IF_ERROR(CheckName(path, head, media_type));
  const std::string problem = intake::ContainerProblem(path, media_type);
  if (!problem.empty()) return Status::Corruption(Refusal(path, problem));
  out->media_type = media_type;
  const Status read = media_type == "application/pdf"
                          ? intake::ReadPdf(path, options, out)
                          : intake::ReadImage(path, media_type, options, out);
  if (!read.ok()) {
    *out = IntakeResult{};
    out->path = path;
    return read;
  }
  Finish(out);
  return Status::Ok();
}

int CountPages(const std::string& path, const std::string& media_type) {
  if (intake::MediaTypeOfBytes(intake::ReadBytes(path, 0, 1024)) != media_type) return -1;
  if (media_type == "application/pdf") return intake::CountPdfPages(path);
  if (media_type == "image/tiff") return intake::CountTiffFrames(path);
  if (media_type == "image/png" || media_type == "image/jpeg") return 1;
  return -1;
}

std::string DocNumberFromQr(const std::string& payload) {
  static const std::string kPrefix = "dangan|";
  if (payload.compare(0, kPrefix.size(), kPrefix) != 0) return "";
  const size_t bar = payload.find('|', kPrefix.size());
  if (bar == std::string::npos || bar == kPrefix.size() || bar + 1 == payload.size()) return "";
  const std::string number = payload.substr(bar + 1);
  // A payload damaged into control characters or a further field is not a document number.
  for (unsigned char c : number) {
    if (c < 0x20 || c == '|') return "";
  }
  return number;
}

}  // namespace dangan
