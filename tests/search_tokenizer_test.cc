// The Chinese FTS5 tokenizer, exercised through real FTS5 tables in SQLite.
#include <sqlite3.h>

#include <cctype>
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dangan/search/tokenizer.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

using Rows = std::vector<int64_t>;

// One connection with the tokenizer registered and table t(title, body) using it.
class Index {
 public:
  explicit Index(const char* path = ":memory:") {
    REQUIRE(sqlite3_open(path, &db_) == SQLITE_OK);
    Status st = RegisterChineseTokenizer(db_);
    REQUIRE(st.ok());
    Exec("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='dangan')");
  }
  ~Index() { sqlite3_close(db_); }
  Index(const Index&) = delete;
  Index& operator=(const Index&) = delete;

  sqlite3* db() { return db_; }

  void Exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << ": " << (err ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  }

  int64_t Add(const std::string& body, const std::string& title = "") {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "INSERT INTO t(title, body) VALUES (?1, ?2)", -1, &st,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, body.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    return sqlite3_last_insert_rowid(db_);
  }

  // Rowids matching an FTS5 query, in rowid order.
  Rows Match(const std::string& query) {
    Rows rows;
    for (const auto& row : Select("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", query)) {
      rows.push_back(std::stoll(row));
    }
    return rows;
  }

  // highlight() of the body column, in rowid order.
  std::vector<std::string> Highlight(const std::string& query) {
    return Select("SELECT highlight(t, 1, '[', ']') FROM t WHERE t MATCH ?1 ORDER BY rowid", query);
  }

