// Typed field values: parsing what a clerk typed, and formatting what is printed.
#pragma once

#include <string>
#include <string_view>

#include "dangan/base/problem.h"
#include "dangan/generator/document.h"
#include "dangan/generator/sheet.h"
#include "dangan/generator/template.h"
#include "dangan/records/text.h"

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
// a problem with its code (invalid_date, invalid_time, invalid_number, invalid_money,
// out_of_range, too_long, invalid_text, not_a_choice), `field` and the reason as `message`
// (Chinese, without the value or the field: the caller adds where); on success returns a problem
// with an empty code and fills `out`. Empty input gives an empty value.
Problem ParseValue(const Field& field, std::string_view raw, Value* out);

// A computed number as a value of `field` (money or number).
Value NumberValue(const Field& field, double number);

// 4 -> "4", 2.5 -> "2.5"
std::string FormatNumber(double number);

}  // namespace dangan
