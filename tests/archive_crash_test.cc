// Crash safety: filing processes killed with SIGKILL at random moments leave either whole items
// or nothing — never an item without its files, a 件号 gap or a broken audit chain.
//
// The moments are chosen by events, not by the clock alone: each child reports every filing it
// completed through a pipe, and the parent lets it complete a random number of them (0–3) before
// a random delay and the kill. On a busy machine the delay alone could end every child before
// its first item; waiting for the events keeps the test the same however slow the machine is.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <random>
#include <thread>

#include "dangan/tokenizer.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;

constexpr int kRounds = 40;
constexpr int kMaxDelayMs = 40;
constexpr int kMaxFilingsBeforeKill = 3;

std::string Pdf(const std::string& src, const std::string& seed, int pages) {
  return fx::WritePdf(src + "/" + seed + ".pdf", seed + std::string(4096, 'x'), pages);
}

// Tells the parent one more filing operation completed.
void Done(int fd) {
  while (write(fd, "+", 1) < 0 && errno == EINTR) {
  }
}

// Files items until killed, writing a byte to `done_fd` after each completed operation. Each
// item has a real file of its own; some get a signed scan added afterwards, and some are filed
// three at a time in a batch, so kills land in every step.
[[noreturn]] void FileUntilKilled(const std::string& dir, const std::string& src, int round,
                                  int done_fd) {
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
      Done(done_fd);
      continue;
    }
    ItemRecord rec;
    if (!a->File(fx::SampleItem("崩溃 " + seed), {fx::PdfFile(Pdf(src, seed, 2), 2)}, &rec).ok()) {
      _exit(1);
    }
    Done(done_fd);
    if (i % 4 == 0) {
      NewFile scan = fx::PdfFile(Pdf(src, seed + "s", 1), 1, FileRole::kSignedScan);
      if (!a->AddFiles(rec.danghao, {scan}, nullptr).ok()) _exit(1);
      Done(done_fd);
    }
  }
}

TEST_CASE("Killing filing processes at random moments leaves a sound archive", "[archive]") {
  std::string dir = fx::NewArchive("crash");
  std::string src = ScratchDir("crash-src");
  std::mt19937 rng(20240501);
  std::uniform_int_distribution<int> delay(0, kMaxDelayMs);
  std::uniform_int_distribution<int> filings(0, kMaxFilingsBeforeKill);
  // The index's fold table takes tens of milliseconds to build, once per process: built here,
  // the children inherit it, and the kills land in filing rather than in start-up.
  search::Tokenize("预热");
  int completed = 0;
  for (int round = 0; round < kRounds; ++round) {
    int done[2];
    REQUIRE(pipe(done) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(done[0]);
      FileUntilKilled(dir, src, round, done[1]);
    }
    close(done[1]);
    // The first round always completes a filing, so that the archive is never checked empty.
    const int wait_for = round == 0 ? 1 : filings(rng);
    char byte;
    for (int k = 0; k < wait_for && read(done[0], &byte, 1) == 1; ++k) ++completed;
    std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
    kill(pid, SIGKILL);
    close(done[0]);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    // Killed, or (rarely) exited early: a child that exits by itself has failed.
    CHECK(WIFSIGNALED(status));
  }

  auto a = fx::OpenArchive(dir);
  CheckReport r;
  INFO("after " << kRounds << " kills, " << completed << " filings seen completed");
  CHECK(completed > 0);
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
