// 开放审核 (issue 17 §2): items reaching 25 years since the end of their 年度 (档案法 2020
// 第二十七条) are listed for review; each decision (开放, or 控制 with a reason) is recorded with
// its audit entry, which `check` replays; refusals name the item and change nothing; the
// register (GD-06) prints every item due with its decision. Through the jobs, the archive and
// the real binary.
#include "dangan/jobs/open_review.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/transfer.h"
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/job_fixtures.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using Json = nlohmann::json;

struct Reviewed {
  std::string dir;
  std::string y2000a, y2000b, y2001, y2024, secret2000;
  jobs::JobContext ctx;  // 机密
};

std::string FileOne(Archive& a, const std::string& src, const std::string& title, int year,
                    const std::string& secrecy = "内部") {
  NewItem item = fx::SampleItem(title);
  item.year = year;
  item.date = std::to_string(year) + "-04-01";
  item.secrecy = secrecy;
  const std::string seed = title + std::to_string(year);
  NewFile f = fx::PdfFile(
      fx::WritePdf(src + "/" + std::to_string(std::hash<std::string>()(seed)) + ".pdf", seed, 1),
      1);
  ItemRecord rec;
  Status st = a.File(item, {f}, &rec);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return rec.danghao;
}

Reviewed MakeReviewed(const std::string& name) {
  Reviewed r;
  r.dir = fx::NewArchive(name);
  const std::string src = test::ScratchDir(name + "-src");
  auto a = fx::OpenArchive(r.dir);
  r.y2000a = FileOne(*a, src, "关于公司成立的批复", 2000);
  r.y2000b = FileOne(*a, src, "二〇〇〇年度公司工作总结", 2000);
  r.y2001 = FileOne(*a, src, "二〇〇一年度公司工作总结", 2001);
  r.y2024 = FileOne(*a, src, "二〇二四年度公司工作总结", 2024);
  r.secret2000 = FileOne(*a, src, "关于主要客户合同价格的说明", 2000, "机密");
  r.ctx = test::SecretClerk(r.dir);
  return r;
}

jobs::JobContext Internal(const Reviewed& r) {
  jobs::JobContext ctx = r.ctx;
  ctx.clearance = Secrecy::kInternal;
  return ctx;
}

std::vector<std::string> Danghaos(const std::vector<ItemRecord>& items) {
  std::vector<std::string> out;
  for (const ItemRecord& i : items) out.push_back(i.danghao);
  return out;
}

std::vector<std::string> Due(const jobs::JobContext& ctx, const std::string& as_of,
                             bool include_decided = false) {
  std::vector<ItemRecord> items;
  Status st = jobs::ListOpenReviewDue(ctx, as_of, include_decided, &items);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return Danghaos(items);
}

ItemRecord Item(const Reviewed& r, const std::string& danghao) {
  ItemRecord item;
  REQUIRE(fx::OpenArchive(r.dir)->Get(danghao, false, &item).ok());
  return item;
}

size_t AuditCount(const Reviewed& r) {
  return static_cast<size_t>(fx::SqlInt(r.dir, "SELECT count(*) FROM audit_log"));
}

CheckReport CheckArchive(const Reviewed& r) {
  CheckReport report;
  REQUIRE(fx::OpenArchive(r.dir)->Check(fx::CountTestPages, &report).ok());
  return report;
}

