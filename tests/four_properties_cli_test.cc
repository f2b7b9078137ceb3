// dangan check --four-properties as an archivist types it, through the real binary: exit 0 and
// one line per check on a sound archive, exit 1 naming the item after a stored file is damaged,
// --json and -o 报告.pdf, and bad options refused with exit status 2.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

using Json = nlohmann::json;
using test::CliRun;

class Filed {
 public:
  explicit Filed(const std::string& name) : dir_(test::ScratchDir(name)) {
    CliRun init = Run("init --fonds Z109 --company 华东精密机械有限公司");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
    CliRun run = test::RunDanganStdout(
        test::WithOptions("generate O-09 --data " + test::SourcePath("samples/O-09.json") +
                              " --format both --out " + dir_ + "/forms --file --json",
                          "--archive " + archive()));
    INFO(run.out);
    REQUIRE(run.exit_code == 0);
    danghao = Json::parse(run.out)["documents"][0]["档号"].get<std::string>();
  }
  std::string archive() const { return dir_ + "/archive"; }
  const std::string& dir() const { return dir_; }
  CliRun Run(const std::string& args) const {
    return test::RunDangan(test::WithOptions(args, "--archive " + archive()));
  }
  std::string danghao;

 private:
  std::string dir_;
};

TEST_CASE("check --four-properties passes a sound archive with one line per check",
          "[four-properties][cli]") {
  Filed a("fourprops-cli");
  CliRun run = a.Run("check --four-properties --clearance 机密");
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("四性检测（长期保存环节）"));
  CHECK_THAT(run.out, Catch::Contains("真实性  数字摘要一致  （全部）  通过"));
  CHECK_THAT(run.out, Catch::Contains("可用性  文件可打开  （全部）  通过  2 个文件"));
  CHECK_THAT(run.out, Catch::Contains("安全性  病毒检测"));
  CHECK_THAT(run.out, Catch::Contains("结论：通过"));

  const std::string pdf = a.dir() + "/四性检测报告.pdf";
  CliRun json = test::RunDanganStdout(test::WithOptions(
      "check --four-properties --json -o " + pdf, "--clearance 机密 --archive " + a.archive()));
  INFO(json.out);
  REQUIRE(json.exit_code == 0);
  const Json report = Json::parse(json.out);
  CHECK(report["passed"] == true);
  CHECK(report["stage"] == "长期保存");
  const test::PdfContent content = test::ReadPdf(pdf);
  REQUIRE(content.loaded);
  CHECK_THAT(test::Squeeze(content.pages.at(0)), Catch::Contains("四性检测报告"));
}

TEST_CASE("check --four-properties exits 1 naming the item whose stored file was damaged",
          "[four-properties][cli]") {
  Filed a("fourprops-cli-damaged");
  // Damage every stored PDF (the form's only one) by cutting it in half.
  for (const auto& entry : std::filesystem::recursive_directory_iterator(a.archive() + "/store")) {
    if (!entry.is_regular_file()) continue;
    const std::string bytes = archive_test::ReadAll(entry.path().string());
    if (bytes.rfind("%PDF-", 0) != 0) continue;
    std::filesystem::permissions(entry.path(), std::filesystem::perms::owner_write,
                                 std::filesystem::perm_options::add);
    test::WriteFile(entry.path().string(), bytes.substr(0, bytes.size() / 2));
  }
  CliRun run = a.Run("check --four-properties --clearance 机密");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK_THAT(run.out, Catch::Contains("真实性  数字摘要一致  " + a.danghao + "  不通过"));
  CHECK_THAT(run.out, Catch::Contains("可用性  文件可打开  " + a.danghao));
  CHECK_THAT(run.out, Catch::Contains("结论：不通过"));
}

TEST_CASE(
    "check --four-properties refuses a missing signature folder, a report that is not a "
    "PDF and a clerk below 机密",
    "[four-properties][cli]") {
  Filed a("fourprops-cli-refusals");
  CliRun db = a.Run("check --four-properties --clearance 机密 --clamav-db " + a.dir() + "/没有");
  CHECK(db.exit_code == 2);
  CHECK_THAT(db.out, Catch::Contains("--clamav-db"));
  CliRun out = a.Run("check --four-properties --clearance 机密 -o " + a.dir() + "/报告.txt");
  CHECK(out.exit_code == 2);
  CHECK_THAT(out.out, Catch::Contains(".pdf"));
  CHECK_FALSE(std::filesystem::exists(a.dir() + "/报告.txt"));
  CliRun low = a.Run("check --four-properties --clearance 内部");
  CHECK(low.exit_code == 2);
  CHECK_THAT(low.out, Catch::Contains("机密"));
}

}  // namespace
}  // namespace dangan
