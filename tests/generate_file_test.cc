// generate --file: when filing fails, the documents written for that run do not stay in --out
// looking like filed ones.
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;

namespace {

int FilesIn(const std::string& dir) {
  if (!std::filesystem::exists(dir)) return 0;
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) n += entry.is_regular_file();
  return n;
}

}  // namespace

TEST_CASE("generate --file that cannot file removes what it wrote and says so", "[generate][cli]") {
  const std::string dir = ScratchDir("generate_file_fails");
  const std::string out = dir + "/out";
  const CliRun run = RunDangan("generate O-09 --data " + SourcePath("samples/O-09.json") +
                               " --out " + out + " --file --archive " + dir + "/没有这个档案库");
  INFO(run.out);
  CHECK(run.exit_code == 3);
  CHECK_THAT(run.out, Catch::Contains("未归档：本次生成的文件已从 " + out + " 删除"));
  CHECK(FilesIn(out) == 0);
}

TEST_CASE("generate --file that files keeps its documents in --out", "[generate][cli]") {
  const std::string archive = dangan::archive_test::NewArchive("generate_file_ok");
  const std::string out = ScratchDir("generate_file_ok_out") + "/out";
  const CliRun run = RunDangan("generate O-09 --data " + SourcePath("samples/O-09.json") +
                               " --out " + out + " --file --archive " + archive);
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK(FilesIn(out) == 2);  // the PDF and the XLSX
}
