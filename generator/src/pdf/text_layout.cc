#include "pdf/text_layout.h"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cmath>

namespace dangan::pdf {
namespace {

bool IsSpace(char32_t cp) { return cp == U' ' || cp == 0x3000; }

bool IsIgnoredControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7f && cp < 0xa0); }

bool IsLineSeparator(char32_t cp) { return cp == U'\n' || cp == 0x2028 || cp == 0x2029; }

// Characters that must not begin a line (，。）！ and the like), by their Unicode line break class.
bool CannotStartLine(char32_t cp) {
  switch (u_getIntPropertyValue(static_cast<UChar32>(cp), UCHAR_LINE_BREAK)) {
    case U_LB_CLOSE_PUNCTUATION:
    case U_LB_CLOSE_PARENTHESIS:
    case U_LB_EXCLAMATION:
    case U_LB_INFIX_NUMERIC:
    case U_LB_NONSTARTER:
      return true;
    default:
      return false;
  }
}

uint32_t TrimmedWidth(const std::vector<Glyph>& glyphs, uint32_t begin, uint32_t end) {
  while (end > begin && IsSpace(glyphs[end - 1].cp)) --end;
  uint32_t width = 0;
  for (uint32_t i = begin; i < end; ++i) width += glyphs[i].advance;
  return width;
}

// Greedy filling of one paragraph from break opportunities, in glyph indexes.
class LineFiller {
 public:
  LineFiller(TextBlock* block, uint32_t max_width) : block_(block), max_(max_width) {}

  void AddSegment(uint32_t begin, uint32_t end) {
    const auto& g = block_->glyphs;
    uint32_t trimmed = TrimmedWidth(g, begin, end);
    if (has_line_ && width_ + trimmed <= max_) {
      Extend(begin, end);
      return;
    }
    if (has_line_) Emit();
    if (trimmed <= max_) {
      Start(begin);
      Extend(begin, end);
      return;
    }
    ForceBreak(begin, end);
  }

  void Finish() {
    if (has_line_) Emit();
  }

 private:
  void Start(uint32_t begin) {
    has_line_ = true;
    begin_ = end_ = begin;
    width_ = 0;
  }
  void Extend(uint32_t begin, uint32_t end) {
    for (uint32_t i = begin; i < end; ++i) width_ += block_->glyphs[i].advance;
    end_ = end;
  }
  void Emit() {
    block_->lines.push_back(TextLine{begin_, end_, TrimmedWidth(block_->glyphs, begin_, end_)});
    has_line_ = false;
  }
  // Breaks between characters; each line takes at least one so that the loop always advances.
  // A closing mark that would start the next line takes the character before it along.
  void ForceBreak(uint32_t begin, uint32_t end) {
    const auto& g = block_->glyphs;
    uint32_t i = begin;
    while (i < end) {
      Start(i);
      uint32_t width = 0;
      while (i < end && (i == begin_ || width + g[i].advance <= max_ || IsSpace(g[i].cp)))
        width += g[i++].advance;
      while (i < end && i - 1 > begin_ && CannotStartLine(g[i].cp)) width -= g[--i].advance;
      end_ = i;
      width_ = width;
      if (i < end) Emit();
    }
  }

  TextBlock* block_;
  uint32_t max_;
  bool has_line_ = false;
  uint32_t begin_ = 0, end_ = 0,
           width_ = 0;  // width_ includes trailing spaces, as later text follows them
};

}  // namespace

// A short bracketed note, （签字） or 〔2024〕, reads as one word: the segments inside it are
// joined, so no line breaks within it.
void TextLayouter::KeepShortBracketsWhole(const std::vector<Glyph>& glyphs) {
  constexpr uint32_t kShortBracket = 6;  // glyphs from the opening to the closing bracket
  std::vector<std::pair<uint32_t, uint32_t>> joined;
  for (size_t k = 0; k < segments_.size(); ++k) {
    auto [first, last] = segments_[k];
    uint32_t open = last;
    for (uint32_t i = first; i < last; ++i) {
      if (u_getIntPropertyValue(static_cast<UChar32>(glyphs[i].cp), UCHAR_LINE_BREAK) ==
          U_LB_OPEN_PUNCTUATION) {
        open = i;
        break;
      }
    }
    size_t end = k;
    if (open < last) {
      for (size_t j = k; j < segments_.size() && segments_[j].second - open <= kShortBracket; ++j) {
        bool closes = false;
        for (uint32_t i = std::max(segments_[j].first, open + 1); i < segments_[j].second; ++i) {
          int lb = u_getIntPropertyValue(static_cast<UChar32>(glyphs[i].cp), UCHAR_LINE_BREAK);
          closes = closes || lb == U_LB_CLOSE_PUNCTUATION || lb == U_LB_CLOSE_PARENTHESIS;
        }
        if (closes) {
          end = j;
          break;
        }
      }
    }
    joined.emplace_back(first, segments_[end].second);
    k = end;
  }
  segments_.swap(joined);
}

Status TextLayouter::Create(const FontChain* fonts, std::unique_ptr<TextLayouter>* out) {
  std::unique_ptr<TextLayouter> layouter(new TextLayouter(fonts));
  UErrorCode err = U_ZERO_ERROR;
  layouter->breaker_.reset(icu::BreakIterator::createLineInstance(icu::Locale("zh"), err));
  if (U_FAILURE(err) || !layouter->breaker_) {
    return Status::Unsupported(std::string("无法创建 ICU 断行器：") + u_errorName(err));
  }
  *out = std::move(layouter);
  return Status::Ok();
}

