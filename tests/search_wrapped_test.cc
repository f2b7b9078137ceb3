// Issue 12 §3: phrases across line breaks, and parts of words of letters and digits. The
// tokenizer on its own, then queries as typed (dangan/query.h) on an FTS5 table, then the
// archive: typeset PDFs read by the intake, the generator's own PDF, and an archive indexed by
// the previous schema version.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "archive/src/schema.h"
#include "dangan/archive/archive.h"
#include "dangan/intake/intake.h"
#include "dangan/search/query.h"
#include "dangan/search/tokenizer.h"
#include "support/archive_fixtures.h"
#include "support/scan_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using Rows = std::vector<int64_t>;

std::vector<std::string> Texts(const std::string& text) {
  std::vector<std::string> out;
  for (const search::Token& t : search::Tokenize(text)) out.push_back(t.text);
  return out;
}

// An in-memory FTS5 table body(x) with the tokenizer; rows are found by queries as typed.
class Table {
 public:
  Table() {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    REQUIRE(RegisterChineseTokenizer(db_).ok());
    REQUIRE(sqlite3_exec(db_, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='dangan')", nullptr,
                         nullptr, nullptr) == SQLITE_OK);
  }
  ~Table() { sqlite3_close(db_); }
  Table(const Table&) = delete;
  Table& operator=(const Table&) = delete;

  int64_t Add(const std::string& text) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "INSERT INTO t(x) VALUES (?1)", -1, &st, nullptr) ==
            SQLITE_OK);
    sqlite3_bind_text(st, 1, text.c_str(), -1, SQLITE_TRANSIENT);
    REQUIRE(sqlite3_step(st) == SQLITE_DONE);
    sqlite3_finalize(st);
    return sqlite3_last_insert_rowid(db_);
  }

  // Rows of an FTS5 expression, in rowid order.
  Rows Match(const std::string& match) {
    sqlite3_stmt* st = nullptr;
    INFO("MATCH " << match);
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rowid", -1,
                               &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    Rows rows;
    int rc = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) rows.push_back(sqlite3_column_int64(st, 0));
    INFO(sqlite3_errmsg(db_));
    sqlite3_finalize(st);
    REQUIRE(rc == SQLITE_DONE);
    return rows;
  }

  // Rows of a query as a user types it.
  Rows Search(const std::string& typed) {
    search::ParsedQuery q;
    const Status st = search::ParseQuery(typed, {}, &q);
    INFO(typed << ": " << st.ToString());
    REQUIRE(st.ok());
    return Match(q.match);
  }

  std::string Highlight(const std::string& typed) {
    search::ParsedQuery q;
    REQUIRE(search::ParseQuery(typed, {}, &q).ok());
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT highlight(t, 0, '[', ']') FROM t WHERE t MATCH ?1",
                               -1, &st, nullptr) == SQLITE_OK);
    sqlite3_bind_text(st, 1, q.match.c_str(), -1, SQLITE_TRANSIENT);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

// ---- Line breaks ----

TEST_CASE("a line break between Han characters gives the tokens of the unbroken text",
          "[search][tokenizer][wrapped]") {
  for (const char* broken : {"管理制\n度", "管理制\r\n度", "管理制\r度", "管理制 \n 度",
                             "管理制\xE2\x80\xA8度", "管理制 度", "管理制\u3000度"}) {
    INFO(broken);
    CHECK(Texts(broken) == Texts("管理制度"));
  }
  // Han next to a digit or letter across a line: no break either.
  CHECK(Texts("签订2024\n年") == Texts("签订2024年"));
  CHECK(Texts("编号为\nHT2024") == Texts("编号为HT2024"));
  // Offsets still point into the original text: 度 is after the line break.
  const std::string text = "制\n度";
  const std::vector<search::Token> tokens = search::Tokenize(text);
  REQUIRE(tokens.size() == 2);
  CHECK(text.substr(tokens[1].start, tokens[1].end - tokens[1].start) == "度");
}

TEST_CASE("punctuation, a blank line and a page break stay a break", "[search][tokenizer][wrapped]") {
  const std::vector<std::string> broken = {"管", ",", "理"};
  for (const char* text : {"管，\n理", "管\n\n理", "管\n \n理", "管\f理", "管\n\f理",
                           "管\xE2\x80\xA9理", "管-\n理", "管。理"}) {
    INFO(text);
    CHECK(Texts(text) == broken);
  }
}

