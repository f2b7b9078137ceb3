// Finding a name by its pinyin as a clerk types it: 用印登记表 by "yydj", "yongyin" or
// "yongyindengjibiao", 行政 by "xz" or "hangzheng" alike (any reading of a polyphonic character).
#pragma once

#include <string_view>

namespace dangan::search {

// True when `typed` (letters, any case; spaces and apostrophes ignored) spells a contiguous run
// of the characters of `text`, each character by one of its readings in full or by its initial
// (zh, ch, sh as one or two letters). The last syllable may be cut short ("yongyind"), as it is
// while typing. False when `typed` holds anything but letters, spaces and apostrophes.
bool MatchesPinyin(std::string_view text, std::string_view typed);

}  // namespace dangan::search
