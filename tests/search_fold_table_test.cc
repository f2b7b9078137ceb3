// The fold table compiled in (generated at build time by search/tools/make_fold_table.cc) must be
// exactly what ICU gives when the table is built here, character by character.
#include <catch2/catch.hpp>
#include <cstdint>
#include <vector>

#include "search/src/fold.h"  // private part, tested on purpose
#include "search/src/fold_build.h"  // private part, tested on purpose

namespace dangan::search::internal {
namespace {

std::vector<Packed> FromTable(char32_t c) {
  const Folded f = FoldTable::Get().Fold(c);
  return std::vector<Packed>(f.begin(), f.begin() + f.n);
}

std::vector<Packed> FromData(const FoldTableData& t, uint32_t entry) {
  if (!(entry & kFoldExpanded)) return {entry};
  const uint32_t off = entry & ~kFoldExpanded;
  return std::vector<Packed>(t.pool.begin() + off + 1, t.pool.begin() + off + 1 + t.pool[off]);
}

TEST_CASE("the compiled-in fold table is the one ICU builds, for every character",
          "[search][fold]") {
  const FoldTableData built = BuildFoldTable();
  REQUIRE(built.bmp.size() == 0x10000);
  size_t differ = 0;
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    if (FromTable(c) != FromData(built, built.bmp[c])) ++differ;
  }
  CHECK(differ == 0);
  for (const auto& [code, offset] : built.supp) {
    INFO(std::hex << code);
    CHECK(FromTable(code) == FromData(built, kFoldExpanded | offset));
  }
}

TEST_CASE("folding reads traditional, full-width and catalogue variants as the index stores them",
          "[search][fold]") {
  auto one = [](char32_t c) { return CodePoint(FromTable(c).at(0)); };
  CHECK(one(U'檔') == U'档');
  CHECK(one(U'爲') == U'为');
  CHECK(one(U'覈') == U'核');
  CHECK(one(U'帳') == U'账');
  CHECK(one(U'Ａ') == U'a');
  CHECK(one(U'２') == U'2');
  CHECK(ClassOf(FromTable(U'档').at(0)) == CharClass::kHan);
  CHECK(ClassOf(FromTable(U'，').at(0)) == CharClass::kBreak);
  // A supplementary ideograph no rule changes keeps itself, classed as Han.
  CHECK(CodePoint(FromTable(0x20000).at(0)) == 0x20000);
  CHECK(ClassOf(FromTable(0x20000).at(0)) == CharClass::kHan);
  CHECK(FromTable(0x00AD).empty());  // soft hyphen: default-ignorable, folds to nothing
}

}  // namespace
}  // namespace dangan::search::internal