  std::vector<std::string> Select(const std::string& sql, const std::string& arg) {
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr);
    INFO(sql << ": " << sqlite3_errmsg(db_));
    REQUIRE(rc == SQLITE_OK);
    sqlite3_bind_text(st, 1, arg.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::string> out;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(st, 0);
      out.emplace_back(text ? reinterpret_cast<const char*>(text) : "");
    }
    INFO("MATCH " << arg << ": " << sqlite3_errmsg(db_));
    sqlite3_finalize(st);
    REQUIRE(rc == SQLITE_DONE);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

std::string Phrase(const std::string& text) { return "\"" + text + "\""; }

TEST_CASE("a run of Chinese characters crossing a word boundary finds the record",
          "[search][tokenizer]") {
  Index idx;
  int64_t seal = idx.Add("公司印章管理制度");
  int64_t reg = idx.Add("用印登记表");
  idx.Add("会议签到表");
  CHECK(idx.Match("章管") == Rows{seal});
  CHECK(idx.Match("理制") == Rows{seal});
  CHECK(idx.Match("用印登记") == Rows{reg});
  CHECK(idx.Match("印登") == Rows{reg});
  CHECK(idx.Match("到表") == Rows{3});
  CHECK(idx.Match(Phrase("印章管理制度")) == Rows{seal});
  // A phrase is an exact substring: the same characters in another order do not match.
  CHECK(idx.Match("管章").empty());
}

TEST_CASE("a single Chinese character finds every record containing it", "[search][tokenizer]") {
  Index idx;
  int64_t form = idx.Add("办公用品申请单");
  int64_t list = idx.Add("单位名单");
  idx.Add("用印登记表");
  CHECK(idx.Match("单") == Rows{form, list});
  CHECK(idx.Match("印") == Rows{3});
  CHECK(idx.Match("表") == Rows{3});
}

TEST_CASE("traditional and simplified characters find each other", "[search][tokenizer]") {
  Index idx;
  int64_t trad = idx.Add("檔案管理制度（繁體）");
  int64_t simp = idx.Add("档案管理制度");
  CHECK(idx.Match("档案") == Rows{trad, simp});
  CHECK(idx.Match("檔案") == Rows{trad, simp});
  CHECK(idx.Match("檔案管理") == Rows{trad, simp});
  CHECK(idx.Match("繁体") == Rows{trad});

  SECTION("the variants the catalogues list fold together") {
    int64_t wei = idx.Add("爲加強管理");
    int64_t wei2 = idx.Add("為規範流程");
    int64_t wei3 = idx.Add("为提高效率");
    int64_t he = idx.Add("覈對帳目");
    int64_t he2 = idx.Add("核对账目");
    int64_t zhang = idx.Add("帐目清楚");
    CHECK(idx.Match("为") == Rows{wei, wei2, wei3});
    CHECK(idx.Match("爲") == Rows{wei, wei2, wei3});
    CHECK(idx.Match("核对") == Rows{he, he2});
    CHECK(idx.Match("账目") == Rows{he, he2, zhang});
    CHECK(idx.Match("帳目") == Rows{he, he2, zhang});
  }
}

TEST_CASE("full-width digits and letters equal their half-width forms", "[search][tokenizer]") {
  Index idx;
  int64_t wide = idx.Add("会议签到表：ＡＢＣ有限公司 ２０２４年");
  int64_t narrow = idx.Add("abc 有限公司 2024 年");
  CHECK(idx.Match("2024") == Rows{wide, narrow});
  CHECK(idx.Match("２０２４") == Rows{wide, narrow});
  CHECK(idx.Match("abc") == Rows{wide, narrow});
  CHECK(idx.Match("ＡＢＣ") == Rows{wide, narrow});
  CHECK(idx.Match("ABC") == Rows{wide, narrow});
}

TEST_CASE("letters and digits are words usable with prefix queries", "[search][tokenizer]") {
  Index idx;
  int64_t iso = idx.Add("2024年度ISO9001审核");
  int64_t code = idx.Add("合同编号ABC123，Straße");
  CHECK(idx.Match("iso9001") == Rows{iso});
  CHECK(idx.Match("iso90*") == Rows{iso});
  CHECK(idx.Match("ISO*") == Rows{iso});
  CHECK(idx.Match("abc123") == Rows{code});
  CHECK(idx.Match("abc*") == Rows{code});
  CHECK(idx.Match("2024") == Rows{iso});
  CHECK(idx.Match("strasse") == Rows{code});  // case folding: ß → ss
  // Words are whole tokens: FTS5 finds a part of one only by the lookups the query builder
  // makes (search_wrapped_test.cc), or as a prefix.
  CHECK(idx.Match("iso").empty());
  CHECK(idx.Match("9001").empty());
  CHECK(idx.Match(Phrase("年度iso9001审核")) == Rows{iso});
}

TEST_CASE("a phrase never matches across punctuation, a blank line or columns",
          "[search][tokenizer]") {
  Index idx;
  int64_t comma = idx.Add("“印章，管理”");
  int64_t space = idx.Add("印章 管理");
  int64_t newline = idx.Add("印章\n\n管理");
  int64_t joined = idx.Add("印章管理");
  int64_t columns = idx.Add("管理", "印章");
  // White space within or across the lines of Chinese text is no break (search_wrapped_test.cc).
  CHECK(idx.Match("章管") == Rows{space, joined});
  CHECK(idx.Match(Phrase("印章管理")) == Rows{space, joined});
  // Both characters are still there, so an AND query finds them all.
  CHECK(idx.Match("印章 AND 管理") == Rows{comma, space, newline, joined, columns});
  // Typing the punctuation asks for a break at that place.
  CHECK(idx.Match(Phrase("印章，管理")) == Rows{comma, newline});
  // Breaks at either end of a query are dropped instead of requiring punctuation there.
  CHECK(idx.Match(Phrase("，印章，")) == Rows{comma, space, newline, joined, columns});
}

TEST_CASE("highlight marks the original characters of the record", "[search][tokenizer]") {
  Index idx;
  idx.Add("檔案管理制度（繁體）");
  idx.Add("会议签到表：ＡＢＣ有限公司 ２０２４年");
  idx.Add("公司印章管理制度");
  CHECK(idx.Highlight("档案") == std::vector<std::string>{"[檔案]管理制度（繁體）"});
  CHECK(idx.Highlight("abc") ==
        std::vector<std::string>{"会议签到表：[ＡＢＣ]有限公司 ２０２４年"});
  CHECK(idx.Highlight("2024") ==
        std::vector<std::string>{"会议签到表：ＡＢＣ有限公司 [２０２４]年"});
  CHECK(idx.Highlight("章管") == std::vector<std::string>{"公司印[章管]理制度"});
  CHECK(idx.Highlight("体") == std::vector<std::string>{"檔案管理制度（繁[體]）"});
  auto snippet =
      idx.Select("SELECT snippet(t, 1, '[', ']', '…', 16) FROM t WHERE t MATCH ?1", "印章管理");
  CHECK(snippet == std::vector<std::string>{"公司[印章管理]制度"});
}

TEST_CASE("token offsets point into the original text", "[search][tokenizer]") {
  const std::string text = "  （ＩＳＯ9001）檔案，，管理 Café\xFF单";
  std::vector<search::Token> tokens = search::Tokenize(text);
  std::vector<std::string> texts, originals;
  for (const auto& t : tokens) {
    texts.push_back(t.text);
    originals.push_back(text.substr(t.start, t.end - t.start));
  }
  // Leading and trailing separators give no token; a run of separators gives one.
  // The space between 理 and Café is no break: a Han character is on one side.
  CHECK(texts == std::vector<std::string>{"iso9001", ",", "档", "案", ",", "管", "理", "café", ",",
                                          "单"});
  CHECK(originals == std::vector<std::string>{"ＩＳＯ9001", "）", "檔", "案", "，，", "管", "理",
                                              "Café", "\xFF", "单"});
  // A decomposed accent composes into the same word as the precomposed one.
  CHECK(search::Tokenize("Cafe\xCC\x81")[0].text == "café");
  CHECK(search::FoldText("檔案ＡＢＣ２０２４") == "档案abc2024");
}

TEST_CASE("the loadable extension makes the tokenizer available to a plain connection",
          "[search][tokenizer]") {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(":memory:", &db) == SQLITE_OK);
  REQUIRE(sqlite3_enable_load_extension(db, 1) == SQLITE_OK);
  char* err = nullptr;
  int rc = sqlite3_load_extension(db, DANGAN_FTS5_EXTENSION, nullptr, &err);
  INFO((err ? err : ""));
  sqlite3_free(err);
  REQUIRE(rc == SQLITE_OK);
  REQUIRE(sqlite3_exec(db,
                       "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='dangan');"
                       "INSERT INTO t VALUES ('檔案管理制度'), ('公司印章管理制度');",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH '档案'", -1,
                             &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))) == "[檔案]管理制度");
  CHECK(sqlite3_step(st) == SQLITE_DONE);
  sqlite3_finalize(st);
  // The same rules as the built-in copy: a phrase across a wrapped line, a part of a word.
  REQUIRE(sqlite3_exec(db, "INSERT INTO t VALUES ('签订年度供' || char(10) || '货合同HT20243571')",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT count(*) FROM t WHERE t MATCH '\"年度供货合同\" AND "
                             "\"\xEE\x80\x82" "3571\"'",
                             -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 1);
  sqlite3_finalize(st);
  // Unknown tokenizer arguments are refused rather than silently ignored.
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE u USING fts5(x, tokenize='dangan bigram')", nullptr,
                     nullptr, nullptr) != SQLITE_OK);
  sqlite3_close(db);
}

