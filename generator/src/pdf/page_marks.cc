#include "pdf/page_marks.h"

#include <podofo/podofo.h>

#include <cmath>
#include <cstdlib>
#include <map>
#include <memory>
#include <string_view>
#include <unordered_map>

namespace dangan::pdf {
namespace {

using PoDoFo::PdfArray;
using PoDoFo::PdfContentsTokenizer;
using PoDoFo::PdfName;
using PoDoFo::PdfObject;
using PoDoFo::PdfVariant;
using PoDoFo::PdfVecObjects;

// Forms drawing forms: deep enough for real documents, and it stops reference cycles.
constexpr int kMaxFormDepth = 8;
// Glyph extents in ems around the baseline: generous enough for CJK faces and Latin descenders.
constexpr double kAscent = 0.9;
constexpr double kDescent = -0.25;
// Width of a glyph whose font lists none (the standard 14 fonts often do not): an average
// Latin width, rounded up.
constexpr double kUnknownWidth = 600;
constexpr double kWhite = 0.99;
// Width 0 means the thinnest line the device can draw, which is still ink.
constexpr double kThinnestLine = 0.5;

double NumberOf(const PdfVariant& v) {
  if (v.IsReal()) return v.GetReal();
  if (v.IsNumber()) return static_cast<double>(v.GetNumber());
  return 0;
}

// A number that may be given by reference; 0 when it is missing or not a number.
double NumberAt(PdfVecObjects* objects, const PdfObject* o) {
  o = Resolve(objects, o);
  return o != nullptr ? NumberOf(*o) : 0;
}

// A dictionary entry with references followed; null when absent or `dict` is no dictionary.
const PdfObject* Key(PdfVecObjects* objects, const PdfObject* dict, const char* key) {
  dict = Resolve(objects, dict);
  if (dict == nullptr || !dict->IsDictionary()) return nullptr;
  return Resolve(objects, dict->GetDictionary().GetKey(PdfName(key)));
}

// Glyph widths of one font, enough to estimate how far a string of its codes reaches.
class FontWidths {
 public:
  FontWidths(PdfVecObjects* objects, const PdfObject* font) : objects_(objects) {
    const PdfObject* subtype = Key(objects, font, "Subtype");
    if (subtype != nullptr && subtype->IsName() && subtype->GetName() == PdfName("Type0")) {
      ReadComposite(font);
    } else {
      ReadSimple(font);
    }
  }

  // Composite fonts are read two bytes per code: Identity-H and nearly every CJK CMap in use.
  bool two_byte() const { return two_byte_; }
  // Thousandths of an em.
  double Width(unsigned code) const {
    auto it = widths_.find(code);
    return it == widths_.end() ? default_ : it->second;
  }

 private:
  void ReadSimple(const PdfObject* font) {
    const PdfObject* first = Key(objects_, font, "FirstChar");
    const PdfObject* widths = Key(objects_, font, "Widths");
    if (first == nullptr || widths == nullptr || !widths->IsArray()) return;
    unsigned code = static_cast<unsigned>(NumberOf(*first));
    for (const PdfObject& w : widths->GetArray()) widths_[code++] = NumberAt(objects_, &w);
  }

  void ReadComposite(const PdfObject* font) {
    two_byte_ = true;
    default_ = 1000;
    const PdfObject* descendants = Key(objects_, font, "DescendantFonts");
    if (descendants == nullptr || !descendants->IsArray() || descendants->GetArray().empty())
      return;
    const PdfObject* cid_font = Resolve(objects_, &descendants->GetArray()[0]);
    if (const PdfObject* dw = Key(objects_, cid_font, "DW")) default_ = NumberOf(*dw);
    const PdfObject* w = Key(objects_, cid_font, "W");
    if (w != nullptr && w->IsArray()) ReadW(w->GetArray());
  }

