// dangan use as an archivist types it, through the real binary: request → approval → loan →
// overdue → return → registers and statistics, the grant seen through `dangan show --as`, and
// each wrong step refused with exit status 2, naming the item or the field, and changing nothing.
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "dangan/jobs/registers.h"
#include "dangan/records/text.h"
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

using Json = nlohmann::json;
using test::CliRun;
namespace fx = archive_test;

constexpr char kScan[] = "Z109-WS·2015-Y-BGS-0001.pdf";
constexpr char kPassword[] = "correct horse battery";

std::string Plus(const std::string& date, int days) {
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(DaysFromCivil(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)),
                              std::stoi(date.substr(8, 2))) +
                    days,
                &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

class UseArchive {
 public:
  explicit UseArchive(const std::string& name) : dir_(test::ScratchDir(name)) {
    CliRun init = Run("init --fonds Z109 --company 华东精密机械有限公司");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
    {
      auto a = fx::OpenArchive(archive());
      open = fx::FileSampleScanAt(*a, "公司简介", "公开", kScan);
      internal = fx::FileSampleScanAt(*a, "2010年度工作总结", "内部", kScan);
      secret = fx::FileSampleScanAt(*a, "2010年度薪酬方案", "秘密", kScan);
    }
    for (const char* user :
         {"刘洋 --clearance 内部 --dept 人力资源部", "王建国 --clearance 机密"}) {
      CliRun add = test::RunDanganWithInput(
          test::WithOptions(std::string("user add ") + user + " --role 经办人",
                            "--archive " + archive()),
          std::string(kPassword) + "\n");
      INFO(add.out);
      REQUIRE(add.exit_code == 0);
    }
  }

  std::string archive() const { return dir_ + "/archive"; }
  std::string dir() const { return dir_; }
  CliRun Run(const std::string& args) const {
    return test::RunDangan(test::WithOptions(args, "--clearance 机密 --archive " + archive()));
  }
  Json RunJson(const std::string& args) const {
    CliRun run = test::RunDanganStdout(
        test::WithOptions(args, "--json --clearance 机密 --archive " + archive()));
    INFO(args << "\n" << run.out);
    REQUIRE(run.exit_code == 0);
    return Json::parse(run.out);
  }
  // As the account `name`, its password on standard input.
  CliRun As(const std::string& name, const std::string& args) const {
    return test::RunDanganWithInput(
        test::WithOptions(args, "--as " + name + " --archive " + archive()),
        std::string(kPassword) + "\n");
  }
  long long Audit() const { return fx::SqlInt(archive(), "SELECT count(*) FROM audit_log"); }

  std::string open, internal, secret;

 private:
  std::string dir_;
};

std::string PdfText(const std::string& path) {
  test::PdfContent pdf = test::ReadPdf(path);
  REQUIRE(pdf.loaded);
  std::string text;
  for (const std::string& page : pdf.pages) text += test::Squeeze(page);
  return text;
}

