// The Chinese tokenizer of dangan's full-text index: an SQLite 3.40 FTS5 tokenizer (API v1).
//
//   CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='dangan');
//
// Every character is folded before it becomes a token: NFKC with case folding (ＡＢＣ２０２４ →
// abc2024), then traditional → simplified (檔案 → 档案, 爲/為 → 为, 覈 → 核, 帳/帐 → 账). Token
// offsets always point into the ORIGINAL text, so highlight() and snippet() mark the characters
// the record really contains (traditional stays traditional).
//
// Token scheme:
//   * every Han character is one token (unigram), and at the same position (FTS5 colocated
//     token) it forms a bigram with the next character when both are among the 500 commonest
//     (search/src/common_chars.h): 公司管理 gives 公|公司 司 管|管理 理. A query's run of
//     characters is looked up position by position by the same bigram where there is one and
//     the character otherwise (公司管理 → 公司 司 管理 理). So any run of Chinese characters in a
//     record is found as an FTS5 phrase (章管 finds 印章管理, 单 finds 申请单), and the long
//     posting lists of two common characters are replaced by the short one of their pair;
//   * a run of letters and digits is one lower-cased word (iso9001, abc123, 2024), usable with
//     prefix queries (iso90*). So that any part of 3 characters or more of a word can be found
//     (3571 in ht20243571, 000 in 2000元, ord in word), a word of 4 to kMaxPartWordChars
//     characters also gets, at its own position (colocated), every proper suffix of 3
//     characters or more behind kSuffixMarker (shown as ◆: ht20243571 → ◆t20243571 … ◆571)
//     and itself without its last character behind kHeadMarker (◇ht2024357), each cut to
//     kMaxPartChars characters. A part
//     inside the word is a prefix of a suffix, a part at its start a prefix of the head, and a
//     part at its end a suffix; the word itself is none of them, so the query builder looks a
//     whole word up by its own token, whose posting list is not touched by the parts;
//   * a run of punctuation or white space between two tokens becomes one break token ","; it
//     keeps a phrase from matching across punctuation (印章，管理 is not found by "章管");
//   * except white space in or across the lines of Chinese text: white space holding at most one
//     line break (\n, \r\n, \r, U+2028, U+0085, vertical tab) between two Han characters, or
//     between a Han character and a letter or digit, is no break at all: 管理制\n度 is 管理制度
//     (bigram 制度 included), 签订2024\n年 is 签订2024年, 合 同 编 号 is 合同编号. PDF text
//     layers and OCR break lines wherever the page ran out, and text layers of justified lines
//     hold spaces between characters (pango, tests/data/wrapped/). Between two words a line
//     break is a break, as a space is; a word hyphenated at the end of a line is one word
//     (infor-\nmation → information; also U+2010 and the soft hyphen). A blank line (two line
//     breaks: a paragraph), a form feed (a page, or the next file of an item), U+2029 and any
//     punctuation stay a break. So 印章，管理 and 印章\n\n管理 are not found by 章管, while
//     印章 管理 is, and a quoted "用印 登记" is the phrase 用印登记.
//
//   * a text that starts with kPinyinMarker (the index's pinyin column) gets, for each Han
//     character, every toneless reading and its initials at one position (张 → zhang, z, zh),
//     so that pinyin typed as "zhang san" or "z s" is an FTS5 phrase over that column.
//
// The same tokenizer is built as a loadable SQLite extension (libdangan_fts5.so), so that an
// archive can be queried from the standard sqlite3 shell:
//   sqlite> .load build/search/libdangan_fts5
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "dangan/base/status.h"

struct sqlite3;

namespace dangan {

// The name given in tokenize='…'.
inline constexpr char kChineseTokenizerName[] = "dangan";

// Registers the tokenizer on one connection (FTS5 tokenizers are per connection). Call it before
// the first statement that opens a table using it.
Status RegisterChineseTokenizer(sqlite3* db);

namespace search {

// Prefix of a text to be indexed as pinyin: the private-use characters U+E000 U+E001.
inline constexpr char kPinyinMarker[] = "\xEE\x80\x80\xEE\x80\x81";

// The text of the token that stands for a run of punctuation or white space.
inline constexpr char kBreakToken[] = ",";

// Parts of words (see the token scheme above): the private-use characters U+E002 and U+E003,
// which the tokenizer never makes a token of otherwise. A query text that starts with one of
// them has its first word looked up as that kind of part (the query builder's doing).
inline constexpr char kSuffixMarker[] = "\xEE\x80\x82";
inline constexpr char kHeadMarker[] = "\xEE\x80\x83";
// The shortest part of a word that is found; parts are cut after kMaxPartChars characters (a
// longer part is looked up by its first kMaxPartChars), and a word longer than kMaxPartWordChars
// (a digest, encoded data) gets no parts.
inline constexpr size_t kMinPartChars = 3;
inline constexpr size_t kMaxPartChars = 32;
inline constexpr size_t kMaxPartWordChars = 64;

struct Token {
  std::string text;  // folded UTF-8
  int start = 0;     // byte offsets into the original text: [start, end)
  int end = 0;
};

// The tokens FTS5 receives for `text` as a document, one per position (the colocated bigrams
// left out), for the query builder and for inspection.
std::vector<Token> Tokenize(std::string_view text);

// `text` with every character folded as the tokenizer folds it (punctuation included), so that
// "does the record contain this query" can be checked with a plain substring search.
std::string FoldText(std::string_view text);

}  // namespace search
}  // namespace dangan