  // /W holds "c [w1 w2 …]" and "c_first c_last w" entries.
  void ReadW(const PdfArray& w) {
    for (size_t i = 0; i + 1 < w.size();) {
      unsigned first = static_cast<unsigned>(NumberAt(objects_, &w[i]));
      const PdfObject* next = Resolve(objects_, &w[i + 1]);
      if (next != nullptr && next->IsArray()) {
        for (const PdfObject& v : next->GetArray()) widths_[first++] = NumberAt(objects_, &v);
        i += 2;
        continue;
      }
      if (i + 2 >= w.size()) break;
      unsigned last = static_cast<unsigned>(NumberAt(objects_, next));
      double width = NumberAt(objects_, &w[i + 2]);
      // A range spanning the whole code space would only cost memory: the default covers it.
      for (unsigned c = first; c <= last && c - first < 0x10000; ++c) widths_[c] = width;
      i += 3;
    }
  }

  PdfVecObjects* objects_;
  bool two_byte_ = false;
  double default_ = kUnknownWidth;
  std::unordered_map<unsigned, double> widths_;
};

// The part of the graphics state that decides where marks land and whether they show.
struct GraphicsState {
  Affine ctm;
  const FontWidths* font = nullptr;
  double font_size = 0, char_space = 0, word_space = 0, h_scale = 1, leading = 0, rise = 0;
  double line_width = 1;
  int render_mode = 0;
  bool fill_white = false, stroke_white = false;
};

// The path under construction: each subpath's bounds (what a fill covers) and each segment's
// bounds (what a stroke covers: the inside of a stroked table cell stays free).
struct PathBounds {
  std::vector<Box> subpaths, segments;
  Point start, current;

  void MoveTo(Point p) {
    subpaths.push_back(Box{p.x, p.y, p.x, p.y});
    start = current = p;
  }
  void LineTo(std::initializer_list<Point> points) {
    if (subpaths.empty()) MoveTo(current);
    Box seg{current.x, current.y, current.x, current.y};
    for (Point p : points) {
      Extend(&seg, p);
      Extend(&subpaths.back(), p);
      current = p;
    }
    segments.push_back(seg);
  }
  void Close() {
    if (!subpaths.empty()) LineTo({start});
  }
  void Clear() {
    subpaths.clear();
    segments.clear();
  }
  static void Extend(Box* b, Point p) {
    b->x0 = std::min(b->x0, p.x);
    b->y0 = std::min(b->y0, p.y);
    b->x1 = std::max(b->x1, p.x);
    b->y1 = std::max(b->y1, p.y);
  }
};

class Scanner {
 public:
  Scanner(PdfVecObjects* objects, std::vector<Mark>* marks, const PdfObject* resources,
          int form_depth)
      : objects_(objects), marks_(marks), resources_(resources), form_depth_(form_depth) {}

  void Run(PdfContentsTokenizer* tokens, const Affine& ctm) {
    gs_.ctm = ctm;
    PoDoFo::EPdfContentsType type;
    const char* keyword = nullptr;
    PdfVariant operand;
    while (tokens->ReadNext(type, keyword, operand)) {
      if (type == PoDoFo::ePdfContentsType_Variant) {
        operands_.push_back(operand);
        continue;
      }
      if (type == PoDoFo::ePdfContentsType_ImageData) {
        AddBox(Box{0, 0, 1, 1}, gs_.ctm, MarkKind::kArea);  // an inline image: the unit square
      } else {
        Operator(keyword);
      }
      operands_.clear();
    }
  }

  int lowest_depth() const { return lowest_depth_; }
  int depth() const { return depth_; }
  bool in_text() const { return in_text_; }

 private:
  void Operator(std::string_view op) {
    if (StateOp(op) || PathOp(op) || PaintOp(op) || ColourOp(op) || TextStateOp(op) ||
        TextPositionOp(op) || TextShowOp(op))
      return;
    if (op == "Do" && operands_.size() == 1 && operands_[0].IsName())
      DoXObject(operands_[0].GetName());
  }

  double Num(size_t i) const { return i < operands_.size() ? NumberOf(operands_[i]) : 0; }
  Point UserPoint(size_t i) const { return gs_.ctm.Apply(Num(i), Num(i + 1)); }

