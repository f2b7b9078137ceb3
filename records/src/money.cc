// Amounts of money: as printed (1,130.00 and 大写金额) and as read back from capitals.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "dangan/records/text.h"

namespace dangan {
namespace {

int CapitalDigit(std::string_view s, size_t i) {
  static const char* const kUpper[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
  static const char* const kLower[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  for (int d = 0; d < 10; ++d) {
    if (s.compare(i, 3, kUpper[d]) == 0 || s.compare(i, 3, kLower[d]) == 0) return d;
  }
  if (s.compare(i, 3, "两") == 0) return 2;
  return -1;
}

int64_t CapitalUnit(std::string_view s, size_t i) {
  if (s.compare(i, 3, "拾") == 0 || s.compare(i, 3, "十") == 0) return 10;
  if (s.compare(i, 3, "佰") == 0 || s.compare(i, 3, "百") == 0) return 100;
  if (s.compare(i, 3, "仟") == 0 || s.compare(i, 3, "千") == 0) return 1000;
  return 0;
}

bool StripPrefix(std::string* s, std::string_view prefix) {
  if (s->compare(0, prefix.size(), prefix) != 0) return false;
  s->erase(0, prefix.size());
  return true;
}

}  // namespace

bool IsMoneyInCapitals(std::string_view s) {
  for (size_t i = 0; i + 3 <= s.size(); ++i) {
    if (CapitalDigit(s, i) > 0 || CapitalUnit(s, i) > 0) return true;
  }
  return false;
}

std::string MoneyRangeText() {
  return "金额超出范围（绝对值不超过 " + FormatMoney(kMaxMoney) + " 元）";
}

std::string FormatMoney(double amount) {
  if (!IsMoneyInRange(amount)) return "—";
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
  if (!IsMoneyInRange(amount)) return "";
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

std::string ParseMoneyInCapitals(std::string_view raw, int64_t* fen) {
  std::string s = FoldCode(raw);
  StripPrefix(&s, "人民币");
  const std::string bad = "「" + std::string(raw) + "」不是正确的大写金额";
  int64_t yi = 0, wan = 0, section = 0, yuan = -1, jiao = 0, cents = 0;
  int digit = -1;
  bool done = false;
  for (size_t i = 0; i < s.size();) {
    if (done) return bad;
    const int d = CapitalDigit(s, i);
    const int64_t unit = CapitalUnit(s, i);
    const std::string_view ch = std::string_view(s).substr(i, 3);
    i += 3;
    if (d >= 0) {
      if (digit > 0 && d > 0) return bad;  // 壹贰: two digits without a unit
      digit = d;
    } else if (unit > 0) {
      section += (digit < 0 ? (unit == 10 ? 1 : -1) : digit) * unit;
      if (digit == 0 || section < 0) return bad;
      digit = -1;
    } else if (ch == "万" || ch == "亿") {
      const int64_t part = section + std::max(digit, 0);
      if (ch == "万") {
        wan += part;
      } else {
        yi = (yi + wan * 10000 + part);
        wan = 0;
      }
      section = 0;
      digit = -1;
    } else if ((ch == "元" || ch == "圆") && yuan < 0) {
      yuan = (yi * 10000 + wan) * 10000 + section + std::max(digit, 0);
      digit = -1;
    } else if ((ch == "角" || ch == "分") && digit >= 0 && yuan < 0 && section == 0 && wan == 0 &&
               yi == 0) {
      yuan = 0;  // 伍角: no 元 at all
      (ch == "角" ? jiao : cents) = digit;
      digit = -1;
    } else if (ch == "角" && yuan >= 0 && digit >= 0) {
      jiao = digit;
      digit = -1;
    } else if (ch == "分" && yuan >= 0 && digit >= 0) {
      cents = digit;
      digit = -1;
    } else if (ch == "整" || ch == "正") {
      done = true;
    } else {
      return bad;
    }
    if (yi > 1'000'000) return "「" + std::string(raw) + "」金额过大";
  }
  if (yuan < 0)
    yuan = (yi * 10000 + wan) * 10000 + section + std::max(digit, 0);
  else if (digit > 0)
    return bad;  // a digit after 元 without 角 or 分
  *fen = yuan * 100 + jiao * 10 + cents;
  return "";
}

}  // namespace dangan
