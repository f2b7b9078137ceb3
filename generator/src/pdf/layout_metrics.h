// Sizes shared by layout and drawing, in PDF points (1/72 inch).
#pragma once

namespace dangan::pdf {

constexpr double kA4Width = 595.28;
constexpr double kA4Height = 841.89;
constexpr double kMargin = 42.52;  // 15 mm

constexpr double kBodySize = 10.5;
constexpr double kLineHeight = kBodySize * 1.3;
constexpr double kCellPadX = 3;
constexpr double kCellPadY = 3;
constexpr double kDefaultRowHeight = 21;
constexpr int kSignatureLines = 3;  // room for a handwritten signature or approval opinion
constexpr double kBorderWidth = 0.5;

constexpr double kTitleSize = 16;
constexpr double kTitleLineHeight = 20;
constexpr double kSmallSize = 9;  // the 依据/编号 line and the footer
constexpr double kSmallLineHeight = 11.7;
constexpr double kQrSize = 45;
constexpr double kQrGap = 6;
constexpr double kFooterBaseline = 26;  // from the bottom edge, inside the bottom margin

// Where the baseline sits in a line box: CJK glyphs fill an em box whose bottom is about 0.12 em
// under the baseline, so centring that box in the line puts the baseline here.
inline double BaselineInLine(double line_height, double size) {
  return (line_height - size) / 2 + size * 0.88;
}

}  // namespace dangan::pdf
