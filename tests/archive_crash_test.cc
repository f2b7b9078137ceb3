// Crash safety: a filing process killed with SIGKILL at any step of filing leaves whole items or
// nothing — never an item without its files, a 件号 gap or a broken audit chain. The kills land
// on the archive's fault points (FaultPoint in archive_util.h, a private part tested on purpose),
// not after a delay, so the test does the same on a busy machine as on an idle one.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstring>

#include "archive/src/archive_util.h"  // private part, tested on purpose: the fault points
#include "dangan/search/tokenizer.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;

// Every step of filing where a crash could leave something behind, in the order they run.
const char* const kPoints[] = {"store: copied",          "store: synced",
                               "store: installed",       "store: done",
                               "filing: begun",          "filing: item inserted",
                               "filing: files inserted", "filing: indexed",
                               "filing: audited",        "filing: committing",
                               "filing: committed",      "adding: unindexed",
                               "adding: files inserted", "adding: committing",
                               "adding: committed"};
// Which passes through a point are killed: the first, the second, and the fifth (for the filing
// points, the second item of a batch of three; for the store, a scan added to an item).
const int kHits[] = {1, 2, 5};
// A child that went this far without reaching its point has failed.
constexpr int kMaxSteps = 20;

const char* kill_point = nullptr;
int hits_left = 0;

void KillAtPoint(const char* point) {
  if (std::strcmp(point, kill_point) == 0 && --hits_left == 0) raise(SIGKILL);
}

std::string Pdf(const std::string& src, const std::string& seed, int pages) {
  return fx::WritePdf(src + "/" + seed + ".pdf", seed + std::string(4096, 'x'), pages);
}

void Tell(int fd, char c) {
  if (write(fd, &c, 1) != 1) _exit(4);
}

// Files items until killed at the point. Before each filing it writes to `fd` what it starts
// ('F' one item, 'B' a batch of three, 'A' a scan added), after it '.', so the parent knows what
// must be in the archive and what must not.
[[noreturn]] void FileUntilKilled(const std::string& dir, const std::string& src,
                                  const std::string& round, int fd) {
  std::unique_ptr<Archive> a;
  if (!Archive::Open(dir, "崩溃测试", &a).ok()) _exit(2);
  for (int i = 0; i < kMaxSteps; ++i) {
    std::string seed = round + "-" + std::to_string(i);
    if (i % 4 == 3) {
      std::vector<Filing> batch;
      for (int k = 0; k < 3; ++k) {
        std::string s = seed + "b" + std::to_string(k);
        batch.push_back({fx::SampleItem("批量 " + s), {fx::PdfFile(Pdf(src, s, 2), 2)}});
      }
      Tell(fd, 'B');
      if (!a->FileBatch(batch, nullptr).ok()) _exit(1);
      Tell(fd, '.');
      continue;
    }
    ItemRecord rec;
    Tell(fd, 'F');
    if (!a->File(fx::SampleItem("崩溃 " + seed), {fx::PdfFile(Pdf(src, seed, 2), 2)}, &rec).ok()) {
      _exit(1);
    }
    Tell(fd, '.');
    if (i % 4 == 0) {
      NewFile scan = fx::PdfFile(Pdf(src, seed + "s", 1), 1, FileRole::kSignedScan);
      Tell(fd, 'A');
      if (!a->AddFiles(rec.danghao, {scan}, nullptr).ok()) _exit(1);
      Tell(fd, '.');
    }
  }
  _exit(3);
}

struct Counts {
  int64_t items = 0, files = 0;
};

Counts CountAll(Archive& a) {
  std::vector<ItemRecord> items;
  ListFilter all;
  all.limit = 0;
  REQUIRE(a.List(all, &items, nullptr).ok());
  Counts c;
  for (const ItemRecord& item : items) {
    c.items += 1;
    c.files += static_cast<int64_t>(item.files.size());
    CHECK(item.pages == 2);  // 页数 agree with the originals: a signed scan adds none
    for (const StoredFile& f : item.files) CHECK(access(a.StoredPath(f).c_str(), R_OK) == 0);
  }
  return c;
}

// What the archive must have gained from a child's log: every finished filing, and the one the
// kill interrupted only if it came after its commit.
Counts Expected(const std::string& log, const std::string& point) {
  Counts c;
  const bool after_commit = point == "filing: committed" || point == "adding: committed";
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i] == '.') continue;
    const bool done = (i + 1 < log.size() && log[i + 1] == '.') || after_commit;
    if (!done) continue;
    const int64_t n = log[i] == 'B' ? 3 : 1;
    if (log[i] != 'A') c.items += n;
    c.files += n;
  }
  return c;
}

void CheckSound(Archive& a) {
  CheckReport r;
  REQUIRE(a.Check(fx::CountTestPages, &r).ok());
  INFO(fx::Describe(r));
  CHECK(r.ok());  // every file read back with its digests, no 件号 gap, 页数 right
  AuditReport audit;
  REQUIRE(a.VerifyAudit(&audit).ok());
  CHECK(audit.intact);
  CHECK(audit.entries >= r.items);
}

TEST_CASE("Killing a filing process at every step of filing leaves a sound archive", "[archive]") {
  std::string dir = fx::NewArchive("crash");
  std::string src = ScratchDir("crash-src");
  Counts have;
  int round = 0;
  for (const char* point : kPoints) {
    for (int hit : kHits) {
      INFO("killed at the " << hit << ". pass through 「" << point << "」");
      int fds[2];
      REQUIRE(pipe(fds) == 0);
      pid_t pid = fork();
      REQUIRE(pid >= 0);
      if (pid == 0) {
        close(fds[0]);
        kill_point = point;
        hits_left = hit;
        archive::SetFaultHook(KillAtPoint);
        FileUntilKilled(dir, src, std::to_string(round), fds[1]);
      }
      close(fds[1]);
      std::string log;
      char buf[64];
      for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) != 0;) {
        if (n > 0) log.append(buf, static_cast<size_t>(n));
      }
      close(fds[0]);
      int status = 0;
      REQUIRE(waitpid(pid, &status, 0) == pid);
      INFO("child's log: " << log << ", exit status "
                           << (WIFEXITED(status) ? WEXITSTATUS(status) : -1));
      // A child that exits by itself has failed (3: it never reached the point).
      REQUIRE(WIFSIGNALED(status));
      CHECK(WTERMSIG(status) == SIGKILL);

      auto a = fx::OpenArchive(dir);
      CheckSound(*a);
      const Counts now = CountAll(*a);
      const Counts gained = Expected(log, point);
      CHECK(now.items == have.items + gained.items);
      CHECK(now.files == have.files + gained.files);
      have = now;
      ++round;
    }
  }
  // The next item gets the next 件号, as if no filing had ever been killed.
  auto a = fx::OpenArchive(dir);
  ItemRecord rec;
  REQUIRE(a->File(fx::SampleItem("崩溃之后"), {fx::PdfFile(Pdf(src, "after", 2), 2)}, &rec).ok());
  CHECK(rec.piece == have.items + 1);
  CheckSound(*a);
}

}  // namespace
}  // namespace dangan
