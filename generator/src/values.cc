#include "values.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "dangan/records/text.h"

namespace dangan {
namespace {

// Why a value does not parse: a problem code and the reason (Chinese, without the field).
struct Reason {
  const char* code = nullptr;  // nullptr: parsed
  std::string text;
  bool ok() const { return code == nullptr; }
};

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

Reason ParseDate(std::string_view text, Value* v) {
  CivilDate date;
  switch (ParseCivilDate(text, &date)) {
    case DateParse::kNotADate:
      return {problem_codes::kInvalidDate,
              "不是日期（可写作 2024-03-05、2024/3/5、2024.3.5 或 2024年3月5日）"};
    case DateParse::kNoSuchDate:
      return {problem_codes::kInvalidDate, "不是有效的日期"};
    case DateParse::kOk:
      break;
  }
  v->kind = CellKind::kDate;
  v->year = date.year;
  v->month = date.month;
  v->day = date.day;
  v->text.clear();
  AppendDecimal(&v->text, date.year);
  v->text += "年";
  AppendDecimal(&v->text, date.month);
  v->text += "月";
  AppendDecimal(&v->text, date.day);
  v->text += "日";
  return {};
}

Reason ParseTime(std::string_view text, Value* v) {
  int hour = 0, minute = 0;
  switch (ParseClockTime(text, &hour, &minute)) {
    case TimeParse::kNotATime:
      return {problem_codes::kInvalidTime, "不是时间（可写作 8:30、08:30 或 8时30分）"};
    case TimeParse::kNoSuchTime:
      return {problem_codes::kInvalidTime, "不是有效的时间"};
    case TimeParse::kOk:
      break;
  }
  v->kind = CellKind::kTime;
  v->hour = hour;
  v->minute = minute;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", v->hour, v->minute);
  v->text = buf;
  return {};
}

Reason ParseNumber(const Field& field, std::string_view folded, Value* v) {
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
    return field.type == FieldType::kMoney ? Reason{problem_codes::kInvalidMoney, "不是金额"}
                                           : Reason{problem_codes::kInvalidNumber, "不是数字"};
  }
  if (field.type == FieldType::kMoney && !IsMoneyInRange(n)) {
    return {problem_codes::kOutOfRange, MoneyRangeText()};
  }
  if (field.min && n < *field.min) {
    return {problem_codes::kOutOfRange, "不能小于 " + FormatNumber(*field.min)};
  }
  if (field.max && n > *field.max) {
    return {problem_codes::kOutOfRange, "不能大于 " + FormatNumber(*field.max)};
  }
  *v = NumberValue(field, n);
  return {};
}

}  // namespace

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

// Runs `parse` (a number parser, which leaves its output alone when it fails) on
// the folded text. Text that parses as it stands holds only ASCII and ¥元, all of
// which fold to themselves, so it is tried first: the canonical texts 2024年3月5日 that layout
// parses again then never pay for folding (nor for setting up ICU's transliterator).
template <typename Parse>
Reason ParseFolded(std::string_view text, Parse parse) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  Reason reason = parse(text);
  if (ascii || reason.ok()) return reason;
  return parse(FoldForCompare(text));
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

Problem ParseValue(const Field& field, std::string_view raw, Value* out) {
  Clear(out);
  const std::string_view text = TrimView(raw);
  if (text.empty()) return {};
  Reason reason;
  switch (field.type) {
    case FieldType::kText:
    case FieldType::kMultiline:
    case FieldType::kPerson:
    case FieldType::kSignature:
      if (field.max_length && CodePointCount(text) > *field.max_length) {
        reason = {problem_codes::kTooLong, "超过 " + std::to_string(*field.max_length) +
                                               " 个字（现有 " +
                                               std::to_string(CodePointCount(text)) + " 个）"};
        break;
      }
      // The one text rule of every place text enters (records/text.h): no control characters,
      // line breaks only where the form has room for them.
      if (std::string fault = TextFault(
              text, field.type == FieldType::kMultiline ? TextLines::kMany : TextLines::kOne);
          !fault.empty()) {
        reason = {problem_codes::kInvalidText, std::move(fault)};
        break;
      }
      out->text.assign(text);
      break;
    case FieldType::kDate:
      reason = ParseDate(text, out);
      break;
    case FieldType::kTime:
      reason = ParseTime(text, out);
      break;
    case FieldType::kNumber:
    case FieldType::kMoney:
      reason = ParseFolded(text, [&](std::string_view t) { return ParseNumber(field, t, out); });
      break;
    case FieldType::kSerial: {
      bool ascii = true;
      for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
      const std::string folded = ascii ? std::string(text) : FoldForCompare(text);
      char* end = nullptr;
      long n = std::strtol(folded.c_str(), &end, 10);
      if (folded.empty() || *end != '\0' || n < 1) {
        reason = {problem_codes::kInvalidNumber, "序号应为正整数"};
        break;
      }
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
        const std::string folded = FoldForCompare(text);
        for (const std::string& option : field.options) {
          if (FoldForCompare(option) == folded) {
            match = &option;
            break;
          }
        }
      }
      if (match == nullptr) {
        std::string all;
        for (const std::string& o : field.options) all += (all.empty() ? "" : "、") + o;
        reason = {problem_codes::kNotAChoice, "不是可选的值（可选：" + all + "）"};
        break;
      }
      out->text = *match;
      break;
    }
  }
  if (!reason.ok()) {
    Clear(out);
    Problem problem;
    problem.code = reason.code;
    problem.message = std::move(reason.text);
    problem.field = field.name;
    return problem;
  }
  out->empty = false;
  return {};
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

}  // namespace dangan
