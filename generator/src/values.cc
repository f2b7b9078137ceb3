#include "values.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "dangan/generator/document.h"
#include "text.h"

namespace dangan {
namespace {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
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

// Decimal digits of a non-negative number, appended without the cost of a printf.
void AppendDecimal(std::string* out, long n) {
  char buf[24];
  char* end = buf + sizeof buf;
  char* p = end;
  do {
    *--p = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n > 0);
  out->append(p, end);
}

std::string ParseDate(std::string_view folded, Value* v) {
  const DigitRuns runs = SplitDigitRuns(folded, "-/. ", {"年", "月", "日"});
  if (runs.count != 3 || !runs.only_separators) {
    return "不是日期（可写作 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日）";
  }
  long y = runs.parts[0], m = runs.parts[1], d = runs.parts[2];
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return "不是有效的日期";
  }
  v->kind = CellKind::kDate;
  v->year = static_cast<int>(y);
  v->month = static_cast<int>(m);
  v->day = static_cast<int>(d);
  v->text.clear();
  AppendDecimal(&v->text, y);
  v->text += "年";
  AppendDecimal(&v->text, m);
  v->text += "月";
  AppendDecimal(&v->text, d);
  v->text += "日";
  return "";
}

std::string ParseTime(std::string_view folded, Value* v) {
  const DigitRuns runs = SplitDigitRuns(folded, ": ", {"时", "分", "点", "秒"});
  if (runs.count < 2 || runs.count > 3 || !runs.only_separators) {
    return "不是时间（可写作 8:30、08:30 或 8时30分）";
  }
  const long* parts = runs.parts;
  if (parts[0] > 23 || parts[1] > 59 || (runs.count == 3 && parts[2] > 59)) return "不是有效的时间";
  v->kind = CellKind::kTime;
  v->hour = static_cast<int>(parts[0]);
  v->minute = static_cast<int>(parts[1]);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", v->hour, v->minute);
  v->text = buf;
  return "";
}

std::string ParseNumber(const Field& field, std::string_view folded, Value* v) {
  std::string digits;
  for (size_t i = 0; i < folded.size(); ++i) {
    char c = folded[i];
    if (c == ',' || c == ' ') continue;
    digits += c;
  }
  if (field.type == FieldType::kMoney) {
    for (const char* mark : {"¥", "￥", "元"}) {
      size_t p;
      while ((p = digits.find(mark)) != std::string::npos) digits.erase(p, std::strlen(mark));
    }
  }
  char* end = nullptr;
  double n = std::strtod(digits.c_str(), &end);
  if (digits.empty() || end == nullptr || *end != '\0' || !std::isfinite(n)) {
    return field.type == FieldType::kMoney ? "不是金额" : "不是数字";
  }
  if (field.min && n < *field.min) return "不能小于 " + FormatNumber(*field.min);
  if (field.max && n > *field.max) return "不能大于 " + FormatNumber(*field.max);
  *v = NumberValue(field, n);
  return "";
}

}  // namespace

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
  Field date;
  date.type = FieldType::kDate;
  Value v;
  if (!ParseValue(date, digits, &v).empty() || v.empty) return "";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.year, v.month, v.day);
  return buf;
}

Value NumberValue(const Field& field, double number) {
  Value v;
  v.empty = false;
  v.number = number;
  if (field.type == FieldType::kMoney) {
    v.kind = CellKind::kMoney;
    v.number = std::round(number * 100) / 100;
    v.text = FormatMoney(v.number);
  } else {
    v.kind = CellKind::kNumber;
    v.text = FormatNumber(number);
  }
  return v;
}

namespace {

// Runs `parse` (a date, time or number parser, which leaves its output alone when it fails) on
// the folded text. Text that parses as it stands holds only ASCII, 年月日, 时分点秒 and ¥元, all of
// which fold to themselves, so it is tried first: the canonical texts 2024年3月5日 that layout
// parses again then never pay for folding (nor for setting up ICU's transliterator).
template <typename Parse>
std::string ParseFolded(std::string_view text, Parse parse) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string reason = parse(text);
  if (ascii || reason.empty()) return reason;
  return parse(Fold(text));
}

std::string_view TrimView(std::string_view text) {
  const char* kSpace = " \t\r\n";
  const size_t b = text.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return text.substr(b, text.find_last_not_of(kSpace) - b + 1);
}

// Back to an empty value, keeping the capacity of its text: a caller that parses row after row
// into the same Value then allocates nothing for the text.
void Clear(Value* v) {
  v->empty = true;
  v->kind = CellKind::kText;
  v->text.clear();
  v->number = 0;
  v->year = v->month = v->day = 0;
  v->hour = v->minute = 0;
}

}  // namespace

