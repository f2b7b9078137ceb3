// The text base every part shares: folding for comparison, UTF-8 checks, dates and money.
// The search tokenizer keeps its own per-character fold table (search/src/fold*.cc), built at
// build time from the same ICU data, because it must map offsets character by character.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dangan/base/problem.h"

namespace dangan {

// --- folding: never for display --------------------------------------------------------------

// NFKC (full-width letters, digits and punctuation to ASCII; the ideographic space to a space),
// then trimmed. For codes and numbers, not for titles (NFKC also changes ①, ㈠ …).
std::string FoldNfkcTrim(std::string_view text);

// FoldNfkcTrim, then the traditional forms that occur in codes and amounts to simplified,
// spaces dropped and ASCII letters upper-case: the form codes (期限, 密级, 大写金额) compare in.
std::string FoldCode(std::string_view text);

// For comparing values a clerk typed with a template's: NFKC, then traditional to simplified
// Chinese through ICU's transliterator (whole words: 甚麼 → 什么), trimmed. "領用" and "领用",
// "２０２４" and "2024" fold alike. Case is kept.
std::string FoldForCompare(std::string_view text);

// --- UTF-8 -----------------------------------------------------------------------------------

// Number of Unicode code points in UTF-8 text.
size_t CodePointCount(std::string_view utf8);

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// --- text where it enters ------------------------------------------------------------------

// Whether a field may hold line breaks: a 题名, a name or a 档号 is one line (a line break in a
// user name would forge lines in `audit show`); 备注 and multi-line form fields are not.
enum class TextLines { kOne, kMany };

// Why `text` may not be stored, in Chinese without the field ("含有无效的 UTF-8 字节（第 4
// 个字节）", "含有控制字符 U+001B（第 2 个字）", "不能换行"); "" when it may. Refused: invalid
// UTF-8, C0 and C1 control characters and DEL (tab is allowed), and in one-line text also line
// breaks (\n, \r, U+2028, U+2029). In many-line text \n and \r\n are allowed, a lone \r is not.
std::string TextFault(std::string_view text, TextLines lines);

// The one rule for every value a user gives (command line, web form, template data): TextFault
// as a Problem with code invalid_text naming `field`; its code is empty when the text is fine.
Problem CheckText(const std::string& field, std::string_view text, TextLines lines);

// A value typed over several lines of a spreadsheet cell (Alt+Enter in a long 题名) as the one
// line it is: each line break, with the spaces around it, is removed between two Chinese
// characters (关于印章⏎管理 → 关于印章管理) and becomes one space elsewhere (English⏎title →
// English title). Other characters are kept as they are (TextFault still judges them).
std::string JoinLines(std::string_view text);

// `text` safe to print on one line of a terminal, whatever is stored (an archive filed before
// the text rule): invalid UTF-8, control characters and line breaks each become U+FFFD, so a
// stored value can neither forge a line of `audit show` nor send escape sequences.
std::string ForOneLine(std::string_view text);

// `text` without leading and trailing spaces, tabs and line breaks.
std::string Trim(std::string_view text);
std::string_view TrimView(std::string_view text);

// Shortest text that reads back as the same double ("12", "0.5", "1234.56").
std::string NumberText(double number);

// --- dates and times -------------------------------------------------------------------------

struct CivilDate {
  int year = 0, month = 0, day = 0;
};

// The years a record's date or 年度 may have: one rule for --date, --year and every import.
inline constexpr int kFirstRecordYear = 1900;
inline constexpr int kLastRecordYear = 2200;
inline bool IsRecordYear(int64_t year) {
  return year >= kFirstRecordYear && year <= kLastRecordYear;
}

enum class DateParse {
  kOk,
  kNotADate,   // not of a date's shape
  kNoSuchDate  // a date's shape, but no such day (2024-02-30) or a year outside 1900–2200
};

// A date as clerks write it: 2024-03-05, 2024/3/5, 2024.3.5, 2024 3 5, 2024年3月5日, full-width
// digits. `text` is trimmed; folded (FoldForCompare) only when it does not parse as it stands.
DateParse ParseCivilDate(std::string_view text, CivilDate* out);

// A time of day: 8:30, 08:30, 8:30:15, 8时30分, 8点30分. Seconds are checked, then dropped.
// False when it is not a time.
enum class TimeParse { kOk, kNotATime, kNoSuchTime };
TimeParse ParseClockTime(std::string_view text, int* hour, int* minute);

// ParseCivilDate, also with dates in Chinese numerals (二〇一五年三月十八日, 廿五日), as ISO text
// "2024-03-05"; "" when it is not a valid date.
std::string NormalizeDate(const std::string& text);

// Days from 1899-12-30 (day 0 of Excel's 1900 system from March 1900 on) to y-m-d, proleptic
// Gregorian calendar; and the inverse.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
void CivilFromDays(int64_t days_from_1899_12_30, int64_t* y, unsigned* m, unsigned* d);
// Day `day` of Excel's 1900 system as ISO text, appended, as Excel shows it: before March 1900
// it counts from 1899-12-31, day 60 is Lotus 1-2-3's 1900-02-29 and day 0 is "1900-01-00".
void AppendExcelDate(int64_t day, std::string* out);

// --- money -----------------------------------------------------------------------------------

// The amounts dangan prints, computes and files: at most 9,999,999,999,999.99 yuan either way
// (the 大写 reaches 玖万玖仟玖佰玖拾玖亿…; in fen, still exact in a double). Any amount
// outside, NaN or infinity, is refused where it is read or computed.
inline constexpr double kMaxMoney = 9'999'999'999'999.99;
inline bool IsMoneyInRange(double amount) {
  return amount >= -kMaxMoney && amount <= kMaxMoney;  // false for NaN
}
// The rule as a clerk reads it, for messages: "金额超出范围（绝对值不超过 9,999,999,999,999.99
// 元）".
std::string MoneyRangeText();

// 1130 -> "1,130.00"; outside IsMoneyInRange "—" (never printed: the binder refuses it first)
std::string FormatMoney(double amount);
// 1130 -> "壹仟壹佰叁拾元整" (中国人民银行《支付结算办法》 rules for 大写金额); outside
// IsMoneyInRange "" (a wrong 大写 such as "捌分" for 1e17 is worse than none)
std::string MoneyInCapitals(double amount);
// Only the capitals: 壹仟贰佰叁拾肆元伍角 -> 123450 fen (also 人民币…, 貳佰圓整, lower-case
// numerals 一二三 with 十百千). "" on success, else the reason (Chinese, quoting `text`).
std::string ParseMoneyInCapitals(std::string_view text, int64_t* fen);
// True when `folded` (FoldCode) holds a capital digit or unit, so is meant as capitals.
bool IsMoneyInCapitals(std::string_view folded);

}  // namespace dangan
