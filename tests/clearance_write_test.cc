// Clearance on the paths that change or name an item: edit, hold and retention set answer for an
// item above the user's clearance exactly as for a 档号 not in the catalogue, and import never
// quotes such an item.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "dangan/intake/intake.h"
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::archive_test;
using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::ScratchDir;
using dangan::test::WithOptions;
using Json = nlohmann::json;

namespace {

// One 内部 and one 机密 item of 2010 (D10), and a 档号 that was never filed.
struct SecretAndMissing {
  std::string dir = NewArchive("clearance_write");
  std::string internal, secret;
  const std::string missing = "Z109-WS·2010-D10-BGS-0009";

  SecretAndMissing() {
    std::unique_ptr<Archive> a = OpenArchive(dir);
    internal = FileSampleScanAt(*a, "内部通知", "内部", "Z109-WS·2015-Y-BGS-0001.pdf");
    secret = FileSampleScanAt(*a, "机密合同", "机密", "Z109-WS·2015-Y-BGS-0004.pdf");
  }

  CliRun Run(const std::string& args, const std::string& clearance = "内部") const {
    return RunDangan(
        WithOptions(args, "--archive " + dir + " --clearance " + clearance));
  }

  // The output with `danghao` put back as the missing 档号: the same text means the same answer.
  std::string AsIfMissing(std::string out, const std::string& danghao) const {
    for (size_t at; (at = out.find(danghao)) != std::string::npos;)
      out.replace(at, danghao.size(), missing);
    return out;
  }

  std::string Catalogue() const {
    return std::to_string(SqlInt(dir, "SELECT count(*) FROM audit_log")) + "/" +
           std::to_string(SqlInt(dir, "SELECT total(hold) FROM items")) + "/" +
           std::to_string(SqlInt(dir,
                                 "SELECT count(*) FROM items WHERE title = '机密合同' AND "
                                 "retention = 'D10' AND notes = ''"));
  }
};

}  // namespace

TEST_CASE(
    "edit, hold and retention set answer for an item above the clearance as for a missing "
    "档号, and change nothing",
    "[clearance][cli]") {
  SecretAndMissing a;
  const std::string before = a.Catalogue();
  for (const std::string& command :
       {std::string("edit {} --title 改过的题名"), std::string("edit {} --notes 备注"),
        std::string("hold {} --reason 诉讼未结"), std::string("hold {} --release"),
        std::string("retention set {} Y"), std::string("retention set {} D10"),
        std::string("edit {} --title 改过的题名 --json")}) {
    auto with = [&](const std::string& danghao) {
      std::string c = command;
      c.replace(c.find("{}"), 2, danghao);
      return c;
    };
    INFO(command);
    const CliRun hidden = a.Run(with(a.secret));
    const CliRun missing = a.Run(with(a.missing));
    CHECK(missing.exit_code == 3);
    CHECK(hidden.exit_code == missing.exit_code);
    CHECK(a.AsIfMissing(hidden.out, a.secret) == missing.out);
    CHECK(hidden.out.find("机密合同") == std::string::npos);
  }
  CHECK(a.Catalogue() == before);
}

TEST_CASE("edit, hold and retention set still work on an item within the clearance",
          "[clearance][cli]") {
  SecretAndMissing a;
  CHECK(a.Run("edit " + a.internal + " --notes 已核对").exit_code == 0);
  CHECK(a.Run("hold " + a.secret + " --reason 诉讼未结", "机密").exit_code == 0);
  CHECK(a.Run("retention set " + a.secret + " Y", "机密").exit_code == 0);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM items WHERE hold = 1 AND retention = 'Y'") == 1);
}

TEST_CASE("import never quotes an item above the clearance, and rejects its row",
          "[clearance][import][cli]") {
  SecretAndMissing a;
  const std::string csv =
      dangan::test::WriteFile(ScratchDir("clearance_write_import") + "/目录.csv",
                              "档号,年度,保管期限,机构,题名,责任者,日期,密级\n" + a.secret +
                                  ",2010,D10,BGS,改过的题名,行政管理部,2010-05-06,内部\n");
  for (const std::string& json : {std::string(""), std::string(" --json")}) {
    const CliRun run = a.Run("import '" + csv + "' --into catalogue --dry-run" + json);
    INFO(run.out);
    CHECK(run.exit_code != 0);
    CHECK(run.out.find("机密合同") == std::string::npos);
    CHECK((json.empty() || run.out.find("above_clearance") != std::string::npos));
    CHECK(run.out.find("高于你密级") != std::string::npos);
  }
  // With the clearance, the same row is compared as before: the stored title is named.
  const CliRun cleared = a.Run("import '" + csv + "' --into catalogue --dry-run", "机密");
  CHECK(cleared.out.find("机密合同") != std::string::npos);
}

TEST_CASE("edit cannot set a 密级 above the editor's own clearance", "[clearance][cli]") {
  SecretAndMissing a;
  const CliRun run = a.Run("edit " + a.internal + " --secrecy 机密");
  INFO(run.out);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("高于本人可看的密级") != std::string::npos);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM items WHERE secrecy = '机密'") == 1);
  CHECK(a.Run("edit " + a.internal + " --secrecy 機密", "机密").exit_code == 0);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM items WHERE secrecy = '机密'") == 2);
}
