// `check`: altered, truncated and deleted store files, and catalogue edits made with raw SQL,
// are each reported under the right 档号.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>

#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;
using dangan::test::WriteFile;

const char kFirst[] = "Z109-WS·2024-Y-BGS-0001";
const char kSecond[] = "Z109-WS·2024-Y-BGS-0002";
const char kThird[] = "Z109-WS·2024-Y-BGS-0003";

// Three items of one class, each with a one-page original and a signed scan.
std::string ThreeItems(const std::string& name) {
  std::string dir = fx::NewArchive(name);
  auto a = fx::OpenArchive(dir);
  std::string src = ScratchDir(name + "-src");
  for (int i = 1; i <= 3; ++i) {
    std::string n = std::to_string(i);
    NewFile original = fx::PdfFile(fx::WritePdf(src + "/o" + n + ".pdf", "original " + n));
    NewFile scan =
        fx::PdfFile(fx::WritePdf(src + "/s" + n + ".pdf", "scan " + n), 1, FileRole::kSignedScan);
    REQUIRE(a->File(fx::SampleItem("第 " + n + " 件"), {original, scan}, nullptr).ok());
  }
  return dir;
}

CheckReport RunCheck(const std::string& dir, const PageCounter& counter = fx::CountTestPages) {
  auto a = fx::OpenArchive(dir);
  CheckReport r;
  REQUIRE(a->Check(counter, &r).ok());
  return r;
}

// The stored path of the first file of `danghao`, made writable so the test can damage it.
std::string StoredFile(const std::string& dir, const std::string& danghao) {
  auto a = fx::OpenArchive(dir);
  ItemRecord rec;
  REQUIRE(a->Get(danghao, false, &rec).ok());
  std::string path = a->StoredPath(rec.files.at(0));
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  return path;
}

TEST_CASE("Check passes a sound archive and counts what it read", "[archive]") {
  std::string dir = ThreeItems("check-sound");
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(r.ok());
  CHECK(r.items == 3);
  CHECK(r.files == 6);
  CHECK(r.bytes > 6 * 20);
  CHECK(r.unreferenced == 0);
}

TEST_CASE("Check reports an altered store file", "[archive]") {
  std::string dir = ThreeItems("check-altered");
  std::string path = StoredFile(dir, kSecond);
  std::string text = fx::ReadAll(path);
  text[text.size() - 3] ^= 1;  // same size, one bit different
  WriteFile(path, text);
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(r.problems.size() == 1);
  CHECK(fx::HasProblem(r, kSecond, "SHA-256 摘要不符"));
}

TEST_CASE("Check reports a truncated store file", "[archive]") {
  std::string dir = ThreeItems("check-truncated");
  std::string path = StoredFile(dir, kFirst);
  REQUIRE(truncate(path.c_str(), 10) == 0);
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(r.problems.size() == 1);
  CHECK(fx::HasProblem(r, kFirst, "大小不符"));
}

TEST_CASE("Check reports a deleted store file", "[archive]") {
  std::string dir = ThreeItems("check-deleted");
  std::string path = StoredFile(dir, kThird);
  REQUIRE(unlink(path.c_str()) == 0);
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(r.problems.size() == 1);
  CHECK(fx::HasProblem(r, kThird, "找不到"));
}

TEST_CASE("Check reports a file whose digest was changed in the catalogue", "[archive]") {
  std::string dir = ThreeItems("check-sql-digest");
  // Point the first item's original at the second item's content, digests and size included.
  REQUIRE(fx::Sql(dir,
                  "DROP TRIGGER files_keep_content;"
                  "UPDATE files SET (sha256, sm3, size) = (SELECT sha256, sm3, size FROM files "
                  "WHERE id = 3) WHERE id = 1")
              .empty());
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(fx::HasProblem(r, kFirst, "与归档时审计日志所记的不符"));
}

