// What imports added to the archive: items filed without files keep their catalogued 页数 (and
// `check` accepts them), an imported legacy class may start at any 件号, CheckNewItem, and the
// register rows of schema version 4 (stored once, never changed, audit-logged, migrated).
#include <catch2/catch.hpp>
#include <filesystem>

#include "archive/src/schema.h"  // private part, tested on purpose
#include "archive/src/sqlite_db.h"  // private part, tested on purpose
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;

NewItem Legacy(const std::string& danghao, int pages) {
  NewItem item = fx::SampleItem("关于印发工作要点的通知");
  item.year = 2015;
  item.retention = "Y";
  item.department = "BGS";
  item.source = "import";
  item.danghao = danghao;
  item.pages = pages;
  return item;
}

TEST_CASE("a catalogue entry without a scan keeps its 页数 and passes check", "[import][archive]") {
  std::string dir = fx::NewArchive("import-archive-paper");
  auto a = fx::OpenArchive(dir);
  ItemRecord rec;
  // Numbered from 0012 as the old catalogue numbered it: no gap before it is reported.
  REQUIRE(a->File(Legacy("Z109-WS·2015-Y-BGS-0012", 7), {}, &rec).ok());
  CHECK(rec.pages == 7);
  CHECK(rec.piece == 12);
  REQUIRE(a->File(Legacy("Z109-WS·2015-Y-BGS-0013", 3), {}, &rec).ok());
  CheckReport report;
  REQUIRE(a->Check(fx::CountTestPages, &report).ok());
  INFO(fx::Describe(report));
  CHECK(report.ok());
  // A signed scan added later is not the original: 页数 stays as catalogued.
  std::string pdf = fx::WritePdf(dir + "/scan.pdf", "scan", 2);
  REQUIRE(a->AddFiles("Z109-WS·2015-Y-BGS-0012", {fx::PdfFile(pdf, 2, FileRole::kSignedScan)}, &rec)
              .ok());
  CHECK(rec.pages == 7);
  // The original's scan: 页数 is now counted from it.
  std::string original = fx::WritePdf(dir + "/original.pdf", "original", 6);
  REQUIRE(a->AddFiles("Z109-WS·2015-Y-BGS-0012", {fx::PdfFile(original, 6)}, &rec).ok());
  CHECK(rec.pages == 6);
  // A gap inside the imported numbering is still one.
  REQUIRE(a->File(Legacy("Z109-WS·2015-Y-BGS-0015", 1), {}, &rec).ok());
  REQUIRE(a->Check(fx::CountTestPages, &report).ok());
  CHECK(fx::HasProblem(report, "Z109-WS·2015-Y-BGS-0014", "件号缺号"));
}

TEST_CASE("CheckNewItem finds what FileBatch would refuse, without filing", "[import][archive]") {
  std::string dir = fx::NewArchive("import-archive-check");
  auto a = fx::OpenArchive(dir);
  CHECK(a->CheckNewItem(Legacy("Z109-WS·2015-Y-BGS-0001", 1)).ok());
  NewItem bad = Legacy("Z109-WS·2015-D30-BGS-0001", 1);  // 档号 says D30, the item Y
  Status st = a->CheckNewItem(bad);
  CHECK(st.message().find("不一致") != std::string::npos);
  REQUIRE(a->File(Legacy("Z109-WS·2015-Y-BGS-0001", 1), {}, nullptr).ok());
  st = a->CheckNewItem(Legacy("Z109-WS・2015-Y-BGS-0001", 1));
  CHECK(st.message().find("已在目录中") != std::string::npos);
  CHECK(fx::SqlInt(dir, "SELECT COUNT(*) FROM items") == 1);
}

