// The search-box query parser, with every expression it produces run against a real FTS5 table
// that uses the 'dangan' tokenizer.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "dangan/search/query.h"
#include "dangan/search/tokenizer.h"

namespace dangan::search {
namespace {

using Rows = std::vector<int64_t>;

const std::vector<ColumnAlias> kColumns = {{"题名", "title"},
                                           {"责任者", "people"},
                                           {"文号", "doc_ref"},
                                           {"正文", "body"},
                                           {"备注", "notes"}};

constexpr char kNothing[] = "查询中没有可检索的文字：";

// An in-memory archive index of five records, one of them in traditional characters.
class Archive {
 public:
  Archive() {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    REQUIRE(RegisterChineseTokenizer(db_).ok());
    REQUIRE(
        sqlite3_exec(db_,
                     "CREATE VIRTUAL TABLE docs USING fts5(title, people, doc_ref, body, notes, "
                     "tokenize='dangan')",
                     nullptr, nullptr, nullptr) == SQLITE_OK);
    Add("印章使用管理办法", "张三", "办发〔2024〕12号", "合同章用印须登记。", "");
    Add("合同用印登记表", "李四", "ISO9001-2024", "用印申请单经部门负责人审批后盖章", "草稿");
    Add("檔案管理規定", "陳大文", "港字第2023號", "本規定適用於香港分公司的檔案保管", "");
    Add("年度总结", "王五", "总字2024第3号", "公司全年工作回顾，档案数字化完成", "用印记录另存");
    Add("质量手册", "赵六", "ISO9002", "依据 ISO9001 标准编写", "");
  }
  ~Archive() { sqlite3_close(db_); }
  Archive(const Archive&) = delete;
  Archive& operator=(const Archive&) = delete;

  // Runs an FTS5 expression; false with the SQLite message in *error if SQLite rejects it.
  bool Run(const std::string& match, Rows* rows, std::string* error) {
    rows->clear();
    sqlite3_stmt* st = nullptr;
    int rc = sqlite3_prepare_v2(db_, "SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rowid",
                                -1, &st, nullptr);
    REQUIRE(rc == SQLITE_OK);
    sqlite3_bind_text(st, 1, match.c_str(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) rows->push_back(sqlite3_column_int64(st, 0));
    *error = sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE;
  }

  // The rows a typed query finds; the query must parse and FTS5 must accept the result.
  Rows Search(const std::string& typed) {
    ParsedQuery q;
    Status st = ParseQuery(typed, kColumns, &q);
    INFO("typed: " << typed << " → " << st.message());
    REQUIRE(st.ok());
    Rows rows;
    std::string error;
    INFO("MATCH " << q.match);
    bool ran = Run(q.match, &rows, &error);
    INFO(error);
    REQUIRE(ran);
    return rows;
  }

 private:
  void Add(const char* title, const char* people, const char* doc_ref, const char* body,
           const char* notes) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "INSERT INTO docs VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st,
                               nullptr) == SQLITE_OK);
    const char* values[] = {title, people, doc_ref, body, notes};
    for (int k = 0; k < 5; ++k) sqlite3_bind_text(st, k + 1, values[k], -1, SQLITE_STATIC);
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
  }

  sqlite3* db_ = nullptr;
};

Status Parse(const std::string& typed, ParsedQuery* q) { return ParseQuery(typed, kColumns, q); }

TEST_CASE("query terms separated by white space are all required", "[search][query]") {
  Archive a;
  CHECK(a.Search("合同 用印") == Rows{1, 2});
  CHECK(a.Search("合同\u3000用印") == Rows{1, 2});  // ideographic space, as Chinese IMEs type
  CHECK(a.Search("用印 2024 登记") == Rows{1, 2});
  // A single Chinese run is a phrase of its characters, not any of them.
  CHECK(a.Search("章用印") == Rows{1});
  CHECK(a.Search("用印登记") == Rows{2});
  CHECK(a.Search("印用").empty());
}

