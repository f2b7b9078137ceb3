// Pinyin of Chinese characters, for finding names and titles by pinyin and initials
// (zhangsan, zs → 张三; yydj → 用印登记). Every reading of a polyphonic character counts
// (行: hang, heng, xing), from Unihan's kMandarin, kHanyuPinyin, kXHC1983 and kTGHZ2013.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dangan::search::internal {

// The toneless readings of `c` ("xing", "hang" …; ü as v and also u); empty if it has none.
std::vector<std::string_view> PinyinOf(char32_t c);

// The initials a reading may be typed as: its first letter, and zh/ch/sh as two letters too.
std::vector<std::string_view> InitialsOf(std::string_view syllable);

bool IsPinyinSyllable(std::string_view s);

// The ways `typed` (lower-case ASCII letters) splits into full syllables and initials, fewest
// pieces first: "zhangsan" → {zhang san}, …; "zs" → {z s}. At most `max` of them, and only
// those with at most one piece more than the fewest; empty when it does not split at all.
std::vector<std::vector<std::string>> SplitPinyin(std::string_view typed, size_t max);

}  // namespace dangan::search::internal
