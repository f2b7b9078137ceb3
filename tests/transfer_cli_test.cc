// dangan export, verify-package and receive as an archivist types them, through the real binary:
// export → verify-package (exit 0, one line per check item) → receive → check clean in the
// receiving archive; a damaged package exits 1 naming the file and receive refuses it (exit 2)
// filing nothing; a folder that is not there is bad usage (exit 2).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/transfer_fixtures.h"

namespace dangan {
namespace {

namespace fs = std::filesystem;
namespace fx = archive_test;
using test::CliRun;

CliRun Secret(const std::string& archive, const std::string& args) {
  return test::RunDangan(test::WithOptions(args, "--clearance 机密 --archive " + archive));
}

TEST_CASE("dangan export, verify-package and receive carry a year to another archive",
          "[transfer][cli]") {
  test::TransferSource s = test::MakeTransferSource("transfer-cli");
  const std::string out = test::ScratchDir("transfer-cli-out");
  const std::string pkg = out + "/包";

  CliRun low = test::RunDangan("export --archive " + s.dir + " --year 2010 -o " + pkg);
  CHECK(low.exit_code == 2);
  CHECK_THAT(low.out, Catch::Contains("机密"));
  CHECK_FALSE(fs::exists(pkg));

  CliRun exported = test::RunDanganStdout(test::WithOptions(
      "export --year 2010 -o " + pkg, "--json --clearance 机密 --archive " + s.dir));
  INFO(exported.out);
  REQUIRE(exported.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(exported.out);
  CHECK(j["items"] == 3);
  CHECK(j["destroyed"] == 1);
  CHECK(j["files"] == 3);

  CliRun verified = test::RunDangan("verify-package " + pkg);
  INFO(verified.out);
  CHECK(verified.exit_code == 0);
  CHECK_THAT(verified.out, Catch::Contains("真实性  数字摘要一致  （全部）  通过") &&
                               Catch::Contains("完整性  件号连续  （全部）  通过") &&
                               Catch::Contains("安全性  无非归档文件  （全部）  通过") &&
                               Catch::Contains("移交接收环节"));

  CliRun json = test::RunDanganStdout("verify-package --json " + pkg);
  REQUIRE(json.exit_code == 0);
  // The report's JSON shape is four_properties.h's; here only that it parses and names the checks.
  CHECK_NOTHROW(nlohmann::json::parse(json.out));
  CHECK_THAT(json.out, Catch::Contains("数字摘要一致") && Catch::Contains("件号连续"));

  const std::string other = test::MakeReceivingArchive("transfer-cli-recv");
  CliRun received = Secret(other, "receive " + pkg);
  INFO(received.out);
  REQUIRE(received.exit_code == 0);
  CHECK_THAT(received.out, Catch::Contains("已接收 3 件"));
  CliRun check = test::RunDangan("check --clearance 机密 --archive " + other);
  INFO(check.out);
  CHECK(check.exit_code == 0);
  // The PDF report, headed with the package's own unit: no archive is needed (the one named
  // here does not exist).
  const std::string pdf = out + "/四性检测报告.pdf";
  CliRun reported =
      test::RunDangan("verify-package --archive " + out + "/无此档案库 -o " + pdf + " " + pkg);
  INFO(reported.out);
  CHECK(reported.exit_code == 0);
  test::PdfContent content = test::ReadPdf(pdf);
  REQUIRE(content.loaded);
  CHECK_THAT(test::Squeeze(content.pages[0]),
             Catch::Contains("四性检测报告") && Catch::Contains("示例科技有限公司") &&
                 Catch::Contains("移交接收") && Catch::Contains("数字摘要一致"));
  CliRun shown = test::RunDangan("show --clearance 机密 --archive " + other + " " + s.danghaos[0]);
  CHECK_THAT(shown.out, Catch::Contains("关于二〇一〇年档案移交工作的通知"));
}

TEST_CASE("dangan verify-package exits 1 naming a stray file and receive refuses the package",
          "[transfer][cli]") {
  test::TransferSource s = test::MakeTransferSource("transfer-cli-bad");
  const std::string pkg = test::ScratchDir("transfer-cli-bad-out") + "/包";
  REQUIRE(Secret(s.dir, "export --year 2010 -o " + pkg).exit_code == 0);
  std::ofstream(pkg + "/说明2.txt") << "多余";

  CliRun verified = test::RunDangan("verify-package " + pkg);
  CHECK(verified.exit_code == 1);
  CHECK_THAT(verified.out, Catch::Contains("安全性  无非归档文件  说明2.txt  不通过"));

  const std::string other = test::MakeReceivingArchive("transfer-cli-bad-recv");
  CliRun received = Secret(other, "receive " + pkg);
  CHECK(received.exit_code == 2);
  CHECK_THAT(received.out, Catch::Contains("整包拒收") && Catch::Contains("说明2.txt"));
  CHECK(fx::SqlInt(other, "SELECT COUNT(*) FROM items") == 0);

  CliRun missing = test::RunDangan("verify-package " + pkg + "-不存在");
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.out, Catch::Contains("不存在或不是文件夹"));
  CliRun usage = test::RunDangan("verify-package");
  CHECK(usage.exit_code == 2);
}

}  // namespace
}  // namespace dangan
