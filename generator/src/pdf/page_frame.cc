#include "pdf/page_frame.h"

#include <algorithm>

#include "pdf/layout_metrics.h"
#include "pdf/seal_layout.h"

namespace dangan::pdf {
namespace {

constexpr double kInfoGap = 4;         // between the title and the 依据/编号 line
constexpr double kGridGap = 6;         // between the frame and the grid
constexpr double kTitleStroke = 0.35;  // outline width that makes regular strokes look bold

void LayoutReporting(TextLayouter* text, const std::string& utf8, double size, double width,
                     const char* place, TextBlock* out, std::vector<GlyphProblem>* problems) {
  std::vector<char32_t> missing;
  text->Layout(utf8, size, width, out, &missing);
  for (char32_t cp : missing) problems->push_back(GlyphProblem{place, cp});
}

double WidestLine(const TextBlock& block, double size) {
  uint32_t widest = 0;
  for (const TextLine& line : block.lines) widest = std::max(widest, line.width);
  return TextBlock::ToPoints(widest, size);
}

double QrSpace(const PageFrame& frame) { return frame.qr.size > 0 ? kQrSize + kQrGap : 0; }

void DrawLines(const TextBlock& block, double size, double line_height, double top, Align align,
               double left, double right, ContentStream* out) {
  for (size_t k = 0; k < block.lines.size(); ++k) {
    const TextLine& line = block.lines[k];
    double width = TextBlock::ToPoints(line.width, size);
    double x = align == Align::kLeft    ? left
               : align == Align::kRight ? right - width
                                        : (left + right - width) / 2;
    out->ShowLine(block, line, x, top + k * line_height + BaselineInLine(line_height, size), size);
  }
}


}  // namespace

void DrawQr(const QrMatrix& qr, double left, double top, ContentStream* out) {
  if (qr.size <= 0) return;
  double module = kQrSize / qr.size;
  // One rectangle per horizontal run of dark modules keeps the stream short.
  for (int y = 0; y < qr.size; ++y) {
    for (int x = 0; x < qr.size;) {
      if (!qr.at(x, y)) {
        ++x;
        continue;
      }
      int run = x;
      while (x < qr.size && qr.at(x, y)) ++x;
      out->Rect(left + run * module, top + y * module, (x - run) * module, module);
    }
  }
  out->Op("0 g f");
}

PageGeometry PageGeometry::For(Orientation orientation) {
  PageGeometry g;
  bool landscape = orientation == Orientation::kLandscape;
  g.width = landscape ? kA4Height : kA4Width;
  g.height = landscape ? kA4Width : kA4Height;
  g.left = kMargin;
  g.right = g.width - kMargin;
  g.top = kMargin;
  g.bottom = g.height - kMargin;
  return g;
}

std::string PageNumberText(int page, int pages) {
  return "第 " + std::to_string(page) + " 页 共 " + std::to_string(pages) + " 页";
}

void LayoutFrame(const Sheet& sheet, const PageGeometry& page, TextLayouter* text, PageFrame* frame,
                 std::vector<GlyphProblem>* problems) {
  frame->qr = MakeQr(sheet.qr_payload);
  double qr_space = QrSpace(*frame);
  double printable = page.right - page.left;
  // The 编号 stands in two lines right of the QR code at the top left: "编号：" over the number.
  std::string number = sheet.doc_number.empty() ? "" : "编号：\n" + sheet.doc_number;
  LayoutReporting(text, number, kSmallSize, printable, "编号", &frame->number, problems);
  double number_width = WidestLine(frame->number, kSmallSize);
  // The title stays centred on the page, clear of the QR code and the 编号 on the left and of
  // the same width on the right.
  double side = qr_space + (number_width > 0 ? number_width + kQrGap : 0);
  LayoutReporting(text, sheet.title, kTitleSize, printable - 2 * side, "标题", &frame->title,
                  problems);
  // Squeezed into more than one line, a title splits words and crowds the 编号: below the band
  // it has the whole width (and no problem is reported twice: the text is the same).
  const bool title_below = frame->title.lines.size() > 1;
  if (title_below) text->Layout(sheet.title, kTitleSize, printable, &frame->title, nullptr);

  // The top right is left blank for the 归档章 (DA/T 22-2015: 首页右上角空白处), so the 依据 line
  // ends before the place `dangan copy` stamps it.
  double seal_left = page.width - kSealEdge - kSealWidth - kSealClearance;
  double source_left = page.left + qr_space;
  double source_width = std::max(seal_left - source_left, printable / 3);
  std::string source = sheet.source.empty() ? "" : "依据：" + sheet.source;
  LayoutReporting(text, source, kSmallSize, source_width, "依据", &frame->source, problems);

  TextBlock scratch;
  LayoutReporting(text, sheet.template_id, kSmallSize, printable, "模板编号", &scratch, problems);
  // The footer's fixed words and digits come from the fonts too; check them once, not per page.
  LayoutReporting(text, "第 0123456789 页 共 页", kSmallSize, printable, "页脚", &scratch,
                  problems);
  // A document number already starts with its form's id (O-09-20241105-…): printing the id in
  // front of it again only doubles it.
  const std::string& id = sheet.template_id;
  std::string footer_left = sheet.doc_number.compare(0, id.size(), id) == 0 ? sheet.doc_number
                            : sheet.doc_number.empty()                      ? id
                                                       : id + "  " + sheet.doc_number;
  text->Layout(footer_left, kSmallSize, printable / 2 - 60, &frame->footer_left, nullptr);

  const double title_height = frame->title.lines.size() * kTitleLineHeight;
  if (title_below) {
    // The band: QR code, 编号 and 依据 beside it; then the title.
    frame->source_top = page.top + frame->number.lines.size() * kSmallLineHeight + kInfoGap;
    double band_bottom = std::max(frame->source_top + frame->source.lines.size() * kSmallLineHeight,
                                  page.top + (frame->qr.size > 0 ? kQrSize : 0));
    frame->title_top = band_bottom + kGridGap;
    frame->grid_top = frame->title_top + title_height + kGridGap;
    return;
  }
  frame->title_top = page.top;
  frame->source_top = page.top + title_height + kInfoGap;
  double frame_bottom = std::max({frame->source_top + frame->source.lines.size() * kSmallLineHeight,
                                  page.top + frame->number.lines.size() * kSmallLineHeight,
                                  page.top + (frame->qr.size > 0 ? kQrSize : 0)});
  frame->grid_top = frame_bottom + kGridGap;
}

void DrawFrame(const PageFrame& frame, const PageGeometry& geometry, int page, int pages,
               TextLayouter* text, ContentStream* out) {
  DrawQr(frame.qr, geometry.left, geometry.top, out);

  // Text render mode 2 fills and strokes each glyph: a bold look without a second font file.
  out->Op("q");
  out->Num(kTitleStroke);
  out->Op("w 0 G 0 g");
  out->BeginText();
  out->Op("2 Tr");
  DrawLines(frame.title, kTitleSize, kTitleLineHeight, frame.title_top, Align::kCenter,
            geometry.left, geometry.right, out);
  out->EndText();
  out->Op("Q");

  out->BeginText();
  out->Op("0 g");
  const double after_qr = geometry.left + QrSpace(frame);
  DrawLines(frame.source, kSmallSize, kSmallLineHeight, frame.source_top, Align::kLeft, after_qr,
            geometry.right, out);
  DrawLines(frame.number, kSmallSize, kSmallLineHeight, geometry.top, Align::kLeft, after_qr,
            geometry.right, out);

  double footer_top =
      geometry.height - kFooterBaseline - BaselineInLine(kSmallLineHeight, kSmallSize);
  TextBlock numbering;
  text->Layout(PageNumberText(page, pages), kSmallSize, geometry.right - geometry.left, &numbering,
               nullptr);
  DrawLines(numbering, kSmallSize, kSmallLineHeight, footer_top, Align::kCenter, geometry.left,
            geometry.right, out);
  DrawLines(frame.footer_left, kSmallSize, kSmallLineHeight, footer_top, Align::kLeft,
            geometry.left, geometry.right, out);
  out->EndText();
}

}  // namespace dangan::pdf
