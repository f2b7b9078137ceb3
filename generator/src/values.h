// Typed field values: parsing what a clerk typed, and formatting what is printed.
#pragma once

#include <string>
#include <string_view>

#include "dangan/generator/sheet.h"
#include "dangan/generator/template.h"

namespace dangan {

struct Value {
  bool empty = true;
  CellKind kind = CellKind::kText;
  std::string text;  // canonical text: dates 2024年3月5日, times 08:30, choices as in the template
  double number = 0;
  int year = 0, month = 0, day = 0;
  int hour = 0, minute = 0;
};

// Parses `raw` (valid UTF-8: the data readers check it) as a value of `field`. On failure returns
// the reason (Chinese, without the field name); on success returns "" and fills `out`. Empty input
// gives an empty value.
std::string ParseValue(const Field& field, std::string_view raw, Value* out);

// A computed number as a value of `field` (money or number).
Value NumberValue(const Field& field, double number);

// 1130 -> "1,130.00"
std::string FormatMoney(double amount);
// 1130 -> "壹仟壹佰叁拾元整" (中国人民银行《支付结算办法》 rules for 大写金额)
std::string MoneyInCapitals(double amount);
// 4 -> "4", 2.5 -> "2.5"
std::string FormatNumber(double number);

}  // namespace dangan
