#include "dangan/search/query.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string>
#include <string_view>
#include <vector>

#include "dangan/search/tokenizer.h"
#include "fold.h"
#include "pinyin.h"

namespace dangan::search {
namespace {

constexpr std::string_view kNothingToSearch = "查询中没有可检索的文字：";

// SQLite leaves the behaviour on invalid UTF-8 undefined, and control characters have no
// business in an expression, so both become spaces (the tokenizer breaks on them anyway).
std::string Sanitize(std::string_view typed) {
  std::string out;
  out.reserve(typed.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(typed.data());
  const int32_t n = static_cast<int32_t>(typed.size());
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0 || u_charType(c) == U_CONTROL_CHAR) {
      out += ' ';
    } else {
      out.append(typed.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
    }
  }
  return out;
}

// Reads the code point at s[i] of sanitized (valid UTF-8) text; *next is the byte after it.
char32_t At(const std::string& s, size_t i, size_t* next) {
  int32_t k = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), k, static_cast<int32_t>(s.size()), c);
  *next = static_cast<size_t>(k);
  return static_cast<char32_t>(c);
}

bool IsSpace(char32_t c) { return u_isUWhiteSpace(static_cast<UChar32>(c)); }
// Chinese input methods type “ ” (often both the same one) or full-width ＂ for ".
bool IsQuote(char32_t c) { return c == U'"' || c == U'“' || c == U'”' || c == U'＂'; }
bool IsMinus(char32_t c) { return c == U'-' || c == U'－'; }
bool IsColon(char32_t c) { return c == U':' || c == U'：'; }
bool IsStar(char32_t c) { return c == U'*' || c == U'＊'; }

struct Term {
  std::string text;    // as typed, punctuation at both ends removed
  std::string column;  // FTS5 column; empty: any column
  bool prefix = false;
  bool quoted = false;
  // Whether the first and the last token are words of kMinPartChars characters or more, which
  // may be parts of longer words in a record; `single`: the term is one token.
  bool first_part = false;
  bool last_part = false;
  bool single = false;
};

struct Item {
  bool is_or = false;
  bool negated = false;
  Term term;
};

bool IsWordToken(const std::string& token) {
  size_t next = 0;
  const char32_t first = At(token, 0, &next);
  if (next != token.size()) return true;  // Han tokens are single characters
  const internal::Folded f = internal::FoldTable::Get().Fold(first);
  return internal::ClassOf(*f.begin()) == internal::CharClass::kWord;
}

// A word long enough to be looked up as a part of longer words (tokenizer.h).
bool IsPartToken(const std::string& token) {
  size_t chars = 0;
  for (char c : token) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars >= kMinPartChars && IsWordToken(token);
}

// Fills `term` from the text of one typed term; false if it holds nothing the tokenizer
// indexes. The ends are cut at the first and last real token, so that what FTS5 receives and
// what the user is shown start and end with searchable text.
bool MakeTerm(std::string_view body, bool quoted, Term* term) {
  const std::vector<Token> tokens = Tokenize(body);
  size_t first = 0;
  while (first < tokens.size() && tokens[first].text == kBreakToken) ++first;
  if (first == tokens.size()) return false;
  size_t last = tokens.size() - 1;
  while (tokens[last].text == kBreakToken) --last;
  const auto start = static_cast<size_t>(tokens[first].start);
  const auto end = static_cast<size_t>(tokens[last].end);
  term->text = std::string(body.substr(start, end - start));
  term->first_part = IsPartToken(tokens[first].text);
  term->last_part = IsPartToken(tokens[last].text);
  term->single = first == last;
  // Only a word can be a prefix: every Han character is a token of its own, so 合同* would
  // mean nothing more than 合同.
  if (!quoted && end < body.size() && IsWordToken(tokens[last].text)) {
    const std::string rest(body.substr(end));
    size_t next = 0;
    term->prefix = IsStar(At(rest, 0, &next));
  }
  return true;
}

const std::string* FindColumn(std::string_view name, const std::vector<ColumnAlias>& columns,
                              const std::vector<std::string>& folded_names) {
  const std::string folded = FoldText(name);
  for (size_t k = 0; k < columns.size(); ++k) {
    if (folded == folded_names[k]) return &columns[k].column;
  }
  return nullptr;
}

