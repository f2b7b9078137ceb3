// The full-text index lives in the catalogue and moves with it: every filing, every change of an
// indexed field and every added file is indexed in the same transaction; reindex rebuilds it.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "dangan/archive/archive.h"
#include "archive/src/schema.h"  // private part, tested on purpose
#include "archive/src/sqlite_db.h"  // private part, tested on purpose
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using fx::NewArchive;
using fx::OpenArchive;
using fx::PdfFile;
using fx::SampleItem;
using fx::WritePdf;
using test::ScratchDir;

// Items whose index row matches an FTS5 expression, as a raw connection sees it.
long long Hits(const std::string& dir, const std::string& match) {
  return fx::SqlInt(dir, "SELECT count(*) FROM item_index WHERE item_index MATCH '" + match + "'");
}

NewFile WithText(NewFile f, const std::string& text) {
  f.text = text;
  return f;
}

TEST_CASE("a filed item is found by any substring of its title, people, number and text",
          "[archive][index]") {
  std::string dir = NewArchive("index-filed");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("index-filed-src");
  NewItem item = SampleItem("公司印章管理制度");
  item.responsible = "王建国";
  item.doc_ref = "华精办〔2024〕12号";
  item.notes = "行政管理部存档";
  REQUIRE(a->File(item, {WithText(PdfFile(WritePdf(src + "/1.pdf", "1")), "用印登记表按序号归档")},
                  nullptr)
              .ok());
  CHECK(Hits(dir, "title:\"章管\"") == 1);  // across the words 印章 / 管理
  CHECK(Hits(dir, "people:\"建国\"") == 1);
  CHECK(Hits(dir, "doc_ref:\"2024\"") == 1);
  CHECK(Hits(dir, "body:\"用印登记\"") == 1);
  CHECK(Hits(dir, "notes:\"存档\"") == 1);
  CHECK(Hits(dir, "title:\"用印\"") == 0);  // body text is not title text
  CHECK(Hits(dir, "\"制度用印\"") == 0);    // no phrase across two fields
}

TEST_CASE("an edited title, an added scan and a reindex keep the index in step",
          "[archive][index]") {
  std::string dir = NewArchive("index-edit");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("index-edit-src");
  ItemRecord rec;
  REQUIRE(
      a->File(SampleItem("办公用品申请单"), {PdfFile(WritePdf(src + "/1.pdf", "1"))}, &rec).ok());
  REQUIRE(a->UpdateMetadata(rec.danghao, {{"题名", "市场部办公用品申请单"}}).ok());
  CHECK(Hits(dir, "title:\"市场部\"") == 1);
  CHECK(Hits(dir, "\"办公用品\"") == 1);
  ItemRecord after;
  REQUIRE(a->AddFiles(rec.danghao,
                      {WithText(PdfFile(WritePdf(src + "/2.pdf", "2"), 1, FileRole::kSignedScan),
                                "經辦人簽字：陳曉東")},
                      &after)
              .ok());
  CHECK(Hits(dir, "body:\"经办人\"") == 1);  // traditional text found by simplified
  CHECK(Hits(dir, "body:\"陈晓东\"") == 1);
  CHECK(fx::Sql(dir, "INSERT INTO item_index(item_index) VALUES ('integrity-check')").empty());

  // An index wiped behind the program's back comes back whole.
  REQUIRE(fx::Sql(dir, "INSERT INTO item_index(item_index) VALUES ('delete-all')").empty());
  CHECK(Hits(dir, "\"办公用品\"") == 0);
  int64_t items = 0;
  REQUIRE(a->Reindex(&items).ok());
  CHECK(items == 1);
  CHECK(Hits(dir, "\"办公用品\"") == 1);
  CHECK(Hits(dir, "body:\"经办人\"") == 1);
  // Reindex writes in bulk; filings after it must be merged as usual again.
  CHECK(fx::SqlInt(dir, "SELECT v FROM item_index_config WHERE k = 'automerge'") == 4);
}

TEST_CASE("a catalogue of version 2 gets its index when opened", "[archive][index]") {
  std::string dir = ScratchDir("index-migrate") + "/archive";
  std::filesystem::create_directories(dir + "/store/tmp");
  {
    std::unique_ptr<archive::Db> db;
    REQUIRE(archive::Db::Open(dir + "/catalogue.sqlite", true, &db).ok());
    REQUIRE(archive::MigrateSchema(*db, 2).ok());
    REQUIRE(db->Exec("INSERT INTO config VALUES ('fonds', 'Z109'), ('company', '旧公司'), "
                     "('pattern', '{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}');"
                     "INSERT INTO items (danghao, class_key, piece, fonds, category, year, "
                     "retention, department, title, responsible, doc_ref, date, secrecy, notes, "
                     "pages, source, template_id, doc_number, filed_at, filed_by) VALUES "
                     "('Z109-WS·2023-Y-BGS-0001', 'Z109-WS·2023-Y-BGS-', 1, 'Z109', 'WS', 2023, "
                     "'Y', 'BGS', '檔案管理辦法', '', '', '2023-01-05', '内部', '', 0, 'import', "
                     "'', '', '2023-01-05T10:00:00+08:00', '旧系统')")
                .ok());
  }
  { std::ofstream(dir + "/retention.txt") << "WS = D10\n"; }
  auto a = OpenArchive(dir);
  CHECK(fx::SqlInt(dir, "PRAGMA user_version") == archive::kSchemaVersion);
  CHECK(Hits(dir, "title:\"档案管理\"") == 1);
}

}  // namespace
}  // namespace dangan
