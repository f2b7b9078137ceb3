// Dates and times as clerks and old catalogues write them, and the civil-date arithmetic of
// spreadsheet serials.
#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "dangan/records/text.h"

namespace dangan {
namespace {

bool IsLeapYear(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

long DaysInMonth(long y, long m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// The runs of ASCII digits of folded text ("2024年3月5日" -> 2024, 3, 5) and whether every other
// character is one of the ASCII characters `ascii` or the (multi-byte) `words`. Parsing in place
// matters: every date and time of a 200,000-row register comes through here, twice.
struct DigitRuns {
  static constexpr size_t kKept = 3;
  long parts[kKept] = {};
  size_t count = 0;  // all runs, also those beyond kKept
  bool only_separators = true;
};

DigitRuns SplitDigitRuns(std::string_view s, std::string_view ascii,
                         std::initializer_list<std::string_view> words) {
  // strtol saturates; any value this large fails every range check just the same.
  constexpr long kCap = 1'000'000'000'000L;
  DigitRuns runs;
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') {
      long value = 0;
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i) {
        value = std::min(kCap, value * 10 + (s[i] - '0'));
      }
      if (runs.count < DigitRuns::kKept) runs.parts[runs.count] = value;
      ++runs.count;
      continue;
    }
    if (c < 0x80) {
      if (ascii.find(static_cast<char>(c)) == std::string_view::npos) {
        runs.only_separators = false;
      }
      ++i;
      continue;
    }
    const size_t len = std::min(s.size() - i, size_t{c >= 0xF0 ? 4u : c >= 0xE0 ? 3u : 2u});
    const std::string_view ch = s.substr(i, len);
    bool word = false;
    for (std::string_view w : words) word = word || ch == w;
    if (!word) runs.only_separators = false;
    i += len;
  }
  return runs;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

DateParse ParseDateAsIs(std::string_view s, CivilDate* out) {
  const DigitRuns runs = SplitDigitRuns(s, "-/. ", {"年", "月", "日"});
  if (runs.count != 3 || !runs.only_separators) return DateParse::kNotADate;
  const long y = runs.parts[0], m = runs.parts[1], d = runs.parts[2];
  if (!IsRecordYear(y) || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return DateParse::kNoSuchDate;
  }
  out->year = static_cast<int>(y);
  out->month = static_cast<int>(m);
  out->day = static_cast<int>(d);
  return DateParse::kOk;
}

TimeParse ParseTimeAsIs(std::string_view s, int* hour, int* minute) {
  const DigitRuns runs = SplitDigitRuns(s, ": ", {"时", "分", "点", "秒"});
  if (runs.count < 2 || runs.count > 3 || !runs.only_separators) return TimeParse::kNotATime;
  const long* parts = runs.parts;
  if (parts[0] > 23 || parts[1] > 59 || (runs.count == 3 && parts[2] > 59)) {
    return TimeParse::kNoSuchTime;
  }
  *hour = static_cast<int>(parts[0]);
  *minute = static_cast<int>(parts[1]);
  return TimeParse::kOk;
}

}  // namespace

// Text that parses as it stands holds only ASCII, 年月日 and 时分点秒, all of which fold to
// themselves, so it is tried first: canonical texts never pay for folding (nor for setting up
// ICU's transliterator).
DateParse ParseCivilDate(std::string_view text, CivilDate* out) {
  text = TrimView(text);
  const DateParse r = ParseDateAsIs(text, out);
  if (r == DateParse::kOk || IsAscii(text)) return r;
  return ParseDateAsIs(FoldForCompare(text), out);
}

TimeParse ParseClockTime(std::string_view text, int* hour, int* minute) {
  text = TrimView(text);
  const TimeParse r = ParseTimeAsIs(text, hour, minute);
  if (r == TimeParse::kOk || IsAscii(text)) return r;
  return ParseTimeAsIs(FoldForCompare(text), hour, minute);
}

std::string NormalizeDate(const std::string& text) {
  // Old catalogues write dates in Chinese numerals (二〇一五年三月十八日, 廿五日): each run of
  // numerals becomes digits — digit by digit for the year, by 十/廿/卅 for month and day — and
  // the result is parsed like every other form.
  auto numeral = [](std::string_view s, size_t i) -> int {
    static const char* const kDigits[] = {"〇", "一", "二", "三", "四",
                                          "五", "六", "七", "八", "九"};
    for (int d = 0; d < 10; ++d) {
      if (s.compare(i, 3, kDigits[d]) == 0) return d;
    }
    if (s.compare(i, 3, "零") == 0 || s.compare(i, 3, "○") == 0) return 0;
    if (s.compare(i, 3, "十") == 0) return 10;
    if (s.compare(i, 3, "廿") == 0) return 20;
    if (s.compare(i, 3, "卅") == 0) return 30;
    return -1;
  };
  auto run_value = [](const std::vector<int>& run) {
    long value = 0;
    const bool positional = std::any_of(run.begin(), run.end(), [](int v) { return v >= 10; });
    int pending = -1;  // a digit waiting for its 十
    for (int v : run) {
      if (!positional) {
        value = std::min(value * 10 + v, 1'000'000'000L);  // fails every range check
      } else if (v == 10) {
        value += (pending < 0 ? 1 : pending) * 10;
        pending = -1;
      } else if (v > 10) {
        value += v;
      } else {
        pending = v;
      }
    }
    return value + (positional && pending > 0 ? pending : 0);
  };
  std::string digits;
  std::vector<int> run;
  for (size_t i = 0; i <= text.size();) {
    const int v = i < text.size() ? numeral(text, i) : -1;
    if (v >= 0) {
      run.push_back(v);
      i += 3;
      continue;
    }
    if (!run.empty()) digits += std::to_string(run_value(run));
    run.clear();
    if (i < text.size()) digits += text[i];
    ++i;
  }
  CivilDate date;
  if (ParseCivilDate(digits, &date) != DateParse::kOk) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", date.year, date.month, date.day);
  return buf;
}

// H. Hinnant's algorithms, shifted to Excel's epoch (1970-01-01 is serial 25569).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468 + 25569;
}

void CivilFromDays(int64_t days_from_1899_12_30, int64_t* y, unsigned* m, unsigned* d) {
  const int64_t z = days_from_1899_12_30 - 25569 + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

void AppendExcelDate(int64_t day, std::string* out) {
  char buf[32];
  if (day == 60) {
    *out += "1900-02-29";  // Lotus 1-2-3's day that never was; Excel shows it too
    return;
  }
  // Before March 1900 the 1900 system counts from 1899-12-31 (serial 1 = 1900-01-01).
  int64_t y;
  unsigned m, d;
  CivilFromDays(day < 60 ? day + 1 : day, &y, &m, &d);
  if (day == 0) {
    *out += "1900-01-00";  // what Excel shows for serial 0
    return;
  }
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  *out += buf;
}

}  // namespace dangan
