#include "dangan/generator/pdf_writer.h"

#include <podofo/podofo.h>

#include <ctime>

#include "pdf/document_plan.h"
#include "pdf/font_chain.h"
#include "pdf/glyph_problems.h"
#include "pdf/notice_plan.h"
#include "pdf/notice_render.h"
#include "pdf/render.h"
#include "pdf/save_atomically.h"
#include "pdf/text_layout.h"
#include "pdf/xmp_metadata.h"

namespace dangan {
namespace {

// A notice's faces (GB/T 9704-2012 asks for 小标宋 and 仿宋), as far as Debian has them: the
// Song/Ming face of fonts-arphic-uming (face 0: AR PL UMing CN) and, for lack of a simplified
// FangSong, the 楷体 of fonts-arphic-gkai00mp. Without them a notice prints in the chain's faces.
const char kNoticeSong[] = "/usr/share/fonts/truetype/arphic/uming.ttc";
const char kNoticeKai[] = "/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf";

class PdfWriterImpl : public PdfWriter {
 public:
  Status Init(const PdfOptions& options) {
    author_ = options.author;
    font_files_ = options.fonts;
    DANGAN_RETURN_IF_ERROR(pdf::FontChain::Load(options.fonts, &fonts_));
    return pdf::TextLayouter::Create(&fonts_, &text_);
  }

  Status Write(const Sheet& sheet, const std::string& path, PdfResult* result) override {
    if (sheet.notice) return WriteNotice(sheet, path, result);
    pdf::DocumentPlan plan;
    std::vector<pdf::GlyphProblem> problems;
    pdf::PlanDocument(sheet, text_.get(), &plan, &problems);
    if (!problems.empty()) return pdf::GlyphProblemsStatus(path, problems);

    PoDoFo::PdfRefCountedBuffer buffer;
    try {
      PoDoFo::PdfMemDocument doc;
      DANGAN_RETURN_IF_ERROR(pdf::RenderDocument(sheet, plan, fonts_, text_.get(), &doc));
      pdf::MakeArchival({sheet.title, sheet.doc_number, author_, std::time(nullptr)}, &doc);
      PoDoFo::PdfOutputDevice device(&buffer);
      doc.Write(&device);
      DANGAN_RETURN_IF_ERROR(pdf::SaveAtomically(buffer.GetBuffer(), device.GetLength(), path));
    } catch (const PoDoFo::PdfError& e) {
      return Status::IoError("生成 PDF「" + path + "」失败：" +
                             PoDoFo::PdfError::ErrorName(e.GetError()));
    }
    if (result != nullptr) result->page_count = static_cast<int>(plan.pages.size());
    return Status::Ok();
  }

 private:
  // The notice's chain: the configured (or default) fonts, then the Song and 楷体 faces, which the
  // layout prefers by index. Loaded on the first notice.
  Status EnsureNoticeFonts() {
    if (notice_text_) return Status::Ok();
    DANGAN_RETURN_IF_ERROR(pdf::FontChain::Load(font_files_, &notice_fonts_));
    notice_faces_.song = notice_fonts_.AppendOptional(kNoticeSong, 0);
    notice_faces_.kai = notice_fonts_.AppendOptional(kNoticeKai, 0);
    return pdf::TextLayouter::Create(&notice_fonts_, &notice_text_);
  }

  Status WriteNotice(const Sheet& sheet, const std::string& path, PdfResult* result) {
    DANGAN_RETURN_IF_ERROR(EnsureNoticeFonts());
    pdf::NoticePlan plan;
    std::vector<pdf::GlyphProblem> problems;
    pdf::PlanNotice(sheet, notice_faces_, notice_text_.get(), &plan, &problems);
    if (!problems.empty()) return pdf::GlyphProblemsStatus(path, problems);
    PoDoFo::PdfRefCountedBuffer buffer;
    try {
      PoDoFo::PdfMemDocument doc;
      DANGAN_RETURN_IF_ERROR(pdf::RenderNotice(sheet, plan, notice_fonts_, &doc));
      pdf::MakeArchival({sheet.title, sheet.doc_number, author_, std::time(nullptr)}, &doc);
      PoDoFo::PdfOutputDevice device(&buffer);
      doc.Write(&device);
      DANGAN_RETURN_IF_ERROR(pdf::SaveAtomically(buffer.GetBuffer(), device.GetLength(), path));
    } catch (const PoDoFo::PdfError& e) {
      return Status::IoError("生成 PDF「" + path + "」失败：" +
                             PoDoFo::PdfError::ErrorName(e.GetError()));
    }
    if (result != nullptr) result->page_count = static_cast<int>(plan.pages.size());
    return Status::Ok();
  }

  std::string author_;
  std::vector<FontFile> font_files_;
  pdf::FontChain notice_fonts_;
  pdf::NoticeFaces notice_faces_;
  std::unique_ptr<pdf::TextLayouter> notice_text_;
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
