// Folding of header names and values for comparison: NFKC, traditional → simplified.
#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "import_internal.h"

namespace dangan::import {
namespace {

class Folder {
 public:
  static Folder& Get() {
    static Folder folder;
    return folder;
  }

  std::string Fold(const std::string& text) {
    bool ascii = true;
    for (unsigned char c : text) ascii = ascii && c < 0x80;
    if (ascii) return Transform(text, true);
    // Short values repeat row after row (永久, 内部, 2015年): the transliterator is slow.
    std::lock_guard<std::mutex> lock(mu_);
    if (text.size() <= kCachedBytes) {
      auto it = cache_.find(text);
      if (it != cache_.end()) return it->second;
    }
    std::string out = Transform(text, false);
    if (text.size() <= kCachedBytes && cache_.size() < kCacheEntries) cache_[text] = out;
    return out;
  }

 private:
  static constexpr size_t kCachedBytes = 24;
  static constexpr size_t kCacheEntries = 8192;

  // Called with mu_ held unless `ascii`.
  std::string Transform(const std::string& text, bool ascii) {
    icu::UnicodeString s = icu::UnicodeString::fromUTF8(text);
    if (!ascii) {
      UErrorCode status = U_ZERO_ERROR;
      if (nfkc_ != nullptr) s = nfkc_->normalize(s, status);
      if (to_simplified_) to_simplified_->transliterate(s);
    }
    std::string out;
    s.trim().toUTF8String(out);
    return out;
  }

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
  std::unordered_map<std::string, std::string> cache_;
};

// Drops a trailing note in brackets: 页数(页) → 页数, 日期（年月日）→ 日期.
std::string WithoutTrailingNote(const std::string& s) {
  if (s.empty() || s.back() != ')') return s;
  size_t open = s.rfind('(');
  if (open == std::string::npos || open == 0) return s;
  return s.substr(0, open);
}

}  // namespace

std::string FoldValue(const std::string& text) { return Folder::Get().Fold(text); }

std::string FoldHeader(const std::string& text) {
  std::string folded = FoldValue(text);  // NFKC makes （）＊ ASCII
  std::string out;
  for (char c : folded) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c != '*') out += c;
  }
  // NFKC leaves the ideographic space alone in some ICU versions: drop it too.
  for (size_t pos = out.find("\u3000"); pos != std::string::npos; pos = out.find("\u3000")) {
    out.erase(pos, 3);
  }
  return WithoutTrailingNote(out);
}

}  // namespace dangan::import
