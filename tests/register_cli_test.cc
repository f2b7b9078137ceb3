// dangan register add, show and close as a clerk and an archivist type them: rows numbered in
// the open volume, problems naming the field with exit status 2, a correction shown 作废, and a
// closed volume filed and refusing rows.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

using Json = nlohmann::json;
using test::CliRun;

class RegisterArchive {
 public:
  explicit RegisterArchive(const std::string& name) : dir_(test::ScratchDir(name)) {
    CliRun init = Run("init --fonds Z109 --company 华东精密机械有限公司");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
  }
  CliRun Run(const std::string& args) const {
    return test::RunDangan(args + " --archive " + dir_ + "/archive");
  }
  CliRun Json(const std::string& args) const {
    return test::RunDanganStdout(args + " --json --archive " + dir_ + "/archive");
  }

 private:
  std::string dir_;
};

const char kRow[] =
    " --set 用印日期=2026-03-05 --set 用印部门=行政部 --set 经办人=张三 --set 份数=2"
    " --set 印章名称=公司章 --set 用印目的=对外发文 --volume 2026";

TEST_CASE("register add numbers rows in the volume and register show lists them",
          "[registers][cli]") {
  RegisterArchive a("register-cli-add");
  CliRun run = a.Run(std::string("register add S-04 --set 文件名称=放假通知") + kRow);
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("2026 册第 1 号") != std::string::npos);
  CliRun json = a.Json(std::string("register add S-04 --set 文件名称=采购合同") + kRow);
  INFO(json.out);
  REQUIRE(json.exit_code == 0);
  Json added = Json::parse(json.out);
  CHECK(added["row_no"] == 2);
  CHECK(added["volume"] == "2026");
  CHECK(added["values"]["文件名称"] == "采购合同");

  run = a.Run(std::string("register add S-04 --set 文件名称=采购合同 --voids 2 --reason 份数写错") +
              kRow);
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK(run.out.find("第 3 号（作废第 2 号：份数写错）") != std::string::npos);

  CliRun show = a.Run("register show S-04 --volume 2026");
  INFO(show.out);
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("2026：3 行，序号 1–3，在用") != std::string::npos);
  CHECK(show.out.find("【作废：份数写错，见第 3 号】") != std::string::npos);
  CHECK(show.out.find("【更正第 2 号】") != std::string::npos);
  json = a.Json("register show S-04 --volume 2026");
  REQUIRE(json.exit_code == 0);
  Json shown = Json::parse(json.out);
  CHECK(shown["open_volume"] == "2026");
  REQUIRE(shown["rows"].size() == 3);
  CHECK(shown["rows"][1]["voided_by"] == 3);
  CHECK(shown["rows"][2]["voids"] == 2);
}

TEST_CASE("register add refuses a wrong row with exit status 2, naming the field",
          "[registers][cli]") {
  RegisterArchive a("register-cli-problems");
  CliRun run = a.Run("register add S-04 --set 用印日期=2026-13-01 --set 份数=两份 --volume 2026");
  INFO(run.out);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("用印日期") != std::string::npos);
  CHECK(run.out.find("份数") != std::string::npos);
  CHECK(run.out.find("文件名称：必填") != std::string::npos);
  run =
      a.Run(std::string("register add S-04 --set 文件名称=通知 --voids abc --reason 写错") + kRow);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("--voids") != std::string::npos);
  run = a.Run(std::string("register add S-04 --set 文件名称=通知 --voids 1") + kRow);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("作废原因") != std::string::npos);
  run = a.Run("register add X-99 --set 文件名称=通知");
  CHECK(run.exit_code == 3);
  run = a.Run("register close S-04 --volume 2026");
  CHECK(run.exit_code == 3);  // nothing to close
  CliRun show = a.Run("register show S-04 --volume 2026");
  CHECK(show.out.find("档案库中有 0 行") != std::string::npos);
}

TEST_CASE("register close files the volume and it takes no more rows", "[registers][cli]") {
  RegisterArchive a("register-cli-close");
  REQUIRE(a.Run(std::string("register add S-04 --set 文件名称=放假通知") + kRow).exit_code == 0);
  CliRun run = a.Run("register close S-04 --volume 2026");
  INFO(run.out);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("保管部门") != std::string::npos);
  CliRun json =
      a.Json("register close S-04 --volume 2026 --set 保管部门=行政管理部 --set 印章保管人=赵六");
  INFO(json.out);
  REQUIRE(json.exit_code == 0);
  Json closed = Json::parse(json.out);
  const std::string danghao = closed["档号"];
  CHECK(danghao.rfind("Z109-WS·2026-Y-XZGL-", 0) == 0);
  CHECK(closed["题名"] == "行政管理部用印登记表（2026）");
  CHECK(closed["rows"] == 1);
  CliRun show = a.Run("show " + danghao);
  INFO(show.out);
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("用印登记表") != std::string::npos);
  run = a.Run(std::string("register add S-04 --set 文件名称=迟到") + kRow);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("2026 册") != std::string::npos);
  CHECK(run.out.find("已封册") != std::string::npos);
  show = a.Run("register show S-04");
  CHECK(show.out.find("已封册，档号 " + danghao) != std::string::npos);
  run = a.Run("register close S-04 --volume 2026 --set 保管部门=行政管理部 --set 印章保管人=赵六");
  CHECK(run.exit_code == 2);
}

}  // namespace
}  // namespace dangan