TEST_CASE(
    "dangan use takes a loan from the request through approval, overdue and return to the "
    "registers",
    "[lending][cli]") {
  UseArchive a("lending-cli-path");
  const std::string today = jobs::Today();
  const std::string year = today.substr(0, 4);

  // A 秘密 original is never lent: refused, naming it, nothing recorded.
  const long long before = a.Audit();
  CliRun refused =
      a.Run("use request " + a.open + " " + a.secret +
            " --person 周明 --unit 江宁区档案馆 --letter 宁档介12号 --purpose 编史修志 "
            "--kind 外借");
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.out, Catch::Contains(a.secret) && Catch::Contains("不得外借"));
  CliRun no_letter = a.Run("use request " + a.open +
                           " --person 周明 --unit 江宁区档案馆 --purpose 编史修志 --kind 外借");
  CHECK(no_letter.exit_code == 2);
  CHECK_THAT(no_letter.out, Catch::Contains("介绍信"));
  CHECK(a.Audit() == before);
  CHECK(a.RunJson("use list")["total"] == 0);

  Json r = a.RunJson("use request " + a.open + " " + a.internal +
                     " --person 周明 --unit 江宁区档案馆 --letter 宁档介12号 --contact 025-5210 "
                     "--purpose 编史修志 --kind 外借");
  CHECK(r["state"] == "待审批");
  CHECK(r["requester"]["letter"] == "宁档介12号");
  const std::string id = std::to_string(r["id"].get<int>());

  // The archivist who recorded it may not approve it; the leader may.
  CliRun self = a.Run("use approve " + id);
  CHECK(self.exit_code == 2);
  CHECK_THAT(self.out, Catch::Contains("登记这份申请的档案员"));
  CliRun approved = a.As("王建国", "use approve " + id + " --opinion 同意借出 --json");
  INFO(approved.out);
  REQUIRE(approved.exit_code == 0);
  CHECK_THAT(approved.out, Catch::Contains("已批准") && Catch::Contains("王建国"));

  const std::string due = Plus(today, 3);
  Json lent = a.RunJson("use lend " + id + " --due " + due);
  CHECK(lent["items"][0]["lent_at"] == today);
  CHECK(lent["items"][1]["due_at"] == due);
  Json renewed = a.RunJson("use renew " + id + " " + a.open + " --due " + Plus(today, 10));
  CHECK(renewed["items"][0]["renewals"] == 1);

  Json overdue = a.RunJson("use overdue --as-of " + Plus(today, 8));
  REQUIRE(overdue["total"] == 1);
  CHECK(overdue["overdue"][0]["档号"] == a.internal);
  CHECK(overdue["overdue"][0]["days_overdue"] == 5);
  CliRun text = a.Run("use overdue --as-of " + Plus(today, 8));
  CHECK_THAT(text.out, Catch::Contains("逾期 5 天") && Catch::Contains("周明"));

  const long long mid = a.Audit();
  CliRun damaged = a.Run("use return " + id + " " + a.internal + " --damaged");
  CHECK(damaged.exit_code == 2);
  CHECK_THAT(damaged.out, Catch::Contains("归还检查"));
  CliRun wrong = a.Run("use return " + id + " " + a.secret);
  CHECK(wrong.exit_code == 2);
  CHECK_THAT(wrong.out, Catch::Contains(a.secret));
  CHECK(a.Audit() == mid);
  Json half = a.RunJson("use return " + id + " " + a.internal + " --damaged --note 封面破损");
  CHECK(half["state"] == "已批准");
  Json done = a.RunJson("use return " + id + " " + a.open);
  CHECK(done["state"] == "已结束");
  CHECK(a.RunJson("use overdue --as-of " + Plus(today, 30))["total"] == 0);
  REQUIRE(a.Run("use effect " + id + " --text 为江宁工业志提供企业沿革").exit_code == 0);

  Json reg = a.RunJson("use register --year " + year + " -o " + a.dir() + "/借阅登记.pdf");
  CHECK(reg["rows"] == 2);
  const std::string pdf = PdfText(a.dir() + "/借阅登记.pdf");
  for (const std::string& want :
       {std::string("档案查阅借阅登记表"), a.open, a.internal, std::string("周明"),
        std::string("借出"), std::string("有缺损"), std::string("王建国"), due}) {
    CHECK_THAT(pdf, Catch::Contains(test::Squeeze(want)));
  }
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(a.dir() + "/借阅登记.xlsx", &book).ok());
  std::string cells;
  for (const auto& cell : book.sheets.at(0).cells) cells += cell.second.value + "|";
  CHECK_THAT(cells, Catch::Contains("|" + a.internal + "|") && Catch::Contains("|有缺损|") &&
                        Catch::Contains("|江宁区档案馆|"));
  REQUIRE(a.Run("use effects --year " + year + " -o " + a.dir() + "/效果").exit_code == 0);
  CHECK_THAT(PdfText(a.dir() + "/效果.pdf"),
             Catch::Contains(test::Squeeze("为江宁工业志提供企业沿革")));

  Json stats = a.RunJson("use stats --year " + year);
  CHECK(stats["requests"] == 1);
  CHECK(stats["items"] == 2);
  CHECK(stats["loans"] == 2);
  CHECK(stats["by_unit"][0]["key"] == "江宁区档案馆");
  CHECK(stats["by_purpose"][0]["key"] == "编史修志");
  CHECK(stats["by_kind"][0]["key"] == "外借");
  CliRun stats_text = a.Run("use stats --year " + year);
  CHECK_THAT(stats_text.out, Catch::Contains("按利用目的") && Catch::Contains("编史修志"));

  // Audit verify and check are not upset by the new entries.
  CliRun check = a.Run("check");
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CHECK(a.Run("audit verify").exit_code == 0);
}

TEST_CASE("dangan show --as sees an item above the account's clearance only once it is approved",
          "[lending][cli]") {
  UseArchive a("lending-cli-grant");
  CliRun hidden = a.As("刘洋", "show " + a.secret);
  CHECK(hidden.exit_code == 3);
  Json r = a.RunJson("use request " + a.secret + " --account 刘洋 --purpose 工作查考");
  CHECK(r["state"] == "待审批");
  CHECK(r["requester"]["unit"] == "人力资源部");
  const std::string id = std::to_string(r["id"].get<int>());
  CHECK(a.As("刘洋", "show " + a.secret).exit_code == 3);
  CliRun own = a.As("刘洋", "use approve " + id);
  CHECK(own.exit_code == 2);
  CHECK_THAT(own.out, Catch::Contains("利用者本人"));
  REQUIRE(a.As("王建国", "use approve " + id).exit_code == 0);
  CliRun shown = a.As("刘洋", "show " + a.secret);
  INFO(shown.out);
  CHECK(shown.exit_code == 0);
  CHECK_THAT(shown.out, Catch::Contains("2010年度薪酬方案"));
  CHECK(a.RunJson("use show " + id)["uses"] == 1);
  CliRun unknown = a.Run("use show 99");
  CHECK(unknown.exit_code == 3);
  CHECK_THAT(unknown.out, Catch::Contains("第 99 号利用申请"));
  CliRun bad_id = a.Run("use show 一");
  CHECK(bad_id.exit_code == 2);
  CHECK_THAT(bad_id.out, Catch::Contains("利用申请编号"));
}

}  // namespace
}  // namespace dangan
