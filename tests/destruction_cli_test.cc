// dangan appraisal and dangan destroy as an archivist types them, through the real binary: the
// whole path from the appraisal to the destruction, and each wrong step refused with exit status
// 2, naming the item or the missing step, and changing nothing.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

using Json = nlohmann::json;
using test::CliRun;
namespace fx = archive_test;

class DueArchive {
 public:
  explicit DueArchive(const std::string& name) : dir_(test::ScratchDir(name)) {
    CliRun init = Run("init --fonds Z109 --company 华东精密机械有限公司");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
    // Items of 2010 kept 10 years are due; the clerk filed them long ago (set up through the
    // archive itself, the path under test starts at the appraisal).
    auto a = fx::OpenArchive(archive());
    for (int i = 1; i <= 2; ++i) {
      old.push_back(File(
          *a, "二〇一〇年车辆派车单第" + std::to_string(i) + "号", 2010, "D10",
          fx::WritePdf(dir_ + "/old" + std::to_string(i) + ".pdf", "old" + std::to_string(i), 1),
          "派车记录 加油票据"));
    }
    // A permanent item holding the very same scan as the first old one.
    permanent = File(*a, "公司车辆管理制度", 2024, "Y", dir_ + "/old1.pdf", "车辆管理制度");
    young = File(*a, "二〇二四年车辆派车单", 2024, "D10",
                 fx::WritePdf(dir_ + "/young.pdf", "young", 1), "派车记录");
  }

  std::string archive() const { return dir_ + "/archive"; }
  CliRun Run(const std::string& args) const {
    return test::RunDangan(test::WithOptions(args, "--archive " + archive()));
  }
  CliRun Secret(const std::string& args) const {
    return test::RunDangan(test::WithOptions(args, "--clearance 机密 --archive " + archive()));
  }
  Json SecretJson(const std::string& args) const {
    CliRun run = test::RunDanganStdout(
        test::WithOptions(args, "--json --clearance 机密 --archive " + archive()));
    INFO(args << "\n" << run.out);
    REQUIRE(run.exit_code == 0);
    return Json::parse(run.out);
  }

  std::vector<std::string> old;
  std::string permanent, young;

 private:
  std::string File(Archive& a, const std::string& title, int year, const std::string& retention,
                   const std::string& pdf, const std::string& text) {
    NewItem item = fx::SampleItem(title);
    item.year = year;
    item.retention = retention;
    item.date = std::to_string(year) + "-03-01";
    NewFile f = fx::PdfFile(pdf, 1);
    f.text = text;
    ItemRecord rec;
    Status st = a.File(item, {f}, &rec);
    INFO(st.ToString());
    REQUIRE(st.ok());
    return rec.danghao;
  }

  std::string dir_;
};

std::string StoredPath(const std::string& archive, const std::string& sha256) {
  return archive + "/store/" + sha256.substr(0, 2) + "/" + sha256;
}