TEST_CASE("Check reports a changed SM3 and a changed size", "[archive]") {
  std::string dir = ThreeItems("check-sql-sm3");
  REQUIRE(fx::Sql(dir,
                  "DROP TRIGGER files_keep_content;"
                  "UPDATE files SET sm3 = replace(sm3, substr(sm3, 1, 1), 'x') WHERE id = 3;"
                  "UPDATE files SET size = size + 1 WHERE id = 5")
              .empty());
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(fx::HasProblem(r, kSecond, "SM3 摘要不符"));
  CHECK(fx::HasProblem(r, kThird, "大小不符"));
}

TEST_CASE("Check reports a deleted item as a gap in the 件号", "[archive]") {
  std::string dir = ThreeItems("check-sql-gap");
  REQUIRE(fx::Sql(dir,
                  "DROP TRIGGER files_no_delete; DROP TRIGGER items_no_delete;"
                  "DELETE FROM files WHERE item_id = 2; DELETE FROM items WHERE id = 2")
              .empty());
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(fx::HasProblem(r, kSecond, "件号缺号"));
  CHECK(fx::HasProblem(r, kSecond, "目录中没有此件"));
  CHECK(r.items == 2);
}

TEST_CASE("Check reports a 件号 changed in the catalogue and duplicate 件号", "[archive]") {
  std::string dir = ThreeItems("check-sql-piece");
  REQUIRE(fx::Sql(dir,
                  "DROP TRIGGER items_keep_danghao; DROP INDEX items_class_piece;"
                  "UPDATE items SET piece = 1 WHERE id = 3")
              .empty());
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(fx::HasProblem(r, kThird, "件号重复"));
  CHECK(fx::HasProblem(r, kThird, "不一致"));
}

TEST_CASE("Check compares 页数 with the catalogue and with the files", "[archive]") {
  std::string dir = ThreeItems("check-pages");
  REQUIRE(fx::Sql(dir, "UPDATE items SET pages = 7 WHERE id = 1").empty());
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(fx::HasProblem(r, kFirst, "页数不符：目录记为 7 页，原件共 1 页"));

  // A counter that sees two pages in every file: every file disagrees with the catalogue.
  r = RunCheck(dir, [](const std::string&, const std::string&) { return 2; });
  CHECK(fx::HasProblem(r, kSecond, "实有 2 页，目录记为 1 页"));
  // A counter that cannot tell (-1) checks nothing.
  r = RunCheck(dir, [](const std::string&, const std::string&) { return -1; });
  CHECK(r.problems.size() == 1);
}

TEST_CASE("Check ignores sound store files no item knows, and reports damaged ones", "[archive]") {
  std::string dir = ThreeItems("check-unreferenced");
  std::string src = ScratchDir("check-unreferenced-extra");
  // A filing that stored its file and then failed (here: an invalid field) leaves a sound file.
  {
    auto a = fx::OpenArchive(dir);
    NewItem bad = fx::SampleItem();
    bad.danghao = kFirst;
    CHECK_FALSE(a->File(bad, {fx::PdfFile(fx::WritePdf(src + "/x.pdf", "x"))}, nullptr).ok());
  }
  CheckReport r = RunCheck(dir);
  INFO(fx::Describe(r));
  CHECK(r.ok());
  CHECK(r.unreferenced == 1);

  std::string bogus(64, 'a');
  std::filesystem::create_directories(dir + "/store/aa");
  WriteFile(dir + "/store/aa/" + bogus, "not what the name says");
  r = RunCheck(dir);
  CHECK(fx::HasProblem(r, "store/aa/" + bogus, "与其名称"));
}

TEST_CASE("Check reports a broken audit chain", "[archive]") {
  std::string dir = ThreeItems("check-audit");
  REQUIRE(
      fx::Sql(dir, "DROP TRIGGER audit_no_update; UPDATE audit_log SET who = '某人' WHERE id = 2")
          .empty());
  CheckReport r = RunCheck(dir);
  CHECK(fx::HasProblem(r, "", "第 2 条"));
}

}  // namespace
}  // namespace dangan