std::string ParseValue(const Field& field, std::string_view raw, Value* out) {
  Clear(out);
  const std::string_view text = TrimView(raw);
  if (text.empty()) return "";
  std::string reason;
  switch (field.type) {
    case FieldType::kText:
    case FieldType::kMultiline:
    case FieldType::kPerson:
    case FieldType::kSignature:
      if (field.max_length && CodePointCount(text) > *field.max_length) {
        return "超过 " + std::to_string(*field.max_length) + " 个字（现有 " +
               std::to_string(CodePointCount(text)) + " 个）";
      }
      if (field.type != FieldType::kMultiline && text.find('\n') != std::string_view::npos) {
        return "不能换行";
      }
      out->text.assign(text);
      break;
    case FieldType::kDate:
      reason = ParseFolded(text, [&](std::string_view t) { return ParseDate(t, out); });
      break;
    case FieldType::kTime:
      reason = ParseFolded(text, [&](std::string_view t) { return ParseTime(t, out); });
      break;
    case FieldType::kNumber:
    case FieldType::kMoney:
      reason = ParseFolded(text, [&](std::string_view t) { return ParseNumber(field, t, out); });
      break;
    case FieldType::kSerial: {
      bool ascii = true;
      for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      const std::string folded = ascii ? std::string(text) : Fold(text);
      char* end = nullptr;
      long n = std::strtol(folded.c_str(), &end, 10);
      if (folded.empty() || *end != '\0' || n < 1) return "序号应为正整数";
      out->kind = CellKind::kNumber;
      out->number = static_cast<double>(n);
      out->text = std::to_string(n);
      break;
    }
    case FieldType::kChoice: {
      const std::string* match = nullptr;
      for (const std::string& option : field.options) {
        if (option == text) match = &option;  // the common case, without folding
      }
      if (match == nullptr) {
        const std::string folded = Fold(text);
        for (const std::string& option : field.options) {
          if (Fold(option) == folded) {
            match = &option;
            break;
          }
        }
      }
      if (match == nullptr) {
        std::string all;
        for (const std::string& o : field.options) all += (all.empty() ? "" : "、") + o;
        return "不是可选的值（可选：" + all + "）";
      }
      out->text = *match;
      break;
    }
  }
  if (!reason.empty()) {
    Clear(out);
    return reason;
  }
  out->empty = false;
  return "";
}

std::string FormatMoney(double amount) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", std::fabs(amount));
  std::string digits(buf);
  size_t dot = digits.find('.');
  std::string whole = digits.substr(0, dot);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return (amount < 0 ? "-" : "") + grouped + digits.substr(dot);
}

std::string FormatNumber(double number) {
  // Whole numbers (counts, quantities) are most of what is formatted: printed without printf,
  // exactly as "%.0f" would (which keeps the sign of -0).
  if (number == std::trunc(number) && std::fabs(number) < 1e15 && !std::signbit(number)) {
    std::string out;
    AppendDecimal(&out, static_cast<long>(number));
    return out;
  }
  char buf[64];
  if (std::fabs(number - std::round(number)) < 1e-9 && std::fabs(number) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", number);
    return buf;
  }
  std::snprintf(buf, sizeof buf, "%.4f", number);
  std::string s(buf);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

namespace {

const char* const kDigits[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};

// 1..9999 without leading 零: 1010 -> 壹仟零壹拾
std::string GroupInCapitals(int value) {
  static const char* const kUnits[] = {"", "拾", "佰", "仟"};
  std::string out;
  bool pending_zero = false;
  for (int pos = 3; pos >= 0; --pos) {
    int d = value / static_cast<int>(std::pow(10, pos)) % 10;
    if (d == 0) {
      if (!out.empty()) pending_zero = true;
      continue;
    }
    if (pending_zero) out += "零";
    pending_zero = false;
    out += kDigits[d];
    out += kUnits[pos];
  }
  return out;
}

std::string IntegerInCapitals(long long value) {
  static const char* const kGroupUnits[] = {"", "万", "亿", "万亿"};
  std::vector<int> groups;  // lowest first
  for (long long v = value; v > 0; v /= 10000) groups.push_back(static_cast<int>(v % 10000));
  std::string out;
  bool pending_zero = false;
  for (int g = static_cast<int>(groups.size()) - 1; g >= 0; --g) {
    int v = groups[g];
    if (v == 0) {
      if (!out.empty()) pending_zero = true;
      continue;
    }
    if (!out.empty() && v < 1000) pending_zero = true;
    if (pending_zero) out += "零";
    pending_zero = false;
    out += GroupInCapitals(v);
    out += kGroupUnits[g];
  }
  return out;
}

}  // namespace

std::string MoneyInCapitals(double amount) {
  long long fen_total = std::llround(std::fabs(amount) * 100);
  long long yuan = fen_total / 100;
  int jiao = static_cast<int>(fen_total / 10 % 10);
  int fen = static_cast<int>(fen_total % 10);
  std::string out = amount < 0 && fen_total > 0 ? "负" : "";
  if (yuan > 0) out += IntegerInCapitals(yuan) + "元";
  if (jiao == 0 && fen == 0) return out + (yuan > 0 ? "整" : "零元整");
  if (yuan > 0 && jiao == 0) out += "零";
  if (jiao > 0) out += std::string(kDigits[jiao]) + "角";
  if (fen > 0) {
    out += std::string(kDigits[fen]) + "分";
  } else {
    out += "整";
  }
  return out;
}

}  // namespace dangan
