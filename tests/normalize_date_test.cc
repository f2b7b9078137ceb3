// NormalizeDate: every way clerks and old catalogues write a date, as ISO text.
#include <catch2/catch.hpp>

#include "dangan/records/text.h"

using dangan::NormalizeDate;

TEST_CASE("dates in digits with any separator become ISO dates", "[date]") {
  CHECK(NormalizeDate("2024-03-05") == "2024-03-05");
  CHECK(NormalizeDate("2024.3.5") == "2024-03-05");
  CHECK(NormalizeDate("2024/3/5") == "2024-03-05");
  CHECK(NormalizeDate("2024年3月5日") == "2024-03-05");
  CHECK(NormalizeDate("２０２４年３月５日") == "2024-03-05");
}

TEST_CASE("dates in Chinese numerals: the year digit by digit, month and day by 十", "[date]") {
  CHECK(NormalizeDate("二〇二四年三月五日") == "2024-03-05");
  CHECK(NormalizeDate("二零二四年三月五日") == "2024-03-05");
  CHECK(NormalizeDate("二○一五年十二月二十五日") == "2015-12-25");
  CHECK(NormalizeDate("二〇一五年十月十日") == "2015-10-10");
  CHECK(NormalizeDate("二〇一五年十一月廿五日") == "2015-11-25");
  CHECK(NormalizeDate("二〇一五年一月卅一日") == "2015-01-31");
  CHECK(NormalizeDate("二〇一五年三月三十日") == "2015-03-30");
  CHECK(NormalizeDate("二〇一六年二月二十九日") == "2016-02-29");
}

TEST_CASE("dates that do not exist or are not dates give nothing", "[date]") {
  CHECK(NormalizeDate("2024-02-30") == "");
  CHECK(NormalizeDate("二〇一五年二月二十九日") == "");
  CHECK(NormalizeDate("二〇一五年十三月一日") == "");
  CHECK(NormalizeDate("三月五日") == "");
  CHECK(NormalizeDate("一般") == "");
  CHECK(NormalizeDate("") == "");
}
