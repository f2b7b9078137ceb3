#include "tokenize.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
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

// What a separator means in a gap between tokens.
enum class GapChar {
  kSpace,           // white space within a line
  kLineFeed,        // \n
  kCarriageReturn,  // \r (\r\n counts once)
  kLineBreak,       // U+0085, U+2028, vertical tab
  kHyphen,          // - or U+2010: joins a word hyphenated across a line break
  kHard,            // punctuation, symbols, a form feed (a page or a file ends), U+2029
};

GapChar GapCharOf(char32_t c) {
  switch (c) {
    case U'\n':
      return GapChar::kLineFeed;
    case U'\r':
      return GapChar::kCarriageReturn;
    case 0x0B:
    case 0x85:
    case 0x2028:
      return GapChar::kLineBreak;
    case U'-':
    case 0x2010:
      return GapChar::kHyphen;
    case U'\f':
    case 0x2029:
      return GapChar::kHard;
    default:
      return u_isUWhiteSpace(static_cast<UChar32>(c)) ? GapChar::kSpace : GapChar::kHard;
  }
}

bool IsLetter(char32_t c) { return u_isalpha(static_cast<UChar32>(c)) != 0; }

// The last code point of non-empty UTF-8.
char32_t LastChar(const std::string& s) {
  int32_t i = static_cast<int32_t>(s.size());
  UChar32 c;
  U8_PREV(reinterpret_cast<const uint8_t*>(s.data()), 0, i, c);
  return static_cast<char32_t>(c);
}

// The separators between two tokens.
struct Gap {
  bool active = false;
  int start = 0, end = 0;  // offsets in the original text
  int line_breaks = 0;
  bool after_cr = false;  // the last separator was \r
  bool hard = false;      // holds something other than white space (or a second hyphen)
  bool hyphen = false;    // starts with a hyphen right after a letter
};

class Scanner {
 public:
  Scanner(void* ctx, TokenCallback emit, Mode mode) : ctx_(ctx), emit_(emit), mode_(mode) {
    word_.reserve(64);
  }

  // A query text starting with kSuffixMarker or kHeadMarker: its first word, if it is the first
  // token, is looked up as that kind of part of a word (tokenizer.h). Returns the marker's length.
  int32_t TakeQueryMarker(const char* text, int n) {
    for (std::string_view marker : {std::string_view(kSuffixMarker), std::string_view(kHeadMarker)}) {
      if (static_cast<size_t>(n) >= marker.size() &&
          std::memcmp(text, marker.data(), marker.size()) == 0) {
        query_marker_ = marker;
        return static_cast<int32_t>(marker.size());
      }
    }
    return 0;
  }

