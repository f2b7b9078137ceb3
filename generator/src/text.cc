#include "text.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>
#include <mutex>

namespace dangan {
namespace {

// ICU's Traditional-Simplified transliterator is costly to create; one per process, used
// under a lock (transliterate() on a shared instance is not documented as thread-safe).
class Folder {
 public:
  static Folder& Get() {
    static Folder folder;
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
  Folder() {
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

std::string Fold(std::string_view text) { return Folder::Get().Fold(text); }

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

std::string Trim(std::string_view text) {
  const char* kSpace = " \t\r\n";
  size_t b = text.find_first_not_of(kSpace);
  if (b == std::string_view::npos) return "";
  size_t e = text.find_last_not_of(kSpace);
  return std::string(text.substr(b, e - b + 1));
}

bool ParseAggregate(const std::string& expr, std::string* fn, std::string* arg) {
  size_t open = expr.find('(');
  if (open == std::string::npos || expr.empty() || expr.back() != ')') return false;
  *fn = Trim(expr.substr(0, open));
  *arg = Trim(expr.substr(open + 1, expr.size() - open - 2));
  return (*fn == "sum" || *fn == "count") && !arg->empty();
}

bool ParseProduct(const std::string& expr, std::string* a, std::string* b) {
  size_t star = expr.find('*');
  if (star == std::string::npos) return false;
  *a = Trim(expr.substr(0, star));
  *b = Trim(expr.substr(star + 1));
  return !a->empty() && !b->empty() && b->find('*') == std::string::npos;
}

std::vector<std::string> PlaceholderNames(const std::string& pattern) {
  std::vector<std::string> names;
  size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    size_t end = pattern.find('}', pos);
    if (end == std::string::npos) break;
    names.push_back(pattern.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return names;
}

}  // namespace dangan
