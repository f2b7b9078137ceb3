// Backup and restore (issue 16 §3) on real archives: a backup taken while filings go on, an
// incremental backup, a store file no item references, a damaged backup, a folder in the way.
#include "dangan/archive/backup.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/destruction.h"
#include "dangan/jobs/stats.h"
#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
namespace fs = std::filesystem;
using test::ScratchDir;

long long ItemCount(const std::string& dir) {
  return fx::SqlInt(dir, "SELECT count(*) FROM items");
}

void FileItems(Archive& a, const std::string& src, const std::string& prefix, int n) {
  for (int i = 0; i < n; ++i) {
    const std::string seed = prefix + "-" + std::to_string(i);
    const std::string pdf = fx::WritePdf(src + "/" + seed + ".pdf", seed);
    REQUIRE(a.File(fx::SampleItem("备份测试 " + seed), {fx::PdfFile(pdf)}, nullptr).ok());
  }
}

mode_t ModeOf(const std::string& path) {
  struct stat st;
  REQUIRE(stat(path.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

std::vector<std::string> StoreFiles(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(dir + "/store")) {
    if (e.is_regular_file() && e.path().parent_path().filename() != "tmp" &&
        e.path().filename().string()[0] != '.') {
      out.push_back(e.path().filename().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("A backup taken while items are being filed restores to an archive that passes check",
          "[backup]") {
  const std::string dir = fx::NewArchive("backup-live");
  const std::string src = ScratchDir("backup-live-src");
  const std::string dest = ScratchDir("backup-live-dest") + "/备份";
  {
    auto a = fx::OpenArchive(dir);
    FileItems(*a, src, "先", 20);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> filed{0};
  std::thread filer([&] {
    std::unique_ptr<Archive> a;
    if (!Archive::Open(dir, "并发归档", &a).ok()) return;
    for (int i = 0; !stop; ++i) {
      const std::string seed = "并发-" + std::to_string(i);
      const std::string pdf = fx::WritePdf(src + "/" + seed + ".pdf", seed);
      if (a->File(fx::SampleItem("并发归档 " + seed), {fx::PdfFile(pdf)}, nullptr).ok()) ++filed;
    }
  });
  while (filed < 5) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const long long before = ItemCount(dir);
  BackupReport report;
  Status st = BackupArchive(dir, dest, {"张档案", false}, &report);
  const long long after = ItemCount(dir);
  while (filed < 10 + (after - before)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  stop = true;
  filer.join();
  REQUIRE(st.ok());
  INFO("before " << before << " backed up " << report.manifest.items << " after " << after);
  CHECK(report.manifest.items >= before);
  CHECK(report.manifest.items <= after);
  CHECK(ItemCount(dir) > report.manifest.items);  // filing went on past the backup
  CHECK(report.manifest.complete);
  CHECK(report.copied == report.manifest.items);  // one distinct file per item

  const std::string restored = ScratchDir("backup-live-new") + "/恢复的档案";
  RestoreReport restore;
  st = RestoreArchive(dest, restored, "张档案", &restore);
  REQUIRE(st.ok());
  CHECK(ItemCount(restored) == report.manifest.items);
  auto r = fx::OpenArchive(restored);
  CheckReport check;
  REQUIRE(r->Check(fx::CountTestPages, &check).ok());
  INFO(fx::Describe(check));
  CHECK(check.ok());
  CHECK(check.files == report.manifest.items);
  CHECK(check.unreferenced == 0);
  AuditReport audit;
  REQUIRE(r->VerifyAudit(&audit).ok());
  CHECK(audit.intact);
  // Every item's file is there, readable, under the restored archive.
  std::vector<ItemRecord> items;
  ListFilter all;
  all.limit = 0;
  REQUIRE(r->List(all, &items, nullptr).ok());
  REQUIRE(static_cast<long long>(items.size()) == report.manifest.items);
  for (const ItemRecord& item : items) {
    REQUIRE(item.files.size() == 1);
    CHECK(fs::exists(r->StoredPath(item.files[0])));
  }
  std::vector<AuditEntry> log;
  REQUIRE(r->AuditLog("", Secrecy::kSecret, &log).ok());
  CHECK(log.back().action == "从备份恢复");
  // The source archive records the backup.
  auto source = fx::OpenArchive(dir);
  REQUIRE(source->AuditLog("", Secrecy::kSecret, &log).ok());
  bool logged = false;
  for (const AuditEntry& e : log) logged |= e.action == "备份档案库";
  CHECK(logged);
  REQUIRE(source->VerifyAudit(&audit).ok());
  CHECK(audit.intact);
}

TEST_CASE("A second backup copies only the files filed since the first", "[backup]") {
  const std::string dir = fx::NewArchive("backup-incremental");
  const std::string src = ScratchDir("backup-incremental-src");
  const std::string dest = ScratchDir("backup-incremental-dest") + "/b";
  auto a = fx::OpenArchive(dir);
  FileItems(*a, src, "一", 3);
  BackupReport first;
  REQUIRE(BackupArchive(dir, dest, {}, &first).ok());
  CHECK(first.copied == 3);
  CHECK(first.skipped == 0);
  FileItems(*a, src, "二", 2);
  BackupReport second;
  REQUIRE(BackupArchive(dir, dest, {}, &second).ok());
  CHECK(second.copied == 2);
  CHECK(second.skipped == 3);
  CHECK(second.removed == 0);
  CHECK(second.manifest.items == 5);
  CHECK(StoreFiles(dest) == StoreFiles(dir));
  // With --verify the files already there are re-read, and still not copied again.
  BackupReport third;
  REQUIRE(BackupArchive(dir, dest, {"", true}, &third).ok());
  CHECK(third.copied == 0);
  CHECK(third.skipped == 5);
}

TEST_CASE("A backup holds only the files its catalogue references", "[backup]") {
  // Simulated destruction (branch destruction not merged here): a store file no item references
  // is not copied, and a file the new catalogue no longer references leaves the backup.
  const std::string dir = fx::NewArchive("backup-unreferenced");
  const std::string src = ScratchDir("backup-unreferenced-src");
  const std::string dest = ScratchDir("backup-unreferenced-dest") + "/b";
  auto a = fx::OpenArchive(dir);
  FileItems(*a, src, "件", 3);
  // A file in the store that no item references (as a destroyed item's would be, or one left by
  // an interrupted filing).
  const std::string orphan = std::string(64, 'a');
  fs::create_directories(dir + "/store/aa");
  test::WriteFile(dir + "/store/aa/" + orphan, "无主文件");
  BackupReport first;
  REQUIRE(BackupArchive(dir, dest, {}, &first).ok());
  CHECK(first.copied == 3);
  CHECK_FALSE(fs::exists(dest + "/store/aa/" + orphan));
  CHECK(StoreFiles(dest).size() == 3);

  // The catalogue stops referencing one item's file: the next backup removes it.
  std::string sha;
  {
    std::vector<ItemRecord> items;
    ListFilter all;
    all.limit = 0;
    REQUIRE(a->List(all, &items, nullptr).ok());
    sha = items[0].files[0].sha256;
  }
  // The catalogue forbids deleting a file row; the test lifts that to play the item's destruction.
  REQUIRE(
      fx::Sql(dir, "DROP TRIGGER files_no_delete; DELETE FROM files WHERE sha256 = '" + sha + "'")
          .empty());
  REQUIRE(fs::exists(dest + "/store/" + sha.substr(0, 2) + "/" + sha));
  BackupReport second;
  REQUIRE(BackupArchive(dir, dest, {}, &second).ok());
  CHECK(second.removed == 1);
  CHECK_FALSE(fs::exists(dest + "/store/" + sha.substr(0, 2) + "/" + sha));
  CHECK(StoreFiles(dest).size() == 2);
  BackupManifest m;
  REQUIRE(ReadBackupManifest(dest, &m).ok());
  for (const BackupFileEntry& f : m.files) CHECK(f.path.find(sha) == std::string::npos);
}

TEST_CASE("Restore refuses a backup with a changed byte and leaves nothing behind", "[backup]") {
  const std::string dir = fx::NewArchive("backup-corrupt");
  const std::string src = ScratchDir("backup-corrupt-src");
  const std::string dest = ScratchDir("backup-corrupt-dest") + "/b";
  auto a = fx::OpenArchive(dir);
  FileItems(*a, src, "件", 2);
  REQUIRE(BackupArchive(dir, dest, {}, nullptr).ok());
  const std::string victim = StoreFiles(dest)[1];
  const std::string path = dest + "/store/" + victim.substr(0, 2) + "/" + victim;
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(3);
    f.put('X');
  }
  const std::string parent = ScratchDir("backup-corrupt-new");
  Status st = RestoreArchive(dest, parent + "/新库", "张档案", nullptr);
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == Status::Code::kCorruption);
  CHECK_THAT(st.message(), Catch::Contains("store/" + victim.substr(0, 2) + "/" + victim));
  CHECK(fs::is_empty(parent));  // neither the archive nor its temporary sibling

  // The catalogue changed by a byte is refused as well, naming it.
  const std::string dest2 = ScratchDir("backup-corrupt-dest2") + "/b";
  REQUIRE(BackupArchive(dir, dest2, {}, nullptr).ok());
  {
    std::fstream f(dest2 + "/catalogue.sqlite", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(2000);
    f.put('\x7f');
  }
  st = RestoreArchive(dest2, parent + "/新库", "张档案", nullptr);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains("catalogue.sqlite"));
  CHECK(fs::is_empty(parent));
}

TEST_CASE("Restore refuses a target folder that exists, naming it", "[backup]") {
  const std::string dir = fx::NewArchive("backup-exists");
  const std::string dest = ScratchDir("backup-exists-dest") + "/b";
  REQUIRE(BackupArchive(dir, dest, {}, nullptr).ok());
  const std::string target = ScratchDir("backup-exists-target");  // exists, empty
  Status st = RestoreArchive(dest, target, "张档案", nullptr);
  REQUIRE_FALSE(st.ok());
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(st.message(), Catch::Contains(target));
  CHECK(fs::is_empty(target));
}

TEST_CASE("A backup refuses a folder that holds other files, and is private whatever the umask",
          "[backup]") {
  const std::string dir = fx::NewArchive("backup-foreign");
  const std::string src = ScratchDir("backup-foreign-src");
  auto a = fx::OpenArchive(dir);
  FileItems(*a, src, "件", 1);
  const std::string foreign = ScratchDir("backup-foreign-dest");
  test::WriteFile(foreign + "/工资表.xlsx", "不要覆盖");
  Status st = BackupArchive(dir, foreign, {}, nullptr);
  REQUIRE_FALSE(st.ok());
  CHECK_THAT(st.message(), Catch::Contains(foreign));
  CHECK(fx::ReadAll(foreign + "/工资表.xlsx") == "不要覆盖");
  CHECK_FALSE(fs::exists(foreign + "/" + kBackupManifest));

  const mode_t old = umask(0);
  const std::string dest = ScratchDir("backup-private") + "/b";
  st = BackupArchive(dir, dest, {}, nullptr);
  umask(old);
  REQUIRE(st.ok());
  CHECK(ModeOf(dest) == 0700);
  CHECK(ModeOf(dest + "/store") == 0700);
  CHECK(ModeOf(dest + "/catalogue.sqlite") == 0600);
  CHECK(ModeOf(dest + "/retention.txt") == 0600);
  CHECK(ModeOf(dest + "/" + kBackupManifest) == 0600);
  const std::string f = StoreFiles(dest)[0];
  CHECK(ModeOf(dest + "/store/" + f.substr(0, 2) + "/" + f) == 0600);
}

// Items of 2010 kept 10 years (due since 2021) appraised and destroyed through every step.
jobs::DestructionResult DestroyThrough(const jobs::JobContext& ctx,
                                       const std::vector<std::string>& items) {
  jobs::Appraisal a;
  REQUIRE(jobs::StartAppraisal(ctx, "", "2026-06-30", items, &a).ok());
  for (const std::string& item : items) {
    REQUIRE(jobs::DecideItem(ctx, a.id, item, "拟销毁", "", "无保存价值").ok());
  }
  REQUIRE(jobs::RecordGroupOpinion(ctx, a.id, "王鉴定、李小组", "同意销毁").ok());
  REQUIRE(jobs::ApproveDestruction(ctx, a.id, "周经理", true, "同意").ok());
  REQUIRE(jobs::RecordWitnesses(ctx, a.id, "孙监销", "钱监销", "粉碎", "档案室", "").ok());
  jobs::DestructionResult result;
  Status st = jobs::Destroy(ctx, a.id, &result);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return result;
}

TEST_CASE("A backup after a destruction no longer holds the destroyed item's file", "[backup]") {
  const std::string dir = fx::NewArchive("backup-destroyed");
  const std::string src = ScratchDir("backup-destroyed-src");
  const std::string dest = ScratchDir("backup-destroyed-dest") + "/b";
  std::vector<ItemRecord> old(2);
  {
    auto a = fx::OpenArchive(dir);
    for (int i = 0; i < 2; ++i) {
      NewItem item = fx::SampleItem("二〇一〇年领用单第" + std::to_string(i + 1) + "号");
      item.year = 2010;
      item.retention = "D10";
      item.date = "2010-05-06";
      const std::string pdf =
          fx::WritePdf(src + "/" + std::to_string(i) + ".pdf", "旧" + std::to_string(i));
      REQUIRE(a->File(item, {fx::PdfFile(pdf)}, &old[i]).ok());
    }
    FileItems(*a, src, "新", 1);
  }
  BackupReport first;
  REQUIRE(BackupArchive(dir, dest, {}, &first).ok());
  const std::string gone = old[0].files[0].sha256;
  const std::string gone_path = dest + "/store/" + gone.substr(0, 2) + "/" + gone;
  REQUIRE(fs::exists(gone_path));

  const jobs::JobContext ctx = test::SecretClerk(dir);
  jobs::DestructionResult destroyed = DestroyThrough(ctx, {old[0].danghao});
  CHECK(destroyed.destroyed == 1);

  BackupReport second;
  REQUIRE(BackupArchive(dir, dest, {}, &second).ok());
  CHECK(second.removed == 1);
  CHECK_FALSE(fs::exists(gone_path));
  CHECK(second.copied == static_cast<int64_t>(destroyed.list_item.files.size()));  // the 清册
  BackupManifest m;
  REQUIRE(ReadBackupManifest(dest, &m).ok());
  CHECK(m.schema_version >= 11);
  for (const BackupFileEntry& f : m.files) CHECK(f.path.find(gone) == std::string::npos);

  const std::string restored = ScratchDir("backup-destroyed-new") + "/r";
  REQUIRE(RestoreArchive(dest, restored, "张档案", nullptr).ok());
  auto r = fx::OpenArchive(restored);
  ItemRecord item;
  REQUIRE(r->Get(old[0].danghao, false, &item).ok());
  CHECK(item.destroyed);
  // The real check (the 清册 is a real PDF; the tests' marker counter cannot read it).
  CheckReport check;
  REQUIRE(jobs::Check(test::SecretClerk(restored), &check).ok());
  INFO(fx::Describe(check));
  CHECK(check.ok());
  AuditReport audit;
  REQUIRE(r->VerifyAudit(&audit).ok());
  CHECK(audit.intact);

  // The year's statistics count the destruction and leave the item out of the holdings.
  jobs::AnnualStats stats;
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  REQUIRE(jobs::ComputeStats(ctx, tm.tm_year + 1900, &stats).ok());
  CHECK(stats.destroyed_items == 1);
  CHECK(stats.items == 3);  // two of the three filed, and the 清册 filed 永久
  const auto y2010 = std::find_if(stats.by_year.begin(), stats.by_year.end(),
                                  [](const jobs::StatsLine& l) { return l.key == "2010"; });
  REQUIRE(y2010 != stats.by_year.end());
  CHECK(y2010->items == 1);
  CHECK(stats.stored_files == 2 + static_cast<int64_t>(destroyed.list_item.files.size()));
}

}  // namespace
}  // namespace dangan