void TextLayouter::Shape(std::string_view utf8, TextBlock* out, std::vector<char32_t>* missing) {
  out->glyphs.clear();
  out->lines.clear();
  paragraph_ends_.clear();
  const auto* s = reinterpret_cast<const uint8_t*>(utf8.data());
  int32_t length = static_cast<int32_t>(utf8.size());
  for (int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(s, i, length, c);
    char32_t cp = c < 0 ? 0xfffd : static_cast<char32_t>(c);
    if (IsLineSeparator(cp)) {
      paragraph_ends_.push_back(static_cast<uint32_t>(out->glyphs.size()));
      continue;
    }
    if (IsIgnoredControl(cp)) continue;
    GlyphChoice choice;
    const uint16_t preferred_gid =
        preferred_ >= 0 ? fonts_->font(static_cast<size_t>(preferred_)).GlyphFor(cp) : 0;
    if (preferred_gid != 0) {
      choice = GlyphChoice{static_cast<uint8_t>(preferred_), preferred_gid};
    } else if (!fonts_->Find(cp, &choice)) {
      // Invisible format characters (zero-width space, variation selectors) are not printed text;
      // everything else must be reported, never dropped.
      if (!u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) &&
          missing) {
        missing->push_back(cp);
      }
      continue;
    }
    out->glyphs.push_back(
        Glyph{cp, choice.gid, fonts_->font(choice.font).Advance1000(choice.gid), choice.font});
  }
  // A trailing newline ends the last line rather than adding an empty one.
  if (paragraph_ends_.empty() || paragraph_ends_.back() != out->glyphs.size()) {
    paragraph_ends_.push_back(static_cast<uint32_t>(out->glyphs.size()));
  }
}

void TextLayouter::Layout(std::string_view utf8, double size_pt, double max_width_pt,
                          TextBlock* out, std::vector<char32_t>* missing) {
  Shape(utf8, out, missing);
  if (out->glyphs.empty() && paragraph_ends_.size() <= 1) return;
  double units = std::floor(std::max(0.0, max_width_pt) * 1000.0 / size_pt + 1e-6);
  uint32_t max_width = static_cast<uint32_t>(std::min(units, 4e9));
  uint32_t begin = 0;
  for (uint32_t end : paragraph_ends_) {
    BreakParagraph(out, begin, end, max_width);
    begin = end;
  }
}

void TextLayouter::BreakParagraph(TextBlock* block, uint32_t begin, uint32_t end,
                                  uint32_t max_width) {
  uint32_t total = TrimmedWidth(block->glyphs, begin, end);
  if (total <= max_width) {
    // Most cells fit on one line; skipping ICU for them is most of the layout's speed.
    block->lines.push_back(TextLine{begin, end, total});
    return;
  }
  text16_.remove();
  offsets16_.clear();
  for (uint32_t i = begin; i < end; ++i) {
    offsets16_.push_back(text16_.length());
    text16_.append(static_cast<UChar32>(block->glyphs[i].cp));
  }
  offsets16_.push_back(text16_.length());
  breaker_->setText(text16_);

  segments_.clear();
  uint32_t glyph = 0, segment_start = 0, count = end - begin;
  breaker_->first();
  for (int32_t pos = breaker_->next(); pos != icu::BreakIterator::DONE; pos = breaker_->next()) {
    while (glyph < count && offsets16_[glyph] < pos) ++glyph;
    if (glyph > segment_start) segments_.emplace_back(begin + segment_start, begin + glyph);
    segment_start = glyph;
  }
  if (count > segment_start) segments_.emplace_back(begin + segment_start, end);
  KeepShortBracketsWhole(block->glyphs);

  const size_t first_line = block->lines.size();
  {
    LineFiller filler(block, max_width);
    for (const auto& [b, e] : segments_) filler.AddSegment(b, e);
    filler.Finish();
  }
  // A last line of one character ("报送社保中/心") reads as a mistake. The last two lines are
  // broken again, narrower, until a better break moves a piece down with it; the lines above
  // stay as they were. Where none exists (three characters in a column two wide) it stays.
  const size_t lines = block->lines.size() - first_line;
  const TextLine last = block->lines.back();
  if (lines < 2 || last.end - last.begin != 1) return;
  const TextLine before = block->lines[block->lines.size() - 2];
  size_t from = 0;
  while (from < segments_.size() && segments_[from].second <= before.begin) ++from;
  // Always a quarter of a character's width: the widest lines that work.
  const uint32_t step = std::max<uint32_t>(block->glyphs[last.begin].advance / 4, 1);
  for (uint32_t narrower = before.width; narrower > step;) {
    narrower -= step;
    block->lines.resize(block->lines.size() - 2);
    LineFiller filler(block, narrower);
    for (size_t k = from; k < segments_.size(); ++k)
      filler.AddSegment(std::max(segments_[k].first, before.begin), segments_[k].second);
    filler.Finish();
    const size_t now = block->lines.size() - first_line;
    if (now == lines && block->lines.back().end - block->lines.back().begin >= 2) return;
    block->lines.resize(first_line + lines - 2);
    block->lines.push_back(before);
    block->lines.push_back(last);
    if (now > lines) return;
  }
}

double TextLayouter::MeasurePoints(std::string_view utf8, double size_pt,
                                   std::vector<char32_t>* missing) {
  TextBlock block;
  Shape(utf8, &block, missing);
  return TextBlock::ToPoints(
      TrimmedWidth(block.glyphs, 0, static_cast<uint32_t>(block.glyphs.size())), size_pt);
}

}  // namespace dangan::pdf
