#include "dangan/pdf_writer.h"

#include <fcntl.h>
#include <podofo/podofo.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "pdf/document_plan.h"
#include "pdf/font_chain.h"
#include "pdf/glyph_problems.h"
#include "pdf/render.h"
#include "pdf/text_layout.h"

namespace dangan {
namespace {

std::atomic<unsigned> temp_counter{0};

Status WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IoError(SystemErrorText(errno));
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

// Writes next to the target and renames, so a failed or interrupted write never leaves a
// truncated PDF under the real name.
Status SaveAtomically(const char* data, size_t size, const std::string& path) {
  std::string temp =
      path + ".part-" + std::to_string(getpid()) + "-" + std::to_string(temp_counter++);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return Status::IoError("无法写入文件「" + path + "」：" + SystemErrorText(errno));
  Status written = WriteAll(fd, data, size);
  if (::close(fd) != 0 && written.ok()) written = Status::IoError(SystemErrorText(errno));
  if (written.ok() && std::rename(temp.c_str(), path.c_str()) != 0)
    written = Status::IoError(SystemErrorText(errno));
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return Status::IoError("无法写入文件「" + path + "」：" + written.message());
  }
  return Status::Ok();
}

class PdfWriterImpl : public PdfWriter {
 public:
  Status Init(const PdfOptions& options) {
    DANGAN_RETURN_IF_ERROR(pdf::FontChain::Load(options.fonts, &fonts_));
    return pdf::TextLayouter::Create(&fonts_, &text_);
  }

  Status Write(const Sheet& sheet, const std::string& path, PdfResult* result) override {
    pdf::DocumentPlan plan;
    std::vector<pdf::GlyphProblem> problems;
    pdf::PlanDocument(sheet, text_.get(), &plan, &problems);
    if (!problems.empty()) return pdf::GlyphProblemsStatus(path, problems);

    PoDoFo::PdfRefCountedBuffer buffer;
    try {
      PoDoFo::PdfMemDocument doc;
      DANGAN_RETURN_IF_ERROR(pdf::RenderDocument(sheet, plan, fonts_, text_.get(), &doc));
      PoDoFo::PdfOutputDevice device(&buffer);
      doc.Write(&device);
      DANGAN_RETURN_IF_ERROR(SaveAtomically(buffer.GetBuffer(), device.GetLength(), path));
    } catch (const PoDoFo::PdfError& e) {
      return Status::IoError("生成 PDF「" + path + "」失败：" +
                             PoDoFo::PdfError::ErrorName(e.GetError()));
    }
    if (result != nullptr) result->page_count = static_cast<int>(plan.pages.size());
    return Status::Ok();
  }

 private:
  pdf::FontChain fonts_;
  std::unique_ptr<pdf::TextLayouter> text_;
};

}  // namespace

Status PdfWriter::Create(const PdfOptions& options, std::unique_ptr<PdfWriter>* out) {
  auto writer = std::make_unique<PdfWriterImpl>();
  DANGAN_RETURN_IF_ERROR(writer->Init(options));
  *out = std::move(writer);
  return Status::Ok();
}

}  // namespace dangan
