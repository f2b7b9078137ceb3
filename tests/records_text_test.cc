// The records text base: folding variants, UTF-8 checks, dates, civil-day arithmetic and money
// in capitals read back. (Date and money formatting have their own files: normalize_date_test.cc,
// money_test.cc.)
#include <catch2/catch.hpp>

#include "dangan/records/text.h"

using namespace dangan;

TEST_CASE("the folding variants each keep their own promise", "[records][text]") {
  // For comparison: full-width to ASCII, traditional to simplified, trimmed, case kept.
  CHECK(FoldForCompare("  領用　") == "领用");
  CHECK(FoldForCompare("２０２４") == "2024");
  CHECK(FoldForCompare("Abc") == "Abc");
  // NFKC and trim only: traditional stays.
  CHECK(FoldNfkcTrim("　ＢＧＳ－２０２４　") == "BGS-2024");
  CHECK(FoldNfkcTrim("檔案") == "檔案");
  // Codes: spaces dropped, upper-case, the traditional forms of codes simplified.
  CHECK(FoldCode(" d 30 ") == "D30");
  CHECK(FoldCode("長期") == "长期");
  CHECK(FoldCode("機密") == "机密");
}

TEST_CASE("UTF-8 checks and trimming", "[records][text]") {
  CHECK(IsValidUtf8("申请单 2024"));
  CHECK_FALSE(IsValidUtf8("\xE7\x94"));       // cut in the middle of 申
  CHECK_FALSE(IsValidUtf8("\xC0\xAF"));       // overlong "/"
  CHECK(CodePointCount("申请单abc") == 6);
  CHECK(CodePointCount("") == 0);
  CHECK(Trim(" \t申请\r\n") == "申请");
  CHECK(Trim(" \t ") == "");
  CHECK(TrimView("  x  ") == "x");
}

TEST_CASE("dates and times are parsed with their reasons", "[records][date]") {
  CivilDate d;
  CHECK(ParseCivilDate(" 2024年3月5日 ", &d) == DateParse::kOk);
  CHECK((d.year == 2024 && d.month == 3 && d.day == 5));
  CHECK(ParseCivilDate("２０２４．３．５", &d) == DateParse::kOk);
  CHECK(ParseCivilDate("2024-02-30", &d) == DateParse::kNoSuchDate);
  CHECK(ParseCivilDate("1899-12-31", &d) == DateParse::kNoSuchDate);
  CHECK(ParseCivilDate("三月五日", &d) == DateParse::kNotADate);
  CHECK(ParseCivilDate("", &d) == DateParse::kNotADate);
  int h = 0, m = 0;
  CHECK(ParseClockTime("8时30分", &h, &m) == TimeParse::kOk);
  CHECK((h == 8 && m == 30));
  CHECK(ParseClockTime("08:30:59", &h, &m) == TimeParse::kOk);
  CHECK(ParseClockTime("24:00", &h, &m) == TimeParse::kNoSuchTime);
  CHECK(ParseClockTime("八点", &h, &m) == TimeParse::kNotATime);
}

TEST_CASE("civil days count from Excel's day 0 and round-trip", "[records][date]") {
  CHECK(DaysFromCivil(1970, 1, 1) == 25569);
  CHECK(DaysFromCivil(1900, 3, 1) == 61);
  CHECK(DaysFromCivil(2024, 3, 5) == 45356);
  for (int64_t day : {61, 25569, 45356, 2958465}) {
    int64_t y;
    unsigned m, d;
    CivilFromDays(day, &y, &m, &d);
    CHECK(DaysFromCivil(y, m, d) == day);
  }
}

TEST_CASE("money in capitals reads back what MoneyInCapitals writes", "[records][money]") {
  for (double amount : {0.05, 0.5, 10.0, 300.01, 1130.0, 1409.5, 107000.53, 100007.0, 10001000.0}) {
    int64_t fen = -1;
    INFO(amount);
    CHECK(ParseMoneyInCapitals(MoneyInCapitals(amount), &fen) == "");
    CHECK(fen == static_cast<int64_t>(amount * 100 + 0.5));
  }
  int64_t fen = 0;
  CHECK(ParseMoneyInCapitals("人民币貳佰圓整", &fen) == "");
  CHECK(fen == 20000);
  CHECK(ParseMoneyInCapitals("壹贰元", &fen) != "");
  CHECK(IsMoneyInCapitals("壹仟元"));
  CHECK_FALSE(IsMoneyInCapitals("1234.5元"));
}
