// Crash safety: filing processes killed with SIGKILL at random moments leave either whole items
// or nothing — never an item without its files, a 件号 gap or a broken audit chain.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "dangan/search/tokenizer.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;

constexpr int kRounds = 40;
constexpr int kMaxDelayMs = 40;

std::string Pdf(const std::string& src, const std::string& seed, int pages) {
  return fx::WritePdf(src + "/" + seed + ".pdf", seed + std::string(4096, 'x'), pages);
}

// Files items until killed. Each item has a real file of its own; some get a signed scan added
// afterwards, and some are filed three at a time in a batch, so kills land in every step.
[[noreturn]] void FileUntilKilled(const std::string& dir, const std::string& src, int round) {
  std::unique_ptr<Archive> a;
  if (!Archive::Open(dir, "崩溃测试", &a).ok()) _exit(2);
  for (int i = 0;; ++i) {
    std::string seed = std::to_string(round) + "-" + std::to_string(i);
    if (i % 4 == 3) {
      std::vector<Filing> batch;
      for (int k = 0; k < 3; ++k) {
        std::string s = seed + "b" + std::to_string(k);
        batch.push_back({fx::SampleItem("批量 " + s), {fx::PdfFile(Pdf(src, s, 2), 2)}});
      }
      if (!a->FileBatch(batch, nullptr).ok()) _exit(1);
      continue;
    }
    ItemRecord rec;
    if (!a->File(fx::SampleItem("崩溃 " + seed), {fx::PdfFile(Pdf(src, seed, 2), 2)}, &rec).ok()) {
      _exit(1);
    }
    if (i % 4 == 0) {
      NewFile scan = fx::PdfFile(Pdf(src, seed + "s", 1), 1, FileRole::kSignedScan);
      if (!a->AddFiles(rec.danghao, {scan}, nullptr).ok()) _exit(1);
    }
  }
}

TEST_CASE("Killing filing processes at random moments leaves a sound archive", "[archive]") {
  std::string dir = fx::NewArchive("crash");
  std::string src = ScratchDir("crash-src");
  std::mt19937 rng(20240501);
  std::uniform_int_distribution<int> delay(0, kMaxDelayMs);
  // The index's fold table takes tens of milliseconds to build, once per process: built here,
  // the children inherit it, and the kills land in filing rather than in start-up.
  search::Tokenize("预热");
  for (int round = 0; round < kRounds; ++round) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) FileUntilKilled(dir, src, round);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
    kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    // Killed, or (rarely) exited early: a child that exits by itself has failed.
    CHECK(WIFSIGNALED(status));
  }

  auto a = fx::OpenArchive(dir);
  CheckReport r;
  INFO("after " << kRounds << " kills");
  REQUIRE(a->Check(fx::CountTestPages, &r).ok());
  INFO(fx::Describe(r));
  CHECK(r.ok());
  CHECK(r.items > 0);
  AuditReport audit;
  REQUIRE(a->VerifyAudit(&audit).ok());
  CHECK(audit.intact);
  CHECK(audit.entries >= r.items);
  // Every item's files exist (Check read them all); and 页数 agree with its originals.
  std::vector<ItemRecord> items;
  ListFilter all;
  all.limit = 0;
  REQUIRE(a->List(all, &items, nullptr).ok());
  for (const ItemRecord& item : items) {
    CHECK(item.pages == 2);
    for (const StoredFile& f : item.files) CHECK(access(a->StoredPath(f).c_str(), R_OK) == 0);
  }
}

}  // namespace
}  // namespace dangan
