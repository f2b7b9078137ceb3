// Replays the fuzz targets' inputs (fuzz/fuzz_entries.h) in every build: the inputs a fuzzer once
// crashed on (fuzz/regressions/NAME/) and the seed corpora (fuzz/corpus/NAME/). Each entry aborts
// on a crash, a sanitizer report or a broken invariant; returning means the input was read or
// refused cleanly, with a message naming the file.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_entries.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fs = std::filesystem;

std::vector<uint8_t> Bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

// Runs target `name` on every file under `dir`; returns how many there were.
int Replay(const std::string& name, const fs::path& dir) {
  const fuzz::Entry entry = fuzz::FindEntry(name);
  REQUIRE(entry != nullptr);
  if (!fs::is_directory(dir)) return 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    INFO(name << ": " << file.string());
    const std::vector<uint8_t> bytes = Bytes(file);
    entry(bytes.data(), bytes.size());
    SUCCEED();
  }
  return static_cast<int>(files.size());
}

TEST_CASE("every input the fuzzers once crashed on is now read or refused cleanly", "[fuzz]") {
  int replayed = 0;
  for (const fuzz::Target& target : fuzz::Targets()) {
    replayed += Replay(target.name, test::SourcePath("fuzz/regressions/") + target.name);
  }
  INFO("regression inputs replayed: " << replayed);
  SUCCEED();
}

TEST_CASE("every fuzz target has seeds, and every seed is read or refused cleanly", "[fuzz]") {
  for (const fuzz::Target& target : fuzz::Targets()) {
    INFO(target.name);
    CHECK(Replay(target.name, test::SourcePath("fuzz/corpus/") + target.name) > 0);
  }
}


}  // namespace
}  // namespace dangan