TEST_CASE("a quoted query phrase must occur as written", "[search][query]") {
  Archive a;
  CHECK(a.Search("\"用印登记\"") == Rows{2});
  CHECK(a.Search("“用印登记”") == Rows{2});
  CHECK(a.Search("“用印登记\"") == Rows{2});
  // Punctuation inside a phrase stays a break: 合同章，用印 is not in record 1, 合同章用印 is.
  CHECK(a.Search("\"合同章，用印\"").empty());
  CHECK(a.Search("\"合同章用印\"") == Rows{1});
  // An unclosed quote runs to the end of the query.
  CHECK(a.Search("\"用印登记") == Rows{2});
}

TEST_CASE("OR between query terms means either", "[search][query]") {
  Archive a;
  CHECK(a.Search("登记表 OR 手册") == Rows{2, 5});
  CHECK(a.Search("登记表 | 手册") == Rows{2, 5});
  // OR binds tighter than AND: 用印 AND (登记表 OR 总结).
  CHECK(a.Search("用印 登记表 OR 总结") == Rows{2, 4});
  // Lower-case or is a word like any other.
  CHECK(a.Search("登记表 or 手册").empty());
}

TEST_CASE("a query term after a minus excludes records", "[search][query]") {
  Archive a;
  CHECK(a.Search("用印") == Rows{1, 2, 4});
  CHECK(a.Search("用印 -草稿") == Rows{1, 4});
  CHECK(a.Search("用印 -草稿 -\"数字化\"") == Rows{1});
  CHECK(a.Search("用印 -题名:用印") == Rows{1, 4});
}

TEST_CASE("a Chinese column name before a colon restricts the query term", "[search][query]") {
  Archive a;
  CHECK(a.Search("题名:用印") == Rows{2});
  CHECK(a.Search("題名：用印") == Rows{2});
  CHECK(a.Search("题名: 用印") == Rows{2});
  CHECK(a.Search("题名:\"用印登记\"") == Rows{2});
  CHECK(a.Search("责任者:张三") == Rows{1});
  CHECK(a.Search("責任者:陳大文") == Rows{3});
  CHECK(a.Search("文號:2023") == Rows{3});
  CHECK(a.Search("备注:用印") == Rows{4});
  CHECK(a.Search("備註:草稿") == Rows{2});
  CHECK(a.Search("正文:档案") == Rows{3, 4});
  // An unknown name before a colon is text: 办发:2024 is the phrase 办 发 , 2024.
  CHECK(a.Search("办发:2024") == Rows{1});
}

TEST_CASE("a query word ending in a star is a prefix", "[search][query]") {
  Archive a;
  CHECK(a.Search("iso90*") == Rows{2, 5});
  // Without the star a part of a word is found too, anywhere in it (search_wrapped_test.cc);
  // with it, only the start of a whole word.
  CHECK(a.Search("iso90") == Rows{2, 5});
  CHECK(a.Search("so90") == Rows{2, 5});
  CHECK(a.Search("so90*").empty());
  CHECK(a.Search("ISO9002*") == Rows{5});
  CHECK(a.Search("文号:iso90*") == Rows{2, 5});
  // Han characters are single tokens already, so a star after them changes nothing.
  CHECK(a.Search("合同*") == a.Search("合同"));
}

TEST_CASE("a query finds both scripts and full-width forms", "[search][query]") {
  Archive a;
  CHECK(a.Search("檔案") == Rows{3, 4});
  CHECK(a.Search("档案") == Rows{3, 4});
  CHECK(a.Search("２０２４") == Rows{1, 2, 4});
  CHECK(a.Search("ＩＳＯ９００１") == Rows{2, 5});
}

TEST_CASE("punctuation at the ends of a query term is ignored", "[search][query]") {
  Archive a;
  CHECK(a.Search("，用印。") == Rows{1, 2, 4});
  CHECK(a.Search("《用印》 （合同）") == Rows{1, 2});
  CHECK(a.Search("用印 ！！ ？") == Rows{1, 2, 4});
}

TEST_CASE("a parsed query lists its positive terms as typed", "[search][query]") {
  ParsedQuery q;
  REQUIRE(Parse("題名:“用印 登记” -草稿 iso90* 《檔案》 OR ２０２４", &q).ok());
  CHECK(q.terms == std::vector<std::string>{"用印 登记", "iso90", "檔案", "２０２４"});
  // Quotes typed inside a term reach FTS5 doubled, inside one string.
  REQUIRE(Parse("a\"b", &q).ok());
  CHECK(q.match == "\"a\"\"b\"");
}

