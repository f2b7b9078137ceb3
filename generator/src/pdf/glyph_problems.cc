#include "pdf/glyph_problems.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdio>
#include <set>
#include <utility>

#include "dangan/generator/document.h"

namespace dangan::pdf {
namespace {

// A register with one bad character in every row must not produce a message of 100,000 lines.
constexpr size_t kMaxDetails = 100;

std::string CharName(char32_t cp) {
  char name[128];
  UErrorCode err = U_ZERO_ERROR;
  int32_t length =
      u_charName(static_cast<UChar32>(cp), U_UNICODE_CHAR_NAME, name, sizeof name, &err);
  if (U_FAILURE(err) || length <= 0) {
    err = U_ZERO_ERROR;
    length = u_charName(static_cast<UChar32>(cp), U_EXTENDED_CHAR_NAME, name, sizeof name, &err);
  }
  return U_SUCCESS(err) && length > 0 ? std::string(name, static_cast<size_t>(length))
                                      : std::string("未知字符");
}

std::string Utf8(char32_t cp) {
  char buf[4];
  int32_t at = 0;
  UBool error = false;
  U8_APPEND(reinterpret_cast<uint8_t*>(buf), at, 4, static_cast<UChar32>(cp), error);
  return error ? std::string() : std::string(buf, static_cast<size_t>(at));
}

std::string Detail(const GlyphProblem& p) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(p.cp));
  return p.where + "：字符「" + Utf8(p.cp) + "」" + code + "（" + CharName(p.cp) +
         "）字体中没有此字形";
}

}  // namespace

Status GlyphProblemsStatus(const std::string& path, const std::vector<GlyphProblem>& problems) {
  std::set<std::pair<std::string, char32_t>> seen;
  std::vector<Problem> details;
  size_t distinct = 0;
  for (const GlyphProblem& p : problems) {
    if (!seen.emplace(p.where, p.cp).second) continue;
    if (++distinct <= kMaxDetails)
      details.push_back(MakeProblem(problem_codes::kMissingGlyph, 0, "", Detail(p)));
  }
  if (distinct > kMaxDetails) {
    details.push_back(MakeProblem(problem_codes::kTooManyProblems, 0, "",
                                  "……另有 " + std::to_string(distinct - kMaxDetails) + " 处"));
  }
  return Status::InvalidArgument(
      "未生成 PDF「" + path + "」：以下字符在所有已配置的字体中都没有字形", std::move(details));
}

}  // namespace dangan::pdf
