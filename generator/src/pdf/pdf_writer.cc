#include "dangan/generator/pdf_writer.h"

#include <podofo/podofo.h>

#include <ctime>

#include "pdf/document_plan.h"
#include "pdf/font_chain.h"
#include "pdf/glyph_problems.h"
#include "pdf/render.h"
#include "pdf/save_atomically.h"
#include "pdf/text_layout.h"
#include "pdf/xmp_metadata.h"

namespace dangan {
namespace {

class PdfWriterImpl : public PdfWriter {
 public:
  Status Init(const PdfOptions& options) {
    author_ = options.author;
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
  std::string author_;
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
