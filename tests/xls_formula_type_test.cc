// How a BIFF8 formula's result kind is judged from its tokens (spreadsheet/src/xls_formula_type.h,
// a private part tested on purpose): what tells LibreOffice's 0-for-text cache from a true 0.
#include "spreadsheet/src/xls_formula_type.h"  // private part, tested on purpose

#include <catch2/catch.hpp>
#include <string>

namespace dangan::sheet {
namespace {

std::string Bytes(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s += static_cast<char>(b);
  return s;
}

TEST_CASE("formula result kinds are judged from the tokens", "[xls][formula]") {
  // =ROW()-2: ptgFuncVar(0 args, ROW) ptgInt 2 ptgSub
  CHECK(FormulaResultType(Bytes({0x42, 0x00, 0x08, 0x00, 0x1E, 0x02, 0x00, 0x04})) ==
        FormulaYields::kNumber);
  // =IF(A1>5,"已齐","缺件") as LibreOffice writes it, with its attribute tokens.
  CHECK(FormulaResultType(Bytes({0x44, 0x05, 0x00, 0x03, 0xC0, 0x1E, 0x05, 0x00, 0x0D, 0x19,
                                 0x02, 0x0B, 0x00, 0x17, 0x02, 0x01, 0xF2, 0x5D, 0x50, 0x9F,
                                 0x19, 0x08, 0x0E, 0x00, 0x17, 0x02, 0x01, 0x3A, 0x7F, 0xF6,
                                 0x4E, 0x19, 0x08, 0x03, 0x00, 0x42, 0x03, 0x01, 0x00})) ==
        FormulaYields::kText);
  // =A1&"x": text; =A1: depends on A1; =A1>1: boolean; =SUM(A1:A3) (tAttrSum): number.
  CHECK(FormulaResultType(Bytes({0x44, 0, 0, 0, 0xC0, 0x17, 0x01, 0x00, 'x', 0x08})) ==
        FormulaYields::kText);
  CHECK(FormulaResultType(Bytes({0x44, 0, 0, 0, 0xC0})) == FormulaYields::kUnknown);
  CHECK(FormulaResultType(Bytes({0x44, 0, 0, 0, 0xC0, 0x1E, 1, 0, 0x0D})) ==
        FormulaYields::kBoolean);
  CHECK(FormulaResultType(Bytes({0x25, 0, 0, 2, 0, 0, 0xC0, 0, 0xC0, 0x19, 0x10, 0, 0})) ==
        FormulaYields::kNumber);
  // IF with a number and a text branch, VLOOKUP: unknown.
  CHECK(FormulaResultType(Bytes({0x1D, 1, 0x1E, 1, 0, 0x17, 1, 0, 'a', 0x42, 3, 1, 0})) ==
        FormulaYields::kUnknown);
  // Cut short, or a token not judged: unknown, never a read past the end.
  CHECK(FormulaResultType(Bytes({0x17, 0x05, 0x01, 'a'})) == FormulaYields::kUnknown);
  CHECK(FormulaResultType(Bytes({0x42, 0x03})) == FormulaYields::kUnknown);
  CHECK(FormulaResultType(Bytes({0x01, 0, 0, 0, 0})) == FormulaYields::kUnknown);
  CHECK(FormulaResultType("") == FormulaYields::kUnknown);
}

}  // namespace
}  // namespace dangan::sheet
