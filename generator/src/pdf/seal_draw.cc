#include "pdf/seal_draw.h"

#include <array>

#include "pdf/layout_metrics.h"
#include "pdf/seal_layout.h"

namespace dangan::pdf {
namespace {

constexpr double kCellWidth = kSealWidth / 3;
constexpr double kCellHeight = kSealHeight / 2;
constexpr double kFrameWidth = 1.2;    // the outline of a rubber stamp
constexpr double kDividerWidth = 0.8;  // lines between the cells
constexpr double kPadding = 2;         // between a value and its cell's lines
// Values are printed at 9 pt; a long one (a department's full name) shrinks, then wraps, down to
// a size that is still readable on paper.
constexpr double kValueSize = 9;
constexpr double kMinValueSize = 4.5;
constexpr double kSizeStep = 0.5;
constexpr double kLineSpacing = 1.15;

struct Cell {
  const char* caption;  // for messages only: the stamp's captions are implied by position
  const std::string* value;
};

// In the fixed order of DA/T 22-2015, row by row.
std::array<Cell, 6> Cells(const ArchiveSeal& seal) {
  return {Cell{"全宗号", &seal.fonds},       Cell{"年度", &seal.year},
          Cell{"件号", &seal.piece},         Cell{"机构（问题）", &seal.department},
          Cell{"保管期限", &seal.retention}, Cell{"页数", &seal.pages}};
}

// Lays `value` out at the largest size whose lines fit the cell; false if none does.
bool FitValue(const Cell& cell, TextLayouter* text, TextBlock* block, double* size,
              std::vector<GlyphProblem>* problems) {
  std::vector<char32_t> missing;
  const double width = kCellWidth - 2 * kPadding, height = kCellHeight - 2 * kPadding;
  for (*size = kValueSize; *size >= kMinValueSize; *size -= kSizeStep) {
    text->Layout(*cell.value, *size, width, block, &missing);
    for (char32_t cp : missing)
      problems->push_back(GlyphProblem{std::string("归档章「") + cell.caption + "」", cp});
    missing.clear();
    if (block->lines.size() * *size * kLineSpacing <= height) return true;
  }
  return false;
}

void Line(ContentStream* out, double x0, double top0, double x1, double top1) {
  out->Num(x0);
  out->Num(kSealHeight - top0);
  out->Op("m");
  out->Num(x1);
  out->Num(kSealHeight - top1);
  out->Op("l");
}

// The outline sits inside the seal's box, so the printed stamp measures exactly 45 × 16 mm.
void DrawFrame(ContentStream* out) {
  out->Op("q 1 0 0 RG 0 J 0 j [] 0 d");
  out->Num(kFrameWidth);
  out->Op("w");
  double inset = kFrameWidth / 2;
  out->Rect(inset, inset, kSealWidth - kFrameWidth, kSealHeight - kFrameWidth);
  out->Op("S");
  out->Num(kDividerWidth);
  out->Op("w");
  Line(out, kCellWidth, 0, kCellWidth, kSealHeight);
  Line(out, 2 * kCellWidth, 0, 2 * kCellWidth, kSealHeight);
  Line(out, 0, kCellHeight, kSealWidth, kCellHeight);
  out->Op("S Q");
}

// Centres the value's lines in cell `index` (row by row).
void DrawValue(const TextBlock& block, double size, int index, ContentStream* out) {
  double left = (index % 3) * kCellWidth, top = (index / 3) * kCellHeight;
  double line_height = size * kLineSpacing;
  double first = top + (kCellHeight - block.lines.size() * line_height) / 2;
  for (size_t k = 0; k < block.lines.size(); ++k) {
    const TextLine& line = block.lines[k];
    double x = left + (kCellWidth - TextBlock::ToPoints(line.width, size)) / 2;
    out->ShowLine(block, line, x, first + k * line_height + BaselineInLine(line_height, size),
                  size);
  }
}

}  // namespace

Status DrawSeal(const ArchiveSeal& seal, TextLayouter* text, ContentStream* out,
                std::vector<GlyphProblem>* problems) {
  DrawFrame(out);
  std::array<Cell, 6> cells = Cells(seal);
  out->BeginText();
  out->Op("0 g 0 Tr 0 Tc 0 Tw 100 Tz 0 Ts");  // black, plain text whatever was set before
  for (int i = 0; i < 6; ++i) {
    TextBlock block;
    double size = 0;
    if (!FitValue(cells[i], text, &block, &size, problems)) {
      return Status::InvalidArgument(std::string("归档章「") + cells[i].caption + "」的内容「" +
                                     *cells[i].value + "」太长，格子里放不下");
    }
    DrawValue(block, size, i, out);
  }
  out->EndText();
  return Status::Ok();
}

}  // namespace dangan::pdf
