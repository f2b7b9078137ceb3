#include "pinyin.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "pinyin_table.h"

namespace dangan::search::internal {
namespace {

bool IsInitial(std::string_view s) {
  if (s == "zh" || s == "ch" || s == "sh") return true;
  // No syllable starts with i, u or v.
  return s.size() == 1 && s[0] >= 'a' && s[0] <= 'z' && s[0] != 'i' && s[0] != 'u' && s[0] != 'v';
}

bool IsPiece(std::string_view s) { return IsInitial(s) || IsPinyinSyllable(s); }

constexpr size_t kLongestSyllable = 6;  // zhuang, chuang, shuang

}  // namespace

std::vector<std::string_view> PinyinOf(char32_t c) {
  const PinyinEntry* begin = kPinyinEntries;
  const PinyinEntry* end = kPinyinEntries + kPinyinEntryCount;
  const PinyinEntry* it = std::lower_bound(
      begin, end, c, [](const PinyinEntry& e, char32_t code) { return e.code < code; });
  std::vector<std::string_view> out;
  if (it == end || it->code != c) return out;
  for (uint32_t k = 0; k < it->count; ++k) {
    out.emplace_back(kPinyinSyllables[kPinyinReadings[it->first + k]]);
  }
  return out;
}

std::vector<std::string_view> InitialsOf(std::string_view syllable) {
  std::vector<std::string_view> out;
  if (syllable.empty()) return out;
  out.push_back(syllable.substr(0, 1));
  if (syllable.size() > 2 && syllable[1] == 'h' &&
      (syllable[0] == 'z' || syllable[0] == 'c' || syllable[0] == 's')) {
    out.push_back(syllable.substr(0, 2));
  }
  return out;
}

bool IsPinyinSyllable(std::string_view s) {
  const char* const* begin = kPinyinSyllables;
  const char* const* end = kPinyinSyllables + kPinyinSyllableCount;
  const char* const* it = std::lower_bound(
      begin, end, s, [](const char* a, std::string_view b) { return std::string_view(a) < b; });
  return it != end && std::string_view(*it) == s;
}

std::vector<std::vector<std::string>> SplitPinyin(std::string_view typed, size_t max) {
  std::vector<std::vector<std::string>> out;
  const size_t n = typed.size();
  if (n == 0 || n > 64) return out;
  // fewest[i]: the fewest pieces typed[i..] splits into (n + 1 when it cannot).
  std::vector<size_t> fewest(n + 1, n + 1);
  fewest[n] = 0;
  for (size_t i = n; i-- > 0;) {
    for (size_t len = 1; len <= kLongestSyllable && i + len <= n; ++len) {
      if (IsPiece(typed.substr(i, len)) && fewest[i + len] + 1 < fewest[i]) {
        fewest[i] = fewest[i + len] + 1;
      }
    }
  }
  if (fewest[0] > n) return out;
  std::vector<std::string> pieces;
  // Depth-first, longer pieces first, within a budget of pieces.
  std::function<void(size_t, size_t)> walk = [&](size_t i, size_t budget) {
    if (out.size() >= max) return;
    if (i == n) {
      if (pieces.size() == budget) out.push_back(pieces);
      return;
    }
    for (size_t len = std::min(kLongestSyllable, n - i); len >= 1; --len) {
      const std::string_view piece = typed.substr(i, len);
      if (!IsPiece(piece) || pieces.size() + 1 + fewest[i + len] > budget) continue;
      pieces.emplace_back(piece);
      walk(i + len, budget);
      pieces.pop_back();
    }
  };
  walk(0, fewest[0]);
  walk(0, fewest[0] + 1);
  return out;
}

}  // namespace dangan::search::internal
