// Affine maps and boxes for reading and placing things on existing PDF pages.
//
// Matrices follow the PDF convention: a point is a row vector, [x y 1] × [a b 0; c d 0; e f 1],
// so "apply m, then n" is m.Then(n), and a content stream's "cm" makes the CTM cm.Then(ctm).
#pragma once

#include <algorithm>
#include <initializer_list>

namespace dangan::pdf {

struct Point {
  double x = 0, y = 0;
};

// An axis-aligned box; x0 <= x1 and y0 <= y1 in whatever space it is measured.
struct Box {
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;

  double width() const { return x1 - x0; }
  double height() const { return y1 - y0; }
  // Area shared with `o`; 0 when they do not overlap.
  double OverlapArea(const Box& o) const {
    double w = std::min(x1, o.x1) - std::max(x0, o.x0);
    double h = std::min(y1, o.y1) - std::max(y0, o.y0);
    return w > 0 && h > 0 ? w * h : 0;
  }
  Box Grown(double by) const { return Box{x0 - by, y0 - by, x1 + by, y1 + by}; }
};

struct Affine {
  double a = 1, b = 0, c = 0, d = 1, e = 0, f = 0;

  static Affine Translate(double tx, double ty) { return Affine{1, 0, 0, 1, tx, ty}; }

  Point Apply(double x, double y) const { return Point{a * x + c * y + e, b * x + d * y + f}; }

  Affine Then(const Affine& n) const {
    return Affine{a * n.a + b * n.c, a * n.b + b * n.d,       c * n.a + d * n.c,
                  c * n.b + d * n.d, e * n.a + f * n.c + n.e, e * n.b + f * n.d + n.f};
  }

  // The inverse map; a singular matrix (a zero scale) collapses everything onto the origin,
  // which only makes an unusable page box look empty.
  Affine Inverse() const {
    double det = a * d - b * c;
    if (det == 0) return Affine{0, 0, 0, 0, 0, 0};
    return Affine{
        d / det, -b / det, -c / det, a / det, (c * f - d * e) / det, (b * e - a * f) / det};
  }

  // Bounds of `box` after this map: rotation and shear turn boxes, so all four corners count.
  Box Bounds(const Box& box) const {
    Point p = Apply(box.x0, box.y0);
    Box out{p.x, p.y, p.x, p.y};
    for (Point q : {Apply(box.x1, box.y0), Apply(box.x0, box.y1), Apply(box.x1, box.y1)}) {
      out.x0 = std::min(out.x0, q.x);
      out.y0 = std::min(out.y0, q.y);
      out.x1 = std::max(out.x1, q.x);
      out.y1 = std::max(out.y1, q.y);
    }
    return out;
  }
};

}  // namespace dangan::pdf
