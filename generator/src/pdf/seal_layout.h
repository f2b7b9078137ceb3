// Where the 归档章 goes on page one: the page as the reader sees it, and a free place near its
// top-right corner.
#pragma once

#include <vector>

#include "pdf/affine.h"
#include "pdf/page_marks.h"

namespace dangan::pdf {

constexpr double kPointsPerMm = 72 / 25.4;
// DA/T 22-2015: 45 mm × 16 mm, six equal cells.
constexpr double kSealWidth = 45 * kPointsPerMm;
constexpr double kSealHeight = 16 * kPointsPerMm;
// The seal keeps this far from the top and right edges: printers do not reach the very edge,
// and a stamp hard against it looks misplaced.
constexpr double kSealEdge = 10 * kPointsPerMm;
// Free space wanted around the seal, so that it does not touch the page's own text. Our own
// forms keep this much more blank beside the seal's place (page_frame.cc).
constexpr double kSealClearance = 2 * kPointsPerMm;

// The page as a viewer shows it: the visible box (CropBox within MediaBox) turned by /Rotate,
// measured in points from its top-left corner, x to the right and y downwards.
struct PageView {
  double width = 0, height = 0;
  Affine to_user;  // view coordinates -> the page's default user space

  // `visible` in default user space; `rotate` in degrees, any multiple of 90.
  static PageView Of(const Box& visible, int rotate);
  Box FromUser(const Box& user) const { return to_user.Inverse().Bounds(user); }
};

struct SealPlace {
  Box view;             // the seal's box, view coordinates
  bool blank = false;   // nothing of the page lies under it or close around it
  Affine seal_to_user;  // seal space (origin bottom-left, y up, as read) -> default user space
};

// Whether a seal fits on the page at all, keeping the minimum distance from the edges.
bool SealFits(const PageView& view);

// Where the seal goes, given the page's `marks` in view coordinates. Always at least 10 mm from
// the top and right edges, in the right half of the page. The first choice is a blank place with
// its top in the top quarter of the page, the highest and then the rightmost. A page with none
// (a full header) gets the seal along the top, where it hides the least text and filled area.
// Requires SealFits(view).
SealPlace PlaceSeal(const PageView& view, const std::vector<Mark>& marks);

}  // namespace dangan::pdf