// Splits sanitized text into items; *dangling_column tells whether a column prefix was left with
// no term after it, for the message when nothing else is searchable.
std::vector<Item> Lex(const std::string& s, const std::vector<ColumnAlias>& columns,
                      bool* dangling_column) {
  std::vector<std::string> folded_names;
  for (const ColumnAlias& c : columns) folded_names.push_back(FoldText(c.name));

  std::vector<Item> items;
  const size_t n = s.size();
  size_t i = 0;
  size_t next = 0;
  // A column prefix standing alone ("题名: 用印") applies to the next item, since IMEs and habit
  // often put a space after the colon.
  bool pending = false;
  bool pending_negated = false;
  std::string pending_column;
  while (true) {
    while (i < n && IsSpace(At(s, i, &next))) i = next;
    if (i >= n) {
      *dangling_column = pending;
      break;
    }
    bool negated = pending && pending_negated;
    std::string column = pending ? pending_column : std::string();
    pending = false;

    char32_t c = At(s, i, &next);
    if (IsMinus(c) && next < n) {
      size_t after = 0;
      if (!IsSpace(At(s, next, &after))) {
        negated = true;
        i = next;
        c = At(s, i, &next);
      }
    }
    if (!IsQuote(c)) {
      size_t j = i;
      size_t colon = std::string::npos;
      size_t after_colon = 0;
      while (j < n) {
        size_t nj = 0;
        const char32_t cj = At(s, j, &nj);
        if (IsSpace(cj)) break;
        if (IsColon(cj)) {
          colon = j;
          after_colon = nj;
          break;
        }
        j = nj;
      }
      const std::string* col =
          colon != std::string::npos && colon > i
              ? FindColumn(std::string_view(s).substr(i, colon - i), columns, folded_names)
              : nullptr;
      if (col != nullptr) {  // otherwise the colon is text: 10:30, http://…
        column = *col;
        i = after_colon;
        if (i >= n || IsSpace(At(s, i, &next))) {
          pending = true;
          pending_negated = negated;
          pending_column = column;
          continue;
        }
        c = At(s, i, &next);
      }
    }

    const bool quoted = IsQuote(c);
    size_t body_start = i;
    size_t body_end = n;
    if (quoted) {
      // An unclosed quote runs to the end; any quote character closes, as IMEs mix them.
      body_start = next;
      size_t j = next;
      i = n;
      while (j < n) {
        size_t nj = 0;
        if (IsQuote(At(s, j, &nj))) {
          body_end = j;
          i = nj;
          break;
        }
        j = nj;
      }
    } else {
      size_t j = i;
      while (j < n) {
        size_t nj = 0;
        if (IsSpace(At(s, j, &nj))) break;
        j = nj;
      }
      body_end = j;
      i = j;
    }
    const std::string_view body = std::string_view(s).substr(body_start, body_end - body_start);

    Item item;
    if (!quoted && !negated && column.empty() && (body == "OR" || body == "|" || body == "｜")) {
      item.is_or = true;
    } else if (MakeTerm(body, quoted, &item.term)) {
      item.term.quoted = quoted;
      item.negated = negated;
      item.term.column = column;
    } else {
      continue;  // punctuation only
    }
    items.push_back(std::move(item));
  }
  return items;
}

