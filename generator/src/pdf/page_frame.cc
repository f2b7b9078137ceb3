#include "pdf/page_frame.h"

#include <algorithm>

#include "pdf/layout_metrics.h"

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

void DrawQr(const QrMatrix& qr, double right, double top, ContentStream* out) {
  if (qr.size <= 0) return;
  double module = kQrSize / qr.size, left = right - kQrSize;
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

}  // namespace

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
  // The title stays centred on the page, so it keeps clear of the QR code on both sides.
  LayoutReporting(text, sheet.title, kTitleSize, printable - 2 * qr_space, "标题", &frame->title,
                  problems);

  double info_right = page.right - qr_space;
  std::string number = sheet.doc_number.empty() ? "" : "编号：" + sheet.doc_number;
  LayoutReporting(text, number, kSmallSize, info_right - page.left, "编号", &frame->number,
                  problems);
  double number_width = WidestLine(frame->number, kSmallSize);
  double source_width = std::max(info_right - page.left - number_width - 12, printable / 3);
  std::string source = sheet.source.empty() ? "" : "依据：" + sheet.source;
  LayoutReporting(text, source, kSmallSize, source_width, "依据", &frame->source, problems);

  TextBlock scratch;
  LayoutReporting(text, sheet.template_id, kSmallSize, printable, "模板编号", &scratch, problems);
  // The footer's fixed words and digits come from the fonts too; check them once, not per page.
  LayoutReporting(text, "第 0123456789 页 共 页", kSmallSize, printable, "页脚", &scratch,
                  problems);
  std::string footer_left = sheet.template_id + "  " + sheet.doc_number;
  text->Layout(footer_left, kSmallSize, printable / 2 - 60, &frame->footer_left, nullptr);

  double info_top = page.top + frame->title.lines.size() * kTitleLineHeight + kInfoGap;
  size_t info_lines = std::max(frame->source.lines.size(), frame->number.lines.size());
  double frame_bottom = std::max(info_top + info_lines * kSmallLineHeight,
                                 page.top + (frame->qr.size > 0 ? kQrSize : 0));
  frame->grid_top = frame_bottom + kGridGap;
}

void DrawFrame(const PageFrame& frame, const PageGeometry& geometry, int page, int pages,
               TextLayouter* text, ContentStream* out) {
  DrawQr(frame.qr, geometry.right, geometry.top, out);

  // Text render mode 2 fills and strokes each glyph: a bold look without a second font file.
  out->Op("q");
  out->Num(kTitleStroke);
  out->Op("w 0 G 0 g");
  out->BeginText();
  out->Op("2 Tr");
  DrawLines(frame.title, kTitleSize, kTitleLineHeight, geometry.top, Align::kCenter, geometry.left,
            geometry.right, out);
  out->EndText();
  out->Op("Q");

  out->BeginText();
  out->Op("0 g");
  double info_top = geometry.top + frame.title.lines.size() * kTitleLineHeight + kInfoGap;
  DrawLines(frame.source, kSmallSize, kSmallLineHeight, info_top, Align::kLeft, geometry.left,
            geometry.right, out);
  DrawLines(frame.number, kSmallSize, kSmallLineHeight, info_top, Align::kRight, geometry.left,
            geometry.right - QrSpace(frame), out);

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
