#include "dangan/records/text.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <utility>

namespace dangan {
namespace {

// The traditional forms that occur in codes and amounts (年月日 are the same in both).
const std::pair<const char*, const char*> kTraditional[] = {
    {"長", "长"}, {"開", "开"}, {"內", "内"}, {"機", "机"}, {"祕", "秘"}, {"貳", "贰"},
    {"參", "叁"}, {"叄", "叁"}, {"陸", "陆"}, {"萬", "万"}, {"億", "亿"}, {"圓", "圆"},
    {"絕", "绝"}, {"備", "备"}, {"無", "无"}, {"兩", "两"}, {"個", "个"}};

void ReplaceAll(std::string* s, std::string_view from, std::string_view to) {
  for (size_t p = s->find(from); p != std::string::npos; p = s->find(from, p + to.size())) {
    s->replace(p, from.size(), to);
  }
}

}  // namespace

std::string FoldNfkcTrim(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  std::string folded;
  if (U_SUCCESS(status)) {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    nfkc->normalize(u, status).toUTF8String(folded);
  }
  if (U_FAILURE(status)) folded.assign(text.data(), text.size());
  const size_t b = folded.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return folded.substr(b, folded.find_last_not_of(" \t\r\n") - b + 1);
}

std::string FoldCode(std::string_view text) {
  std::string s = FoldNfkcTrim(text);
  for (const auto& [traditional, simplified] : kTraditional) ReplaceAll(&s, traditional, simplified);
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  return out;
}

}  // namespace dangan