  int Run(const char* text, int n, int32_t i) {
    const FoldTable& table = FoldTable::Get();
    while (i < n) {
      const int start = i;
      UChar32 c;
      U8_NEXT(reinterpret_cast<const uint8_t*>(text), i, n, c);
      const int end = i;
      if (c < 0) {  // invalid UTF-8 separates like punctuation
        AddToGap(GapChar::kHard, start, end);
        continue;
      }
      Folded f = table.Fold(static_cast<char32_t>(c));
      const Packed* p = f.begin();
      if (f.n == 0) {  // default-ignorable: invisible, so it must not break a phrase
        if (c == 0xAD && !word_.empty() && !gap_.active) soft_hyphen_ = true;
        continue;
      }
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
            DANGAN_SCAN_CHECK(CloseGap(CharClass::kHan, cp));
            DANGAN_SCAN_CHECK(Han(h));
            break;
          }
          case CharClass::kWord:
            DANGAN_SCAN_CHECK(CloseGap(CharClass::kWord, cp));
            if (word_.empty()) {
              DANGAN_SCAN_CHECK(EndHanRun());
              word_start_ = start;
            }
            if (cp >= 0x80) word_ascii_ = false;
            AppendUtf8(word_, cp);
            word_end_ = end;
            soft_hyphen_ = false;
            break;
          case CharClass::kMark:
            if (!word_.empty() && !gap_.active) {
              word_ascii_ = false;
              AppendUtf8(word_, cp);
              word_end_ = end;
            }
            break;
          case CharClass::kBreak:
            AddToGap(GapCharOf(static_cast<char32_t>(c)), start, end);
            break;
        }
      }
    }
    // A trailing gap is dropped: it separates nothing.
    DANGAN_SCAN_CHECK(EndHanRun());
    return FlushWord();
  }

 private:
  int Han(const HanChar& h) {
    if (!han_run_) DANGAN_SCAN_CHECK(FlushWord());
    query_marker_ = {};  // only a word can be looked up as a part of a word
    switch (mode_) {
      case Mode::kPinyin:
        DANGAN_SCAN_CHECK(EmitPinyin(h));
        break;
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
    return emit_(ctx_, flags, token, n, start, end);
  }

  // The separators between two tokens (punctuation, white space, invalid UTF-8) are collected
  // into one gap, and what the gap means is decided when the next token comes (CloseGap), since
  // a line break means something else between two Han characters than between two words.
  void AddToGap(GapChar kind, int start, int end) {
    if (!gap_.active) {
      gap_ = Gap{};
      gap_.active = true;
      gap_.start = start;
      // A hyphen right after a letter may join a word broken across lines (infor-\nmation).
      gap_.hyphen = (kind == GapChar::kHyphen || soft_hyphen_) && !word_.empty() &&
                    IsLetter(LastChar(word_));
      if (kind == GapChar::kHyphen && gap_.hyphen) {
        gap_.end = end;
        return;
      }
    }
    gap_.end = end;
    switch (kind) {
      case GapChar::kSpace:
        gap_.after_cr = false;
        break;
      case GapChar::kLineFeed:  // \r\n is one line break
        if (!gap_.after_cr) ++gap_.line_breaks;
        gap_.after_cr = false;
        break;
      case GapChar::kCarriageReturn:
        ++gap_.line_breaks;
        gap_.after_cr = true;
        break;
      case GapChar::kLineBreak:
        ++gap_.line_breaks;
        gap_.after_cr = false;
        break;
      case GapChar::kHyphen:
      case GapChar::kHard:
        gap_.hard = true;
        break;
    }
  }

  // The next token is of class `next` (kHan or kWord) and starts with `cp`: the gap before it is
  // no break at all (white space in a line of Chinese text, or where such a line was wrapped),
  // joins a hyphenated word, or is one break token.
  int CloseGap(CharClass next, char32_t cp) {
    if (!gap_.active) return SQLITE_OK;
    const Gap g = gap_;
    gap_.active = false;
    soft_hyphen_ = false;
    const bool after_word = !word_.empty();
    if (!after_word && !han_run_) return SQLITE_OK;  // nothing before it: a leading gap
    const bool white = !g.hard && !g.hyphen && g.line_breaks <= 1;
    if (after_word && next == CharClass::kWord) {
      const bool wrapped = !g.hard && g.hyphen && g.line_breaks == 1 && IsLetter(cp);
      return wrapped ? SQLITE_OK : BreakAfter(g);  // a hyphenated word goes on
    }
    if (!white) return BreakAfter(g);
    // A Han character on at least one side: the two are neighbours.
    if (han_run_ && next == CharClass::kHan) return SQLITE_OK;
    DANGAN_SCAN_CHECK(EndHanRun());
    return FlushWord();
  }

  // The token before the gap, then the break token standing for the gap.
  int BreakAfter(const Gap& g) {
    DANGAN_SCAN_CHECK(EndHanRun());
    DANGAN_SCAN_CHECK(FlushWord());
    return Emit(kBreakToken, sizeof(kBreakToken) - 1, g.start, g.end);
  }

  int FlushWord() {
    if (word_.empty()) return SQLITE_OK;
    if (!word_ascii_) Recompose();
    int rc = SQLITE_OK;
    if (!query_marker_.empty()) {
      rc = EmitMarked(0, query_marker_, 0, word_.size());
    } else {
      rc = Emit(word_.data(), static_cast<int>(word_.size()), word_start_, word_end_);
      if (rc == SQLITE_OK && mode_ == Mode::kDocument) rc = EmitParts();
    }
    query_marker_ = {};
    word_.clear();
    word_ascii_ = true;
    return rc;
  }

  // The parts of a word a query may look for (tokenizer.h): at the word's position, each proper
  // suffix of kMinPartChars characters or more behind kSuffixMarker, and the word without its
  // last character behind kHeadMarker, each cut to kMaxPartChars characters.
  int EmitParts() {
    std::vector<size_t> starts;  // byte offset of each character
    for (size_t i = 0; i < word_.size(); i += Utf8Length(word_[i])) starts.push_back(i);
    const size_t chars = starts.size();
    if (chars <= kMinPartChars || chars > kMaxPartWordChars) return SQLITE_OK;
    starts.push_back(word_.size());
    DANGAN_SCAN_CHECK(
        EmitMarked(kColocated, kHeadMarker, 0, starts[std::min(chars - 1, kMaxPartChars)]));
    for (size_t k = 1; k + kMinPartChars <= chars; ++k) {
      const size_t end = starts[std::min(chars, k + kMaxPartChars)];
      DANGAN_SCAN_CHECK(EmitMarked(kColocated, kSuffixMarker, starts[k], end));
    }
    return SQLITE_OK;
  }

  // word_[from, to) behind `marker`, covering the whole word in the original text.
  int EmitMarked(int flags, std::string_view marker, size_t from, size_t to) {
    if (mode_ == Mode::kQuery) to = std::min(to, CutAt(from, kMaxPartChars));
    part_.assign(marker);
    part_.append(word_, from, to - from);
    return EmitRaw(flags, part_.data(), static_cast<int>(part_.size()), word_start_, word_end_);
  }

  // The byte offset `chars` characters after `from` in word_, or its end.
  size_t CutAt(size_t from, size_t chars) const {
    size_t i = from;
    for (size_t k = 0; k < chars && i < word_.size(); ++k) i += Utf8Length(word_[i]);
    return std::min(i, word_.size());
  }

  static size_t Utf8Length(char lead) {
    const auto b = static_cast<unsigned char>(lead);
    return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
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
  Gap gap_;
  bool soft_hyphen_ = false;  // the word ends in a soft hyphen (U+00AD)
  std::string word_;
  std::string part_;  // a marked part of word_ being emitted
  std::string_view query_marker_;  // a query's first word is looked up as this kind of part
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
    if (query) return scanner.Run(text, n, scanner.TakeQueryMarker(text, n));
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
