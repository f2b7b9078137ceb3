#include "pdf/notice_render.h"

#include <podofo/podofo.h>

#include <cmath>

#include "pdf/content_stream.h"
#include "pdf/grid_draw.h"
#include "pdf/layout_metrics.h"
#include "pdf/page_tree.h"
#include "pdf/pdf_fonts.h"

namespace dangan::pdf {
namespace {

constexpr double kTitleStrokeWidth = 0.5;                // thickens the Song face towards 小标宋
constexpr double kRedRuleWidth = 0.35 * kPtPerMmNotice;  // GB/T 9704 7.2.7: 0.35 mm
constexpr double kThickRuleWidth = 0.35 * kPtPerMmNotice;  // 7.4.1: 版记 rules
constexpr double kSealGray = 0.6;
// A circle of four Bézier arcs: the control points' distance for a quarter circle.
constexpr double kKappa = 0.5523;

PoDoFo::PdfString Utf8String(const std::string& s) {
  return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s.c_str()));
}

class ShapeDrawer {
 public:
  ShapeDrawer(double page_height, ContentStream* out) : h_(page_height), out_(out) {}

  void Draw(const NoticeShape& s) {
    switch (s.kind) {
      case NoticeShape::kRedRule:
        Line(s, kRedRuleWidth, "1 0 0 RG", "");
        break;
      case NoticeShape::kThickRule:
        Line(s, kThickRuleWidth, "0 G", "");
        break;
      case NoticeShape::kThinRule:
        Line(s, kBorderWidth, "0 G", "");
        break;
      case NoticeShape::kCutLine:
        Line(s, kBorderWidth, "0 G", "[4 3] 0 d");
        break;
      case NoticeShape::kBox:
        out_->Op("q");
        out_->Num(kBorderWidth);
        out_->Op("w 0 G");
        out_->Rect(s.x, s.top, s.width, s.height);
        out_->Op("S Q");
        break;
      case NoticeShape::kSealCircle:
        Circle(s);
        break;
    }
  }

 private:
  void Point(double x, double top) {
    out_->Num(x);
    out_->Num(h_ - top);
  }

  void Line(const NoticeShape& s, double width, const char* colour, const char* dash) {
    out_->Op("q");
    out_->Num(width);
    out_->Op("w");
    out_->Op(colour);
    if (*dash) out_->Op(dash);
    Point(s.x, s.top);
    out_->Op("m");
    Point(s.x + s.width, s.top);
    out_->Op("l S Q");
  }

  // Where the company's seal goes: a light dashed circle the stamp covers.
  void Circle(const NoticeShape& s) {
    const double r = s.width / 2, cx = s.x + r, cy = s.top + r, k = kKappa * r;
    out_->Op("q");
    out_->Num(kBorderWidth);
    out_->Op("w");
    out_->Num(kSealGray);
    out_->Op("G [3 3] 0 d");
    Point(cx + r, cy);
    out_->Op("m");
    const double arcs[4][6] = {{cx + r, cy - k, cx + k, cy - r, cx, cy - r},
                               {cx - k, cy - r, cx - r, cy - k, cx - r, cy},
                               {cx - r, cy + k, cx - k, cy + r, cx, cy + r},
                               {cx + k, cy + r, cx + r, cy + k, cx + r, cy}};
    for (const auto& a : arcs) {
      Point(a[0], a[1]);
      Point(a[2], a[3]);
      Point(a[4], a[5]);
      out_->Op("c");
    }
    out_->Op("S Q");
  }

  double h_;
  ContentStream* out_;
};

void DrawTexts(const NoticePage& page, bool bold, ContentStream* out) {
  bool any = false;
  for (const NoticeText& t : page.texts) {
    if (t.bold != bold) continue;
    if (!any) {
      if (bold) {
        out->Op("q");
        out->Num(kTitleStrokeWidth);
        out->Op("w 0 G 0 g");
      }
      out->BeginText();
      out->Op(bold ? "2 Tr" : "0 g");
      any = true;
    }
    out->Num(t.spacing);
    out->Op("Tc");
    out->ShowLine(*t.block, t.block->lines[t.line], t.x, t.baseline, t.size);
  }
  if (!any) return;
  out->Op("0 Tc");
  out->EndText();
  if (bold) out->Op("Q");
}

void DrawCounterfoil(const NoticePlan& plan, ContentStream* out) {
  std::vector<Placement> placements(plan.counterfoil.size());
  std::vector<PlacedGroup> groups;
  for (size_t g = 0; g < plan.counterfoil.size(); ++g) {
    Placement& p = placements[g];
    p.block = Block::kHead;
    p.group = static_cast<uint32_t>(g);
    p.window_bottom = plan.counterfoil[g].height();
    p.y = plan.counterfoil_y[g];
    groups.push_back(PlacedGroup{&plan.counterfoil[g], &p});
  }
  DrawGroups(groups, plan.area.left, out);
}

}  // namespace

Status RenderNotice(const Sheet& sheet, const NoticePlan& plan, const FontChain& chain,
                    PoDoFo::PdfMemDocument* doc) {
  DocumentFonts fonts(&chain, &doc->GetObjects());
  const PageGeometry& g = plan.page;
  PageTree tree(doc, g.width, g.height);
  for (size_t n = 0; n < plan.pages.size(); ++n) {
    const NoticePage& page = plan.pages[n];
    ContentStream content(g.height, &fonts);
    if (n == 0) {
      // The archive's identity in the 天头, at the left: the 归档章 corner stays blank.
      DrawQr(plan.qr, plan.area.left, NoticeQrTop(), &content);
      content.BeginText();
      content.Op("0 g");
      for (size_t k = 0; k < plan.number.lines.size(); ++k) {
        content.ShowLine(
            plan.number, plan.number.lines[k],
            plan.area.left + (plan.qr.size > 0 ? kQrSize + kQrGap : 0),
            NoticeQrTop() + k * kSmallLineHeight + BaselineInLine(kSmallLineHeight, kSmallSize),
            kSmallSize);
      }
      content.EndText();
    }
    if (page.counterfoil) DrawCounterfoil(plan, &content);
    ShapeDrawer shapes(g.height, &content);
    for (const NoticeShape& s : page.shapes) shapes.Draw(s);
    DrawTexts(page, true, &content);
    DrawTexts(page, false, &content);
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