TEST_CASE("register rows are stored once, unchanged again, never overwritten",
          "[import][archive]") {
  std::string dir = fx::NewArchive("import-archive-rows");
  auto a = fx::OpenArchive(dir);
  std::vector<RegisterRow> rows(2);
  rows[0].row_no = 1;
  rows[0].values = {{"用印日期", "2019-01-04"}, {"文件名称", "购销合同"}};
  rows[1].row_no = 2;
  rows[1].values = {{"用印日期", "2019-01-07"}, {"文件名称", "申报表"}};
  RegisterImportResult result;
  REQUIRE(a->AddRegisterRows("S-04", "", rows, "旧台账.xls", &result).ok());
  CHECK(result.added == 2);
  REQUIRE(a->AddRegisterRows("S-04", "", rows, "旧台账.xls", &result).ok());
  CHECK(result.added == 0);
  CHECK(result.unchanged == 2);
  rows[1].values["文件名称"] = "另一份申报表";
  Status st = a->AddRegisterRows("S-04", "", rows, "旧台账.xls", &result);
  CHECK(st.message().find("第 2 号已导入过另一内容") != std::string::npos);
  std::vector<RegisterRow> stored;
  REQUIRE(a->ReadRegisterRows("S-04", "", 2, 2, &stored).ok());
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].values.at("文件名称") == "申报表");
  CHECK(stored[0].content_hash == RegisterRowHash(stored[0].values));
  CHECK(stored[0].imported_by == "张档案");
  CHECK(fx::SqlInt(dir, "SELECT COUNT(*) FROM audit_log WHERE action = '导入登记表'") == 1);
  CHECK_FALSE(fx::Sql(dir, "UPDATE register_rows SET values_json = '{}'").empty());
  CHECK_FALSE(fx::Sql(dir, "DELETE FROM register_rows").empty());
  AuditReport audit;
  REQUIRE(a->VerifyAudit(&audit).ok());
  CHECK(audit.intact);
}

TEST_CASE("an archive of schema version 3 is migrated to hold register rows", "[import][archive]") {
  std::string dir = test::ScratchDir("import-archive-migrate") + "/archive";
  std::filesystem::create_directories(dir + "/store/tmp");
  test::WriteFile(dir + "/retention.txt", "WS = D10\n");
  {
    std::unique_ptr<archive::Db> db;
    REQUIRE(archive::Db::Open(dir + "/catalogue.sqlite", true, &db).ok());
    REQUIRE(archive::MigrateSchema(*db, 3).ok());
    REQUIRE(db->Exec("INSERT INTO config VALUES ('fonds', 'Z109'), ('company', '旧公司'), "
                     "('pattern', '{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}')")
                .ok());
  }
  CHECK(fx::Sql(dir, "SELECT * FROM register_rows").find("no such table") != std::string::npos);
  auto a = fx::OpenArchive(dir);
  CHECK(fx::SqlInt(dir, "PRAGMA user_version") == archive::kSchemaVersion);
  std::vector<RegisterRow> rows(1);
  rows[0].row_no = 1;
  rows[0].values = {{"文件名称", "购销合同"}};
  CHECK(a->AddRegisterRows("S-04", "", rows, "x.csv", nullptr).ok());
}

TEST_CASE("register rows imported before volumes existed stay readable as the unnamed volume",
          "[import][archive]") {
  std::string dir = test::ScratchDir("import-archive-migrate-v6") + "/archive";
  std::filesystem::create_directories(dir + "/store/tmp");
  test::WriteFile(dir + "/retention.txt", "WS = D10\n");
  {
    std::unique_ptr<archive::Db> db;
    REQUIRE(archive::Db::Open(dir + "/catalogue.sqlite", true, &db).ok());
    REQUIRE(archive::MigrateSchema(*db, 5).ok());
    REQUIRE(db->Exec("INSERT INTO config VALUES ('fonds', 'Z109'), ('company', '旧公司'), "
                     "('pattern', '{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}');"
                     "INSERT INTO register_rows (template_id, row_no, values_json, content_hash, "
                     "source, imported_at, imported_by) VALUES ('S-04', 1, "
                     "'{\"文件名称\":\"购销合同\"}', 'h1', '旧台账.xls 第 3 行', "
                     "'2026-01-05T10:00:00+08:00', '张档案')")
                .ok());
  }
  auto a = fx::OpenArchive(dir);
  CHECK(fx::SqlInt(dir, "PRAGMA user_version") == archive::kSchemaVersion);
  std::vector<RegisterRow> rows;
  REQUIRE(a->ReadRegisterRows("S-04", "", 0, 0, &rows).ok());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].values.at("文件名称") == "购销合同");
  CHECK(rows[0].source == "旧台账.xls 第 3 行");
  // 序号 1 again, in a volume of its own; the old row stays as it was, and still cannot change.
  std::vector<RegisterRow> next(1);
  next[0].row_no = 1;
  next[0].values = {{"文件名称", "另一份合同"}};
  RegisterImportResult result;
  REQUIRE(a->AddRegisterRows("S-04", "2020", next, "2020.xls", &result).ok());
  CHECK(result.added == 1);
  CHECK_FALSE(fx::Sql(dir, "UPDATE register_rows SET values_json = '{}'").empty());
  CHECK_FALSE(fx::Sql(dir, "DELETE FROM register_rows").empty());
  CHECK(fx::SqlInt(dir, "SELECT count(*) FROM register_rows") == 2);
}

}  // namespace
}  // namespace dangan
