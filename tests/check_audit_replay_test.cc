// `check` replays the audit log against the catalogue: metadata and file rows changed behind the
// program's back (here with SQLite's C API on catalogue.sqlite, as the sqlite3 shell would) are
// named by 档号 and field, while an archive changed only through the program passes.
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using test::CliRun;
using test::RunDangan;
using test::ScratchDir;
using test::SourcePath;

const char kImported[] = "Z109-WS·2015-Y-BGS-0001";  // from the legacy catalogue sample

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

CliRun RunIn(const std::string& dir, const std::string& args) {
  return RunDangan(test::WithOptions(args, "--archive " + dir + "/archive"));
}

CliRun MustRun(const std::string& dir, const std::string& args, int exit_code = 0) {
  CliRun run = RunIn(dir, args);
  INFO(args << "\n" << run.out);
  REQUIRE(run.exit_code == exit_code);
  return run;
}

std::string SqlText(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string value;
  sqlite3_open((dir + "/archive/catalogue.sqlite").c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(stmt, 0);
    if (text) value = reinterpret_cast<const char*>(text);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

// The archive every test starts from, made once through the real command: a generated 用印登记表
// (Y) filed, edited, held and given another file; a generated 办公用品申请单 (D10) retitled, its
// retention lengthened, held and released; and a legacy catalogue imported with its scans.
struct Sample {
  std::string dir, register_item, form_item;
};

const Sample& SampleArchive() {
  static const Sample sample = [] {
    Sample s;
    s.dir = ScratchDir("replay-sample");
    MustRun(s.dir, "init --fonds Z109 --company 华东精密机械有限公司");
    auto generate = [&](const std::string& id, const std::string& out, const std::string& extra) {
      CliRun run =
          MustRun(s.dir, "generate " + id + " --data " + SourcePath("samples/" + id + ".json") +
                             " --out " + out + extra + " --json");
      return Json::parse(run.out)["documents"];
    };
    s.register_item = generate("S-04", s.dir + "/forms/S-04", " --file")[0]["档号"];
    s.form_item = generate("O-09", s.dir + "/forms/O-09", " --file")[0]["档号"];
    const std::string a = s.register_item, b = s.form_item;
    MustRun(s.dir,
            "edit " + a + " --secrecy 机密 --responsible 张三 --date 2024-02-01 --clearance 机密");
    MustRun(s.dir, "hold " + a + " --reason 诉讼未结 --clearance 机密");  // now 机密
    // A form generated but not filed: added to the register's item below.
    generate("O-09", s.dir + "/forms/extra", " --format pdf");
    std::string extra;
    for (const auto& e : fs::directory_iterator(s.dir + "/forms/extra")) {
      if (e.path().extension() == ".pdf") extra = e.path().string();
    }
    REQUIRE_FALSE(extra.empty());
    MustRun(s.dir, "file " + Quoted(extra) + " --item " + a + " --no-ocr --clearance 机密");
    MustRun(s.dir, "edit " + b + " --title 二〇二四年办公用品申请单");
    MustRun(s.dir, "retention set " + b + " D30");
    MustRun(s.dir, "hold " + b + " --reason 审计");
    MustRun(s.dir, "hold " + b + " --release");
    const std::string legacy = SourcePath("samples/legacy/");
    MustRun(s.dir,
            "import " + Quoted(legacy + "归档文件目录2015-2016.csv") +
                " --into catalogue --mapping " + Quoted(legacy + "mapping-example.yaml") +
                " --skip-bad-rows --files " + Quoted(legacy + "scans") + " --report " +
                Quoted(s.dir + "/未导入的行.csv"),  // not beside the sample
            1);  // some rows of the sample are rejected on purpose
    return s;
  }();
  return sample;
}

// A fresh copy of the sample archive for one test to tamper with.
std::string CopyOfSample(const std::string& name) {
  const std::string dir = ScratchDir(name);
  fs::remove_all(dir + "/archive");
  fs::copy(SampleArchive().dir + "/archive", dir + "/archive", fs::copy_options::recursive);
  return dir;
}

void Tamper(const std::string& dir, const std::string& sql) {
  INFO(sql);
  REQUIRE(archive_test::Sql(dir + "/archive", sql).empty());
}

// Runs the real `dangan check` and expects it to report damage (exit status 1).
std::string CheckFindsDamage(const std::string& dir) {
  CliRun run = RunIn(dir, "check --clearance 机密");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  return run.out;
}

std::string ItemIdOf(const std::string& danghao) {
  return "(SELECT id FROM items WHERE danghao = '" + danghao + "')";
}

TEST_CASE("check passes an archive changed only through the program", "[check][cli]") {
  const Sample& s = SampleArchive();
  CHECK(SqlText(s.dir, "SELECT count(*) FROM items WHERE source = 'import'") != "0");
  CliRun run = RunIn(s.dir, "check --clearance 机密");
  INFO(run.out);
  CHECK(run.exit_code == 0);
}

TEST_CASE("check names a retention shortened with the sqlite3 shell", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-retention");
  const std::string a = SampleArchive().register_item;
  Tamper(dir, "UPDATE items SET retention = 'D10' WHERE danghao = '" + a + "'");
  const std::string out = CheckFindsDamage(dir);
  CHECK_THAT(out,
             Catch::Contains(a) && Catch::Contains("保管期限：目录中为 D10，审计日志记录为 Y"));
}

TEST_CASE("check names a hold lifted with the sqlite3 shell", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-hold");
  const std::string a = SampleArchive().register_item;
  Tamper(dir, "UPDATE items SET hold = 0, hold_reason = '' WHERE danghao = '" + a + "'");
  const std::string out = CheckFindsDamage(dir);
  CHECK_THAT(out, Catch::Contains(a) && Catch::Contains("冻结：目录中为 否，审计日志记录为 是"));
  CHECK_THAT(out, Catch::Contains("冻结原因：目录中为 （空），审计日志记录为 诉讼未结"));
}

TEST_CASE("check names a 密级 lowered with the sqlite3 shell", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-secrecy");
  const std::string a = SampleArchive().register_item;
  Tamper(dir, "UPDATE items SET secrecy = '公开' WHERE danghao = '" + a + "'");
  const std::string out = CheckFindsDamage(dir);
  CHECK_THAT(out,
             Catch::Contains(a) && Catch::Contains("密级：目录中为 公开，审计日志记录为 机密"));
}

TEST_CASE("check names a title, 责任者 and 日期 changed with the sqlite3 shell", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-title");
  const Sample& s = SampleArchive();
  Tamper(dir, "UPDATE items SET title = '另一个题名' WHERE danghao = '" + s.form_item + "';" +
                  "UPDATE items SET responsible = '李四', date = '2024-03-01' WHERE danghao = '" +
                  s.register_item + "'");
  const std::string out = CheckFindsDamage(dir);
  CHECK_THAT(out, Catch::Contains(s.form_item) &&
                      Catch::Contains(
                          "题名：目录中为 另一个题名，审计日志记录为 二〇二四年办公用品申请单"));
  CHECK_THAT(out, Catch::Contains(s.register_item) &&
                      Catch::Contains("责任者：目录中为 李四，审计日志记录为 张三"));
  CHECK_THAT(out, Catch::Contains("日期：目录中为 2024-03-01，审计日志记录为 2024-02-01"));
}

TEST_CASE("check names a file row whose name or digests were changed", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-file-row");
  const Sample& s = SampleArchive();
  const std::string first =
      "(SELECT min(id) FROM files WHERE item_id = " + ItemIdOf(s.register_item) + ")";
  const std::string name = SqlText(dir, "SELECT name FROM files WHERE id = " + first);
  const std::string sha256 = SqlText(dir, "SELECT sha256 FROM files WHERE id = " + first);
  REQUIRE_FALSE(name.empty());
  // Point the form's file at the register's content, consistently (digests and size), and rename
  // the register's file: every stored file still matches its row.
  Tamper(dir,
         "DROP TRIGGER files_keep_content;"
         "UPDATE files SET (sha256, sm3, size, pages) = (SELECT sha256, sm3, size, pages "
         "FROM files WHERE id = " +
             first +
             ") WHERE id = (SELECT min(id) FROM files WHERE "
             "item_id = " +
             ItemIdOf(s.form_item) +
             ");"
             "UPDATE files SET name = '改过的名字.pdf' WHERE id = " +
             first);
  const std::string out = CheckFindsDamage(dir);
  CHECK_THAT(out,
             Catch::Contains(s.register_item) &&
                 Catch::Contains("文件「" + name +
                                 "」的文件名：目录中为 改过的名字.pdf，审计日志记录为 " + name));
  CHECK_THAT(out, Catch::Contains(s.form_item) &&
                      Catch::Contains("SHA-256 摘要：目录中为 " + sha256 + "，审计日志记录为 "));
}

TEST_CASE("check names an imported legacy item changed with the sqlite3 shell", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-imported");
  const std::string responsible = SqlText(
      dir, "SELECT responsible FROM items WHERE danghao = '" + std::string(kImported) + "'");
  Tamper(dir, "UPDATE items SET responsible = '某某', notes = '补记' WHERE danghao = '" +
                  std::string(kImported) + "'");
  const std::string out = CheckFindsDamage(dir);
  CHECK_THAT(out, Catch::Contains(kImported) &&
                      Catch::Contains("责任者：目录中为 某某，审计日志记录为 " +
                                      (responsible.empty() ? "（空）" : responsible)));
  CHECK_THAT(out, Catch::Contains("备注：目录中为 补记"));
}

TEST_CASE("check names an item deleted from the catalogue", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-deleted");
  const std::string b = SampleArchive().form_item;
  Tamper(dir,
         "DROP TRIGGER files_no_delete; DROP TRIGGER items_no_delete;"
         "DELETE FROM files WHERE item_id = " +
             ItemIdOf(b) +
             ";"
             "DELETE FROM items WHERE danghao = '" +
             b + "'");
  const std::string out = CheckFindsDamage(dir);
  CHECK_THAT(out,
             Catch::Contains(b) && Catch::Contains("审计日志记有此件的归档，但目录中没有此件"));
}

// Entries written before the 归档 entry carried every field: what they lack is not compared, what
// they carry still is. The entry is rewritten in the old form, which breaks the hash chain (also
// reported, without a 档号); the point here is what the replay makes of it.
TEST_CASE("check compares only the fields an old 归档 entry carries", "[check][cli]") {
  const std::string dir = CopyOfSample("replay-old-entry");
  const std::string b = SampleArchive().form_item;
  const std::string where = "WHERE action = '归档' AND danghao = '" + b + "'";
  const Json entry = Json::parse(SqlText(dir, "SELECT detail FROM audit_log " + where));
  Json old = Json::object();
  for (const char* key :
       {"title", "retention", "secrecy", "pages", "source", "template_id", "doc_number", "files"}) {
    old[key] = entry[key];
  }
  for (Json& f : old["files"]) f.erase("media_type");
  std::string detail = old.dump();
  Tamper(dir, "DROP TRIGGER audit_no_update; UPDATE audit_log SET detail = '" + detail + "' " +
                  where +
                  "; UPDATE items SET responsible = '某某', retention = 'D10' WHERE "
                  "danghao = '" +
                  b + "'");
  const std::string out = CheckFindsDamage(dir);
  // The title is carried (and edited since): no false alarm; the retention is compared.
  CHECK_THAT(out, Catch::Contains("保管期限：目录中为 D10，审计日志记录为 D30"));
  CHECK_THAT(out, !Catch::Contains("责任者") && !Catch::Contains("题名："));
}

}  // namespace
}  // namespace dangan
