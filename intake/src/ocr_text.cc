// OCR output made fit for search and display: Tesseract separates Chinese characters with
// spaces as if they were words, and leaves runs of blank lines between blocks.
#include "intake_internal.h"

namespace dangan::intake {
namespace {

std::vector<char32_t> Decode(const std::string& s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = s[i];
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Han characters and the punctuation set between them: Chinese text has no spaces, so any
// space Tesseract puts between two of these is an artefact of its word model.
bool IsCjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3000 && c <= 0x30FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x2FFFF) ||
         (c >= 0x2018 && c <= 0x201D) || c == 0x2014 || c == 0x2026;
}

// Full-width punctuation carries its own spacing: a space beside it is never wanted.
bool IsWidePunctuation(char32_t c) {
  return (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF0F) ||
         (c >= 0xFF1A && c <= 0xFF20) || (c >= 0xFF3B && c <= 0xFF40) ||
         (c >= 0xFF5B && c <= 0xFF65);
}

// Whether a space between these two characters means something.
bool SpaceWanted(char32_t left, char32_t right) {
  return !(IsCjk(left) && IsCjk(right)) && !IsWidePunctuation(left) && !IsWidePunctuation(right);
}

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }

// One line: runs of spaces become one space, or none between Chinese characters or beside
// full-width punctuation; no spaces at either end.
std::string CleanLine(const std::vector<char32_t>& line) {
  std::string out;
  char32_t before = 0;  // last character written
  for (size_t i = 0; i < line.size();) {
    if (!IsSpace(line[i])) {
      Append(line[i], &out);
      before = line[i++];
      continue;
    }
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (before == 0 || i == line.size()) continue;  // leading or trailing
    if (SpaceWanted(before, line[i])) out.push_back(' ');
  }
  return out;
}

}  // namespace

std::string CleanOcrText(const std::string& raw) {
  const std::vector<char32_t> cps = Decode(raw);
  std::string out;
  int blank_lines = 0;
  for (size_t start = 0; start <= cps.size();) {
    size_t end = start;
    while (end < cps.size() && cps[end] != '\n') ++end;
    const std::string line =
        CleanLine(std::vector<char32_t>(cps.begin() + start, cps.begin() + end));
    if (line.empty()) {
      ++blank_lines;
    } else {
      // Paragraphs stay apart by one blank line, however many Tesseract left.
      if (!out.empty()) out += blank_lines > 0 ? "\n\n" : "\n";
      out += line;
      blank_lines = 0;
    }
    start = end + 1;
  }
  return out;
}

std::string JoinPieces(const std::string& left, const std::string& right) {
  if (left.empty() || right.empty()) return left + right;
  size_t last = left.size() - 1;  // start of the last character
  while (last > 0 && (static_cast<unsigned char>(left[last]) & 0xC0) == 0x80) --last;
  const char32_t before = Decode(left.substr(last)).front();
  const char32_t after = Decode(right.substr(0, 4)).front();
  return SpaceWanted(before, after) ? left + " " + right : left + right;
}

}  // namespace dangan::intake
