// Problem: one thing wrong with the input, as data. The binder, the item rules and the import
// checks return these; the command line and the web API turn them into a Chinese sentence
// (DescribeProblem) or JSON ({"code", "field", "row", …}) only at the edge. Tests check `code`.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dangan {

struct Problem {
  // Stable and machine-readable, in snake_case ("required", "invalid_date", …; the common ones
  // are in problem_codes below). Never translated, never reworded: front ends key on it.
  std::string code;
  // The reason in Chinese, without the place ("应为 Y、D30 或 D10"): DescribeProblem adds it.
  std::string message;
  std::string file;   // the file at fault, as the user named it; "" = the one in hand
  std::string sheet;  // the worksheet of a spreadsheet
  int64_t row = 0;    // 1-based data row (or line of a template or data file); 0 = none
  int column = 0;     // 1-based column of a spreadsheet (1 = A); 0 = none
  std::string field;  // the field (字段/著录项) at fault, by its Chinese name
};

// A problem at a row (0: none) and field ("": none) of the input in hand.
inline Problem MakeProblem(std::string code, int64_t row, std::string field, std::string message) {
  Problem p;
  p.code = std::move(code);
  p.message = std::move(message);
  p.field = std::move(field);
  p.row = row;
  return p;
}

// The codes several parts share. A part may add its own; each is documented where it is made.
namespace problem_codes {
inline constexpr char kRequired[] = "required";             // a required value is missing
inline constexpr char kUnknownField[] = "unknown_field";    // a field the form does not have
inline constexpr char kInvalidValue[] = "invalid_value";    // not a value of the field's type
inline constexpr char kInvalidDate[] = "invalid_date";      // not a date, or a day that never was
inline constexpr char kInvalidNumber[] = "invalid_number";  // not a number
inline constexpr char kInvalidMoney[] = "invalid_money";    // not an amount of money
inline constexpr char kOutOfRange[] = "out_of_range";       // below the minimum / above the maximum
inline constexpr char kTooLong[] = "too_long";              // more characters than the form holds
inline constexpr char kNotAChoice[] = "not_a_choice";       // not one of the field's options
inline constexpr char kInvalidRetention[] = "invalid_retention";  // not Y / D30 / D10
inline constexpr char kLegacyRetention[] = "legacy_retention";    // 长期/短期: needs a decision
inline constexpr char kInvalidSecrecy[] = "invalid_secrecy";      // not 公开/内部/秘密/机密
inline constexpr char kInvalidDanghao[] = "invalid_danghao";      // not a 档号 of the archive
inline constexpr char kDuplicate[] = "duplicate";                 // the same key twice
inline constexpr char kInvalidText[] = "invalid_text";            // not valid UTF-8, control chars
}  // namespace problem_codes

// "文件 旧台账.xlsx 工作表「2019」第 12 行 C 列 保管期限：应为 Y、D30 或 D10" — every part that
// is known, in that order, then the message.
std::string DescribeProblem(const Problem& problem);
// "C" for 3, "AA" for 27.
std::string ColumnLetters(int column);

}  // namespace dangan
