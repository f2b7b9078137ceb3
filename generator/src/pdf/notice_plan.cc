#include "pdf/notice_plan.h"

#include <algorithm>
#include <cmath>

#include "pdf/layout_metrics.h"

namespace dangan::pdf {
namespace {

constexpr double kMm = kPtPerMmNotice;
constexpr double kQrTopMm = 14;  // in the 天头: clear of the printer's edge, above the 版心
constexpr double kCutLineSize = 9;
constexpr char kFullWidthSpace[] = "\u3000";
// CJK glyphs fill an em box whose bottom is about 0.12 em under the baseline (layout_metrics.h).
constexpr double kEmAboveBaseline = 0.88;

double LineWidth(const TextBlock& block, size_t line, double size, double spacing) {
  const TextLine& l = block.lines[line];
  return TextBlock::ToPoints(l.width, size) + (l.end - l.begin) * spacing;
}

// Column edges of the counterfoil grid: the template's proportions across the 版心.
std::vector<double> ColumnEdges(const std::vector<double>& widths, double total_width) {
  double total = 0;
  for (double w : widths) total += w > 0 ? w : 1;
  std::vector<double> edges(1, 0.0);
  double sum = 0;
  for (double w : widths) {
    sum += w > 0 ? w : 1;
    edges.push_back(sum / total * total_width);
  }
  return edges;
}

class NoticeFlow {
 public:
  NoticeFlow(const Sheet& sheet, const NoticeFaces& faces, TextLayouter* text, double pitch,
             NoticePlan* plan, std::vector<GlyphProblem>* problems)
      : sheet_(sheet),
        n_(*sheet.notice),
        faces_(faces),
        text_(text),
        plan_(plan),
        problems_(problems),
        a_(plan->area),
        pitch_(pitch),
        lines_per_page_(static_cast<int>(std::floor(plan->area.height / pitch + 1e-6))) {
    // 5.2.3: 28 characters fill the 版心's width, a little closer than the font's em.
    body_spacing_ = a_.char_pitch - kNoticeBodySize;
    body_width_ = kNoticeCharsPerLine * kNoticeBodySize;
  }

  void Run() {
    NewPage();
    Frame();
    Counterfoil();
    Number();
    Title();
    Addressee();
    Body();
    Impressions();
    Attachment();
    SignatureAndDate();
    CarbonCopy();
    PageNumbers();
    text_->Prefer(-1);
  }

 private:
  const TextBlock* Lay(const std::string& utf8, int face, double size, double width,
                       const char* where) {
    text_->Prefer(face);
    plan_->blocks.emplace_back();
    TextBlock* block = &plan_->blocks.back();
    missing_.clear();
    text_->Layout(utf8, size, width, block, &missing_);
    for (char32_t cp : missing_) problems_->push_back(GlyphProblem{where, cp});
    return block;
  }

  NoticePage& page() { return plan_->pages.back(); }
  void NewPage() {
    plan_->pages.emplace_back();
    slot_ = 0;
  }
  // Keeps `slots` lines together: what does not fit on this page starts the next.
  void Need(int slots) {
    if (slot_ + slots > lines_per_page_) NewPage();
  }
  // Blank lines; none at the top of a page.
  void Skip(int slots) {
    if (slot_ > 0) slot_ = std::min(slot_ + slots, lines_per_page_);
  }
  double SlotTop(int slot) const { return a_.top + slot * pitch_; }

  void Put(const TextBlock* block, size_t line, double x, int slot, double size, double spacing,
           bool bold) {
    // The characters hang from the line's top, so the first line's stand at the 版心's top edge.
    page().texts.push_back(
        NoticeText{block, line, x, SlotTop(slot) + kEmAboveBaseline * size, size, spacing, bold});
  }

  // Each line of `block` on a line of its own, flowing over pages.
  void PutLines(const TextBlock* block, double size, double spacing, Align align, bool bold) {
    for (size_t k = 0; k < block->lines.size(); ++k) {
      Need(1);
      double w = LineWidth(*block, k, size, spacing);
      double x = align == Align::kCenter  ? a_.left + (a_.width - w) / 2
                 : align == Align::kRight ? a_.right() - w
                                          : a_.left;
      Put(block, k, x, slot_++, size, spacing, bold);
    }
  }

  void Frame() {
    plan_->qr = MakeQr(sheet_.qr_payload);
    std::string number = sheet_.doc_number.empty() ? "" : "编号：\n" + sheet_.doc_number;
    text_->Prefer(-1);
    missing_.clear();
    text_->Layout(number, kSmallSize, a_.width / 2, &plan_->number, &missing_);
    for (char32_t cp : missing_) problems_->push_back(GlyphProblem{"编号", cp});
  }

