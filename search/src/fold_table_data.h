// The fold table, generated at build time by search/tools/make_fold_table.cc into
// fold_table_data.cc (see fold_build.h for its layout). Read it through FoldTable (fold.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace dangan::search::internal {

extern const uint32_t kFoldBmp[0x10000];
extern const uint32_t kFoldPool[];
extern const size_t kFoldPoolSize;
extern const uint32_t kFoldSupplementary[][2];
extern const size_t kFoldSupplementaryCount;

}  // namespace dangan::search::internal
