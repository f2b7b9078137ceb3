#include "xlsx/text_metrics.h"

#include <cstddef>

namespace dangan::xlsx {
namespace {

// Decodes the code point at s[*i] and advances *i. Malformed input yields U+FFFD for one byte so
// that measuring never stalls; the text itself is written out untouched.
char32_t NextCodePoint(std::string_view s, size_t* i) {
  const unsigned char lead = static_cast<unsigned char>(s[*i]);
  if (lead < 0x80) {
    ++*i;
    return lead;
  }
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
  if (lead < 0xC0 || lead >= 0xF8 || *i + extra >= s.size()) {
    ++*i;
    return 0xFFFD;
  }
  char32_t cp = lead & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const unsigned char c = static_cast<unsigned char>(s[*i + k]);
    if ((c & 0xC0) != 0x80) {
      ++*i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  *i += 1 + extra;
  return cp;
}

bool IsWordByte(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u < 0x80 && u > ' ';
}

}  // namespace

int CharWidth(char32_t cp) {
  if (cp < 0x1100) {
    // Latin-1 signs that Chinese fonts draw full width.
    return (cp == 0xA7 || cp == 0xB0 || cp == 0xB1 || cp == 0xD7 || cp == 0xF7) ? 2 : 1;
  }
  if (cp <= 0x115F) return 2;                  // Hangul Jamo
  if (cp >= 0x2010 && cp <= 0x2BFF) return 2;  // quotes, dashes, ……, ℃, №, ①, arrows, ■, ★
  if (cp >= 0x2E80 && cp <= 0xA4CF) return 2;    // CJK radicals, punctuation, kana, hanzi, Yi
  if (cp >= 0xAC00 && cp <= 0xD7A3) return 2;    // Hangul syllables
  if (cp >= 0xF900 && cp <= 0xFAFF) return 2;    // CJK compatibility ideographs
  if (cp >= 0xFE30 && cp <= 0xFE4F) return 2;    // CJK compatibility forms
  if (cp >= 0xFF00 && cp <= 0xFF60) return 2;    // full-width forms
  if (cp >= 0xFFE0 && cp <= 0xFFE6) return 2;    // full-width signs ￥
  if (cp >= 0x1F300 && cp <= 0x1FAFF) return 2;  // emoji
  if (cp >= 0x20000 && cp <= 0x3FFFD) return 2;  // CJK extensions B and later
  return 1;
}

int DisplayWidth(std::string_view text) {
  int width = 0;
  size_t i = 0;
  while (i < text.size()) width += CharWidth(NextCodePoint(text, &i));
  return width;
}

int WrappedLines(std::string_view text, int capacity) {
  if (capacity < 2) capacity = 2;  // one hanzi always fits on a line
  // No character is wider than its UTF-8 bytes, so a short text without a break is one line: most
  // cells of a register are, and need not be measured character by character.
  if (text.size() <= static_cast<size_t>(capacity) && text.find('\n') == std::string_view::npos) {
    return 1;
  }
  int lines = 1;
  int used = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '\n') {
      ++lines;
      used = 0;
      ++i;
      continue;
    }
    int width = 0;
    if (IsWordByte(text[i])) {
      const size_t start = i;
      while (i < text.size() && IsWordByte(text[i])) ++i;
      width = static_cast<int>(i - start);
    } else {
      const char32_t cp = NextCodePoint(text, &i);
      if (cp == '\r') continue;
      width = CharWidth(cp);
      // A space that does not fit is swallowed by the line break.
      if (cp == ' ' && used + width > capacity) continue;
    }
    if (used > 0 && used + width > capacity) {
      ++lines;
      used = 0;
    }
    if (width > capacity) {  // a word longer than a line is broken inside
      lines += (width - 1) / capacity;
      width -= ((width - 1) / capacity) * capacity;
    }
    used += width;
  }
  return lines;
}

}  // namespace dangan::xlsx
