#include "pdf/page_tree.h"

#include <podofo/podofo.h>

#include "pdf/deflate_stream.h"

namespace dangan::pdf {
namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfDictionary;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfVariant;

constexpr size_t kFanOut = 32;  // kids per page tree node; keeps viewers' page lookups shallow

PdfVariant Int(long v) { return PdfVariant(static_cast<PoDoFo::pdf_int64>(v)); }

// Makes `node` the parent of `kids`, whose leaf page counts are `counts`; returns their sum.
long Adopt(PdfObject* node, const std::vector<PdfObject*>& kids, const std::vector<long>& counts,
           size_t begin, size_t end) {
  PdfArray refs;
  long total = 0;
  for (size_t i = begin; i < end; ++i) {
    refs.push_back(kids[i]->Reference());
    kids[i]->GetDictionary().AddKey("Parent", node->Reference());
    total += counts[i];
  }
  node->GetDictionary().AddKey("Kids", refs);
  node->GetDictionary().AddKey("Count", Int(total));
  return total;
}

}  // namespace

void PageTree::AddPage(const std::string& content, uint32_t fonts_used,
                       const DocumentFonts& fonts) {
  PoDoFo::PdfVecObjects& objects = doc_->GetObjects();
  PdfObject* stream = objects.CreateObject();
  SetDeflatedStream(stream, content, Deflate::kSmall);

  PdfDictionary font_resources;
  for (uint8_t i = 0; i < 32; ++i) {
    if (fonts_used & (1u << i))
      font_resources.AddKey(PdfName("F" + std::to_string(i)), fonts.FontObject(i)->Reference());
  }
  PdfDictionary resources;
  PdfArray procsets;
  procsets.push_back(PdfName("PDF"));
  procsets.push_back(PdfName("Text"));
  resources.AddKey("ProcSet", procsets);
  resources.AddKey("Font", font_resources);

  PdfObject* page = objects.CreateObject("Page");
  PdfArray media_box;
  for (double v : {0.0, 0.0, width_, height_}) media_box.push_back(PdfVariant(v));
  page->GetDictionary().AddKey("MediaBox", media_box);
  page->GetDictionary().AddKey("Resources", resources);
  page->GetDictionary().AddKey("Contents", stream->Reference());
  pages_.push_back(page);
}

void PageTree::Finish() {
  std::vector<PdfObject*> level = pages_;
  std::vector<long> counts(level.size(), 1);
  while (level.size() > kFanOut) {
    std::vector<PdfObject*> parents;
    std::vector<long> parent_counts;
    for (size_t begin = 0; begin < level.size(); begin += kFanOut) {
      PdfObject* node = doc_->GetObjects().CreateObject("Pages");
      parent_counts.push_back(
          Adopt(node, level, counts, begin, std::min(level.size(), begin + kFanOut)));
      parents.push_back(node);
    }
    level = std::move(parents);
    counts = std::move(parent_counts);
  }
  Adopt(doc_->GetPagesTree()->GetObject(), level, counts, 0, level.size());
}

}  // namespace dangan::pdf
