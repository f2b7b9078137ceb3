// Start-up benchmark's archive (bench/run_startup.sh times the commands themselves):
//
//   bench_startup archive DIR ITEMS SEEDS   creates DIR (an archive) holding ITEMS items, each
//                                           with a title and ~1 KB of body text cut from the
//                                           texts in SEEDS (samples/seeds), filed in batches of
//                                           5,000; prints "seconds items"
//
// Every item's file is the same tiny PDF (the store keeps it once), its text given with it as a
// generated document's is, so the run costs catalogue and index inserts, not file copies.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "bench_measure.h"
#include "dangan/archive/archive.h"

namespace {

namespace fs = std::filesystem;
using dangan::bench::Seconds;

constexpr size_t kBatch = 5000;
constexpr size_t kBodyBytes = 1000;
const char* const kDepartments[] = {"BGS", "XSB", "CWB", "JSB"};
const char* const kPeople[] = {"王建国", "李娜", "陈晓东", "赵雪梅", "刘洋", "张伟"};

int Die(const std::string& what) {
  std::fprintf(stderr, "bench_startup: %s\n", what.c_str());
  return 2;
}

// Lines of the seed texts, without blank ones.
std::vector<std::string> SeedLines(const std::string& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> lines;
  for (const fs::path& f : files) {
    std::ifstream in(f);
    for (std::string line; std::getline(in, line);) {
      if (line.size() > 6) lines.push_back(line);
    }
  }
  return lines;
}

// Cuts `s` to at most `n` bytes on a UTF-8 character boundary.
std::string Cut(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

int MakeArchive(const std::string& dir, long items, const std::string& seeds) {
  const std::vector<std::string> lines = SeedLines(seeds);
  if (lines.empty()) return Die("no seed text in " + seeds);
  dangan::ArchiveConfig config;
  config.fonds = "Z109";
  config.company = "华东精密机械有限公司";
  dangan::Status st = dangan::Archive::Create(dir, config);
  std::unique_ptr<dangan::Archive> archive;
  if (st.ok()) st = dangan::Archive::Open(dir, "基准测试", &archive);
  if (!st.ok()) return Die(st.ToString());
  const std::string pdf = dir + "/bench-file.pdf";
  std::ofstream(pdf) << "%PDF-1.4\n%%Page 1\n%%EOF\n";
  const auto start = std::chrono::steady_clock::now();
  long filed = 0;
  while (filed < items) {
    std::vector<dangan::Filing> batch;
    for (size_t k = 0; k < kBatch && filed + static_cast<long>(batch.size()) < items; ++k) {
      const size_t i = static_cast<size_t>(filed) + k;
      dangan::Filing f;
      f.item.category = "WS";
      f.item.year = 2015 + static_cast<int>(i % 10);  // 40 classes: 件号 stay below 9999
      f.item.retention = "D30";
      f.item.department = kDepartments[(i / 10) % 4];
      f.item.title = Cut(lines[(i * 7919) % lines.size()], 60);
      f.item.responsible = kPeople[i % 6];
      f.item.date = std::to_string(f.item.year) + "-03-05";
      std::string body;
      for (size_t j = (i * 104729) % lines.size(); body.size() < kBodyBytes;
           j = (j + 1) % lines.size()) {
        body += lines[j] + "\n";
      }
      dangan::NewFile file;
      file.path = pdf;
      file.media_type = "application/pdf";
      file.pages = 1;
      file.text = Cut(body, kBodyBytes + 200);
      f.files.push_back(std::move(file));
      batch.push_back(std::move(f));
    }
    st = archive->FileBatch(batch, nullptr);
    if (!st.ok()) return Die(st.ToString());
    filed += static_cast<long>(batch.size());
  }
  std::printf("%.2f %ld\n", Seconds(start), filed);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  if (cmd == "archive" && argc == 5) return MakeArchive(argv[2], std::atol(argv[3]), argv[4]);
  return Die("usage: bench_startup archive DIR ITEMS SEEDS");
}
