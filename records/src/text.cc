#include "dangan/records/text.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <memory>
#include <mutex>
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

// ICU's Traditional-Simplified transliterator is costly to create; one per process, used
// under a lock (transliterate() on a shared instance is not documented as thread-safe).
class CompareFolder {
 public:
  static CompareFolder& Get() {
    static CompareFolder folder;
    return folder;
  }

  std::string Fold(std::string_view text) {
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    if (nfkc_ != nullptr) s = nfkc_->normalize(s, status);
    if (to_simplified_) {
      std::lock_guard<std::mutex> lock(mu_);
      to_simplified_->transliterate(s);
    }
    std::string out;
    s.trim().toUTF8String(out);
    return out;
  }

 private:
  CompareFolder() {
    UErrorCode status = U_ZERO_ERROR;
    nfkc_ = icu::Normalizer2::getNFKCInstance(status);
    if (U_FAILURE(status)) nfkc_ = nullptr;
    status = U_ZERO_ERROR;
    to_simplified_.reset(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) to_simplified_.reset();
  }

  const icu::Normalizer2* nfkc_ = nullptr;
  std::unique_ptr<icu::Transliterator> to_simplified_;
  std::mutex mu_;
};

}  // namespace

std::string FoldForCompare(std::string_view text) { return CompareFolder::Get().Fold(text); }

size_t CodePointCount(std::string_view utf8) {
  size_t n = 0;
  for (unsigned char c : utf8) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

bool IsValidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  while (i < n && bytes[i] < 0x80) ++i;  // most of a spreadsheet is ASCII
  while (i < n) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

namespace {

bool IsLineBreak(UChar32 c) { return c == '\n' || c == '\r' || c == 0x2028 || c == 0x2029; }

// C0 (tab excepted), DEL and C1: they move a terminal's cursor, ring its bell or start escape
// sequences, and no clerk types them on purpose.
bool IsControl(UChar32 c) { return (c < 0x20 && c != '\t') || (c >= 0x7F && c <= 0x9F); }

// Chinese, Japanese and Korean characters and full-width forms: text written without spaces.
bool IsWideChar(UChar32 c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFFEF) || (c >= 0x20000 && c <= 0x3FFFF);
}

std::string CodePointName(UChar32 c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

}  // namespace

std::string TextFault(std::string_view text, TextLines lines) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  size_t chars = 0;
  while (i < n) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    ++chars;
    if (c < 0) return "含有无效的 UTF-8 字节（第 " + std::to_string(at + 1) + " 个字节）";
    const bool crlf = c == '\r' && i < n && bytes[i] == '\n';
    if (lines == TextLines::kMany && (c == '\n' || crlf)) continue;
    if (IsLineBreak(c)) return "不能换行";
    if (IsControl(c)) {
      return "含有控制字符 " + CodePointName(c) + "（第 " + std::to_string(chars) + " 个字）";
    }
  }
  return "";
}

std::string ForOneLine(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  std::string out;
  out.reserve(text.size());
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0 || IsControl(c) || IsLineBreak(c)) {
      out += "\xEF\xBF\xBD";  // U+FFFD
    } else {
      out.append(text.data() + at, static_cast<size_t>(i - at));
    }
  }
  return out;
}

std::string JoinLines(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  std::string out;
  out.reserve(text.size());
  UChar32 before = 0;    // the last character kept other than a space, 0 at the start
  bool pending = false;  // a line break (with its spaces) seen since `before`
  for (int32_t i = 0; i < n;) {
    const int32_t at = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c >= 0 && IsLineBreak(c)) {
      while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
      pending = true;
      continue;
    }
    if (pending && (c == ' ' || c == '\t')) continue;
    if (pending && before != 0 && !(IsWideChar(before) && IsWideChar(c))) out += ' ';
    pending = false;
    out.append(text.data() + at, static_cast<size_t>(i - at));
    // Spaces before a break are dropped with it: what counts is the character before them.
    if (c != ' ' && c != '\t') before = c < 0 ? 0xFFFD : c;
  }
  return out;
}

Problem CheckText(const std::string& field, std::string_view text, TextLines lines) {
  std::string fault = TextFault(text, lines);
  if (fault.empty()) return {};
  return MakeProblem(problem_codes::kInvalidText, 0, field, std::move(fault));
}

std::string_view TrimView(std::string_view text) {
  const char* kSpace = " \t\r\n";
  const size_t b = text.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return {};
  return text.substr(b, text.find_last_not_of(kSpace) - b + 1);
}

std::string Trim(std::string_view text) { return std::string(TrimView(text)); }

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
  return Trim(folded);
}

std::string FoldCode(std::string_view text) {
  std::string s = FoldNfkcTrim(text);
  for (const auto& [traditional, simplified] : kTraditional)
    ReplaceAll(&s, traditional, simplified);
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') continue;
    out += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  return out;
}

std::string NumberText(double number) {
  if (std::isfinite(number) && number == std::trunc(number) && std::fabs(number) < 1e15) {
    return std::to_string(static_cast<long long>(number));
  }
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, number);
  return std::string(buf, result.ptr);
}

}  // namespace dangan
