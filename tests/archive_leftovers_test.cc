// What interrupted filings leave behind (store files no item refers to, temporary copies in
// store/tmp) is listed by `check` as reclaimable, not as damage, and removed by `gc` without
// ever taking a file a filing in progress is about to refer to; and a full disk still lets the
// archive be read.
#include <signal.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "archive/src/digest.h"  // private part: how the store names a file
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::archive_test;
using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::RunDanganStdout;
using dangan::test::ScratchDir;
using dangan::test::WriteFile;

namespace {

const char kFirst[] = "Z109-WS·2024-Y-BGS-0001";

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

std::string FileOneItem(const std::string& dir) {
  std::unique_ptr<Archive> a = OpenArchive(dir);
  ItemRecord rec;
  const std::string pdf =
      WritePdf(ScratchDir(dir.substr(dir.rfind('/') + 1) + "-src") + "/o.pdf", "the original");
  REQUIRE(a->File(SampleItem(), {PdfFile(pdf)}, &rec).ok());
  return a->StoredPath(rec.files[0]);
}

// What an interrupted filing leaves: a complete store file no item names (killed between the
// rename and the commit) and a temporary copy (killed while copying).
struct Leftovers {
  std::string stored, temporary;
};

Leftovers LeaveLeftovers(const std::string& dir) {
  const std::string content = "%PDF-1.4 a scan whose filing was killed";
  // The store names a file by its SHA-256.
  const std::string digest = dangan::archive::Sha256Hex(content);
  const std::string fan = dir + "/store/" + digest.substr(0, 2);
  mkdir(fan.c_str(), 0700);
  Leftovers l;
  l.stored = fan + "/" + digest;
  WriteFile(l.stored, content);
  l.temporary = WriteFile(dir + "/store/tmp/put-12345-1", "half a copy");
  return l;
}

}  // namespace

TEST_CASE("check lists what interrupted filings left as reclaimable, not as damage",
          "[archive][gc]") {
  const std::string dir = NewArchive("leftovers-check");
  FileOneItem(dir);
  const Leftovers l = LeaveLeftovers(dir);

  CliRun text = RunDangan("check --archive " + dir + " --clearance 机密");
  INFO(text.out);
  CHECK(text.exit_code == 0);
  CHECK(text.out.find("可回收") != std::string::npos);
  CHECK(text.out.find("1 个不属于任何件的文件、1 个临时文件") != std::string::npos);
  CHECK(text.out.find("store/tmp/put-12345-1") != std::string::npos);
  CHECK(text.out.find("dangan gc") != std::string::npos);
  CHECK(text.out.find("全部完好") != std::string::npos);

  CliRun json = RunDanganStdout("check --archive " + dir + " --clearance 机密 --json");
  REQUIRE(json.exit_code == 0);
  const nlohmann::json report = nlohmann::json::parse(json.out);
  CHECK(report["problems"].empty());
  REQUIRE(report["reclaimable"].size() == 2);
  int temporaries = 0;
  for (const auto& f : report["reclaimable"]) temporaries += f["kind"] == "temporary" ? 1 : 0;
  CHECK(temporaries == 1);
}

TEST_CASE("gc removes the leftovers, keeps every filed file and logs what it removed",
          "[archive][gc]") {
  const std::string dir = NewArchive("leftovers-gc");
  const std::string filed = FileOneItem(dir);
  const Leftovers l = LeaveLeftovers(dir);

  CliRun dry = RunDangan("gc --archive " + dir + " --dry-run");
  INFO(dry.out);
  CHECK(dry.exit_code == 0);
  CHECK(dry.out.find("可清理") != std::string::npos);
  CHECK(Exists(l.stored));
  CHECK(Exists(l.temporary));

  CliRun gc = RunDangan("gc --archive " + dir);
  INFO(gc.out);
  CHECK(gc.exit_code == 0);
  CHECK(gc.out.find("已清理：1 个不属于任何件的文件、1 个临时文件") != std::string::npos);
  CHECK_FALSE(Exists(l.stored));
  CHECK_FALSE(Exists(l.temporary));
  CHECK(Exists(filed));
  CHECK(SqlInt(dir, "SELECT count(*) FROM audit_log WHERE action = '回收存储空间'") == 1);

  CliRun check = RunDangan("check --archive " + dir + " --clearance 机密");
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CHECK(check.out.find("可回收") == std::string::npos);

  CliRun again = RunDangan("gc --archive " + dir);
  CHECK(again.out.find("没有需要清理的文件") != std::string::npos);
  CHECK(SqlInt(dir, "SELECT count(*) FROM audit_log WHERE action = '回收存储空间'") == 1);
}

