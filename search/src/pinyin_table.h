// The tables generated at build time from Debian's Unihan_Readings.txt by
// search/tools/make_pinyin_table.cc (see search/CMakeLists.txt). Read it through pinyin.h.
#pragma once

#include <cstddef>
#include <cstdint>

namespace dangan::search::internal {

struct PinyinEntry {
  uint32_t code;   // code point
  uint32_t first;  // index of its first reading in kPinyinReadings
  uint32_t count;  // number of readings
};

extern const char* const kPinyinSyllables[];  // sorted, toneless ("a", "ai", … "zuo")
extern const size_t kPinyinSyllableCount;
extern const PinyinEntry kPinyinEntries[];  // sorted by code point
extern const size_t kPinyinEntryCount;
extern const uint16_t kPinyinReadings[];  // indexes into kPinyinSyllables

// The commonest characters of modern Mandarin (Unihan kHanyuPinlu), sorted: see IsCommonChar.
extern const uint32_t kCommonChars[];
extern const size_t kCommonCharCount;

}  // namespace dangan::search::internal