// `folded` without the white space that is no break (tokenizer.h): at most one line break, with a
// Han character on one side and a Han character, letter or digit on the other.
std::string Unwrapped(const std::string& folded) {
  const auto han = [](const std::string& s, size_t i) {
    return i < s.size() && static_cast<unsigned char>(s[i]) >= 0xE3 &&
           static_cast<unsigned char>(s[i]) <= 0xE9;  // U+3000–U+9FFF, near enough here
  };
  const auto alnum = [](const std::string& s, size_t i) {
    return i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]));
  };
  std::string out;
  size_t last = std::string::npos;  // start of the last character written
  for (size_t i = 0; i < folded.size();) {
    const char c = folded[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      size_t n = 1;
      while (i + n < folded.size() && (static_cast<unsigned char>(folded[i + n]) & 0xC0) == 0x80) ++n;
      last = out.size();
      out.append(folded, i, n);
      i += n;
      continue;
    }
    size_t j = i;
    int breaks = 0;
    while (j < folded.size() && (folded[j] == ' ' || folded[j] == '\t' || folded[j] == '\n' ||
                                 folded[j] == '\r')) {
      breaks += folded[j] == '\n';
      ++j;
    }
    const bool before_han = last != std::string::npos && han(out, last);
    const bool before_word = last != std::string::npos && alnum(out, last);
    const bool joins = breaks <= 1 && ((before_han && (han(folded, j) || alnum(folded, j))) ||
                                       (before_word && han(folded, j)));
    if (!joins) out.append(folded, i, j - i);
    i = j;
  }
  return out;
}

