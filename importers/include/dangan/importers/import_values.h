// Values of legacy spreadsheets made canonical for an import: dates in every form old registers
// and catalogues hold them, money with ¥/元/thousands separators or in Chinese capitals, 档号 with
// look-alike characters, 保管期限 and 密级. Traditional characters and full-width digits are read
// like their simplified and ASCII forms.
//
// Like ParseValue, each function returns "" on success and fills its output, or returns the
// reason (Chinese, simplified, without the field name: the caller adds sheet, row and column).
// An empty cell is not an error: it gives an empty output and "".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "dangan/spreadsheet/spreadsheet.h"

namespace dangan {

// --- dates: ISO "YYYY-MM-DD" ---------------------------------------------------------------------

// kDate cells (time dropped), Excel serials in number cells (a bare year such as 2024 or an
// 8-digit 20240305 is read as what it is), and text as ImportDateText reads it.
std::string ImportDate(const SheetCell& cell, std::string* iso);
// 2024-03-05, 2024.3.5, 2024/3/5, 2024年3月5日, 二〇二四年三月五日 (〇/零/○, 十/廿/卅), full-width
// digits, 20240305, and Excel serials written as text ("45356", "45356.5") — through
// NormalizeDate. 2024-02-30 is refused as a date that does not exist.
std::string ImportDateText(std::string_view text, std::string* iso);
// Excel's 1900 system: 1 = 1900-01-01, 59 = 1900-02-28; 60 is the 1900-02-29 that never was
// (refused); from 61 on, one day less than the count suggests (61 = 1900-03-01).
std::string ExcelSerialDate(double serial, std::string* iso);

// --- money: in fen (分), so that sums are exact
// -----------------------------------------------------

// Number cells (rounded to the fen; more decimals than that are refused) and text as
// ImportMoneyText reads it.
std::string ImportMoney(const SheetCell& cell, int64_t* fen);
// ¥1,234.50 ￥1234.5 1234.5元 1,234 人民币1234元 RMB 1234 1.5万元, full-width digits, and amounts
// in capitals (壹仟贰佰叁拾肆元伍角, 人民币壹万元整, 貳佰圓整).
std::string ImportMoneyText(std::string_view text, int64_t* fen);

}  // namespace dangan
