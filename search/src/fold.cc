#include "fold.h"

#include <algorithm>

#include "fold_build.h"
#include "fold_table_data.h"

namespace dangan::search::internal {

FoldTable::FoldTable()
    : bmp_(kFoldBmp),
      pool_(kFoldPool),
      supp_(kFoldSupplementary),
      supp_count_(kFoldSupplementaryCount) {}

Folded FoldTable::FoldSupplementary(char32_t c) const {
  const auto* end = supp_ + supp_count_;
  const auto* it = std::lower_bound(supp_, end, static_cast<uint32_t>(c),
                                    [](const uint32_t(&e)[2], uint32_t v) { return e[0] < v; });
  if (it != end && (*it)[0] == c) {
    return Folded{&pool_[(*it)[1] + 1], static_cast<int>(pool_[(*it)[1]]), 0};
  }
  // Unchanged by folding: only its class is needed, from ICU's properties (a table of every
  // supplementary code point would be 4 MB for characters that hardly ever occur).
  return Folded{nullptr, 1, (static_cast<uint32_t>(ClassifyCodePoint(c)) << 24) | c};
}

const FoldTable& FoldTable::Get() {
  static const FoldTable table;
  return table;
}

}  // namespace dangan::search::internal