TEST_CASE("items are due for 开放审核 on 1 January 25 years after the end of their 年度",
          "[open-review]") {
  Reviewed r = MakeReviewed("open-review-due");
  using V = std::vector<std::string>;
  CHECK(Due(r.ctx, "2025-12-31").empty());
  CHECK(Due(r.ctx, "2026-01-01") == V{r.y2000a, r.y2000b, r.secret2000});
  CHECK(Due(r.ctx, "2027-01-01") == V{r.y2000a, r.y2000b, r.secret2000, r.y2001});
  CHECK(Due(r.ctx, "2026年1月1日").size() == 3);  // a date as written on paper
  CHECK(jobs::OpenReviewDueOn(2000) == "2026-01-01");
  // Below 机密 the 机密 item is not there at all.
  CHECK(Due(Internal(r), "2026-01-01") == V{r.y2000a, r.y2000b});
  // A decided item leaves the list, unless the decided ones are asked for too.
  REQUIRE(jobs::DecideOpen(r.ctx, r.y2000a, "开放", "").ok());
  CHECK(Due(r.ctx, "2026-01-01") == V{r.y2000b, r.secret2000});
  CHECK(Due(r.ctx, "2026-01-01", true) == V{r.y2000a, r.y2000b, r.secret2000});
  std::vector<ItemRecord> none;
  Status bad = jobs::ListOpenReviewDue(r.ctx, "2026-13-45", false, &none);
  CHECK(bad.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(bad.message(), Catch::Contains("2026-13-45"));
}

TEST_CASE("an 开放审核 decision is recorded with its audit entry and check proves it from the log",
          "[open-review]") {
  Reviewed r = MakeReviewed("open-review-decide");
  REQUIRE(jobs::DecideOpen(r.ctx, r.y2000a, "控制", "涉及客户商业秘密").ok());
  // Traditional characters as typed on a Taiwan keyboard work too.
  REQUIRE(jobs::DecideOpen(r.ctx, r.y2000b, " 開放 ", "").ok());
  ItemRecord a = Item(r, r.y2000a);
  CHECK(a.open_status == "控制");
  CHECK(a.open_reason == "涉及客户商业秘密");
  CHECK(a.open_reviewed_at == jobs::Today());
  CHECK(a.open_reviewed_by == "张档案");
  CHECK(Item(r, r.y2000b).open_status == "开放");

  std::vector<AuditEntry> log;
  REQUIRE(fx::OpenArchive(r.dir)->AuditLog(r.y2000a, Secrecy::kSecret, &log).ok());
  REQUIRE_FALSE(log.empty());
  CHECK(log.back().action == "开放审核");
  Json detail = Json::parse(log.back().detail);
  CHECK(detail["old"]["open_status"] == "");
  CHECK(detail["new"]["open_status"] == "控制");
  CHECK(detail["new"]["open_reason"] == "涉及客户商业秘密");

  // Deciding again replaces the decision; the entry keeps the old one.
  REQUIRE(jobs::DecideOpen(r.ctx, r.y2000a, "开放", "客户已注销，不再涉密").ok());
  CHECK(Item(r, r.y2000a).open_status == "开放");
  REQUIRE(fx::OpenArchive(r.dir)->AuditLog(r.y2000a, Secrecy::kSecret, &log).ok());
  detail = Json::parse(log.back().detail);
  CHECK(detail["old"]["open_status"] == "控制");
  CHECK(detail["new"]["open_status"] == "开放");

  CheckReport clean = CheckArchive(r);
  INFO(fx::Describe(clean));
  CHECK(clean.ok());
  AuditReport audit;
  REQUIRE(jobs::VerifyAudit(r.ctx, &audit).ok());
  CHECK(audit.intact);

  // A decision changed behind the program's back, or one never made, is found by check.
  REQUIRE(fx::Sql(r.dir, "UPDATE items SET open_status = '控制' WHERE danghao = '" + r.y2000a +
                             "'") == "");
  REQUIRE(fx::Sql(r.dir,
                  "UPDATE items SET open_status = '开放' WHERE danghao = '" + r.y2001 + "'") == "");
  CheckReport tampered = CheckArchive(r);
  INFO(fx::Describe(tampered));
  CHECK(fx::HasProblem(tampered, r.y2000a, "开放审核结论"));
  CHECK(fx::HasProblem(tampered, r.y2001, "开放审核结论"));
}

TEST_CASE("an 开放审核 refusal names the item and changes nothing", "[open-review]") {
  Reviewed r = MakeReviewed("open-review-refusals");
  REQUIRE(fx::Sql(r.dir,
                  "UPDATE items SET destroyed = 1, destroyed_at = '2025-03-01', "
                  "destruction_list = 'Z109-WS·2025-Y-DAS-0001' WHERE danghao = '" +
                      r.y2000b + "'") == "");
  const size_t entries = AuditCount(r);
  struct Case {
    const char* what;
    jobs::JobContext ctx;
    std::vector<std::string> items;
    std::string status, reason, expect, named;
  };
  const std::vector<Case> cases = {
      {"unknown word", r.ctx, {r.y2000a}, "公开", "", "公开", r.y2000a},
      {"控制 without a reason", r.ctx, {r.y2000a}, "控制", "  ", "理由", r.y2000a},
      {"destroyed item", r.ctx, {r.y2000b}, "开放", "", "销毁", r.y2000b},
      {"not yet due", r.ctx, {r.y2024}, "开放", "", "2050-01-01", r.y2024},
      {"above the clearance", Internal(r), {r.secret2000}, "开放", "", "", r.secret2000},
      {"one bad item among good ones", r.ctx, {r.y2000a, r.y2024}, "开放", "", "尚不需", r.y2024},
      {"unknown item", r.ctx, {"Z109-WS·2000-Y-BGS-0999"}, "开放", "", "", "0999"},
      {"reason too long", r.ctx, {r.y2000a}, "控制", std::string(61 * 3, 'x'), "60", ""},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    Status st = jobs::DecideOpenItems(c.ctx, c.items, c.status, c.reason, nullptr);
    INFO(st.ToString());
    REQUIRE_FALSE(st.ok());
    CHECK_THAT(st.message(), Catch::Contains(c.expect) && Catch::Contains(c.named));
  }
  // Above the clearance the answer is the very one for a 档号 not in the catalogue.
  Status hidden = jobs::DecideOpen(Internal(r), r.secret2000, "开放", "");
  CHECK(hidden.code() == Status::Code::kNotFound);
  CHECK(AuditCount(r) == entries);
  for (const std::string& d : {r.y2000a, r.y2000b, r.y2024, r.secret2000}) {
    CHECK(Item(r, d).open_status.empty());
  }
  // The archive holds its rules whoever calls it.
  auto ar = fx::OpenArchive(r.dir);
  CHECK_THAT(ar->SetOpenDecision(r.y2000b, "开放", "", "张档案").message(),
             Catch::Contains("销毁"));
  CHECK_THAT(ar->SetOpenDecision(r.y2000a, "半开放", "", "张档案").message(),
             Catch::Contains(r.y2000a) && Catch::Contains("半开放"));
  CHECK_THAT(ar->SetOpenDecision(r.y2000a, "控制", "", "张档案").message(),
             Catch::Contains(r.y2000a) && Catch::Contains("理由"));
  CHECK(AuditCount(r) == entries);
}

TEST_CASE("the 开放审核 register prints every item due with its decision and reason",
          "[open-review]") {
  Reviewed r = MakeReviewed("open-review-register");
  REQUIRE(jobs::DecideOpen(r.ctx, r.secret2000, "控制", "涉及客户商业秘密").ok());
  REQUIRE(jobs::DecideOpen(r.ctx, r.y2000a, "开放", "").ok());
  const std::string base = test::ScratchDir("open-review-register-out") + "/开放审核登记表";
  GeneratedDocument doc;
  Status st = jobs::RenderOpenReviewRegister(r.ctx, "2026-06-30", base, &doc);
  INFO(st.ToString());
  REQUIRE(st.ok());
  CHECK(doc.rows == 3);
  test::PdfContent pdf = test::ReadPdf(base + ".pdf");
  REQUIRE(pdf.loaded);
  std::string text;
  for (const std::string& page : pdf.pages) text += test::Squeeze(page);
  for (const std::string& want :
       {r.y2000a, r.y2000b, r.secret2000, std::string("档案开放审核登记表"),
        std::string("涉及客户商业秘密"), std::string("控制"), std::string("开放"),
        std::string("2026年6月30日"), std::string("张档案"), std::string("第二十七条")}) {
    CHECK_THAT(text, Catch::Contains(test::Squeeze(want)));
  }
  CHECK(text.find(test::Squeeze(r.y2001)) == std::string::npos);
  CHECK(text.find(test::Squeeze(r.y2024)) == std::string::npos);
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(base + ".xlsx", &book).ok());
  std::string cells;
  for (const auto& [ref, cell] : book.sheets.at(0).cells) cells += cell.value + "|";
  CHECK_THAT(cells, Catch::Contains(r.secret2000) && Catch::Contains("涉及客户商业秘密"));
  // Below 机密 the register leaves the 机密 item out; nothing due, nothing to print.
  REQUIRE(jobs::RenderOpenReviewRegister(Internal(r), "2026-06-30", base + "-内部", &doc).ok());
  CHECK(doc.rows == 2);
  CHECK_THAT(jobs::RenderOpenReviewRegister(r.ctx, "2025-06-30", base + "-早", &doc).message(),
             Catch::Contains("没有"));
}