  void AddBox(const Box& box, const Affine& to_user, MarkKind kind) {
    marks_->push_back(Mark{to_user.Bounds(box), kind});
  }
  void AddBoxes(const std::vector<Box>& boxes, MarkKind kind) {
    for (const Box& b : boxes) marks_->push_back(Mark{b, kind});
  }

  // A segment's box has no thickness along a straight rule; the pen gives it some. The pen's
  // width is scaled by the CTM like everything else (its mean scale, for a skewed CTM).
  void AddStrokes() {
    const Affine& m = gs_.ctm;
    double scale = std::sqrt(std::abs(m.a * m.d - m.b * m.c));
    double half = std::max(gs_.line_width * scale, kThinnestLine) / 2;
    for (const Box& b : path_.segments) marks_->push_back(Mark{b.Grown(half), MarkKind::kLine});
  }

  bool StateOp(std::string_view op) {
    if (op == "q") {
      saved_.push_back(gs_);
      ++depth_;
    } else if (op == "Q") {
      // Viewers ignore a Q without its q; so does this scan, apart from noting it.
      if (!saved_.empty()) {
        gs_ = saved_.back();
        saved_.pop_back();
      }
      lowest_depth_ = std::min(lowest_depth_, --depth_);
    } else if (op == "w" && operands_.size() == 1) {
      gs_.line_width = Num(0);
    } else if (op == "cm" && operands_.size() == 6) {
      gs_.ctm = Affine{Num(0), Num(1), Num(2), Num(3), Num(4), Num(5)}.Then(gs_.ctm);
    } else {
      return false;
    }
    return true;
  }

  bool PathOp(std::string_view op) {
    if (op == "m" && operands_.size() == 2) {
      path_.MoveTo(UserPoint(0));
    } else if (op == "l" && operands_.size() == 2) {
      path_.LineTo({UserPoint(0)});
    } else if (op == "c" && operands_.size() == 6) {
      path_.LineTo({UserPoint(0), UserPoint(2), UserPoint(4)});  // the hull holds the curve
    } else if ((op == "v" || op == "y") && operands_.size() == 4) {
      path_.LineTo({UserPoint(0), UserPoint(2)});
    } else if (op == "h") {
      path_.Close();
    } else if (op == "re" && operands_.size() == 4) {
      double x = Num(0), y = Num(1), w = Num(2), h = Num(3);
      path_.MoveTo(gs_.ctm.Apply(x, y));
      path_.LineTo({gs_.ctm.Apply(x + w, y)});
      path_.LineTo({gs_.ctm.Apply(x + w, y + h)});
      path_.LineTo({gs_.ctm.Apply(x, y + h)});
      path_.Close();
    } else {
      return false;
    }
    return true;
  }

  bool PaintOp(std::string_view op) {
    bool stroke = op == "S" || op == "s";
    bool fill = op == "f" || op == "F" || op == "f*";
    bool both = op == "B" || op == "B*" || op == "b" || op == "b*";
    if (!stroke && !fill && !both && op != "n") return false;
    if (op == "s" || op == "b" || op == "b*") path_.Close();
    // White paint (a page background, a blanked-out area) leaves the paper looking blank.
    if ((fill || both) && !gs_.fill_white) {
      AddBoxes(path_.subpaths, MarkKind::kArea);
    } else if ((stroke || both) && !gs_.stroke_white) {
      AddStrokes();
    }
    path_.Clear();
    return true;
  }

  bool ColourOp(std::string_view op) {
    bool fill = op == "g" || op == "rg" || op == "k" || op == "sc" || op == "scn" || op == "cs";
    bool stroke = op == "G" || op == "RG" || op == "K" || op == "SC" || op == "SCN" || op == "CS";
    if (!fill && !stroke) return false;
    bool white = false;
    if (op == "g" || op == "G") white = operands_.size() == 1 && Num(0) >= kWhite;
    if (op == "rg" || op == "RG")
      white = operands_.size() == 3 && Num(0) >= kWhite && Num(1) >= kWhite && Num(2) >= kWhite;
    if (op == "k" || op == "K")
      white = operands_.size() == 4 && Num(0) + Num(1) + Num(2) + Num(3) <= 1 - kWhite;
    // Colours in other spaces count as ink: a wrongly free place is worse than a missed one.
    (fill ? gs_.fill_white : gs_.stroke_white) = white;
    return true;
  }