TEST_CASE("gc never takes a file an import in progress has stored but not yet committed",
          "[archive][gc]") {
  const std::string dir = NewArchive("leftovers-import");
  std::unique_ptr<Archive> importer = OpenArchive(dir, "导入员");
  REQUIRE(importer->BeginImport().ok());
  std::vector<ItemRecord> recs;
  const std::string pdf = WritePdf(ScratchDir("leftovers-import-src") + "/o.pdf", "imported");
  REQUIRE(importer->FileBatch({Filing{SampleItem(), {PdfFile(pdf)}}}, &recs).ok());
  const std::string stored = importer->StoredPath(recs.at(0).files.at(0));
  REQUIRE(Exists(stored));

  // Another process's gc: the stored file is in no committed item yet, but it must stay.
  std::unique_ptr<Archive> collector = OpenArchive(dir, "张档案");
  std::vector<ReclaimableFile> removed;
  const Status busy = collector->CollectGarbage(false, 1, &removed);
  CHECK_FALSE(busy.ok());
  CHECK(busy.message().find("正在进行") != std::string::npos);
  CHECK(Exists(stored));

  REQUIRE(importer->CommitImport().ok());
  REQUIRE(collector->CollectGarbage(false, 1, &removed).ok());
  CHECK(removed.empty());
  CHECK(Exists(stored));
  ItemRecord rec;
  CHECK(collector->Get(kFirst, false, &rec).ok());
}

TEST_CASE("an archive whose WAL index cannot grow is still read", "[archive][disk-full]") {
  const std::string dir = NewArchive("leftovers-shm");
  FileOneItem(dir);
  // What a full disk leaves: the index truncated to 3 bytes by an opener that could not grow it.
  WriteFile(dir + "/catalogue.sqlite-shm", std::string(3, '\0'));
  // No file may grow past 512 bytes, as on a full disk (SIGXFSZ ignored, so writes fail).
  struct rlimit old {};
  REQUIRE(getrlimit(RLIMIT_FSIZE, &old) == 0);
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit tight = old;
  tight.rlim_cur = 512;
  REQUIRE(setrlimit(RLIMIT_FSIZE, &tight) == 0);
  CliRun list = RunDangan("list --archive " + dir);
  CliRun search = RunDangan("search --archive " + dir + " 印章");
  setrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, SIG_DFL);

  INFO(list.out);
  INFO(search.out);
  CHECK(list.exit_code == 0);
  CHECK(list.out.find(kFirst) != std::string::npos);
  CHECK(search.exit_code == 0);
  CHECK(search.out.find(kFirst) != std::string::npos);
}

TEST_CASE("on a full disk reads work and a write says the disk is full", "[archive][disk-full]") {
  const std::string mount_point = ScratchDir("leftovers-full-disk");
  if (mount("tmpfs", mount_point.c_str(), "tmpfs", 0, "size=2m") != 0) {
    // Catch2 2 has no SKIP; the test above covers reading without the mount.
    WARN("cannot mount a small file system here (needs root with CAP_SYS_ADMIN): not run");
    return;
  }
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{mount_point};
  const std::string dir = mount_point + "/archive";
  CliRun init = RunDangan("init --archive " + dir + " --fonds Z109 --company 测试公司");
  REQUIRE(init.exit_code == 0);
  FileOneItem(dir);
  WriteFile(dir + "/catalogue.sqlite-shm", std::string(3, '\0'));
  {  // fill every byte that is left
    std::ofstream filler(mount_point + "/filler", std::ios::binary);
    const std::string block(4096, 'x');
    while (filler.write(block.data(), block.size())) {
    }
  }
  CliRun list = RunDangan("list --archive " + dir);
  INFO(list.out);
  CHECK(list.exit_code == 0);
  CHECK(list.out.find(kFirst) != std::string::npos);

  CliRun edit = RunDangan("edit --archive " + dir + " " + kFirst + " --title 新题名");
  INFO(edit.out);
  CHECK(edit.exit_code != 0);
  CHECK(edit.out.find("磁盘空间已满") != std::string::npos);
}