TEST_CASE("a query with nothing searchable is refused with a message", "[search][query]") {
  for (const char* typed :
       {"", "   ", "？？！", "-用印", "-用印 -草稿", "题名:", "*", "OR", "|", "\"\"", "😀"}) {
    ParsedQuery q;
    Status st = Parse(typed, &q);
    INFO("typed: " << typed);
    CHECK(st.code() == Status::Code::kInvalidArgument);
    CHECK(st.message().rfind(kNothing, 0) == 0);
    CHECK(q.match.empty());
  }
  // The message says what is missing.
  ParsedQuery q;
  CHECK(Parse("-用印", &q).message().find("排除") != std::string::npos);
  CHECK(Parse("题名:", &q).message().find("冒号后") != std::string::npos);
  CHECK(Parse("？？", &q).message().find("标点") != std::string::npos);
}

std::string Repeat(const std::string& piece, size_t chars) {
  // `chars` code points of `piece` repeated (pieces are cut only between code points).
  std::string out;
  size_t n = 0;
  while (n < chars) {
    for (size_t i = 0; i < piece.size() && n < chars; ++i) {
      out += piece[i];
      // A code point ends where no continuation byte follows.
      if (i + 1 == piece.size() || (static_cast<unsigned char>(piece[i + 1]) & 0xC0) != 0x80) ++n;
    }
  }
  return out;
}

TEST_CASE("no typed query string produces an SQLite or FTS5 error", "[search][query]") {
  Archive a;
  std::vector<std::string> hostile = {
      "\"",
      "\"\"\"",
      "\"合同",
      "合同\"",
      "合\"同",
      "“用印",
      "用印”",
      "*",
      "**",
      "*合同",
      "iso*9",
      "NEAR(a b)",
      "NEAR(合同 用印, 2)",
      "NEAR",
      "a AND",
      "AND",
      "合同 AND",
      "NOT 合同",
      "合同 NOT",
      "OR",
      "OR OR OR",
      "合同 OR",
      "OR 合同",
      "合同 OR -用印",
      "-",
      "--",
      "- -",
      "--用印 合同",
      "题名:",
      "题名::",
      "题名:题名:用印",
      "-题名:",
      ":",
      "：",
      ":合同",
      "title:合同",
      "title : 合同",
      "{title people}: 合同",
      "()",
      "(合同",
      "合同)",
      "(合同 OR 用印) AND",
      "^",
      "^合同",
      "+",
      "合同 + 用印",
      "合同+用印",
      "'; DROP TABLE docs; --",
      "\" OR 1=1 --",
      "'",
      "\\",
      "\\\"",
      "C:\\Windows\\System32",
      "\x01\x02\x1f\x7f",
      "合\x07同\t用印\r\n",
      "\u200b\u200b",
      "😀",
      "😀合同😀",
      "𠀀𪚥",
      "\xff\xfe",
      "合\xc3同",
      "\xe5\x90",
      "\xed\xa0\x80",  // a UTF-16 surrogate in UTF-8 form
      "%_%",
      "$1 ?1 :name @x",
      "\"\" OR \"\"",
      Repeat("合同 OR “用印 -题名:(NEAR)* ", 10000),
      Repeat("\"", 10000),
      Repeat("档", 10000),
      Repeat("a ", 10000),
      Repeat("😀\xff", 10000),
  };
  REQUIRE(hostile.size() >= 30);
  for (const std::string& typed : hostile) {
    INFO("typed: " << typed.substr(0, 80) << " (" << typed.size() << " bytes)");
    ParsedQuery q;
    Status st = Parse(typed, &q);
    if (!st.ok()) {
      CHECK(st.code() == Status::Code::kInvalidArgument);
      CHECK(st.message().rfind(kNothing, 0) == 0);
      continue;
    }
    Rows rows;
    std::string error;
    INFO("MATCH " << q.match.substr(0, 200));
    bool ran = a.Run(q.match, &rows, &error);
    INFO(error);
    CHECK(ran);
  }
}

}  // namespace
}  // namespace dangan::search
