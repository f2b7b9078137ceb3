// Folding of header names and values for comparison: NFKC, case, traditional → simplified.
#include <string>

#include "dangan/search/tokenizer.h"
#include "import_internal.h"

namespace dangan::import {
namespace {

// Drops a trailing note in brackets: 页数(页) → 页数, 日期（年月日）→ 日期.
std::string WithoutTrailingNote(const std::string& s) {
  if (s.empty() || s.back() != ')') return s;
  size_t open = s.rfind('(');
  if (open == std::string::npos || open == 0) return s;
  return s.substr(0, open);
}

}  // namespace

// The search index's own folding (NFKC with case folding, traditional → simplified, table-driven),
// so that a header or value compares equal in every script and width, as a search would find it.
std::string FoldValue(const std::string& text) {
  std::string folded = search::FoldText(text);
  const char* kSpace = " \t\r\n";
  const size_t first = folded.find_first_not_of(kSpace);
  if (first == std::string::npos) return "";
  return folded.substr(first, folded.find_last_not_of(kSpace) - first + 1);
}

std::string FoldHeader(const std::string& text) {
  std::string folded = FoldValue(text);  // NFKC makes （）＊ ASCII
  std::string out;
  for (char c : folded) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '*') out += c;
  }
  // NFKC leaves the ideographic space alone in some ICU versions: drop it too.
  for (size_t pos = out.find("\u3000"); pos != std::string::npos; pos = out.find("\u3000")) {
    out.erase(pos, 3);
  }
  return WithoutTrailingNote(out);
}

}  // namespace dangan::import
