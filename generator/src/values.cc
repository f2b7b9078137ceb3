#include "values.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "dangan/document.h"
#include "text.h"

namespace dangan {
namespace {

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Splits folded text into its runs of ASCII digits: "2024年3月5日" -> 2024, 3, 5.
std::vector<long> DigitRuns(const std::string& s, std::string* separators) {
  std::vector<long> runs;
  std::string current;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      current += c;
    } else {
      if (!current.empty()) runs.push_back(std::strtol(current.c_str(), nullptr, 10));
      current.clear();
      *separators += c;
    }
  }
  if (!current.empty()) runs.push_back(std::strtol(current.c_str(), nullptr, 10));
  return runs;
}

// True when `separators` consists only of the ASCII characters in `ascii` and the
// (multi-byte) words in `words`.
bool OnlySeparators(std::string separators, const std::string& ascii,
                    std::initializer_list<const char*> words) {
  for (const char* word : words) {
    const std::string w(word);
    size_t p;
    while ((p = separators.find(w)) != std::string::npos) separators.erase(p, w.size());
  }
  for (char c : separators) {
    if (ascii.find(c) == std::string::npos) return false;
  }
  return true;
}

std::string ParseDate(const std::string& folded, Value* v) {
  std::string seps;
  std::vector<long> parts = DigitRuns(folded, &seps);
  if (parts.size() != 3 || !OnlySeparators(seps, "-/. ", {"年", "月", "日"})) {
    return "不是日期（可写作 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日）";
  }
  long y = parts[0], m = parts[1], d = parts[2];
  if (y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) {
    return "不是有效的日期";
  }
  v->kind = CellKind::kDate;
  v->year = static_cast<int>(y);
  v->month = static_cast<int>(m);
  v->day = static_cast<int>(d);
  v->text = std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
  return "";
}

std::string ParseTime(const std::string& folded, Value* v) {
  std::string seps;
  std::vector<long> parts = DigitRuns(folded, &seps);
  if (parts.size() < 2 || parts.size() > 3 ||
      !OnlySeparators(seps, ": ", {"时", "分", "点", "秒"})) {
    return "不是时间（可写作 8:30、08:30 或 8时30分）";
  }
  if (parts[0] > 23 || parts[1] > 59 || (parts.size() == 3 && parts[2] > 59))
    return "不是有效的时间";
  v->kind = CellKind::kTime;
  v->hour = static_cast<int>(parts[0]);
  v->minute = static_cast<int>(parts[1]);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", v->hour, v->minute);
  v->text = buf;
  return "";
}

std::string ParseNumber(const Field& field, const std::string& folded, Value* v) {
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
  Field date;
  date.type = FieldType::kDate;
  Value v;
  if (!ParseValue(date, text, &v).empty() || v.empty) return "";
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

// Fold() costs an ICU transliteration; ASCII text (most dates and numbers) folds to itself.
std::string FoldIfNeeded(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return Fold(text);
  }
  return text;
}

std::string ParseValue(const Field& field, std::string_view raw, Value* out) {
  *out = Value();
  std::string text = Trim(raw);
  if (text.empty()) return "";
  Value v;
  v.empty = false;
  v.text = text;
  switch (field.type) {
    case FieldType::kText:
    case FieldType::kMultiline:
    case FieldType::kPerson:
    case FieldType::kSignature:
      if (field.max_length && CodePointCount(text) > *field.max_length) {
        return "超过 " + std::to_string(*field.max_length) + " 个字（现有 " +
               std::to_string(CodePointCount(text)) + " 个）";
      }
      if (field.type != FieldType::kMultiline && text.find('\n') != std::string::npos) {
        return "不能换行";
      }
      break;
    case FieldType::kDate: {
      std::string reason = ParseDate(FoldIfNeeded(text), &v);
      if (!reason.empty()) return reason;
      break;
    }
    case FieldType::kTime: {
      std::string reason = ParseTime(FoldIfNeeded(text), &v);
      if (!reason.empty()) return reason;
      break;
    }
    case FieldType::kNumber:
    case FieldType::kMoney: {
      std::string reason = ParseNumber(field, FoldIfNeeded(text), &v);
      if (!reason.empty()) return reason;
      break;
    }
    case FieldType::kSerial: {
      std::string folded = FoldIfNeeded(text);
      char* end = nullptr;
      long n = std::strtol(folded.c_str(), &end, 10);
      if (folded.empty() || *end != '\0' || n < 1) return "序号应为正整数";
      v.kind = CellKind::kNumber;
      v.number = static_cast<double>(n);
      v.text = std::to_string(n);
      break;
    }
    case FieldType::kChoice: {
      bool found = false;
      for (const std::string& option : field.options) {
        if (option == text) found = true;  // the common case, without folding
      }
      std::string folded = found ? text : Fold(text);
      for (const std::string& option : field.options) {
        if (found ? option == text : Fold(option) == folded) {
          v.text = option;
          found = true;
          break;
        }
      }
      if (!found) {
        std::string all;
        for (const std::string& o : field.options) all += (all.empty() ? "" : "、") + o;
        return "不是可选的值（可选：" + all + "）";
      }
      break;
    }
  }
  *out = std::move(v);
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