TEST_CASE(
    "appraise, approve, witness and destroy from the command line: the item shows 已销毁 "
    "and check and audit verify pass",
    "[destruction][cli]") {
  DueArchive a("destruction-cli-path");
  Json due = a.SecretJson("retention due --as-of 2026-06-30");
  REQUIRE(due["total"] == 2);

  Json started = a.SecretJson("appraisal start --as-of 2026-06-30");
  const std::string id = std::to_string(started["id"].get<int64_t>());
  CHECK(started["state"] == "鉴定中");
  REQUIRE(started["items"].size() == 2);
  const std::string sha_shared = a.SecretJson("show " + a.old[0])["files"][0]["sha256"];
  const std::string sha_alone = a.SecretJson("show " + a.old[1])["files"][0]["sha256"];

  CliRun decide = a.Secret("appraisal decide " + id + " " + a.old[0] +
                           " --decision 拟销毁 --reason 已无查考价值");
  INFO(decide.out);
  CHECK(decide.exit_code == 0);
  CHECK(a.Secret("appraisal decide " + id + " " + a.old[1] + " --decision 拟销毁").exit_code == 0);
  Json opinion = a.SecretJson("appraisal opinion " + id +
                              " --members 王鉴定、李小组 --opinion 经逐件鉴定，同意销毁。");
  CHECK(opinion["state"] == "待批准");
  CHECK(a.SecretJson("appraisal approve " + id + " --approver 周经理 --opinion 同意")["state"] ==
        "待监销");
  Json witnessed = a.SecretJson("appraisal witness " + id +
                                " --witness 孙监销 --witness 钱监销 --method 粉碎 --place 档案室");
  CHECK(witnessed["state"] == "待销毁");

  CliRun preview = a.Secret("appraisal list-pdf " + id + " -o " + a.archive() + "/../清册.pdf");
  INFO(preview.out);
  CHECK(preview.exit_code == 0);
  CHECK(std::filesystem::exists(a.archive() + "/../清册.pdf"));
  CHECK(std::filesystem::exists(a.archive() + "/../清册.xlsx"));

  CliRun destroy = a.Secret("destroy " + id);
  INFO(destroy.out);
  REQUIRE(destroy.exit_code == 0);
  CHECK_THAT(destroy.out, Catch::Contains("已销毁：第 " + id + " 号鉴定的 2 件档案"));
  CHECK_THAT(destroy.out, Catch::Contains("仍属其他未销毁的档案"));

  // The destroyed item is still found by its 档号 and says why it is gone.
  CliRun show = a.Secret("show " + a.old[0]);
  INFO(show.out);
  CHECK(show.exit_code == 0);
  CHECK_THAT(show.out, Catch::Contains("已销毁：") && Catch::Contains("按销毁清册"));
  Json shown = a.SecretJson("show " + a.old[0]);
  CHECK(shown["已销毁"] == true);
  const std::string list = shown["销毁清册"];
  CHECK_FALSE(list.empty());
  CHECK(shown["files"][0]["sha256"] == sha_shared);  // the digest stays as proof

  // The 清册 is a permanent item; the shared file stays, the other is gone.
  Json list_item = a.SecretJson("show " + list);
  CHECK(list_item["保管期限"] == "Y");
  CHECK(list_item["模板"] == "GD-02");
  CHECK(std::filesystem::exists(StoredPath(a.archive(), sha_shared)));
  CHECK_FALSE(std::filesystem::exists(StoredPath(a.archive(), sha_alone)));
  CHECK(a.SecretJson("show " + a.permanent)["已销毁"] == false);

  // Search no longer finds them, also after reindex.
  CHECK(a.SecretJson("search 加油票据")["total"] == 0);
  CHECK(a.Secret("reindex").exit_code == 0);
  CHECK(a.SecretJson("search 加油票据")["total"] == 0);
  CHECK(a.SecretJson("search 派车记录")["total"] == 1);

  CliRun check = a.Secret("check");
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CliRun verify = a.Secret("audit verify");
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  Json log = a.SecretJson("audit show " + a.old[0]);
  bool logged = false;  // `show` logs its look after it
  for (const Json& e : log["entries"]) logged = logged || e["action"] == "销毁";
  CHECK(logged);

  Json appraisal = a.SecretJson("appraisal show " + id);
  CHECK(appraisal["state"] == "已销毁");
  CHECK(appraisal["清册档号"] == list);
  Json all = a.SecretJson("appraisal list");
  CHECK(all["total"] == 1);
  CliRun text = a.Secret("appraisal show " + id);
  CHECK_THAT(text.out, Catch::Contains("孙监销") && Catch::Contains("周经理"));
  // Destroyed once is destroyed: a second run is refused.
  CHECK(a.Secret("destroy " + id).exit_code == 2);
}

