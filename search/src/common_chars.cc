#include "common_chars.h"

#include <algorithm>
#include <cstdint>

#include "pinyin_table.h"

namespace dangan::search::internal {

bool IsCommonChar(char32_t c) {
  return std::binary_search(kCommonChars, kCommonChars + kCommonCharCount,
                            static_cast<uint32_t>(c));
}

}  // namespace dangan::search::internal
