#include "dangan/importers/import_values.h"

#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include "dangan/records/text.h"

namespace dangan {
namespace {

constexpr double kMaxSerial = 2958465;  // 9999-12-31

bool AllDigits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

int DigitRuns(std::string_view s) {
  int runs = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] >= '0' && s[i] <= '9' && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) ++runs;
  }
  return runs;
}

std::string EightDigitDate(std::string_view digits, std::string* iso) {
  const std::string text = std::string(digits.substr(0, 4)) + "-" +
                           std::string(digits.substr(4, 2)) + "-" + std::string(digits.substr(6));
  *iso = NormalizeDate(text);
  return iso->empty() ? "「" + std::string(digits) + "」不是有效的日期" : "";
}

}  // namespace

// --- dates ---------------------------------------------------------------------------------------

std::string ExcelSerialDate(double serial, std::string* iso) {
  iso->clear();
  if (!(serial >= 1 && serial < kMaxSerial + 1)) {
    return "数字 " + NumberText(serial) +
           " 不在 Excel 日期范围内（1900-01-01 至 9999-12-31）";
  }
  if (std::floor(serial) == 60) {
    return "Excel 日期序号 60 是 1900年2月29日，这一天并不存在（Excel 沿用 Lotus 1-2-3 的错误）";
  }
  // The day the serial falls on, a time that rounds to midnight counting as the next day.
  int64_t day = static_cast<int64_t>(std::floor(serial));
  if (std::llround((serial - static_cast<double>(day)) * 86400) >= 86400) ++day;
  AppendExcelDate(day, iso);
  return "";
}

std::string ImportDateText(std::string_view raw, std::string* iso) {
  iso->clear();
  const std::string text = FoldNfkcTrim(raw);
  if (text.empty()) return "";
  if (AllDigits(text) && text.size() == 8) return EightDigitDate(text, iso);
  if (AllDigits(text) && text.size() == 5) return ExcelSerialDate(std::stod(text), iso);
  const size_t dot = text.find('.');
  if (dot == 5 && AllDigits(text.substr(0, 5)) && AllDigits(text.substr(6))) {
    return ExcelSerialDate(std::stod(text), iso);
  }
  *iso = NormalizeDate(text);
  if (!iso->empty()) return "";
  if (DigitRuns(text) == 3 || text.find("月") != std::string::npos) {
    return "「" + text + "」不是有效的日期（没有这一天）";
  }
  return "「" + text +
         "」不是日期（可写作 2024-03-05、2024.3.5、2024/3/5、2024年3月5日 或 二〇二四年三月五日）";
}

std::string ImportDate(const SheetCell& cell, std::string* iso) {
  iso->clear();
  switch (cell.type) {
    case SheetCellType::kEmpty:
      return "";
    case SheetCellType::kDate:
      if (cell.text.size() < 10 || cell.text[4] != '-')
        return "「" + cell.text + "」只有时间，没有日期";
      if (cell.text.compare(0, 10, "1900-02-29") == 0) return ExcelSerialDate(60, iso);
      *iso = NormalizeDate(cell.text.substr(0, 10));
      return iso->empty() ? "「" + cell.text + "」不是有效的日期" : "";
    case SheetCellType::kNumber: {
      const double n = cell.number;
      if (n == std::floor(n) && n >= 1900 && n <= 2200) {
        return "「" + cell.text + "」只有年份，没有月、日";
      }
      if (n == std::floor(n) && n >= 19000101 && n <= 22001231) {
        return EightDigitDate(NumberText(n), iso);
      }
      return ExcelSerialDate(n, iso);
    }
    case SheetCellType::kText:
      return ImportDateText(cell.text, iso);
    case SheetCellType::kBoolean:
    case SheetCellType::kError:
      break;
  }
  return "「" + cell.text + "」不是日期";
}

// --- money ---------------------------------------------------------------------------------------

namespace {

bool StripPrefix(std::string* s, std::string_view prefix) {
  if (s->compare(0, prefix.size(), prefix) != 0) return false;
  s->erase(0, prefix.size());
  return true;
}

bool StripSuffix(std::string* s, std::string_view suffix) {
  if (s->size() < suffix.size() ||
      s->compare(s->size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  s->resize(s->size() - suffix.size());
  return true;
}

// "1234.5" -> 123450 fen; false for anything else (sign allowed, at most two decimals).
bool ParseFigures(const std::string& s, int64_t scale, int64_t* fen) {
  size_t i = 0;
  const bool negative = !s.empty() && s[0] == '-';
  if (negative) ++i;
  int64_t whole = 0, cents = 0;
  size_t digits = 0, decimals = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++digits) {
    if (whole > 100'000'000'000'000) return false;
    whole = whole * 10 + (s[i] - '0');
  }
  if (i < s.size() && s[i] == '.') {
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, ++decimals) {
      if (decimals >= 6) return false;
      cents = cents * 10 + (s[i] - '0');
    }
  }
  if (i != s.size() || digits + decimals == 0) return false;
  // 1.5万元 has its decimals in 万: scale before cutting to the fen.
  int64_t value = whole * 100 * scale;
  int64_t fraction = cents * 100 * scale;
  for (size_t k = 0; k < decimals; ++k) fraction /= 10;
  int64_t check = cents * 100 * scale;
  int64_t pow = 1;
  for (size_t k = 0; k < decimals; ++k) pow *= 10;
  if (check % pow != 0) return false;  // more precision than a fen
  value += fraction;
  *fen = negative ? -value : value;
  return true;
}

}  // namespace

std::string ImportMoneyText(std::string_view raw, int64_t* fen) {
  *fen = 0;
  std::string s = FoldCode(raw);
  if (s.empty()) return "";
  if (IsMoneyInCapitals(s)) return ParseMoneyInCapitals(raw, fen);
  for (const char* prefix : {"人民币", "RMB", "CNY", "¥"}) StripPrefix(&s, prefix);
  StripPrefix(&s, "¥");  // 人民币¥…
  StripSuffix(&s, "整");
  int64_t scale = 1;
  if (StripSuffix(&s, "万元") || StripSuffix(&s, "万")) {
    scale = 10000;
  } else {
    StripSuffix(&s, "元");
  }
  std::string figures;
  for (char c : s) {
    if (c != ',') figures += c;
  }
  if (!ParseFigures(figures, scale, fen)) {
    return "「" + std::string(raw) +
           "」不是金额（可写作 1234.50、¥1,234.50、1234.5元 或 壹仟贰佰叁拾肆元伍角）";
  }
  return "";
}

std::string ImportMoney(const SheetCell& cell, int64_t* fen) {
  *fen = 0;
  if (cell.type == SheetCellType::kEmpty) return "";
  if (cell.type == SheetCellType::kText) return ImportMoneyText(cell.text, fen);
  if (cell.type != SheetCellType::kNumber || !std::isfinite(cell.number) ||
      std::fabs(cell.number) > 1e15) {
    return "「" + cell.text + "」不是金额";
  }
  const double cents = cell.number * 100;
  if (std::fabs(cents - std::round(cents)) > 1e-6 * std::max(1.0, std::fabs(cents))) {
    return "「" + cell.text + "」不是金额（多于两位小数）";
  }
  *fen = std::llround(cents);
  return "";
}

}  // namespace dangan
