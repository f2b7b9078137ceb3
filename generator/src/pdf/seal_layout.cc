#include "pdf/seal_layout.h"

#include <algorithm>

namespace dangan::pdf {
namespace {

constexpr double kStep = 1 * kPointsPerMm;
constexpr double kEpsilon = 1e-6;

// When nothing is blank: hiding text or a filled area (a QR code) is far worse than crossing
// a ruled line, which stays readable under the seal's thin red lines.
double Weight(MarkKind kind) { return kind == MarkKind::kLine ? 1 : 4; }

Affine ViewToUser(const Box& v, int quarter_turns) {
  switch (quarter_turns) {
    case 1:  // turned clockwise: the bottom-left corner is shown top left
      return Affine{0, 1, 1, 0, v.x0, v.y0};
    case 2:
      return Affine{-1, 0, 0, 1, v.x1, v.y0};
    case 3:
      return Affine{0, -1, -1, 0, v.x1, v.y1};
    default:
      return Affine{1, 0, 0, -1, v.x0, v.y1};
  }
}

// The seal's possible top-left corners, in kStep steps.
struct Range {
  double left_most, right_most;  // the seal's left edge
  double top_most, low_most;     // the seal's top edge
};

Range SearchRange(const PageView& view) {
  Range r;
  r.right_most = view.width - kSealEdge - kSealWidth;
  r.left_most = std::min(r.right_most, view.width / 2);
  r.top_most = kSealEdge;
  r.low_most = std::max(kSealEdge, view.height / 4);
  return r;
}

Box SealAt(double left, double top) { return Box{left, top, left + kSealWidth, top + kSealHeight}; }

std::vector<Mark> MarksNear(const Range& r, const std::vector<Mark>& marks) {
  Box area =
      Box{r.left_most, r.top_most, r.right_most + kSealWidth, r.low_most + kSealHeight}.Grown(
          kSealClearance);
  std::vector<Mark> near;
  for (const Mark& m : marks) {
    if (area.OverlapArea(m.box) > 0) near.push_back(m);
  }
  return near;
}

double Cost(const Box& seal, const std::vector<Mark>& marks) {
  Box zone = seal.Grown(kSealClearance);
  double cost = 0;
  for (const Mark& m : marks) cost += Weight(m.kind) * zone.OverlapArea(m.box);
  return cost;
}

// Top first, then right first: the first blank place found is the one nearest the corner.
bool FindBlank(const Range& r, const std::vector<Mark>& marks, Box* seal) {
  for (double top = r.top_most; top <= r.low_most + kEpsilon; top += kStep) {
    for (double left = r.right_most; left >= r.left_most - kEpsilon; left -= kStep) {
      if (Cost(SealAt(left, top), marks) == 0) {
        *seal = SealAt(left, top);
        return true;
      }
    }
  }
  return false;
}

Box LeastCovering(const Range& r, const std::vector<Mark>& marks) {
  Box best = SealAt(r.right_most, r.top_most);
  double best_cost = Cost(best, marks);
  for (double left = r.right_most - kStep; left >= r.left_most - kEpsilon; left -= kStep) {
    double cost = Cost(SealAt(left, r.top_most), marks);
    if (cost < best_cost - kEpsilon) {
      best = SealAt(left, r.top_most);
      best_cost = cost;
    }
  }
  return best;
}

}  // namespace

PageView PageView::Of(const Box& visible, int rotate) {
  int quarter_turns = ((rotate / 90) % 4 + 4) % 4;
  PageView view;
  bool sideways = quarter_turns % 2 == 1;
  view.width = sideways ? visible.height() : visible.width();
  view.height = sideways ? visible.width() : visible.height();
  view.to_user = ViewToUser(visible, quarter_turns);
  return view;
}

bool SealFits(const PageView& view) {
  return view.width >= kSealWidth + kSealEdge && view.height >= kSealHeight + kSealEdge;
}

SealPlace PlaceSeal(const PageView& view, const std::vector<Mark>& marks) {
  Range range = SearchRange(view);
  std::vector<Mark> near = MarksNear(range, marks);
  SealPlace place;
  place.blank = FindBlank(range, near, &place.view);
  if (!place.blank) place.view = LeastCovering(range, near);
  // Seal space to view: x as is, y flipped about the seal's bottom edge.
  Affine seal_to_view{1, 0, 0, -1, place.view.x0, place.view.y1};
  place.seal_to_user = seal_to_view.Then(view.to_user);
  return place;
}

}  // namespace dangan::pdf
