// `dangan backup` and `dangan restore` as an archivist runs them: a backup while another process
// files, restore, then `dangan check` and `dangan audit verify` on the restored archive.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
namespace fs = std::filesystem;
using Json = nlohmann::json;
using test::RunDangan;
using test::RunDanganStdout;
using test::ScratchDir;

const char kSecret[] = " --clearance 机密";

Json RunJson(const std::string& args) {
  test::CliRun run = RunDanganStdout(args);
  INFO(args << "\n" << run.out);
  REQUIRE(run.exit_code == 0);
  return Json::parse(run.out);
}

// A child process filing items until it is killed; it never returns into Catch.
[[noreturn]] void FileForever(const std::string& dir, const std::string& src) {
  std::unique_ptr<Archive> a;
  if (!Archive::Open(dir, "另一进程", &a).ok()) _exit(2);
  for (int i = 0;; ++i) {
    const std::string seed = "子进程-" + std::to_string(i);
    const std::string pdf = fx::WritePdf(src + "/" + seed + ".pdf", seed);
    if (!a->File(fx::SampleItem("并发归档 " + seed), {fx::PdfFile(pdf)}, nullptr).ok()) _exit(1);
  }
}

TEST_CASE("dangan backup during filings by another process, then restore, check and audit verify",
          "[backup-cli]") {
  const std::string dir = fx::NewArchive("backup-cli");
  const std::string src = ScratchDir("backup-cli-src");
  const std::string dest = ScratchDir("backup-cli-dest") + "/档案备份";
  {
    auto a = fx::OpenArchive(dir);
    for (int i = 0; i < 5; ++i) {
      const std::string pdf =
          fx::WritePdf(src + "/" + std::to_string(i) + ".pdf", "先" + std::to_string(i));
      REQUIRE(
          a->File(fx::SampleItem("先归档 " + std::to_string(i)), {fx::PdfFile(pdf)}, nullptr).ok());
    }
  }
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) FileForever(dir, src);
  // Let the child get going.
  while (fx::SqlInt(dir, "SELECT count(*) FROM items") < 10) usleep(10000);
  const long long before = fx::SqlInt(dir, "SELECT count(*) FROM items");
  Json backup = RunJson("backup " + dest + " --archive " + dir + kSecret + " --json");
  const long long after = fx::SqlInt(dir, "SELECT count(*) FROM items");
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  INFO(backup.dump());
  CHECK(backup["items"].get<long long>() >= before);
  CHECK(backup["items"].get<long long>() <= after);
  CHECK(backup["copied"] == backup["items"]);

  const std::string restored = ScratchDir("backup-cli-new") + "/恢复";
  Json restore = RunJson("restore " + dest + " --archive " + restored + kSecret + " --json");
  CHECK(restore["items"] == backup["items"]);
  test::CliRun check = RunDangan("check --archive " + restored + kSecret);
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.out, Catch::Contains("全部完好"));
  CHECK_THAT(check.out,
             Catch::Contains("检查了 " + std::to_string(backup["items"].get<long long>()) + " 件"));
  test::CliRun verify = RunDangan("audit verify --archive " + restored + kSecret);
  INFO(verify.out);
  CHECK(verify.exit_code == 0);

  // A second backup copies only what was filed since.
  auto a = fx::OpenArchive(dir);
  const std::string pdf = fx::WritePdf(src + "/后.pdf", "后归档");
  REQUIRE(a->File(fx::SampleItem("后归档"), {fx::PdfFile(pdf)}, nullptr).ok());
  const long long now = fx::SqlInt(dir, "SELECT count(*) FROM items");
  Json again = RunJson("backup " + dest + " --archive " + dir + kSecret + " --json");
  CHECK(again["items"] == now);
  CHECK(again["copied"].get<long long>() == now - backup["items"].get<long long>());
  CHECK(again["skipped"] == backup["items"]);
  test::CliRun text = RunDangan("backup " + dest + " --archive " + dir + kSecret);
  CHECK(text.exit_code == 0);
  CHECK_THAT(text.out, Catch::Contains("新复制 0 个"));
}

TEST_CASE("dangan restore refuses a damaged backup and an existing folder, creating nothing",
          "[backup-cli]") {
  const std::string dir = fx::NewArchive("backup-cli-bad");
  const std::string src = ScratchDir("backup-cli-bad-src");
  {
    auto a = fx::OpenArchive(dir);
    const std::string pdf = fx::WritePdf(src + "/1.pdf", "一");
    REQUIRE(a->File(fx::SampleItem("一件"), {fx::PdfFile(pdf)}, nullptr).ok());
  }
  const std::string dest = ScratchDir("backup-cli-bad-dest") + "/b";
  RunJson("backup " + dest + " --archive " + dir + kSecret + " --json");

  const std::string exists = ScratchDir("backup-cli-bad-exists");
  test::CliRun run = RunDangan("restore " + dest + " --archive " + exists + kSecret);
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains(exists));
  CHECK_THAT(run.out, Catch::Contains("已存在"));

  {
    std::fstream f(dest + "/retention.txt", std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(40);
    const char was = static_cast<char>(f.get());
    f.seekp(40);
    f.put(was == 'X' ? 'Y' : 'X');
  }
  const std::string parent = ScratchDir("backup-cli-bad-new");
  run = RunDangan("restore " + dest + " --archive " + parent + "/新库" + kSecret);
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.out, Catch::Contains("retention.txt"));
  CHECK_THAT(run.out, Catch::Contains("已损坏"));
  CHECK(fs::is_empty(parent));

  // Below the highest clearance a backup is refused before anything is written.
  const std::string low = ScratchDir("backup-cli-low") + "/b";
  run = RunDangan("backup " + low + " --archive " + dir + " --clearance 内部");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("机密"));
  CHECK_FALSE(fs::exists(low));
}

}  // namespace
}  // namespace dangan