  bool TextStateOp(std::string_view op) {
    if (op == "Tf" && operands_.size() == 2) {
      gs_.font = operands_[0].IsName() ? Font(operands_[0].GetName()) : nullptr;
      gs_.font_size = Num(1);
    } else if (op == "Tc" && operands_.size() == 1) {
      gs_.char_space = Num(0);
    } else if (op == "Tw" && operands_.size() == 1) {
      gs_.word_space = Num(0);
    } else if (op == "Tz" && operands_.size() == 1) {
      gs_.h_scale = Num(0) / 100;
    } else if (op == "TL" && operands_.size() == 1) {
      gs_.leading = Num(0);
    } else if (op == "Ts" && operands_.size() == 1) {
      gs_.rise = Num(0);
    } else if (op == "Tr" && operands_.size() == 1) {
      gs_.render_mode = static_cast<int>(Num(0));
    } else {
      return false;
    }
    return true;
  }

  bool TextPositionOp(std::string_view op) {
    if (op == "BT") {
      tm_ = tlm_ = Affine{};
      in_text_ = true;
    } else if (op == "ET") {
      in_text_ = false;
    } else if (op == "Td" && operands_.size() == 2) {
      NextLine(Num(0), Num(1));
    } else if (op == "TD" && operands_.size() == 2) {
      gs_.leading = -Num(1);
      NextLine(Num(0), Num(1));
    } else if (op == "Tm" && operands_.size() == 6) {
      tm_ = tlm_ = Affine{Num(0), Num(1), Num(2), Num(3), Num(4), Num(5)};
    } else if (op == "T*") {
      NextLine(0, -gs_.leading);
    } else {
      return false;
    }
    return true;
  }

  bool TextShowOp(std::string_view op) {
    if ((op == "Tj" || op == "TJ") && operands_.size() == 1) {
      ShowText(operands_[0]);
    } else if (op == "'" && operands_.size() == 1) {
      NextLine(0, -gs_.leading);
      ShowText(operands_[0]);
    } else if (op == "\"" && operands_.size() == 3) {
      gs_.word_space = Num(0);
      gs_.char_space = Num(1);
      NextLine(0, -gs_.leading);
      ShowText(operands_[2]);
    } else {
      return false;
    }
    return true;
  }

  void NextLine(double tx, double ty) {
    tlm_ = Affine::Translate(tx, ty).Then(tlm_);
    tm_ = tlm_;
  }

  // Advance in unscaled text space units of one string's glyphs.
  double Advance(const PoDoFo::PdfString& s) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(s.GetString());
    size_t length = static_cast<size_t>(s.GetLength());
    bool two_byte = gs_.font != nullptr && gs_.font->two_byte();
    size_t step = two_byte ? 2 : 1;
    double advance = 0;
    for (size_t i = 0; i + step <= length; i += step) {
      unsigned code = two_byte ? (bytes[i] << 8 | bytes[i + 1]) : bytes[i];
      double width = gs_.font != nullptr ? gs_.font->Width(code) : kUnknownWidth;
      advance += (width / 1000 * gs_.font_size + gs_.char_space +
                  (!two_byte && code == 32 ? gs_.word_space : 0)) *
                 gs_.h_scale;
    }
    return advance;
  }

  void ShowText(const PdfVariant& text) {
    double x = 0, left = 0, right = 0;
    if (text.IsArray()) {
      for (const PdfObject& item : text.GetArray()) {
        if (item.IsString() || item.IsHexString()) {
          x += Advance(item.GetString());
        } else {
          x -= NumberOf(item) / 1000 * gs_.font_size * gs_.h_scale;
        }
        left = std::min(left, x);
        right = std::max(right, x);
      }
    } else if (text.IsString() || text.IsHexString()) {
      x = right = Advance(text.GetString());
    }
    // Render modes 3 and 7 draw nothing: the hidden text layer of a scanned page.
    if (gs_.render_mode != 3 && gs_.render_mode != 7 && right > left) {
      double size = gs_.font_size;
      Box box{left, gs_.rise + kDescent * size, right, gs_.rise + kAscent * size};
      if (box.y0 > box.y1) std::swap(box.y0, box.y1);
      AddBox(box, tm_.Then(gs_.ctm), MarkKind::kText);
    }
    tm_ = Affine::Translate(x, 0).Then(tm_);
  }