TEST_CASE("dangan open-review lists, decides and registers, and show prints the decision",
          "[open-review][cli]") {
  const std::string dir = test::ScratchDir("open-review-cli");
  const std::string archive = dir + "/archive";
  auto run = [&](const std::string& args) {
    return test::RunDangan(test::WithOptions(args, "--clearance 机密 --archive " + archive));
  };
  auto json = [&](const std::string& args) {
    test::CliRun out = test::RunDanganStdout(
        test::WithOptions(args, "--json --clearance 机密 --archive " + archive));
    INFO(args << "\n" << out.out);
    REQUIRE(out.exit_code == 0);
    return Json::parse(out.out);
  };
  REQUIRE(run("init --fonds Z109 --company 华东精密机械有限公司").exit_code == 0);
  std::string old, young;
  {
    auto a = fx::OpenArchive(archive);
    old = FileOne(*a, dir, "关于公司成立的批复", 2000);
    young = FileOne(*a, dir, "二〇二四年度公司工作总结", 2024);
  }
  Json due = json("open-review list --as-of 2026-01-01");
  REQUIRE(due["items"].size() == 1);
  CHECK(due["items"][0]["档号"] == old);
  CHECK(due["items"][0]["due_on"] == "2026-01-01");
  CHECK(due["items"][0]["status"] == "");

  test::CliRun refused = run("open-review decide " + old + " --status 控制");
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.out, Catch::Contains(old) && Catch::Contains("理由"));
  refused = run("open-review decide " + old + " " + young + " --status 开放");
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.out, Catch::Contains(young));
  CHECK(json("show " + old)["开放审核"] == "");

  Json decided = json("open-review decide " + old + " --status 控制 --reason 涉及个人隐私");
  REQUIRE(decided["decided"].size() == 1);
  CHECK(decided["decided"][0]["status"] == "控制");
  test::CliRun shown = run("show " + old);
  CHECK_THAT(shown.out, Catch::Contains("开放审核：控制（涉及个人隐私）"));
  CHECK(json("open-review list --as-of 2026-01-01")["items"].empty());
  CHECK(json("open-review list --as-of 2026-01-01 --all")["items"].size() == 1);

  const std::string out = dir + "/登记表.pdf";
  test::CliRun reg = run("open-review register -o " + out + " --as-of 2026-01-01");
  INFO(reg.out);
  REQUIRE(reg.exit_code == 0);
  CHECK(std::filesystem::exists(out));
  CHECK(std::filesystem::exists(dir + "/登记表.xlsx"));
  test::CliRun check = run("check");
  INFO(check.out);
  CHECK(check.exit_code == 0);
}

}  // namespace
}  // namespace dangan