// An FTS5 string: everything up to the closing quote is text for the tokenizer, with " doubled.
std::string Fts5String(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

// How a plain term of letters may be pinyin: "zhangsan" → "zhang" + "san" OR "zhan" + "g" + …
// An FTS5 expression over the pinyin column, or "" when the term is not letters only.
std::string PinyinAlternatives(const Term& t, std::string_view pinyin_column) {
  constexpr size_t kMaxLetters = 30;
  constexpr size_t kMaxSplits = 6;
  if (pinyin_column.empty() || !t.column.empty() || t.quoted || t.prefix) return "";
  if (t.text.size() < 2 || t.text.size() > kMaxLetters) return "";
  std::string letters;
  for (char c : t.text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z') return "";
    letters += c;
  }
  std::string out;
  for (const std::vector<std::string>& pieces : internal::SplitPinyin(letters, kMaxSplits)) {
    std::string phrase;
    for (const std::string& piece : pieces) {
      if (!phrase.empty()) phrase += " + ";
      phrase += Fts5String(piece);
    }
    if (!out.empty()) out += " OR ";
    out += phrase;
  }
  if (out.empty()) return "";
  return Fts5String(pinyin_column) + " : (" + out + ")";
}

// The term's text wherever it occurs, also where its words at either end are parts of longer
// words (tokenizer.h): a word alone anywhere inside a word (3571 in ht20243571), a first word
// as the end of a word (000元 in 2000元), a last word as the start of one. A whole word is
// looked up by its own token, so a query for one stays as fast as before. A typed star keeps
// its meaning: the prefix of a whole word (iso90*).
std::string Lookup(const Term& t) {
  if (t.prefix) return Fts5String(t.text) + "*";
  if (t.single && t.first_part) {
    return "(" + Fts5String(t.text) + " OR " + Fts5String(kSuffixMarker + t.text) + "* OR " +
           Fts5String(kHeadMarker + t.text) + "*)";
  }
  const std::string star = t.last_part ? "*" : "";
  const std::string plain = Fts5String(t.text) + star;
  if (!t.first_part) return plain;
  return "(" + plain + " OR " + Fts5String(kSuffixMarker + t.text) + star + ")";
}

std::string Render(const Term& t, std::string_view pinyin_column) {
  std::string out;
  if (!t.column.empty()) out = Fts5String(t.column) + " : ";
  out += Lookup(t);
  const std::string pinyin = PinyinAlternatives(t, pinyin_column);
  return pinyin.empty() ? out : "(" + out + " OR " + pinyin + ")";
}

std::string Join(const std::vector<Term>& terms, std::string_view op,
                 std::string_view pinyin_column) {
  std::string out;
  for (const Term& t : terms) {
    if (!out.empty()) out.append(op);
    out += Render(t, pinyin_column);
  }
  return terms.size() > 1 ? "(" + out + ")" : out;
}

// The typed query as it may appear in a message: one line, not overly long.
std::string Shown(const std::string& sanitized) {
  constexpr int kMaxChars = 30;
  size_t begin = 0;
  size_t end = sanitized.size();
  size_t next = 0;
  while (begin < end && IsSpace(At(sanitized, begin, &next))) begin = next;
  std::string out;
  int chars = 0;
  for (size_t i = begin; i < end; i = next) {
    At(sanitized, i, &next);
    if (chars++ == kMaxChars) return out + "…";
    out.append(sanitized, i, next - i);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

}  // namespace

Status ParseQuery(std::string_view typed, const std::vector<ColumnAlias>& columns, ParsedQuery* out,
                  std::string_view pinyin_column) {
  *out = ParsedQuery();
  const std::string s = Sanitize(typed);
  bool dangling_column = false;
  const std::vector<Item> items = Lex(s, columns, &dangling_column);

  std::vector<std::vector<Term>> clauses;  // AND of ORs
  std::vector<Term> excluded;
  bool after_term = false;  // an OR joins only two positive terms; elsewhere it is ignored
  bool joining = false;
  for (const Item& item : items) {
    if (item.is_or) {
      joining = after_term;
      continue;
    }
    if (item.negated) {
      excluded.push_back(item.term);
      after_term = joining = false;
      continue;
    }
    if (joining) {
      clauses.back().push_back(item.term);
    } else {
      clauses.push_back({item.term});
    }
    out->terms.push_back(item.term.text);
    after_term = true;
    joining = false;
  }

  if (clauses.empty()) {
    const std::string shown = Shown(s);
    std::string why;
    if (shown.empty()) {
      why = "查询为空，请输入要查找的字词";
    } else if (!excluded.empty()) {
      why = "“" + shown + "”只有排除条件（-…），请再输入至少一个要查找的字词";
    } else if (dangling_column) {
      why = "“" + shown + "”冒号后没有要查找的字词";
    } else {
      why = "“" + shown + "”中只有标点、符号或运算符，请输入汉字、字母或数字";
    }
    out->terms.clear();
    return Status::InvalidArgument(std::string(kNothingToSearch) + why);
  }

  std::string match;
  for (const std::vector<Term>& alternatives : clauses) {
    if (!match.empty()) match += " AND ";
    match += Join(alternatives, " OR ", pinyin_column);
  }
  if (!excluded.empty()) {
    if (clauses.size() > 1) match = "(" + match + ")";
    // An excluded word is never taken as pinyin: -zs must not drop every 张三.
    match += " NOT " + Join(excluded, " OR ", "");
  }
  out->match = std::move(match);
  return Status::Ok();
}

}  // namespace dangan::search