TEST_CASE(
    "the command line refuses wrong steps with exit status 2, naming the item or the step, "
    "and changes nothing",
    "[destruction][cli]") {
  DueArchive a("destruction-cli-refusals");
  CliRun young = a.Secret("appraisal start " + a.young + " --as-of 2026-06-30");
  CHECK(young.exit_code == 2);
  CHECK_THAT(young.out, Catch::Contains(a.young) && Catch::Contains("保管期限未满"));
  CliRun cleared = a.Run("appraisal start --as-of 2026-06-30");
  CHECK(cleared.exit_code == 2);
  CHECK_THAT(cleared.out, Catch::Contains("机密"));
  REQUIRE(a.Secret("hold " + a.old[1] + " --reason 审计调阅").exit_code == 0);
  CliRun held = a.Secret("appraisal start " + a.old[1] + " --as-of 2026-06-30");
  CHECK(held.exit_code == 2);
  CHECK_THAT(held.out, Catch::Contains(a.old[1]) && Catch::Contains("冻结"));
  CHECK(a.SecretJson("appraisal list")["total"] == 0);

  Json started = a.SecretJson("appraisal start " + a.old[0] + " --as-of 2026-06-30");
  const std::string id = std::to_string(started["id"].get<int64_t>());
  CliRun early = a.Secret("appraisal approve " + id + " --approver 周经理");
  CHECK(early.exit_code == 2);
  CHECK_THAT(early.out, Catch::Contains("尚未记录鉴定小组意见"));
  CliRun undecided = a.Secret("appraisal opinion " + id + " --members 王鉴定 --opinion 同意");
  CHECK(undecided.exit_code == 2);
  CHECK_THAT(undecided.out, Catch::Contains(a.old[0]) && Catch::Contains("尚未鉴定"));
  CHECK(a.Secret("appraisal decide " + id + " " + a.old[0] + " --decision 拟销毁").exit_code == 0);
  CHECK(a.Secret("appraisal opinion " + id + " --members 王鉴定 --opinion 同意").exit_code == 0);
  CliRun no_witnesses = a.Secret("destroy " + id);
  CHECK(no_witnesses.exit_code == 2);
  CHECK_THAT(no_witnesses.out, Catch::Contains("尚未经批准人批准"));
  CHECK(a.Secret("appraisal approve " + id + " --approver 周经理").exit_code == 0);
  CliRun one =
      a.Secret("appraisal witness " + id + " --witness 孙监销 --method 粉碎 --place 档案室");
  CHECK(one.exit_code == 2);
  CHECK_THAT(one.out, Catch::Contains("两名监销人"));
  CliRun approver = a.Secret("appraisal witness " + id +
                             " --witness 孙监销 --witness 周经理 --method 粉碎 --place 档案室");
  CHECK(approver.exit_code == 2);
  CHECK_THAT(approver.out, Catch::Contains("批准人 周经理 不能兼任监销人"));
  CHECK(a.SecretJson("appraisal show " + id)["state"] == "待监销");
  CHECK(a.Secret("appraisal witness " + id +
                 " --witness 孙监销 --witness 钱监销 --method 粉碎 --place 档案室")
            .exit_code == 0);

  // A hold placed after approval stops the destruction, naming the item.
  REQUIRE(a.Secret("hold " + a.old[0] + " --reason 劳动争议诉讼").exit_code == 0);
  CliRun stopped = a.Secret("destroy " + id);
  CHECK(stopped.exit_code == 2);
  CHECK_THAT(stopped.out, Catch::Contains(a.old[0]) && Catch::Contains("冻结"));
  CHECK(a.SecretJson("show " + a.old[0])["已销毁"] == false);
  CHECK(a.SecretJson("list")["total"] == 4);  // no 清册 filed

  CHECK(a.Secret("appraisal show 99").exit_code == 3);
  CHECK(a.Secret("appraisal show x").exit_code == 2);
  CHECK(a.Secret("appraisal frobnicate 1").exit_code == 2);
  CliRun help = a.Run("appraisal --help");
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("第二十一条"));
  CHECK(a.Run("destroy --help").exit_code == 0);
}

}  // namespace
}  // namespace dangan
