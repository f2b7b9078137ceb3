#include "pdf/render.h"

#include <podofo/podofo.h>

#include <string>
#include <vector>

#include "pdf/content_stream.h"
#include "pdf/grid_draw.h"
#include "pdf/page_tree.h"
#include "pdf/pdf_fonts.h"

namespace dangan::pdf {
namespace {

PoDoFo::PdfString Utf8String(const std::string& s) {
  return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str()));
}

// Resolves a page's placements to layouts. Body rows are laid out again here, into layouts reused
// from page to page so that their buffers are allocated once.
class GroupSource {
 public:
  GroupSource(const Sheet& sheet, const DocumentPlan& plan, TextLayouter* text)
      : sheet_(sheet), plan_(plan), grid_(text, plan.column_x) {}

  std::vector<PlacedGroup> ForPage(const PagePlan& page) {
    std::vector<PlacedGroup> groups;
    size_t bodies = 0;
    for (const Placement& p : page.items) bodies += p.block == Block::kBody;
    if (body_layouts_.size() < bodies) body_layouts_.resize(bodies);
    size_t next_body = 0;
    for (const Placement& p : page.items) groups.push_back(PlacedGroup{Resolve(p, &next_body), &p});
    return groups;
  }

 private:
  const GroupLayout* Resolve(const Placement& p, size_t* next_body) {
    switch (p.block) {
      case Block::kHead:
        return &plan_.head[p.group];
      case Block::kTail:
        return &plan_.tail[p.group];
      case Block::kTableHeader:
        return &plan_.table_header;
      case Block::kBody:
        break;
    }
    GroupLayout* layout = &body_layouts_[(*next_body)++];
    Row row = sheet_.body_row(p.group);
    grid_.Layout(&row, 1, Block::kBody, p.group, layout, nullptr);
    return layout;
  }

  const Sheet& sheet_;
  const DocumentPlan& plan_;
  GridLayouter grid_;
  std::vector<GroupLayout> body_layouts_;
};

// Captions, column headings and the template's own notes: the text every document of a template
// shares.
void PrimeFixedText(const GroupLayout& group, DocumentFonts* fonts) {
  for (const CellLayout& cell : group.cells) {
    if (cell.style == CellStyle::kLabel || cell.style == CellStyle::kHeader || cell.fixed)
      fonts->Prime(cell.text);
  }
}

}  // namespace

Status RenderDocument(const Sheet& sheet, const DocumentPlan& plan, const FontChain& chain,
                      TextLayouter* text, PoDoFo::PdfMemDocument* doc) {
  DocumentFonts fonts(&chain, &doc->GetObjects());
  fonts.Prime(plan.frame.title);
  fonts.Prime(plan.frame.source);
  for (const GroupLayout& group : plan.head) PrimeFixedText(group, &fonts);
  PrimeFixedText(plan.table_header, &fonts);
  for (const GroupLayout& group : plan.tail) PrimeFixedText(group, &fonts);
  GroupSource source(sheet, plan, text);
  const PageGeometry& g = plan.geometry;
  PageTree tree(doc, g.width, g.height);
  int pages = static_cast<int>(plan.pages.size());
  for (int n = 0; n < pages; ++n) {
    ContentStream content(g.height, &fonts);
    DrawFrame(plan.frame, g, n + 1, pages, text, &content);
    DrawGroups(source.ForPage(plan.pages[n]), g.left, &content);
    tree.AddPage(content.bytes(), content.fonts_used(), fonts);
  }
  tree.Finish();
  DANGAN_RETURN_IF_ERROR(fonts.Embed());

  PoDoFo::PdfInfo* info = doc->GetInfo();
  info->SetTitle(Utf8String(sheet.title));
  info->SetSubject(Utf8String(sheet.doc_number));
  info->SetCreator(PoDoFo::PdfString("dangan"));
  return Status::Ok();
}

}  // namespace dangan::pdf