  const FontWidths* Font(const PdfName& name) {
    const PdfObject* font =
        Key(objects_, Key(objects_, resources_, "Font"), name.GetName().c_str());
    if (font == nullptr) return nullptr;
    auto it = fonts_.find(font);
    if (it == fonts_.end())
      it = fonts_.emplace(font, std::make_unique<FontWidths>(objects_, font)).first;
    return it->second.get();
  }

  void DoXObject(const PdfName& name) {
    const PdfObject* xobject =
        Key(objects_, Key(objects_, resources_, "XObject"), name.GetName().c_str());
    const PdfObject* subtype = Key(objects_, xobject, "Subtype");
    if (subtype == nullptr || !subtype->IsName()) return;
    if (subtype->GetName() == PdfName("Image")) {
      AddBox(Box{0, 0, 1, 1}, gs_.ctm, MarkKind::kArea);
    } else if (subtype->GetName() == PdfName("Form")) {
      RunForm(xobject);
    }
  }

  void RunForm(const PdfObject* form) {
    if (form_depth_ >= kMaxFormDepth || !form->HasStream()) return;
    Affine matrix;
    const PdfObject* m = Key(objects_, form, "Matrix");
    if (m != nullptr && m->IsArray() && m->GetArray().size() == 6) {
      const PdfArray& a = m->GetArray();
      matrix =
          Affine{NumberAt(objects_, &a[0]), NumberAt(objects_, &a[1]), NumberAt(objects_, &a[2]),
                 NumberAt(objects_, &a[3]), NumberAt(objects_, &a[4]), NumberAt(objects_, &a[5])};
    }
    const PdfObject* resources = Key(objects_, form, "Resources");
    char* data = nullptr;
    PoDoFo::pdf_long length = 0;
    try {
      form->GetStream()->GetFilteredCopy(&data, &length);
      PdfContentsTokenizer tokens(data, length);
      Scanner inner(objects_, marks_, resources != nullptr ? resources : resources_,
                    form_depth_ + 1);
      inner.Run(&tokens, matrix.Then(gs_.ctm));
    } catch (const PoDoFo::PdfError&) {
      // A damaged form hides only its own marks; the rest of the page still counts.
    }
    PoDoFo::podofo_free(data);
  }

  PdfVecObjects* objects_;
  std::vector<Mark>* marks_;
  const PdfObject* resources_;
  int form_depth_;
  std::vector<PdfVariant> operands_;
  GraphicsState gs_;
  std::vector<GraphicsState> saved_;
  Affine tm_, tlm_;
  PathBounds path_;
  bool in_text_ = false;
  int depth_ = 0, lowest_depth_ = 0;
  std::map<const PdfObject*, std::unique_ptr<FontWidths>> fonts_;
};

}  // namespace

const PdfObject* Resolve(PdfVecObjects* objects, const PdfObject* o) {
  if (o != nullptr && o->IsReference()) return objects->GetObject(o->GetReference());
  return o;
}

void ScanPageMarks(PoDoFo::PdfPage* page, PageMarks* out) {
  *out = PageMarks{};
  PdfVecObjects* objects = page->GetObject()->GetOwner();
  if (!page->GetObject()->GetDictionary().HasKey("Contents")) return;
  const PdfObject* resources = page->GetInheritedKey(PdfName("Resources"));
  Scanner scanner(objects, &out->marks, resources, 0);
  try {
    PdfContentsTokenizer tokens(page);
    scanner.Run(&tokens, Affine{});
  } catch (const PoDoFo::PdfError&) {
    out->complete = false;
  }
  out->lowest_depth = scanner.lowest_depth();
  out->final_depth = scanner.depth();
  out->open_text = scanner.in_text();
}

}  // namespace dangan::pdf
