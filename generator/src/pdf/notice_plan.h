// Notice plan: a notice (通知, 公告, 介绍信) laid out as GB/T 9704-2012 lays out a 公文, measured
// and paginated before anything is drawn, as DocumentPlan does for grids.
#pragma once

#include <deque>
#include <vector>

#include "dangan/generator/sheet.h"
#include "pdf/grid_layout.h"
#include "pdf/page_frame.h"
#include "pdf/text_layout.h"
#include "qr.h"

namespace dangan::pdf {

constexpr double kPtPerMmNotice = 72 / 25.4;

// GB/T 9704-2012 5.2.1: 天头 (top margin) 37 mm ± 1 mm, 订口 (left margin) 28 mm ± 1 mm,
// 版心 (type area) 156 mm × 225 mm on A4 (5.1).
constexpr double kNoticeTopMm = 37;
constexpr double kNoticeLeftMm = 28;
constexpr double kNoticeWidthMm = 156;
constexpr double kNoticeHeightMm = 225;
// 5.2.3: 一般每面排 22 行，每行排 28 个字，并撑满版心.
constexpr int kNoticeLinesPerPage = 22;
constexpr int kNoticeCharsPerLine = 28;
// 5.2.2 and 7.3: 3号 (16 pt) for 主送, 正文, 落款; 7.3.1: 标题 2号 (22 pt); 7.5: 页码 4号 (14 pt).
constexpr double kNoticeBodySize = 16;
constexpr double kNoticeTitleSize = 22;
constexpr double kNoticePageNumberSize = 14;
// 7.2.7 (版头中的分隔线): a red rule as wide as the 版心, 4 mm under the 发文字号.
constexpr double kNoticeRuleGapMm = 4;
// 7.3.5.1: 成文日期 右空四字; the seal (印章) is centred on 署名 and date, which sit a little
// under its centre; its top within one line of the text above. A company seal is 42 mm across.
constexpr int kNoticeDateRightChars = 4;
constexpr double kNoticeSealMm = 42;
constexpr double kNoticeSealAboveTextMm = 3;  // the seal's centre above the middle of 署名/日期
// 7.5: page number "— 1 —", its dashes' top 7 mm under the 版心; odd pages right, even pages
// left, one character in from the 版心's edge.
constexpr double kNoticePageNumberGapMm = 7;
// A box for a seal impression (印模): a 42 mm seal and its margin, as in grid forms.
constexpr double kNoticeImpressionMm = 46;

struct NoticeGeometry {
  double left = 0, top = 0, width = 0, height = 0;  // the 版心, points from the top-left corner
  double pitch = 0;                                 // one of the 22 lines
  double char_pitch = 0;                            // one of the 28 characters of a line
  static NoticeGeometry Standard();
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

struct NoticeText {
  const TextBlock* block = nullptr;
  size_t line = 0;
  double x = 0, baseline = 0;  // from the page's top-left corner
  double size = 0;
  double spacing = 0;  // Tc: the 28-per-line character pitch against the font's em
  bool bold = false;
};

struct NoticeShape {
  enum Kind { kRedRule, kThickRule, kThinRule, kCutLine, kSealCircle, kBox } kind = kBox;
  double x = 0, top = 0, width = 0, height = 0;
};

struct NoticePage {
  std::vector<NoticeText> texts;
  std::vector<NoticeShape> shapes;
  bool counterfoil = false;  // the counterfoil grid is drawn at the top of this page
};

struct NoticePlan {
  PageGeometry page;
  NoticeGeometry area;
  QrMatrix qr;                   // in the 天头, left, clear of the 归档章 corner on the right
  TextBlock number;              // 编号： and the document number, right of the QR code
  std::deque<TextBlock> blocks;  // owned texts the pages point into
  std::vector<double> counterfoil_x;
  std::vector<std::pair<size_t, size_t>> counterfoil_groups;
  std::vector<GroupLayout> counterfoil;  // laid out at the top of page one
  std::vector<double> counterfoil_y;     // each group's top on the page
  std::vector<NoticePage> pages;
  // Where the seal goes (page index and circle box), for tests and the drawing.
  int seal_page = 0;
  NoticeShape seal;
};

// The fonts of a notice: the chain's index of the Song face (标题, 页码) and of the 楷体 (主送,
// 正文, 落款, where the standard asks for 仿宋, which Debian lacks); -1 where it is not installed.
struct NoticeFaces {
  int song = -1;
  int kai = -1;
};

void PlanNotice(const Sheet& sheet, const NoticeFaces& faces, TextLayouter* text, NoticePlan* plan,
                std::vector<GlyphProblem>* problems);

// "— 3 —"
std::string NoticePageNumber(int page);

// The QR code's top in the 天头, from the top of the page.
double NoticeQrTop();

}  // namespace dangan::pdf
