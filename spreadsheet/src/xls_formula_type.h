// What kind of value a BIFF8 formula yields, judged from its parsed expression (rgce, [MS-XLS]
// 2.5.198): LibreOffice writes the cached value of a formula that yields text as the number 0
// (it recalculates every .xls it opens, so it never notices), and only the formula's tokens
// tell that 0 apart from a true zero.
#pragma once

#include <string_view>

namespace dangan::sheet {

enum class FormulaYields { kNumber, kText, kBoolean, kUnknown };

// kUnknown when it depends on what the formula refers to (=B3, VLOOKUP …) or when a token is
// not one this judges (shared formulas, macro functions, memory areas …).
FormulaYields FormulaResultType(std::string_view rgce);

}  // namespace dangan::sheet
