// The range of amounts dangan prints, computes and files (records/text.h: kMaxMoney): inside it
// the figures, the 大写金额 and the approval tier are right; outside it, a problem on the field.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "dangan/generator/document.h"
#include "dangan/records/text.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using dangan::test::WriteFile;

namespace {

Template OfficeSupplies() {
  Template t;
  REQUIRE(LoadTemplate(SourcePath("templates/O-09.yaml"), &t).ok());
  return t;
}

// One line of `quantity` × `price` (JSON numbers or strings, as written).
Status BindLine(const std::string& quantity, const std::string& price, Document* doc) {
  const std::string json =
      R"({"申请部门": "市场部", "申请日期": "2024-03-05", "申请类别": "采购", "申请人": "王建国",
          "明细": [{"物品名称": "复印纸", "数量": )" +
      quantity + R"(, "单价": )" + price + "}]}";
  const std::string path = WriteFile(ScratchDir("money_range") + "/data.json", json);
  const Template t = OfficeSupplies();
  std::vector<RawRecord> records;
  DANGAN_RETURN_IF_ERROR(ReadData(t, path, {}, &records));
  REQUIRE(records.size() == 1);
  return BindDocument(t, std::move(records[0]), doc);
}

bool HasProblem(const Status& s, const std::string& code, const std::string& field, int64_t row) {
  for (const Problem& p : s.problems()) {
    if (p.code == code && p.field == field && p.row == row) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("the largest amount prints its figures and 大写 in full", "[money]") {
  CHECK(FormatMoney(kMaxMoney) == "9,999,999,999,999.99");
  CHECK(MoneyInCapitals(kMaxMoney) ==
        "玖万亿玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分");
  CHECK(MoneyInCapitals(1e12) == "壹万亿元整");
  CHECK(MoneyInCapitals(-kMaxMoney).rfind("负玖万", 0) == 0);
}

TEST_CASE("an amount outside the range never prints wrong figures or a wrong 大写", "[money]") {
  for (double amount : {1e13, 1e17, 1e308, -1e17, std::numeric_limits<double>::infinity(),
                        std::numeric_limits<double>::quiet_NaN()}) {
    INFO(amount);
    CHECK_FALSE(IsMoneyInRange(amount));
    CHECK(MoneyInCapitals(amount).empty());
    CHECK(FormatMoney(amount) == "—");
  }
}

TEST_CASE("a unit price above the range is a problem on 单价 in its row", "[money][binder]") {
  for (const char* price :
       {"1e17", "1e308", "10000000000000", "\"1e17\"", "\"nan\"", "\"inf\"", "\"-1e308\""}) {
    INFO(price);
    Document doc;
    Status s = BindLine("1", price, &doc);
    REQUIRE_FALSE(s.ok());
    const bool money_problem = HasProblem(s, problem_codes::kOutOfRange, "单价", 1) ||
                               HasProblem(s, problem_codes::kInvalidMoney, "单价", 1);
    CHECK(money_problem);
    CHECK_FALSE(HasProblem(s, problem_codes::kRequired, "单价", 1));  // given, not missing
  }
  Document doc;
  Status s = BindLine("1", "1e17", &doc);
  CHECK_THAT(s.ToString(), Catch::Contains("9,999,999,999,999.99"));
}

TEST_CASE("a computed amount above the range is a problem on the computed field",
          "[money][binder]") {
  Document doc;
  Status s = BindLine("100000", "9999999999999.99", &doc);  // the largest of each
  INFO(s.ToString());
  REQUIRE_FALSE(s.ok());
  CHECK(HasProblem(s, problem_codes::kOutOfRange, "金额", 1));
  s = BindLine("2", "9999999999999", &doc);  // each in range, the product not
  INFO(s.ToString());
  REQUIRE_FALSE(s.ok());
  CHECK(HasProblem(s, problem_codes::kOutOfRange, "金额", 1));
}

TEST_CASE("an amount at the top of the range goes to the highest approval tier",
          "[money][binder]") {
  Document doc;
  Status s = BindLine("1", "9999999999999.99", &doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(doc.approval_chain == std::vector<std::string>{"行政副总审核", "总经理审批"});
  CHECK(doc.values.at("合计金额") == "9,999,999,999,999.99");
}

TEST_CASE("generate refuses a unit price of 1e308 with exit 2, naming 单价, and writes nothing",
          "[money][cli]") {
  const std::string dir = ScratchDir("money_range_cli");
  const std::string data = WriteFile(
      dir + "/data.json",
      R"({"申请部门": "市场部", "申请日期": "2024-03-05", "申请类别": "采购", "申请人": "王建国",
          "明细": [{"物品名称": "复印纸", "数量": 1, "单价": 1e308}]})");
  const auto run = dangan::test::RunDanganStdout("generate O-09 --data " + data +
                                                 " --format pdf --out " + dir + "/out --json");
  CHECK(run.exit_code == 2);
  const auto j = nlohmann::json::parse(run.out);
  bool named = false;
  for (const auto& p : j["problems"]) named = named || (p["field"] == "单价" && p["row"] == 1);
  CHECK(named);
}
