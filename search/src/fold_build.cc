// Building the fold table with ICU. Run at build time by search/tools/make_fold_table.cc, whose
// output (fold_table_data.cc) FoldTable reads, so that no process pays the ~50 ms the
// transliterator takes over every ideograph; and by the test that checks the two agree.
#include "fold_build.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

#include <map>
#include <memory>
#include <unordered_map>

namespace dangan::search::internal {
namespace {

// Unified ideographs of the BMP: the only characters ICU's Traditional-Simplified changes, and
// the only ones a compatibility ideograph or Kangxi radical becomes under NFKC. Its rules change
// no supplementary ideograph (checked over Ext B–H with ICU 72), and transliterating those
// 80,000 characters would triple the time to build the table.
constexpr char32_t kHanRanges[][2] = {{0x3400, 0x4DBF}, {0x4E00, 0x9FFF}};

// Catalogue variants that ICU leaves alone or folds elsewhere: ICU maps 帳 to 帐 (tent), but in
// records 帳 almost always means 账 (account), and simplified texts write 帐目 for 账目 too.
constexpr char32_t kExtraFolds[][2] = {{0x5E33 /*帳*/, 0x8D26 /*账*/}, {0x5E10 /*帐*/, 0x8D26}};

Packed Pack(char32_t c, CharClass k) { return (static_cast<uint32_t>(k) << 24) | c; }

// Traditional → simplified for single characters. Run once over every unified ideograph,
// separated by line breaks so that ICU's phrase rules (甚麼 → 什么) cannot join neighbours:
// one transliterate() call over the whole string is far faster than one call per character.
std::unordered_map<char32_t, char32_t> BuildTraditionalToSimplified() {
  std::unordered_map<char32_t, char32_t> map;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, err));
  if (U_SUCCESS(err) && t) {
    for (const auto& range : kHanRanges) {
      icu::UnicodeString all;
      for (char32_t c = range[0]; c <= range[1]; ++c) {
        all.append(static_cast<UChar32>(c));
        all.append(static_cast<UChar>('\n'));
      }
      t->transliterate(all);
      char32_t c = range[0];
      int32_t i = 0;
      const int32_t len = all.length();
      while (i < len && c <= range[1]) {
        UChar32 first = all.char32At(i);
        int32_t line_end = all.indexOf(static_cast<UChar>('\n'), i);
        if (line_end < 0) line_end = len;
        // Only one-to-one results are kept; anything else leaves the character as it is.
        if (line_end - i == U16_LENGTH(first) && static_cast<char32_t>(first) != c) {
          map[c] = static_cast<char32_t>(first);
        }
        i = line_end + 1;
        ++c;
      }
    }
  }
  for (const auto& extra : kExtraFolds) map[extra[0]] = extra[1];
  return map;
}

const icu::Normalizer2* NfkcCasefold() {
  UErrorCode err = U_ZERO_ERROR;
  return icu::Normalizer2::getNFKCCasefoldInstance(err);
}

}  // namespace

CharClass ClassifyCodePoint(char32_t c) {
  UChar32 u = static_cast<UChar32>(c);
  if (u_hasBinaryProperty(u, UCHAR_IDEOGRAPHIC)) return CharClass::kHan;
  UErrorCode err = U_ZERO_ERROR;
  // 々 and the like: Han script letters that are not ideographs themselves.
  if (uscript_getScript(u, &err) == USCRIPT_HAN && u_isalpha(u)) return CharClass::kHan;
  if (u_isalnum(u)) return CharClass::kWord;
  if (U_GET_GC_MASK(u) & U_GC_M_MASK) return CharClass::kMark;
  return CharClass::kBreak;
}

namespace {

// The fold of one code point: NFKC_Casefold first (a compatibility ideograph becomes its
// traditional unified form), then traditional → simplified on each resulting code point.
std::vector<Packed> FoldOne(char32_t c, const icu::Normalizer2* nfkc,
                            const std::unordered_map<char32_t, char32_t>& ts,
                            CharClass (*classify)(char32_t)) {
  std::vector<Packed> out;
  icu::UnicodeString src(static_cast<UChar32>(c));
  UErrorCode err = U_ZERO_ERROR;
  icu::UnicodeString norm = nfkc ? nfkc->normalize(src, err) : src;
  if (U_FAILURE(err)) norm = src;
  for (int32_t i = 0; i < norm.length(); i = norm.moveIndex32(i, 1)) {
    char32_t cp = static_cast<char32_t>(norm.char32At(i));
    auto it = ts.find(cp);
    if (it != ts.end()) cp = it->second;
    out.push_back(Pack(cp, classify(cp)));
  }
  return out;
}

}  // namespace

FoldTableData BuildFoldTable() {
  FoldTableData t;
  const icu::Normalizer2* nfkc = NfkcCasefold();
  const std::unordered_map<char32_t, char32_t> ts = BuildTraditionalToSimplified();
  t.bmp.resize(0x10000);
  for (char32_t c = 0; c < 0x10000; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) {  // lone surrogates never reach Fold(); keep them inert
      t.bmp[c] = Pack(c, CharClass::kBreak);
      continue;
    }
    std::vector<Packed> f = FoldOne(c, nfkc, ts, &ClassifyCodePoint);
    if (f.size() == 1) {
      t.bmp[c] = f[0];
    } else {
      t.bmp[c] = kFoldExpanded | static_cast<uint32_t>(t.pool.size());
      t.pool.push_back(static_cast<uint32_t>(f.size()));
      t.pool.insert(t.pool.end(), f.begin(), f.end());
    }
  }
  // Supplementary characters are rare in text; only those whose fold changes are stored.
  std::map<char32_t, std::vector<Packed>> supp;
  for (const auto& [from, to] : ts) {
    if (from >= 0x10000) supp[from] = {Pack(to, ClassifyCodePoint(to))};
  }
  for (char32_t c = 0x10000; c <= 0x10FFFF; ++c) {
    // NFKC changes only a few supplementary blocks (mathematical letters, compatibility
    // ideographs, enclosed alphanumerics); find them with the quick check, not a full pass.
    if (nfkc == nullptr || nfkc->isInert(static_cast<UChar32>(c))) continue;
    std::vector<Packed> f = FoldOne(c, nfkc, ts, &ClassifyCodePoint);
    if (f.size() == 1 && CodePoint(f[0]) == c) continue;
    supp[c] = f;
  }
  for (const auto& [c, f] : supp) {
    t.supp.push_back({static_cast<uint32_t>(c), static_cast<uint32_t>(t.pool.size())});
    t.pool.push_back(static_cast<uint32_t>(f.size()));
    t.pool.insert(t.pool.end(), f.begin(), f.end());
  }
  return t;
}

}  // namespace dangan::search::internal
