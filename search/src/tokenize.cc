#include "tokenize.h"

#include <unicode/normalizer2.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <vector>

#include "common_chars.h"
#include "dangan/search/tokenizer.h"
#include "fold.h"
#include "pinyin.h"

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

// What a text is tokenized for. Documents get every Han character as a token and, at the same
// position, the pair it forms with the next one when both are common characters (a bigram);
// queries look such pairs up by their bigram, whose posting list is far shorter than those of
// its two characters, which is what keeps phrase queries fast on a large archive. Pinyin texts (the
// index's pinyin column) get the readings and initials of every Han character instead.
enum class Mode { kDocument, kQuery, kPinyin };

// A Han character seen but not yet emitted: its folded UTF-8 and offsets in the original text.
struct HanChar {
  char bytes[4];
  int len = 0;
  int start = 0, end = 0;
  char32_t folded = 0, original = 0;
};

class Scanner {
 public:
  Scanner(void* ctx, TokenCallback emit, Mode mode) : ctx_(ctx), emit_(emit), mode_(mode) {
    word_.reserve(64);
  }

  int Run(const char* text, int n, int32_t i) {
    const FoldTable& table = FoldTable::Get();
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
            HanChar h;
            U8_APPEND_UNSAFE(h.bytes, h.len, static_cast<UChar32>(cp));
            // Every token of an expansion (㈱ → (株)) covers the whole original character.
            h.start = start;
            h.end = end;
            h.folded = cp;
            h.original = static_cast<char32_t>(c);
            DANGAN_SCAN_CHECK(Han(h));
            break;
          }
          case CharClass::kWord:
            if (word_.empty()) {
              DANGAN_SCAN_CHECK(EndHanRun());
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
    DANGAN_SCAN_CHECK(EndHanRun());
    return FlushWord();
  }

 private:
  int Han(const HanChar& h) {
    if (!han_run_) {
      DANGAN_SCAN_CHECK(FlushWord());
      DANGAN_SCAN_CHECK(FlushBreak());
    }
    switch (mode_) {
      case Mode::kPinyin:
        return EmitPinyin(h);
      case Mode::kDocument:
        // Position of the previous character: itself, then, for two common characters, the
        // pair as a bigram.
        if (han_run_) {
          DANGAN_SCAN_CHECK(Emit(prev_.bytes, prev_.len, prev_.start, prev_.end));
          if (CommonPair(prev_, h)) DANGAN_SCAN_CHECK(EmitBigram(prev_, h, kColocated));
        }
        break;
      case Mode::kQuery:
        // The token each position of the run is looked up by: the bigram where the document
        // has one, the character itself elsewhere.
        if (han_run_) {
          DANGAN_SCAN_CHECK(CommonPair(prev_, h)
                                ? EmitBigram(prev_, h, 0)
                                : Emit(prev_.bytes, prev_.len, prev_.start, prev_.end));
        }
        break;
    }
    han_run_ = true;
    prev_ = h;
    return SQLITE_OK;
  }

  // The run of Han characters ends: the last character's own token. A query's run of n
  // characters is n positions, as in the document, so that highlight() and snippet() mark all
  // n characters of a hit.
  int EndHanRun() {
    if (!han_run_) return SQLITE_OK;
    han_run_ = false;
    if (mode_ == Mode::kPinyin) return SQLITE_OK;
    return Emit(prev_.bytes, prev_.len, prev_.start, prev_.end);
  }

  static bool CommonPair(const HanChar& a, const HanChar& b) {
    return IsCommonChar(a.folded) && IsCommonChar(b.folded);
  }

  int EmitBigram(const HanChar& a, const HanChar& b, int flags) {
    char buf[8];
    std::memcpy(buf, a.bytes, static_cast<size_t>(a.len));
    std::memcpy(buf + a.len, b.bytes, static_cast<size_t>(b.len));
    return EmitRaw(flags, buf, a.len + b.len, a.start, b.end);
  }

  // Every reading of the character at one position, then every initial of them.
  int EmitPinyin(const HanChar& h) {
    std::vector<std::string_view> readings = PinyinOf(h.folded);
    if (readings.empty()) readings = PinyinOf(h.original);
    if (readings.empty()) return Emit(h.bytes, h.len, h.start, h.end);  // keeps the positions
    std::vector<std::string_view> tokens = readings;
    for (std::string_view r : readings) {
      for (std::string_view i : InitialsOf(r)) {
        if (std::find(tokens.begin(), tokens.end(), i) == tokens.end()) tokens.push_back(i);
      }
    }
    for (size_t k = 0; k < tokens.size(); ++k) {
      DANGAN_SCAN_CHECK(EmitRaw(k ? kColocated : 0, tokens[k].data(),
                                static_cast<int>(tokens[k].size()), h.start, h.end));
    }
    return SQLITE_OK;
  }

  // A token at a new position.
  int Emit(const char* token, int n, int start, int end) {
    return EmitRaw(0, token, n, start, end);
  }

  int EmitRaw(int flags, const char* token, int n, int start, int end) {
    emitted_ = true;
    return emit_(ctx_, flags, token, n, start, end);
  }

  // Runs of separators become one pending break, emitted only when another token follows, so
  // that a query never starts or ends with a break and two tokens are never more than one
  // position further apart than in the text.
  int Break(int start, int end) {
    DANGAN_SCAN_CHECK(EndHanRun());
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

  static constexpr int kColocated = FTS5_TOKEN_COLOCATED;

  void* ctx_;
  TokenCallback emit_;
  Mode mode_;
  bool emitted_ = false;
  bool break_pending_ = false;
  int break_start_ = 0, break_end_ = 0;
  std::string word_;
  bool word_ascii_ = true;
  int word_start_ = 0, word_end_ = 0;
  bool han_run_ = false;  // prev_ is the last character of a run still open
  HanChar prev_;
};

#undef DANGAN_SCAN_CHECK

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

int Tokenize(Fts5Tokenizer*, void* ctx, int flags, const char* text, int n, TokenCallback emit) {
  return TokenizeText(text, n, flags, ctx, emit);
}

}  // namespace

int TokenizeText(const char* text, int n, int flags, void* ctx, TokenCallback emit) {
  try {
    // Highlights and snippets (FTS5_TOKENIZE_AUX) must see the positions documents got.
    const bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    const bool pinyin = !query && n >= static_cast<int>(sizeof(kPinyinMarker) - 1) &&
                        std::memcmp(text, kPinyinMarker, sizeof(kPinyinMarker) - 1) == 0;
    Scanner scanner(ctx, emit, query ? Mode::kQuery : pinyin ? Mode::kPinyin : Mode::kDocument);
    return scanner.Run(text, n, pinyin ? static_cast<int32_t>(sizeof(kPinyinMarker) - 1) : 0);
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
