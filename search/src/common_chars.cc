#include "common_chars.h"

#include <bitset>
#include <cstdint>

#include "pinyin_table.h"

namespace dangan::search::internal {

namespace {

// Every common character is in the Basic Multilingual Plane; a bit per BMP code point (8 KB)
// answers in one load what a binary search of the list answered in nine, and the tokenizer asks
// for every Han character it indexes.
using BmpSet = std::bitset<0x10000>;

const BmpSet& CommonSet() {
  static const BmpSet set = [] {
    BmpSet s;
    for (size_t k = 0; k < kCommonCharCount; ++k) {
      if (kCommonChars[k] < 0x10000) s.set(kCommonChars[k]);
    }
    return s;
  }();
  return set;
}

}  // namespace

bool IsCommonChar(char32_t c) { return c < 0x10000 && CommonSet().test(c); }

}  // namespace dangan::search::internal
