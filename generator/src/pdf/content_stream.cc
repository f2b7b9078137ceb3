#include "pdf/content_stream.h"

#include <cmath>

namespace dangan::pdf {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void AppendUnsigned(std::string* out, unsigned long v) {
  char digits[24];
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) out->push_back(digits[--n]);
}

}  // namespace

// Two decimals are finer than any printer; formatting by hand avoids printf, which is slow and
// follows LC_NUMERIC (a decimal comma would corrupt the stream).
void ContentStream::Num(double v) {
  long hundredths = std::lround(v * 100);
  if (hundredths < 0) {
    out_ += '-';
    hundredths = -hundredths;
  }
  AppendUnsigned(&out_, static_cast<unsigned long>(hundredths / 100));
  int fraction = static_cast<int>(hundredths % 100);
  if (fraction != 0) {
    out_ += '.';
    out_ += static_cast<char>('0' + fraction / 10);
    if (fraction % 10 != 0) out_ += static_cast<char>('0' + fraction % 10);
  }
  out_ += ' ';
}

void ContentStream::Rect(double x, double top, double width, double height) {
  Num(x);
  Num(page_height_ - top - height);
  Num(width);
  Num(height);
  Op("re");
}

void ContentStream::BeginText() {
  Op("BT");
  current_font_ = -1;  // Tf does not survive ET
}

void ContentStream::ShowLine(const TextBlock& text, const TextLine& line, double x, double baseline,
                             double size) {
  if (line.begin == line.end) return;
  out_ += "1 0 0 1 ";
  Num(x);
  Num(page_height_ - baseline);
  Op("Tm");
  const Glyph* glyphs = text.glyphs.data();
  uint32_t run = line.begin;
  for (uint32_t i = line.begin + 1; i <= line.end; ++i) {
    if (i == line.end || glyphs[i].font != glyphs[run].font) {
      if (glyphs[run].font != current_font_ || size != current_size_) {
        current_font_ = glyphs[run].font;
        current_size_ = size;
        out_ += "/F";
        AppendUnsigned(&out_, static_cast<unsigned long>(current_font_));
        out_ += ' ';
        Num(size);
        Op("Tf");
      }
      ShowRun(glyphs + run, i - run);
      run = i;
    }
  }
}

// Glyphs advance by the /W widths, which are the widths layout measured with, so one Tj per font
// run lands every glyph where layout put it.
void ContentStream::ShowRun(const Glyph* glyph, size_t count) {
  fonts_used_ |= 1u << glyph->font;
  out_ += '<';
  for (size_t i = 0; i < count; ++i) {
    uint16_t cid = fonts_->Cid(glyph[i]);
    out_ += kHex[cid >> 12];
    out_ += kHex[(cid >> 8) & 0xf];
    out_ += kHex[(cid >> 4) & 0xf];
    out_ += kHex[cid & 0xf];
  }
  Op("> Tj");
}

}  // namespace dangan::pdf
