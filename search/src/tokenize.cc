#include "tokenize.h"

#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <new>
#include <string>

#include "dangan/tokenizer.h"
#include "fold.h"

namespace dangan::search::internal {
namespace {

void AppendUtf8(std::string& out, char32_t c) {
  char buf[4];
  int32_t n = 0;
  U8_APPEND_UNSAFE(buf, n, static_cast<UChar32>(c));
  out.append(buf, static_cast<size_t>(n));
}

#define DANGAN_SCAN_CHECK(expr)       \
  do {                                \
    int _rc = (expr);                 \
    if (_rc != SQLITE_OK) return _rc; \
  } while (0)

class Scanner {
 public:
  Scanner(void* ctx, TokenCallback emit) : ctx_(ctx), emit_(emit) { word_.reserve(64); }

  int Run(const char* text, int n) {
    const FoldTable& table = FoldTable::Get();
    int32_t i = 0;
    while (i < n) {
      const int start = i;
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(text), i, n, c);
      const int end = i;
      if (c < 0) {  // invalid UTF-8 separates like punctuation
        DANGAN_SCAN_CHECK(Break(start, end));
        continue;
      }
      Folded f = table.Fold(static_cast<char32_t>(c));
      const Packed* p = f.begin();
      if (f.n == 0) continue;  // default-ignorable: invisible, so it must not break a phrase
      for (int k = 0; k < f.n; ++k) {
        const char32_t cp = CodePoint(p[k]);
        switch (ClassOf(p[k])) {
          case CharClass::kHan: {
            DANGAN_SCAN_CHECK(FlushWord());
            DANGAN_SCAN_CHECK(FlushBreak());
            char buf[4];
            int32_t len = 0;
            U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(cp));
            // Every token of an expansion (㈱ → (株)) covers the whole original character.
            DANGAN_SCAN_CHECK(Emit(buf, len, start, end));
            break;
          }
          case CharClass::kWord:
            if (word_.empty()) {
              DANGAN_SCAN_CHECK(FlushBreak());
              word_start_ = start;
            }
            if (cp >= 0x80) word_ascii_ = false;
            AppendUtf8(word_, cp);
            word_end_ = end;
            break;
          case CharClass::kMark:
            if (!word_.empty()) {
              word_ascii_ = false;
              AppendUtf8(word_, cp);
              word_end_ = end;
            }
            break;
          case CharClass::kBreak:
            DANGAN_SCAN_CHECK(FlushWord());
            DANGAN_SCAN_CHECK(Break(start, end));
            break;
        }
      }
    }
    // A trailing break is dropped: it separates nothing.
    return FlushWord();
  }

 private:
  int Emit(const char* token, int n, int start, int end) {
    emitted_ = true;
    return emit_(ctx_, 0, token, n, start, end);
  }

  // Runs of separators become one pending break, emitted only when another token follows, so
  // that a query never starts or ends with a break and two tokens are never more than one
  // position further apart than in the text.
  int Break(int start, int end) {
    if (!emitted_) return SQLITE_OK;
    if (!break_pending_) break_start_ = start;
    break_pending_ = true;
    break_end_ = end;
    return SQLITE_OK;
  }

  int FlushBreak() {
    if (!break_pending_) return SQLITE_OK;
    break_pending_ = false;
    return Emit(kBreakToken, sizeof(kBreakToken) - 1, break_start_, break_end_);
  }

  int FlushWord() {
    if (word_.empty()) return SQLITE_OK;
    if (!word_ascii_) Recompose();
    int rc = Emit(word_.data(), static_cast<int>(word_.size()), word_start_, word_end_);
    word_.clear();
    word_ascii_ = true;
    return rc;
  }

  // Characters were folded one at a time; composing the whole word again makes e + ◌́ and é the
  // same token.
  void Recompose() {
    UErrorCode err = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCCasefoldInstance(err);
    if (U_FAILURE(err)) return;
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(word_);
    if (nfkc->isNormalized(u, err) || U_FAILURE(err)) return;
    err = U_ZERO_ERROR;
    icu::UnicodeString norm = nfkc->normalize(u, err);
    if (U_FAILURE(err)) return;
    word_.clear();
    norm.toUTF8String(word_);
  }

#undef DANGAN_SCAN_CHECK

  void* ctx_;
  TokenCallback emit_;
  bool emitted_ = false;
  bool break_pending_ = false;
  int break_start_ = 0, break_end_ = 0;
  std::string word_;
  bool word_ascii_ = true;
  int word_start_ = 0, word_end_ = 0;
};

// FTS5 glue. The tokenizer takes no arguments today; refusing unknown ones keeps a typo in
// tokenize='…' from silently building a different index.
struct Fts5Tok {};

int Create(void*, const char** args, int nargs, Fts5Tokenizer** out) {
  (void)args;
  if (nargs != 0) return SQLITE_ERROR;
  try {
    *out = reinterpret_cast<Fts5Tokenizer*>(new Fts5Tok());
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return SQLITE_OK;
}

void Delete(Fts5Tokenizer* tok) { delete reinterpret_cast<Fts5Tok*>(tok); }

int Tokenize(Fts5Tokenizer*, void* ctx, int /*flags: documents and queries alike*/,
             const char* text, int n, TokenCallback emit) {
  return TokenizeText(text, n, ctx, emit);
}

}  // namespace

int TokenizeText(const char* text, int n, void* ctx, TokenCallback emit) {
  try {
    Scanner scanner(ctx, emit);
    return scanner.Run(text, n);
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  } catch (...) {
    return SQLITE_ERROR;
  }
}

int AddTokenizer(fts5_api* api) {
  if (api == nullptr) return SQLITE_ERROR;
  static fts5_tokenizer tokenizer = {Create, Delete, Tokenize};
  return api->xCreateTokenizer(api, kChineseTokenizerName, nullptr, &tokenizer, nullptr);
}

}  // namespace dangan::search::internal
