// Finding a form's title by the pinyin a clerk types: full syllables, initials, any reading of a
// polyphonic character, a contiguous run of the title's characters.
#include "dangan/search/pinyin_match.h"

#include <catch2/catch.hpp>

using dangan::search::MatchesPinyin;

TEST_CASE("a title is found by the initials of a run of its characters", "[pinyin_match]") {
  CHECK(MatchesPinyin("用印登记表", "yydj"));
  CHECK(MatchesPinyin("用印登记表", "YYDJB"));
  CHECK(MatchesPinyin("用印登记表", "djb"));        // a run in the middle
  CHECK_FALSE(MatchesPinyin("用印登记表", "yyb"));  // not contiguous
  CHECK_FALSE(MatchesPinyin("办公用品申请单", "yydj"));
}

TEST_CASE("a title is found by full syllables, mixed with initials, and while still typing",
          "[pinyin_match]") {
  CHECK(MatchesPinyin("用印登记表", "yongyindengjibiao"));
  CHECK(MatchesPinyin("用印登记表", "yong yin"));
  CHECK(MatchesPinyin("用印登记表", "yongyindj"));
  CHECK(MatchesPinyin("办公用品申请单", "bangongyongp"));  // last syllable cut short
  CHECK(MatchesPinyin("办公用品申请单", "shenqing"));
  CHECK(MatchesPinyin("办公用品申请单", "sq"));
  CHECK_FALSE(MatchesPinyin("办公用品申请单", "shenqingbiao"));
}

TEST_CASE("any reading of a polyphonic character matches", "[pinyin_match]") {
  CHECK(MatchesPinyin("行政", "xingzheng"));
  CHECK(MatchesPinyin("行政", "hangzheng"));
  CHECK(MatchesPinyin("银行", "yh"));
  CHECK(MatchesPinyin("重要文件", "zhongyao"));
  CHECK(MatchesPinyin("重复", "chongfu"));
}

TEST_CASE("traditional characters of a title are found by the same pinyin", "[pinyin_match]") {
  CHECK(MatchesPinyin("用印登記表", "yydj"));
  CHECK(MatchesPinyin("會議簽到表", "hyqd"));
}

TEST_CASE("what is not pinyin matches nothing", "[pinyin_match]") {
  CHECK_FALSE(MatchesPinyin("用印登记表", ""));
  CHECK_FALSE(MatchesPinyin("用印登记表", "  "));
  CHECK_FALSE(MatchesPinyin("用印登记表", "O-09"));
  CHECK_FALSE(MatchesPinyin("用印登记表", "用印"));
  CHECK_FALSE(MatchesPinyin("", "yy"));
}
