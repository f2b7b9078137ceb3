// Backup benchmark (issue 16 §3): a demo-size archive (ITEMS items, one small distinct PDF-like
// file each, filed in batches), then a full backup into a fresh folder, a second backup after
// 1% more items were filed (incremental), and a restore with every digest verified.
//
//   bench_backup DIR [ITEMS]   prints one line per step: "step seconds detail"
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "bench_measure.h"
#include "dangan/archive/archive.h"
#include "dangan/archive/backup.h"

namespace {

using dangan::bench::Seconds;
using Clock = std::chrono::steady_clock;

// A file of 4–40 KB, unique by `n`: about what a one- to three-page scanned form weighs.
std::string WriteDocument(const std::string& dir, int n, std::mt19937* rng) {
  const std::string path = dir + "/" + std::to_string(n) + ".pdf";
  std::string text = "%PDF-1.4\n% 文档 " + std::to_string(n) + "\n%%Page 1\n";
  const size_t size = 4096 + (*rng)() % (36 * 1024);
  while (text.size() < size) text += static_cast<char>('a' + (*rng)() % 26);
  text += "\n%%EOF\n";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

dangan::Status FileItems(dangan::Archive& a, const std::string& src, int from, int count,
                         std::mt19937* rng) {
  const char* kDepartments[] = {"BGS", "CWB", "RLB", "SCB", "JSB"};
  for (int done = 0; done < count;) {
    std::vector<dangan::Filing> batch;
    for (int i = 0; i < 500 && done < count; ++i, ++done) {
      const int n = from + done;
      dangan::Filing f;
      f.item.category = n % 3 ? "WS" : "KJ";
      f.item.year = 2016 + n % 10;
      f.item.retention = n % 4 ? "D30" : "Y";
      f.item.department = kDepartments[n % 5];
      f.item.title = "关于第" + std::to_string(n) + "号事项的通知";
      f.item.responsible = "华东精密机械有限公司";
      f.item.date = std::to_string(f.item.year) + "-03-15";
      dangan::NewFile file;
      file.path = WriteDocument(src, n, rng);
      file.media_type = "application/pdf";
      file.pages = 1;
      file.text = f.item.title;
      f.files.push_back(file);
      batch.push_back(std::move(f));
    }
    DANGAN_RETURN_IF_ERROR(a.FileBatch(batch, nullptr));
    for (const dangan::Filing& f : batch) std::filesystem::remove(f.files[0].path);
  }
  return dangan::Status::Ok();
}

int Fail(const dangan::Status& s) {
  std::fprintf(stderr, "%s\n", s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_backup DIR [ITEMS]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int items = argc > 2 ? std::atoi(argv[2]) : 20000;
  namespace fs = std::filesystem;
  fs::remove_all(dir);
  fs::create_directories(dir + "/src");
  const std::string archive_dir = dir + "/archive";
  dangan::ArchiveConfig config;
  config.fonds = "Z109";
  config.company = "华东精密机械有限公司";
  dangan::Status s = dangan::Archive::Create(archive_dir, config);
  if (!s.ok()) return Fail(s);
  std::unique_ptr<dangan::Archive> a;
  s = dangan::Archive::Open(archive_dir, "基准测试", &a);
  if (!s.ok()) return Fail(s);
  std::mt19937 rng(16);
  auto start = Clock::now();
  s = FileItems(*a, dir + "/src", 1, items, &rng);
  if (!s.ok()) return Fail(s);
  std::printf("file %.2f %d items\n", Seconds(start), items);

  dangan::BackupReport full;
  start = Clock::now();
  s = dangan::BackupArchive(archive_dir, dir + "/backup", {}, &full);
  if (!s.ok()) return Fail(s);
  std::printf("full_backup %.2f copied %lld files %.1f MB, backup %.1f MB\n", Seconds(start),
              static_cast<long long>(full.copied), full.bytes_copied / 1048576.0,
              full.bytes_total / 1048576.0);

  const int more = items / 100;
  s = FileItems(*a, dir + "/src", items + 1, more, &rng);
  if (!s.ok()) return Fail(s);
  dangan::BackupReport incremental;
  start = Clock::now();
  s = dangan::BackupArchive(archive_dir, dir + "/backup", {}, &incremental);
  if (!s.ok()) return Fail(s);
  std::printf("incremental_backup %.2f copied %lld (%.1f MB) skipped %lld\n", Seconds(start),
              static_cast<long long>(incremental.copied), incremental.bytes_copied / 1048576.0,
              static_cast<long long>(incremental.skipped));

  dangan::BackupReport verified;
  start = Clock::now();
  s = dangan::BackupArchive(archive_dir, dir + "/backup", {"基准测试", true}, &verified);
  if (!s.ok()) return Fail(s);
  std::printf("verify_backup %.2f re-read %lld files\n", Seconds(start),
              static_cast<long long>(verified.skipped));

  dangan::RestoreReport restored;
  start = Clock::now();
  s = dangan::RestoreArchive(dir + "/backup", dir + "/restored", "基准测试", &restored);
  if (!s.ok()) return Fail(s);
  std::printf("restore %.2f %lld files %.1f MB\n", Seconds(start),
              static_cast<long long>(restored.files), restored.bytes / 1048576.0);
  return 0;
}
