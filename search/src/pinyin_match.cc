#include "dangan/search/pinyin_match.h"

#include <string>
#include <vector>

#include "pinyin.h"

namespace dangan::search {
namespace {

// Splits of one typed string worth trying: enough for every reading of a short title.
constexpr size_t kMaxSplits = 32;

// The code points of UTF-8 `text`; a malformed byte stands for itself (it has no reading).
std::vector<char32_t> CodePoints(std::string_view text) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < text.size();) {
    const unsigned char b = static_cast<unsigned char>(text[i]);
    size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    if (i + len > text.size()) len = 1;
    char32_t c = len == 1 ? b : (b & (0x7F >> len));
    for (size_t k = 1; k < len; ++k)
      c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(c);
    i += len;
  }
  return out;
}

bool PieceFits(const std::vector<std::string_view>& readings, const std::string& piece, bool last) {
  for (std::string_view r : readings) {
    if (r == piece) return true;
    if (last && r.size() > piece.size() && r.compare(0, piece.size(), piece) == 0) return true;
    for (std::string_view initial : internal::InitialsOf(r)) {
      if (initial == piece) return true;
    }
  }
  return false;
}

}  // namespace

bool MatchesPinyin(std::string_view text, std::string_view typed) {
  std::string letters;
  for (char ch : typed) {
    if (ch >= 'A' && ch <= 'Z') {
      letters += static_cast<char>(ch - 'A' + 'a');
    } else if (ch >= 'a' && ch <= 'z') {
      letters += ch;
    } else if (ch != ' ' && ch != '\'') {
      return false;
    }
  }
  if (letters.empty()) return false;
  const std::vector<char32_t> chars = CodePoints(text);
  std::vector<std::vector<std::string_view>> readings(chars.size());
  for (size_t i = 0; i < chars.size(); ++i) readings[i] = internal::PinyinOf(chars[i]);
  std::vector<std::vector<std::string>> splits = internal::SplitPinyin(letters, kMaxSplits);
  // A syllable cut short at the end ("dengj" splits, "yongyind" may not): try the typed text
  // without its last letters as full pieces plus a prefix of the next reading.
  for (size_t cut = 1; cut <= 5 && cut < letters.size(); ++cut) {
    const std::string head = letters.substr(0, letters.size() - cut);
    for (std::vector<std::string> pieces : internal::SplitPinyin(head, 4)) {
      pieces.push_back(letters.substr(letters.size() - cut));
      splits.push_back(std::move(pieces));
    }
  }
  if (letters.size() <= 6) splits.push_back({letters});  // one syllable being typed
  for (const std::vector<std::string>& pieces : splits) {
    if (pieces.size() > chars.size()) continue;
    for (size_t start = 0; start + pieces.size() <= chars.size(); ++start) {
      bool all = true;
      for (size_t k = 0; k < pieces.size() && all; ++k) {
        all = PieceFits(readings[start + k], pieces[k], k + 1 == pieces.size());
      }
      if (all) return true;
    }
  }
  return false;
}

}  // namespace dangan::search