TEST_CASE("a line break between two Latin words is a space, a hyphenated word is one word",
          "[search][tokenizer][wrapped]") {
  CHECK(Texts("Microsoft\nWord") == Texts("Microsoft Word"));
  CHECK(Texts("Microsoft\nWord") == std::vector<std::string>{"microsoft", ",", "word"});
  CHECK(Texts("infor-\nmation") == std::vector<std::string>{"information"});
  CHECK(Texts("infor\xC2\xAD\nmation") == std::vector<std::string>{"information"});
  CHECK(Texts("infor\xE2\x80\x90\r\nmation") == std::vector<std::string>{"information"});
  // A hyphen within a line, or before a digit, is punctuation as before.
  CHECK(Texts("e-mail") == std::vector<std::string>{"e", ",", "mail"});
  CHECK(Texts("2024-\n03") == std::vector<std::string>{"2024", ",", "03"});
  const std::string text = "an infor-\nmation sheet";
  const search::Token word = search::Tokenize(text)[2];
  CHECK(text.substr(word.start, word.end - word.start) == "infor-\nmation");
}

TEST_CASE("a phrase wrapped across a line break between Han characters is found",
          "[search][wrapped]") {
  Table t;
  const int64_t wrapped = t.Add("为加强公司管理制\n度建设，规范各部门之间的工作\r\n协调");
  const int64_t spaced = t.Add("签订年度供\n货合同 ， 合 同 编 号 格 式 为\nHT20243571。");
  const int64_t paragraph = t.Add("管理制\n\n度");
  CHECK(t.Search("管理制度") == Rows{wrapped});
  CHECK(t.Search("工作协调") == Rows{wrapped});
  CHECK(t.Search("制度建设") == Rows{wrapped});
  CHECK(t.Search("签订年度供货合同") == Rows{spaced});
  CHECK(t.Search("合同编号") == Rows{spaced});
  CHECK(t.Search("格式为HT20243571") == Rows{spaced});
  CHECK(t.Search("\"管理制，度\"") == Rows{paragraph});
  CHECK(t.Highlight("度建") == "为加强公司管理制\n[度建]设，规范各部门之间的工作\r\n协调");
  CHECK(t.Highlight("制度") == "为加强公司管理[制\n度]建设，规范各部门之间的工作\r\n协调");
}

// ---- Parts of words ----

TEST_CASE("any part of three or more letters or digits of a word is found", "[search][parts]") {
  Table t;
  const int64_t contract = t.Add("合同编号HT20243571，金额2000元");
  const int64_t word = t.Add("使用Microsoft Word保存");
  const int64_t iso = t.Add("通过ISO9001认证");
  CHECK(t.Search("3571") == Rows{contract});
  CHECK(t.Search("HT2024") == Rows{contract});
  CHECK(t.Search("t202435") == Rows{contract});
  CHECK(t.Search("000元") == Rows{contract});
  CHECK(t.Search("金额200") == Rows{contract});
  CHECK(t.Search("ord") == Rows{word});
  CHECK(t.Search("ORD保存") == Rows{word});
  CHECK(t.Search("crosoft") == Rows{word});
  CHECK(t.Search("so900") == Rows{iso});
  CHECK(t.Search("9001认证") == Rows{iso});
  // Whole words as before, and a typed star is still the prefix of a whole word.
  CHECK(t.Search("ht20243571") == Rows{contract});
  CHECK(t.Search("word") == Rows{word});
  CHECK(t.Search("iso90*") == Rows{iso});
  CHECK(t.Search("so90*").empty());
  // Fewer than three characters are a whole word only, and a part is a run of the word.
  CHECK(t.Search("71").empty());
  CHECK(t.Search("00元").empty());
  CHECK(t.Search("3751").empty());
  CHECK(t.Search("ht2024 3571") == Rows{contract});
  CHECK(t.Search("-3571 元") == Rows{});
  CHECK(t.Highlight("3571") == "合同编号[HT20243571]，金额2000元");
}

TEST_CASE("the last digits of a contract number are found", "[search][parts]") {
  Table t;
  const int64_t a = t.Add("合同编号：HT20243571");
  const int64_t b = t.Add("发票号码 044031900111 23571");
  t.Add("合同编号：HT20243517");
  CHECK(t.Search("3571") == Rows{a, b});
  CHECK(t.Search("43571") == Rows{a});
  CHECK(t.Search("0111") == Rows{b});
}