// Paragraphs of the regulation texts (both scripts), one record each.
std::vector<std::string> SeedParagraphs() {
  std::vector<std::string> paragraphs;
  for (const char* name :
       {"000_da79b9fb516bdeca.txt", "001_448e2d37cbb7b815.txt", "002_bdcd44a46466e00e.txt",
        "003_9f8bdc9385a5f78e.txt", "004_ba43bf377ea6ab1d.txt"}) {
    std::ifstream in(test::SourcePath(std::string("samples/seeds/") + name));
    REQUIRE(in.good());
    std::string line;
    while (std::getline(in, line)) {
      if (line.size() >= 6) paragraphs.push_back(line);
    }
  }
  return paragraphs;
}

TEST_CASE("every run of Chinese characters in the regulation texts finds exactly its records",
          "[search][tokenizer]") {
  std::vector<std::string> paragraphs = SeedParagraphs();
  REQUIRE(paragraphs.size() > 100);
  Index idx;
  idx.Exec("BEGIN");
  std::vector<std::string> folded;
  for (const auto& p : paragraphs) {
    idx.Add(p);
    folded.push_back(Unwrapped(search::FoldText(p)));
  }
  idx.Exec("COMMIT");

  // Queries are runs of 1–5 adjacent Han characters cut from random records, in the record's
  // own script; the truth is every record whose folded text, without the white space that is no
  // break, contains the folded query.
  std::mt19937 rng(42);
  int checked = 0, traditional = 0, shared = 0;
  for (int q = 0; q < 300; ++q) {
    const std::string& text = paragraphs[rng() % paragraphs.size()];
    std::vector<search::Token> tokens = search::Tokenize(text);
    if (tokens.empty()) continue;
    size_t first = rng() % tokens.size();
    size_t want = 1 + rng() % 5;
    size_t last = first;
    auto is_han = [&](size_t i) { return static_cast<unsigned char>(tokens[i].text[0]) >= 0xE0; };
    if (!is_han(first)) continue;
    while (last + 1 < tokens.size() && last - first + 1 < want && is_han(last + 1) &&
           tokens[last + 1].start == tokens[last].end) {
      ++last;
    }
    std::string query = text.substr(tokens[first].start, tokens[last].end - tokens[first].start);
    std::string needle = search::FoldText(query);
    Rows truth;
    for (size_t r = 0; r < folded.size(); ++r) {
      if (folded[r].find(needle) != std::string::npos) truth.push_back(static_cast<int64_t>(r + 1));
    }
    INFO("query " << query);
    CHECK(idx.Match(Phrase(query)) == truth);
    ++checked;
    if (needle != query) ++traditional;
    if (truth.size() > 1) ++shared;
  }
  INFO(checked << " queries, " << traditional << " in traditional script, " << shared
               << " matching several records");
  CHECK(checked > 150);
  // The sample must include traditional queries and queries that several records match.
  CHECK(traditional > 10);
  CHECK(shared > 50);
}

}  // namespace
}  // namespace dangan
