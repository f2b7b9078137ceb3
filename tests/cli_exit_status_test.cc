// Every command exits the same way: 0 done, 1 ran and found problems, 2 bad input, 3 not found,
// 4 I/O or environment; with --json the problems, with their codes, are on stdout even then.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/test_paths.h"

using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using Json = nlohmann::json;

namespace {

// stdout only: the JSON a front end reads.
CliRun RunJsonOnly(const std::string& args) { return dangan::test::RunDanganStdout(args + " --json"); }

}  // namespace

TEST_CASE("bad data exits 2 and lists each problem with its code and field on stdout",
          "[cli][exit]") {
  const std::string dir = ScratchDir("exit-bad-data");
  const std::string data = dir + "/bad.json";
  FILE* f = std::fopen(data.c_str(), "w");
  REQUIRE(f != nullptr);
  std::fputs("{\"申请部门\": \"\", \"申请日期\": \"2024-02-30\"}", f);
  std::fclose(f);
  CliRun run = RunJsonOnly("generate O-09 --data " + data + " --out " + dir + "/out");
  INFO(run.out);
  CHECK(run.exit_code == 2);
  const Json j = Json::parse(run.out);
  REQUIRE(j["problems"].size() >= 2);
  for (const Json& p : j["problems"]) {
    CHECK_FALSE(p["code"].get<std::string>().empty());
    CHECK_FALSE(p["message"].get<std::string>().empty());
  }
}

TEST_CASE("a missing archive or item exits 3 with the code not_found", "[cli][exit]") {
  const std::string dir = ScratchDir("exit-not-found");
  CliRun run = RunJsonOnly("show Z109-WS·2024-Y-BGS-0001 --archive " + dir + "/nothing-here");
  INFO(run.out);
  CHECK(run.exit_code == 3);
  CHECK(Json::parse(run.out)["problems"][0]["code"] == "not_found");
  CHECK(RunDangan("forms show X-99").exit_code == 3);
}

TEST_CASE("an output that cannot be written exits 4, not 2", "[cli][exit]") {
  CliRun run = RunJsonOnly("generate O-09 --data " + SourcePath("samples/O-09.json") +
                           " --format pdf --out /proc/dangan-cannot-write/x.pdf");
  INFO(run.out);
  CHECK(run.exit_code == 4);
  CHECK(Json::parse(run.out)["problems"][0]["code"] == "io_error");
}

TEST_CASE("bad arguments exit 2 for every command", "[cli][exit]") {
  CHECK(RunDangan("generate O-09 --format docx --data x.json").exit_code == 2);
  CHECK(RunDangan("list --year 二〇二四").exit_code == 2);
  CHECK(RunDangan("search 合同 --clearance 绝密").exit_code == 2);
  CHECK(RunDangan("import x.csv").exit_code == 2);
  CHECK(RunDangan("no-such-command").exit_code == 2);
}

TEST_CASE("counts, years and template IDs follow one rule each, wherever they are typed",
          "[cli][exit]") {
  for (const char* args : {"list --limit -1", "list --offset -5", "search 合同 --limit +3",
                           "list --year 9999", "list --year 2024-2020", "search 合同 --year 1899",
                           "file x.pdf --year 9999 --title 测试 --retention Y --dept BGS"}) {
    INFO(args);
    CHECK(RunDangan(std::string(args) + " --archive no-such-archive").exit_code == 2);
  }
  // A template ID is an ID, never a path out of the template folder.
  const CliRun escape = dangan::test::RunDanganStdout("generate ../../../tmp/x --data x.json --json");
  INFO(escape.out);
  CHECK(escape.exit_code == 2);
  CHECK(escape.out.find("invalid_template_id") != std::string::npos);
}
