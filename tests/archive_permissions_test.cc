// The archive folder is private whatever the umask, or shared with the group `init --group`
// names. Tests run as root, so modes are read with stat(), not tried with access().
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::archive_test;
using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::ScratchDir;

namespace {

struct stat StatOf(const std::string& path) {
  struct stat st {};
  INFO(path);
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st;
}

mode_t ModeOf(const std::string& path) { return StatOf(path).st_mode & 07777; }

// Files one item, so that the store holds a file and its fan-out directory.
std::string StoreOneFile(const std::string& dir) {
  std::unique_ptr<Archive> a = OpenArchive(dir);
  ItemRecord rec;
  const std::string pdf = WritePdf(dir + "/../scan.pdf", dir);
  REQUIRE(a->File(SampleItem(), {PdfFile(pdf)}, &rec).ok());
  return a->StoredPath(rec.files[0]);
}

// Runs `init` under `mask` (restored after).
CliRun InitUnder(mode_t mask, const std::string& dir, const std::string& more = "") {
  const mode_t old = umask(mask);
  CliRun run = RunDangan("init --archive " + dir + " --fonds Z109 --company 测试公司 " + more);
  umask(old);
  return run;
}

}  // namespace

TEST_CASE("a new archive is private whatever the umask", "[archive][permissions]") {
  for (mode_t mask : {mode_t{0}, mode_t{022}, mode_t{077}}) {
    const std::string dir = ScratchDir("private-" + std::to_string(mask)) + "/archive";
    CliRun init = InitUnder(mask, dir);
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
    const mode_t old = umask(mask);
    const std::string stored = StoreOneFile(dir);
    umask(old);
    CHECK(ModeOf(dir) == 0700);
    CHECK(ModeOf(dir + "/store") == 0700);
    CHECK(ModeOf(dir + "/store/tmp") == 0700);
    CHECK(ModeOf(stored.substr(0, stored.rfind('/'))) == 0700);
    CHECK(ModeOf(dir + "/catalogue.sqlite") == 0600);
    CHECK(ModeOf(dir + "/retention.txt") == 0600);
    CHECK(ModeOf(stored) == 0400);
    if (access((dir + "/catalogue.sqlite-wal").c_str(), F_OK) == 0) {
      CHECK(ModeOf(dir + "/catalogue.sqlite-wal") == 0600);
    }
  }
}

TEST_CASE("init --group shares the archive with that group", "[archive][permissions]") {
  struct group* g = getgrnam("daemon");
  REQUIRE(g != nullptr);
  const gid_t gid = g->gr_gid;
  const std::string dir = ScratchDir("shared") + "/archive";
  CliRun init = InitUnder(077, dir, "--group daemon");
  INFO(init.out);
  REQUIRE(init.exit_code == 0);
  const mode_t old = umask(077);
  const std::string stored = StoreOneFile(dir);
  umask(old);
  CHECK(ModeOf(dir) == (S_ISGID | 0770));
  CHECK(ModeOf(dir + "/store") == (S_ISGID | 0770));
  CHECK(ModeOf(stored.substr(0, stored.rfind('/'))) == (S_ISGID | 0770));
  CHECK(ModeOf(dir + "/catalogue.sqlite") == 0660);
  CHECK(ModeOf(dir + "/retention.txt") == 0660);
  CHECK(ModeOf(stored) == 0440);
  for (const std::string& path : {dir, dir + "/catalogue.sqlite", stored}) {
    INFO(path);
    CHECK(StatOf(path).st_gid == gid);
  }
}

TEST_CASE("init --group refuses a group that does not exist", "[archive][permissions]") {
  const std::string dir = ScratchDir("no-group") + "/archive";
  CliRun init = InitUnder(022, dir, "--group 没有这个组");
  CHECK(init.exit_code == 2);
  CHECK(init.out.find("没有这个组") != std::string::npos);
  CHECK(access((dir + "/catalogue.sqlite").c_str(), F_OK) != 0);
}