  // 介绍信: the counterfoil's grid at the top, a dashed cut line, then the letter.
  void Counterfoil() {
    if (n_.counterfoil.empty()) return;
    plan_->counterfoil_x = ColumnEdges(n_.counterfoil_widths, a_.width);
    GridLayouter grid(text_, plan_->counterfoil_x);
    plan_->counterfoil_groups = SpanGroups(n_.counterfoil);
    plan_->counterfoil.resize(plan_->counterfoil_groups.size());
    double y = a_.top;
    for (size_t g = 0; g < plan_->counterfoil_groups.size(); ++g) {
      auto range = plan_->counterfoil_groups[g];
      grid.Layout(n_.counterfoil.data() + range.first, range.second - range.first, Block::kHead,
                  range.first, &plan_->counterfoil[g], problems_);
      plan_->counterfoil_y.push_back(y);
      y += plan_->counterfoil[g].height();
    }
    page().counterfoil = true;
    double cut = y + pitch_ / 2;
    if (!n_.cut_line.empty()) {
      const TextBlock* words = Lay(n_.cut_line, -1, kCutLineSize, a_.width, "骑缝线");
      double w = LineWidth(*words, 0, kCutLineSize, 0);
      double x = a_.left + (a_.width - w) / 2;
      page().texts.push_back(
          NoticeText{words, 0, x, cut + kCutLineSize * 0.35, kCutLineSize, 0, false});
      page().shapes.push_back({NoticeShape::kCutLine, a_.left, cut, x - 4 - a_.left, 0});
      page().shapes.push_back({NoticeShape::kCutLine, x + w + 4, cut, a_.right() - x - w - 4, 0});
    } else {
      page().shapes.push_back({NoticeShape::kCutLine, a_.left, cut, a_.width, 0});
    }
    slot_ = static_cast<int>(std::ceil((cut + pitch_ / 2 - a_.top) / pitch_ - 1e-6));
    if (slot_ >= lines_per_page_) NewPage();
  }

  // 7.2.5: 发文字号 centred; 7.2.7: the red rule 4 mm under it; the title two lines lower.
  void Number() {
    if (n_.number.empty() || !n_.counterfoil.empty()) return;
    const TextBlock* b = Lay(n_.number, faces_.kai, kNoticeBodySize, body_width_, "发文字号");
    PutLines(b, kNoticeBodySize, body_spacing_, Align::kCenter, false);
    double baseline = page().texts.back().baseline;
    page().shapes.push_back(
        {NoticeShape::kRedRule, a_.left, baseline + kNoticeRuleGapMm * kMm, a_.width, 0});
    Skip(2);
  }

  // 7.3.1: 2号小标宋, centred; here the Song face, its strokes thickened.
  // A title over several lines is balanced, the lines about equally long (回行时排列对称).
  void Title() {
    const TextBlock* b = Lay(sheet_.title, faces_.song, kNoticeTitleSize, a_.width, "标题");
    if (b->lines.size() > 1) {
      double total = 0;
      for (size_t k = 0; k < b->lines.size(); ++k) total += LineWidth(*b, k, kNoticeTitleSize, 0);
      const double width = total / b->lines.size() + kNoticeTitleSize / 2;
      const TextBlock* balanced = Lay(sheet_.title, faces_.song, kNoticeTitleSize, width, "标题");
      if (balanced->lines.size() == b->lines.size()) b = balanced;
    }
    PutLines(b, kNoticeTitleSize, 0, Align::kCenter, true);
    // Under a counterfoil (介绍信) the letter's number stands right, under its title, without the
    // red rule of a 红头 document.
    if (!n_.number.empty() && !n_.counterfoil.empty()) {
      const TextBlock* number =
          Lay(n_.number, faces_.kai, kNoticeBodySize, body_width_, "发文字号");
      PutLines(number, kNoticeBodySize, body_spacing_, Align::kRight, false);
    }
  }

  // 7.3.2: under the title, one blank line, flush left, with a full-width colon.
  void Addressee() {
    if (n_.to.empty()) return;
    Skip(1);
    const TextBlock* b = Lay(n_.to + "：", faces_.kai, kNoticeBodySize, body_width_, "主送");
    PutLines(b, kNoticeBodySize, body_spacing_, Align::kLeft, false);
  }

