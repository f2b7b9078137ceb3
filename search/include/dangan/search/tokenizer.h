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
//     prefix queries (iso90*);
//   * a run of punctuation or white space between two tokens becomes one break token ","; it
//     keeps a phrase from matching across punctuation (印章，管理 is not found by "章管").
//
//   * a text that starts with kPinyinMarker (the index's pinyin column) gets, for each Han
//     character, every toneless reading and its initials at one position (张 → zhang, z, zh),
//     so that pinyin typed as "zhang san" or "z s" is an FTS5 phrase over that column.
//
// The same tokenizer is built as a loadable SQLite extension (libdangan_fts5.so), so that an
// archive can be queried from the standard sqlite3 shell:
//   sqlite> .load build/search/libdangan_fts5
#pragma once

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
