// Spreadsheet formulas of the XLSX back end: what keeps a generated workbook alive when a clerk
// edits it (金额 = 数量 × 单价, 合计 = SUM, 大写金额), written only with functions that Excel,
// WPS and LibreOffice all document.
#pragma once

#include <string>

namespace dangan::xlsx {

// A1-style reference of a 0-based row and column, e.g. (4, 2) -> "C5".
std::string CellRef(unsigned row, int col);
// "C5:C9" for rows first..last (0-based) of one column.
std::string ColumnRange(unsigned first_row, unsigned last_row, int col);

// The amount `amount` (a cell reference or an expression giving yuan) in Chinese capitals, by
// the rules of MoneyInCapitals (records/text.h): "" for a blank cell or an amount out of range.
// Built from IF, ABS, ROUND, INT, MOD, MID, TEXT and SUBSTITUTE only: no NUMBERSTRING, no
// [DBNum2] format, which only some programs know. Without the leading '='.
std::string MoneyCapitalsFormula(const std::string& amount);

// row × column product of one table row: ROUND(E6*F6,2) for money, E6*F6 otherwise; `blank_ok`
// gives "" while either factor is empty (a row left for the clerk to fill in).
std::string ProductFormula(const std::string& a, const std::string& b, bool money, bool blank_ok);

}  // namespace dangan::xlsx