  // 7.3.3: each paragraph indented two characters on its first line.
  void Body() {
    if (n_.to.empty()) Skip(1);
    for (const NoticeContent::Paragraph& p : n_.paragraphs) {
      std::string indented =
          p.indent ? std::string(kFullWidthSpace) + kFullWidthSpace + p.text : p.text;
      const TextBlock* b = Lay(indented, faces_.kai, kNoticeBodySize, body_width_, "正文");
      PutLines(b, kNoticeBodySize, body_spacing_, Align::kLeft, false);
    }
  }

  // Boxes for seal impressions (印模), side by side, each with its caption under it.
  void Impressions() {
    if (n_.impressions.empty()) return;
    const double side = kNoticeImpressionMm * kMm;
    const int box_slots = static_cast<int>(std::ceil(side / pitch_ - 1e-6));
    Skip(1);
    Need(box_slots + 1);
    const double gap = 2 * a_.char_pitch;
    double x = a_.left + gap;
    for (const std::string& caption : n_.impressions) {
      if (x + side > a_.right()) break;
      page().shapes.push_back({NoticeShape::kBox, x, SlotTop(slot_), side, side});
      const TextBlock* b = Lay(caption, faces_.kai, kNoticeBodySize, side, "印模");
      if (!b->lines.empty()) {
        double w = LineWidth(*b, 0, kNoticeBodySize, 0);
        Put(b, 0, x + (side - w) / 2, slot_ + box_slots, kNoticeBodySize, 0, false);
      }
      x += side + gap;
    }
    slot_ += box_slots + 1;
  }

  // 7.3.4: 正文下空一行左空二字编排“附件”二字，后标全角冒号和附件名称.
  void Attachment() {
    if (n_.attachment.empty()) return;
    Skip(1);
    std::string text = std::string(kFullWidthSpace) + kFullWidthSpace + "附件：" + n_.attachment;
    const TextBlock* b = Lay(text, faces_.kai, kNoticeBodySize, body_width_, "附件说明");
    PutLines(b, kNoticeBodySize, body_spacing_, Align::kLeft, false);
  }

  // 7.3.5.1: 成文日期 右空四字, the 署名 centred above it, the seal pressed on both, centred, with
  // them a little under its centre and its top within one line of the text above.
  void SignatureAndDate() {
    const int signer_slot_offset = n_.signer.empty() ? 1 : 2;
    // The seal reaches about five lines below the body's last line. Under a counterfoil (介绍信)
    // only the 署名 and date must fit: the seal may reach into the bottom margin, clear of the
    // page number in the corner, rather than leave them alone on a second page.
    Need(signer_slot_offset + (n_.counterfoil.empty() ? 4 : 2));
    const int signer_slot = slot_ + signer_slot_offset;
    const int date_slot = n_.signer.empty() ? signer_slot : signer_slot + 1;
    const TextBlock* date = Lay(n_.date, faces_.kai, kNoticeBodySize, body_width_, "成文日期");
    double centre_x = a_.right() - kNoticeDateRightChars * a_.char_pitch;
    if (!date->lines.empty()) {
      double w = LineWidth(*date, 0, kNoticeBodySize, body_spacing_);
      double x = a_.right() - kNoticeDateRightChars * a_.char_pitch - w;
      centre_x = x + w / 2;
      Put(date, 0, x, date_slot, kNoticeBodySize, body_spacing_, false);
    }
    if (!n_.signer.empty()) {
      const TextBlock* signer = Lay(n_.signer, faces_.kai, kNoticeBodySize, body_width_, "落款");
      if (!signer->lines.empty()) {
        double w = LineWidth(*signer, 0, kNoticeBodySize, body_spacing_);
        double x = std::max(a_.left, std::min(centre_x - w / 2, a_.right() - w));
        Put(signer, 0, x, signer_slot, kNoticeBodySize, body_spacing_, false);
      }
    }
    // The middle between the 署名's and the date's characters (they hang from their lines' tops).
    const double middle = (SlotTop(signer_slot) + SlotTop(date_slot) + kNoticeBodySize) / 2;
    const double radius = kNoticeSealMm / 2 * kMm;
    const double centre_y = middle - kNoticeSealAboveTextMm * kMm;
    NoticeShape seal{NoticeShape::kSealCircle, centre_x - radius, centre_y - radius, 2 * radius,
                     2 * radius};
    page().shapes.push_back(seal);
    plan_->seal = seal;
    plan_->seal_page = static_cast<int>(plan_->pages.size()) - 1;
    const double seal_bottom = centre_y + radius;
    slot_ = std::max(date_slot + 1,
                     static_cast<int>(std::ceil((seal_bottom - a_.top) / pitch_ - 1e-6)));
  }

