// Per-character folding shared by the tokenizer and FoldText: NFKC_Casefold, then
// traditional → simplified, with the class of every resulting code point.
#pragma once

#include <cstddef>
#include <cstdint>

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

// A bmp entry with this bit set is an offset into the pool instead of one Packed.
inline constexpr uint32_t kFoldExpanded = 0x80000000u;

// The table is generated at build time from ICU (fold_build.h, search/tools/make_fold_table.cc)
// and compiled in: nothing is built when a process starts.
class FoldTable {
 public:
  static const FoldTable& Get();

  // `c` must be a valid code point (not a surrogate).
  Folded Fold(char32_t c) const {
    if (c < 0x10000) {
      uint32_t v = bmp_[c];
      if (v & kFoldExpanded) {
        uint32_t off = v & ~kFoldExpanded;
        return Folded{&pool_[off + 1], static_cast<int>(pool_[off]), 0};
      }
      return Folded{&bmp_[c], 1, 0};
    }
    return FoldSupplementary(c);
  }

 private:
  FoldTable();
  Folded FoldSupplementary(char32_t c) const;

  const uint32_t* bmp_;   // 0x10000 entries
  const uint32_t* pool_;  // for kFoldExpanded entries and supplementary folds: count, Packed…
  const uint32_t (*supp_)[2];  // sorted (code point, offset in pool_) of supplementary folds
  size_t supp_count_;
};

}  // namespace dangan::search::internal
