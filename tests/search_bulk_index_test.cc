// Bulk indexing (dangan/bulk_index.h): the settings for writing a whole index in one go must
// leave an index that answers exactly as one written row by row, and must never outlive the work.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "dangan/search/bulk_index.h"
#include "dangan/search/tokenizer.h"

namespace dangan {
namespace {

class Db {
 public:
  Db() {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    REQUIRE(RegisterChineseTokenizer(db_).ok());
    Exec("CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='dangan')");
  }
  ~Db() { sqlite3_close(db_); }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* get() { return db_; }

  void Exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    INFO(sql << ": " << (err ? err : ""));
    sqlite3_free(err);
    REQUIRE(rc == SQLITE_OK);
  }

  std::vector<int64_t> Rows(const std::string& match) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid", -1, &stmt,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_text(stmt, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<int64_t> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) rows.push_back(sqlite3_column_int64(stmt, 0));
    sqlite3_finalize(stmt);
    return rows;
  }

  // The value of one %_config row, or -1 when FTS5 uses its built-in default.
  int64_t Config(const std::string& key) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "SELECT v FROM t_config WHERE k = ?", -1, &stmt, nullptr) ==
            SQLITE_OK);
    sqlite3_bind_text(stmt, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    const int64_t v = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return v;
  }

 private:
  sqlite3* db_ = nullptr;
};

const char* const kTitles[] = {"印章管理办法", "用印登记表", "檔案管理辦法", "会议签到表",
                               "办公用品申请单"};

void Fill(Db* db, int copies) {
  for (int i = 0; i < copies; ++i) {
    for (const char* title : kTitles) {
      db->Exec(std::string("INSERT INTO t (title, body) VALUES ('") + title + "', '第" +
               std::to_string(i) + "条 合同章由办公室保管，用印须经负责人批准。')");
    }
  }
}

TEST_CASE("an index written in bulk finds what one written row by row finds", "[search][bulk]") {
  Db plain, bulk;
  Fill(&plain, 200);
  bulk.Exec("BEGIN");
  REQUIRE(search::BeginBulkIndexing(bulk.get(), "t").ok());
  Fill(&bulk, 200);
  REQUIRE(search::EndBulkIndexing(bulk.get(), "t").ok());
  bulk.Exec("COMMIT");

  for (const char* query : {"\"章管\"", "\"档案\"", "\"登记\"", "合同章 用印", "\"第199条\"",
                            "title : \"申请单\"", "\"单\" NOT \"办公\""}) {
    INFO(query);
    CHECK(bulk.Rows(query) == plain.Rows(query));
  }
  CHECK(bulk.Rows("\"章管\"").size() == 200);
  bulk.Exec("INSERT INTO t (t) VALUES ('integrity-check')");
}

TEST_CASE("bulk indexing gives FTS5 its default merging back when it ends", "[search][bulk]") {
  Db db;
  db.Exec("BEGIN");
  REQUIRE(search::BeginBulkIndexing(db.get(), "t").ok());
  CHECK(db.Config("automerge") == 0);
  CHECK(db.Config("hashsize") == 64 * 1024 * 1024);
  Fill(&db, 10);
  REQUIRE(search::EndBulkIndexing(db.get(), "t").ok());
  db.Exec("COMMIT");
  CHECK(db.Config("automerge") == 4);
  CHECK(db.Config("crisismerge") == 16);
  CHECK(db.Config("hashsize") == 1024 * 1024);
}

TEST_CASE("bulk indexing rolled back leaves neither rows nor settings behind", "[search][bulk]") {
  Db db;
  Fill(&db, 1);
  db.Exec("BEGIN");
  REQUIRE(search::BeginBulkIndexing(db.get(), "t").ok());
  Fill(&db, 5);
  db.Exec("ROLLBACK");
  CHECK(db.Config("automerge") == -1);
  CHECK(db.Config("hashsize") == -1);
  CHECK(db.Rows("\"用印\"").size() == 5);  // the five rows of the one Fill before BEGIN
  db.Exec("INSERT INTO t (t) VALUES ('integrity-check')");
}

TEST_CASE("bulk indexing of a table that does not exist names the table", "[search][bulk]") {
  Db db;
  const Status st = search::BeginBulkIndexing(db.get(), "no_such_index");
  REQUIRE_FALSE(st.ok());
  CHECK(st.message().find("no_such_index") != std::string::npos);
}

}  // namespace
}  // namespace dangan