TEST_CASE("the parts of a long word are cut, and a very long run gets none", "[search][parts]") {
  Table t;
  const std::string long_word(40, 'a');
  const std::string digest(80, 'f');
  const int64_t a = t.Add("x" + long_word + "yz");
  const int64_t d = t.Add(digest);
  CHECK(t.Search(long_word + "y") == Rows{a});
  CHECK(t.Search("aayz") == Rows{a});
  CHECK(t.Search(digest) == Rows{d});
  CHECK(t.Search("fff").empty());
}

// ---- The archive ----

// The text the intake reads from a PDF, as filing does.
std::string IntakeText(const std::string& pdf) {
  IntakeResult read;
  IntakeOptions options;
  options.ocr = false;
  const Status st = ReadForFiling(pdf, options, &read);
  INFO(pdf << ": " << st.ToString());
  REQUIRE(st.ok());
  return read.text;
}

ItemRecord FileWithText(Archive& a, const std::string& pdf, const std::string& text,
                        const std::string& title) {
  Filing f;
  f.item = fx::SampleItem(title);
  NewFile file = fx::PdfFile(pdf);
  file.text = text;
  f.files.push_back(file);
  std::vector<ItemRecord> filed;
  const Status st = a.FileBatch({f}, &filed);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return filed.at(0);
}

std::vector<std::string> Found(Archive& a, const std::string& query) {
  SearchRequest r;
  r.query = query;
  r.clearance = "机密";
  r.filter.limit = 0;
  SearchResults results;
  const Status st = a.Search(r, &results);
  INFO(query << ": " << st.ToString());
  REQUIRE(st.ok());
  std::vector<std::string> out;
  for (const SearchHit& h : results.hits) out.push_back(h.item.danghao);
  return out;
}

TEST_CASE("a phrase the generator wrapped in a table cell is found in its filed PDF",
          "[search][wrapped][archive]") {
  const std::string src = test::ScratchDir("search-wrapped-generated-src");
  const test::GeneratedPdf pdf = test::GeneratePdf("S-04", src);
  const std::string text = IntakeText(pdf.path);
  // The premise: Poppler gives the cell's text with a line break inside the phrase.
  INFO(text);
  REQUIRE(search::FoldText(text).find("签订年度供货合同") == std::string::npos);
  const std::string dir = fx::NewArchive("search-wrapped-generated");
  auto a = fx::OpenArchive(dir);
  const ItemRecord item = FileWithText(*a, pdf.path, text, "用印登记表");
  CHECK(Found(*a, "签订年度供货合同") == std::vector<std::string>{item.danghao});
}

TEST_CASE("an archive indexed by the previous version is reindexed and finds wrapped phrases",
          "[search][wrapped][archive]") {
  // A catalogue of the previous version with one filed item, its index as the previous
  // tokenizer made it: a break between 制 and 度 (written here as the text 管理制，度).
  const std::string src = test::ScratchDir("search-wrapped-migrate-src");
  const std::string created = fx::NewArchive("search-wrapped-migrate");
  {
    auto a = fx::OpenArchive(created);
    FileWithText(*a, fx::WritePdf(src + "/1.pdf", "1"), "公司管理制\n度，合同HT20243571", "旧件");
  }
  const std::string old_row = "公司管理制，度，合同ht20243571";
  REQUIRE(fx::Sql(created,
                  "INSERT INTO item_index(item_index, rowid, title, people, doc_ref, body, notes, "
                  "pinyin) SELECT 'delete', id, title, people, doc_ref, body, notes, pinyin FROM "
                  "item_text; INSERT INTO item_index(rowid, title, people, doc_ref, body, notes, "
                  "pinyin) SELECT id, title, people, doc_ref, '" +
                      old_row + "', notes, pinyin FROM item_text; PRAGMA user_version = 7")
              .empty());
  REQUIRE(fx::SqlInt(created, "SELECT count(*) FROM item_index WHERE item_index MATCH "
                              "'\"管理制度\"'") == 0);
  auto a = fx::OpenArchive(created);
  CHECK(fx::SqlInt(created, "PRAGMA user_version") == archive::kSchemaVersion);
  // Recreated with the prefix indexes that parts of words are looked up by.
  CHECK(fx::SqlInt(created, "SELECT count(*) FROM sqlite_master WHERE name = 'item_index' AND "
                            "sql LIKE '%prefix=''4 5''%'") == 1);
  CHECK(Found(*a, "管理制度").size() == 1);
  CHECK(Found(*a, "3571").size() == 1);
  CHECK(fx::Sql(created, "INSERT INTO item_index(item_index) VALUES ('integrity-check')").empty());
}

}  // namespace
}  // namespace dangan
