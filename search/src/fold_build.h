// The fold table as ICU gives it on the build machine (search/src/fold_build.cc).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "fold.h"

namespace dangan::search::internal {

struct FoldTableData {
  std::vector<uint32_t> bmp;   // 0x10000 entries: a Packed, or kFoldExpanded | offset in pool
  std::vector<uint32_t> pool;  // at an offset: count, then that many Packed
  std::vector<std::pair<uint32_t, uint32_t>> supp;  // code point → offset in pool, sorted
};

// NFKC_Casefold, then traditional → simplified (ICU's Traditional-Simplified, one-to-one results
// only, plus the catalogues' 帳/帐 → 账), for every code point whose fold is not itself.
FoldTableData BuildFoldTable();

// The class of one (folded) code point, by ICU's character properties.
CharClass ClassifyCodePoint(char32_t c);

}  // namespace dangan::search::internal
