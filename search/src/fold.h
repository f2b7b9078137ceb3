// Per-character folding shared by the tokenizer and FoldText: NFKC_Casefold, then
// traditional → simplified, with the class of every resulting code point.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace dangan::search::internal {

enum class CharClass : uint8_t {
  kBreak = 0,  // punctuation, white space, symbols, invalid UTF-8
  kHan = 1,    // one token per character
  kWord = 2,   // letters and digits of any script, joined into words
  kMark = 3,   // combining marks: continue a word, otherwise ignored
};

// One folded code point with its class, packed as (class << 24) | code point.
using Packed = uint32_t;
inline char32_t CodePoint(Packed p) { return p & 0x1FFFFF; }
inline CharClass ClassOf(Packed p) { return static_cast<CharClass>(p >> 24); }

// Most characters fold to exactly one code point; a few (ligatures, ㈱, ½) to several, and
// default-ignorable ones (soft hyphen, zero-width space) to none.
struct Folded {
  const Packed* cps;  // null: the one code point is `single`
  int n;
  Packed single;
  const Packed* begin() const { return cps ? cps : &single; }
};

class FoldTable {
 public:
  // Built once per process on first use (under 0.1 s, mostly ICU's transliterator).
  static const FoldTable& Get();

  // `c` must be a valid code point (not a surrogate).
  Folded Fold(char32_t c) const {
    if (c < 0x10000) {
      uint32_t v = bmp_[c];
      if (v & kExpanded) {
        uint32_t off = v & ~kExpanded;
        return Folded{&pool_[off + 1], static_cast<int>(pool_[off]), 0};
      }
      return Folded{&bmp_[c], 1, 0};
    }
    return FoldSupplementary(c);
  }

 private:
  FoldTable();
  Folded FoldSupplementary(char32_t c) const;
  static CharClass Classify(char32_t c);

  static constexpr uint32_t kExpanded = 0x80000000u;
  uint32_t bmp_[0x10000];
  // For kExpanded entries: count, then the packed code points. Also holds the folds of
  // supplementary characters that change (index in supp_).
  std::vector<uint32_t> pool_;
  std::unordered_map<char32_t, uint32_t> supp_;  // code point → offset in pool_
};

}  // namespace dangan::search::internal