  // 7.4.2: 抄送 at the foot of the last page between two rules, 4号, one character in.
  void CarbonCopy() {
    if (n_.cc.empty()) return;
    if (slot_ > lines_per_page_ - 2) NewPage();
    const int slot = lines_per_page_ - 1;
    const TextBlock* b = Lay("抄送：" + n_.cc, faces_.kai, kNoticePageNumberSize,
                             a_.width - 2 * kNoticePageNumberSize, "抄送");
    if (!b->lines.empty())
      Put(b, 0, a_.left + kNoticePageNumberSize, slot, kNoticePageNumberSize, 0, false);
    page().shapes.push_back({NoticeShape::kThickRule, a_.left, SlotTop(slot), a_.width, 0});
    page().shapes.push_back({NoticeShape::kThickRule, a_.left, a_.bottom(), a_.width, 0});
  }

  // 7.5: 4号半角宋体阿拉伯数字 "— 1 —", odd pages right and even pages left, one character in.
  void PageNumbers() {
    for (size_t p = 0; p < plan_->pages.size(); ++p) {
      int number = static_cast<int>(p) + 1;
      const TextBlock* b =
          Lay(NoticePageNumber(number), faces_.song, kNoticePageNumberSize, a_.width, "页码");
      if (b->lines.empty()) continue;
      double w = LineWidth(*b, 0, kNoticePageNumberSize, 0);
      double x = number % 2 == 1 ? a_.right() - kNoticePageNumberSize - w
                                 : a_.left + kNoticePageNumberSize;
      // The dashes sit at about 0.3 em above the baseline: their top 7 mm under the 版心.
      double baseline = a_.bottom() + kNoticePageNumberGapMm * kMm + 0.3 * kNoticePageNumberSize;
      // In the text a viewer copies, the number stays out of a paragraph running over pages:
      // first on page one, last on the others.
      std::vector<NoticeText>& texts = plan_->pages[p].texts;
      texts.insert(p == 0 ? texts.begin() : texts.end(),
                   NoticeText{b, 0, x, baseline, kNoticePageNumberSize, 0, false});
    }
  }

  const Sheet& sheet_;
  const NoticeContent& n_;
  NoticeFaces faces_;
  TextLayouter* text_;
  NoticePlan* plan_;
  std::vector<GlyphProblem>* problems_;
  const NoticeGeometry& a_;
  const double pitch_;  // the 22 lines of 5.2.3, or closer under a counterfoil
  const int lines_per_page_;
  double body_spacing_ = 0, body_width_ = 0;
  int slot_ = 0;
  std::vector<char32_t> missing_;
};

}  // namespace

NoticeGeometry NoticeGeometry::Standard() {
  NoticeGeometry g;
  g.left = kNoticeLeftMm * kMm;
  g.top = kNoticeTopMm * kMm;
  g.width = kNoticeWidthMm * kMm;
  g.height = kNoticeHeightMm * kMm;
  g.pitch = g.height / kNoticeLinesPerPage;
  g.char_pitch = g.width / kNoticeCharsPerLine;
  return g;
}

std::string NoticePageNumber(int page) { return "— " + std::to_string(page) + " —"; }

void PlanNotice(const Sheet& sheet, const NoticeFaces& faces, TextLayouter* text, NoticePlan* plan,
                std::vector<GlyphProblem>* problems) {
  plan->page = PageGeometry::For(Orientation::kPortrait);
  plan->area = NoticeGeometry::Standard();
  // A 介绍信's counterfoil and letter belong on one sheet: where the letter would run over, its
  // lines close up, as 7.3.5.1 allows (调整行距) — not below 0.7 of the standard pitch.
  const bool counterfoil = !sheet.notice->counterfoil.empty();
  for (double scale : {1.0, 0.94, 0.88, 0.82, 0.76, 0.7}) {
    NoticePlan attempt;
    attempt.page = plan->page;
    attempt.area = plan->area;
    std::vector<GlyphProblem> found;
    NoticeFlow(sheet, faces, text, plan->area.pitch * scale, &attempt, &found).Run();
    if (!counterfoil || attempt.pages.size() == 1 || scale < 0.75) {
      *plan = std::move(attempt);
      problems->insert(problems->end(), found.begin(), found.end());
      return;
    }
  }
}

double NoticeQrTop() { return kQrTopMm * kMm; }

}  // namespace dangan::pdf
