// The retention table, lengthening periods, holds and the list of items due for appraisal.
#include <catch2/catch.hpp>

#include "archive/src/retention_table.h"  // private part, tested on purpose
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;
using dangan::test::WriteFile;

TEST_CASE("Retention codes", "[archive]") {
  CHECK(ParseRetentionCode("Y") == Retention::kPermanent);
  CHECK(ParseRetentionCode("D30") == Retention::kD30);
  CHECK(ParseRetentionCode("D10") == Retention::kD10);
  CHECK_FALSE(ParseRetentionCode("D15"));
  CHECK_FALSE(ParseRetentionCode("长期"));
  CHECK(RetentionYears(Retention::kPermanent) == 0);
  CHECK(RetentionYears(Retention::kD30) == 30);
  CHECK(std::string(RetentionName(Retention::kD10)) == "定期10年");
  CHECK(std::string(RetentionName(Retention::kPermanent)) == "永久");
}

TEST_CASE("The default retention table answers by template, title keyword, then 门类",
          "[archive]") {
  std::string dir = fx::NewArchive("retention-default");
  auto a = fx::OpenArchive(dir);
  CHECK(a->RetentionFor("S-04", "WS", "行政管理部用印登记表（第1册）") == "Y");
  CHECK(a->RetentionFor("S-07", "WS", "") == "Y");
  CHECK(a->RetentionFor("M-10", "WS", "2024年第3次总经理办公会会议纪要") == "Y");
  CHECK(a->RetentionFor("", "WS", "总经办会议记录") == "Y");
  CHECK(a->RetentionFor("O-06", "WS", "财务部办公用品发放登记表（2024年3月）") == "D10");
  CHECK(a->RetentionFor("O-18", "WS", "固定资产登记表") == "D30");
  CHECK(a->RetentionFor("", "WS", "关于春节放假的发文") == "D30");
  CHECK(a->RetentionFor("", "WS", "客户投诉登记处理单") == "D10");
  CHECK(a->RetentionFor("", "WS", "2024年档案销毁清册") == "Y");
  CHECK(a->RetentionFor("", "WS", "员工生日会通知") == "D10");  // 门类 fallback
  CHECK(a->RetentionFor("", "KJ", "员工生日会通知").empty());
}

TEST_CASE("The longest title keyword wins, the template id comes first", "[archive]") {
  archive::RetentionTable t;
  REQUIRE(archive::RetentionTable::Parse("\xEF\xBB\xBF会议 = D10\n会议纪要 = Y  # 纪要\n"
                                         "S-99 ＝ D30\nWS = D10\n",
                                         "retention.txt", &t)
              .ok());
  CHECK(t.For("", "WS", "部门会议纪要") == "Y");
  CHECK(t.For("", "WS", "部门会议签到") == "D10");
  CHECK(t.For("S-99", "WS", "部门会议纪要") == "D30");
}

TEST_CASE("A malformed retention table stops Open, naming file and line", "[archive]") {
  std::string dir = fx::NewArchive("retention-bad");
  struct Case {
    std::string text, words;
  };
  std::vector<Case> cases = {{"# 表\nWS = D10\n会议纪要 Y\n", "第 3 行"},
                             {"WS = D10\n\n会议纪要 = 长期\n", "第 3 行"},
                             {" = Y\n", "第 1 行"},
                             {"WS = D10\nWS = D30\n", "重复"}};
  for (const Case& c : cases) {
    WriteFile(dir + "/retention.txt", c.text);
    std::unique_ptr<Archive> a;
    Status st = Archive::Open(dir, "张档案", &a);
    INFO(st.ToString());
    CHECK_FALSE(st.ok());
    CHECK(st.message().find(dir + "/retention.txt") != std::string::npos);
    CHECK(st.message().find(c.words) != std::string::npos);
  }
}

TEST_CASE("Retention may be lengthened, never shortened", "[archive]") {
  std::string dir = fx::NewArchive("retention-set");
  auto a = fx::OpenArchive(dir);
  NewItem item = fx::SampleItem();
  item.retention = "D10";
  ItemRecord rec;
  REQUIRE(a->File(item, {}, &rec).ok());
  REQUIRE(a->SetRetention(rec.danghao, "D30").ok());
  Status st = a->SetRetention(rec.danghao, "D10");
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().find("只能延长") != std::string::npos);
  CHECK(st.message().find("定期30年（D30）") != std::string::npos);
  REQUIRE(a->SetRetention(rec.danghao, "Y").ok());
  CHECK_FALSE(a->SetRetention(rec.danghao, "D30").ok());
  CHECK(a->SetRetention(rec.danghao, "长期").message().find("保管期限") != std::string::npos);
  ItemRecord got;
  REQUIRE(a->Get(rec.danghao, false, &got).ok());
  CHECK(got.retention == "Y");
  CHECK(got.danghao == "Z109-WS·2024-D10-BGS-0001");  // the 档号 never changes
}

TEST_CASE("Holds need a reason and show on the item", "[archive]") {
  std::string dir = fx::NewArchive("hold");
  auto a = fx::OpenArchive(dir);
  ItemRecord rec;
  REQUIRE(a->File(fx::SampleItem(), {}, &rec).ok());
  CHECK(a->SetHold(rec.danghao, true, " ").message().find("原因") != std::string::npos);
  REQUIRE(a->SetHold(rec.danghao, true, "税务检查").ok());
  ItemRecord got;
  REQUIRE(a->Get(rec.danghao, false, &got).ok());
  CHECK(got.hold);
  CHECK(got.hold_reason == "税务检查");
  REQUIRE(a->SetHold(rec.danghao, false, "").ok());
  REQUIRE(a->Get(rec.danghao, false, &got).ok());
  CHECK_FALSE(got.hold);
  CHECK(got.hold_reason.empty());
  CHECK(a->SetHold("Z109-WS·2024-Y-BGS-0009", true, "x").code() == Status::Code::kNotFound);
}

TEST_CASE("Items are due from 1 January of 年度 + 1 + period, held ones are marked", "[archive]") {
  std::string dir = fx::NewArchive("due");
  auto a = fx::OpenArchive(dir);
  auto file = [&](int year, const std::string& retention) {
    NewItem item = fx::SampleItem(std::to_string(year) + retention);
    item.year = year;
    item.retention = retention;
    ItemRecord rec;
    REQUIRE(a->File(item, {}, &rec).ok());
    return rec.danghao;
  };
  std::string d10_2013 = file(2013, "D10");
  file(2014, "D10");
  std::string d30_1993 = file(1993, "D30");
  file(1994, "D30");
  file(1950, "Y");
  REQUIRE(a->SetHold(d10_2013, true, "诉讼").ok());

  std::vector<ItemRecord> due;
  REQUIRE(a->RetentionDue("2023-12-31", Secrecy::kSecret, &due).ok());
  CHECK(due.empty());
  REQUIRE(a->RetentionDue("2024-01-01", Secrecy::kSecret, &due).ok());
  REQUIRE(due.size() == 2);
  CHECK(due[0].danghao == d30_1993);
  CHECK(due[1].danghao == d10_2013);
  CHECK(due[1].hold);
  CHECK(due[1].hold_reason == "诉讼");
  REQUIRE(a->RetentionDue("2100-06-30", Secrecy::kSecret, &due).ok());
  CHECK(due.size() == 4);  // never the permanent one
  CHECK(a->RetentionDue("2024/01/01", Secrecy::kSecret, &due).code() ==
        Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace dangan
