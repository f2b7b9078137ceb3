// The search box: turns whatever a user types into an FTS5 MATCH expression for a table that
// uses the 'dangan' tokenizer. No input, however odd, yields an expression that SQLite or FTS5
// rejects; input with nothing to search for is refused with a message for the user.
//
// Syntax (everything not listed is literal text):
//   合同章 用印        terms separated by any white space are all required (AND)
//   "用印 登记"        a phrase, also with “ ” quotes; an unclosed quote runs to the end
//   用印 OR 登记       either term (also `|`); binds tighter than AND: a b OR c = a AND (b OR c)
//   -草稿              excludes records containing the term (also -"…", -题名:…)
//   题名:用印          the term must be in that column (题名：用印, 題名:用印 and 题名: 用印 too)
//   iso90*             prefix of a Latin/digit word
//   zhangsan, zs       a word of letters also finds its pinyin or initials in `pinyin_column`
//                      (张三), in every way it splits into syllables and initials
// A term is searched for as a phrase of its tokens, so 印章 finds only 印章 and FTS5 operators
// typed into it (NEAR, AND, NOT, ^, *, parentheses, colons, quotes) are plain text. Punctuation
// at either end of a term is dropped; a term with no Han character, letter or digit is ignored.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dangan/base/status.h"

namespace dangan::search {

// A column name users may type before ':' and the FTS5 column it stands for, e.g.
// {"题名", "title"}. Names are compared after FoldText, so 題名 and 题名 are the same.
struct ColumnAlias {
  std::string name;
  std::string column;
};

struct ParsedQuery {
  // The FTS5 expression for `… WHERE t MATCH ?`; empty only when ParseQuery fails.
  std::string match;
  // The positive terms as typed (without quotes, column prefix or '*'), for showing the user
  // what was searched for.
  std::vector<std::string> terms;
};

// Parses `typed` (any bytes; invalid UTF-8 separates like white space). Fails with
// InvalidArgument "查询中没有可检索的文字：…" when no positive term remains, e.g. for "", "？？",
// "-草稿" or "题名:". `pinyin_column`: the FTS5 column holding pinyin (dangan/tokenizer.h
// kPinyinMarker); empty for none.
Status ParseQuery(std::string_view typed, const std::vector<ColumnAlias>& columns, ParsedQuery* out,
                  std::string_view pinyin_column = {});

}  // namespace dangan::search
