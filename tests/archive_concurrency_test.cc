// Several processes filing into one class at the same moment get 件号 1..N without a gap or a
// duplicate: the 件号 is read and used inside one IMMEDIATE transaction.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>

#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;

constexpr int kProcesses = 4;
constexpr int kItemsEach = 25;

// The child's whole life: wait for the start signal, file its items, exit 0 if all went well.
// It never returns into Catch.
[[noreturn]] void FileInChild(const std::string& dir, const std::string& src, int child,
                              int start_fd) {
  char go;
  if (read(start_fd, &go, 1) < 0) _exit(3);
  std::unique_ptr<Archive> a;
  if (!Archive::Open(dir, "进程" + std::to_string(child), &a).ok()) _exit(2);
  for (int i = 0; i < kItemsEach; ++i) {
    std::string seed = std::to_string(child) + "-" + std::to_string(i);
    std::string pdf = fx::WritePdf(src + "/" + seed + ".pdf", seed);
    Status st = a->File(fx::SampleItem("并发 " + seed), {fx::PdfFile(pdf)}, nullptr);
    if (!st.ok()) {
      std::fprintf(stderr, "%s\n", st.ToString().c_str());
      _exit(1);
    }
  }
  _exit(0);
}

TEST_CASE("Concurrent processes never duplicate or skip a 件号", "[archive]") {
  std::string dir = fx::NewArchive("concurrent");
  std::string src = ScratchDir("concurrent-src");
  int start[2];
  REQUIRE(pipe(start) == 0);
  std::vector<pid_t> children;
  for (int c = 0; c < kProcesses; ++c) {
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      close(start[1]);
      FileInChild(dir, src, c, start[0]);
    }
    children.push_back(pid);
  }
  close(start[0]);
  close(start[1]);  // every child's read returns at once: they all start together
  for (pid_t pid : children) {
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }

  auto a = fx::OpenArchive(dir);
  std::vector<ItemRecord> items;
  ListFilter all;
  all.limit = 0;
  size_t total = 0;
  REQUIRE(a->List(all, &items, &total).ok());
  REQUIRE(total == kProcesses * kItemsEach);
  for (size_t i = 0; i < items.size(); ++i) CHECK(items[i].piece == static_cast<int>(i) + 1);
  CHECK(items.back().danghao == "Z109-WS·2024-Y-BGS-0100");
  CheckReport r;
  REQUIRE(a->Check(fx::CountTestPages, &r).ok());
  INFO(fx::Describe(r));
  CHECK(r.ok());
}

}  // namespace
}  // namespace dangan
