// Lending and use (issue 17 §1) through the jobs and the archive: a request above the requester's
// clearance waits for an approver who is neither the requester nor the recorder and is cleared
// for every item; approval grants exactly those items until the end date (Show, OpenStoredFile,
// MakeUseCopy), each use registered against the request; 涉密 originals are never lent; loans
// are renewed, listed when overdue and checked on return; the D-06 and GD-05 registers and the
// statistics come from the year's requests. Every refusal names the item or field and changes
// nothing; check and audit verify pass afterwards.
#include "dangan/jobs/lending.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "dangan/jobs/account_jobs.h"
#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/use_copy.h"
#include "dangan/records/text.h"
#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using jobs::UseRequest;

constexpr char kScan[] = "Z109-WS·2015-Y-BGS-0001.pdf";
constexpr char kPassword[] = "correct horse battery";

// `date` (YYYY-MM-DD) plus `days`.
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

struct Library {
  std::string dir;
  std::string open, internal, secret_a, secret_b, top;  // 公开 内部 秘密 秘密 机密
  jobs::JobContext archivist, reader, leader;
};

jobs::JobContext As(const std::string& dir, const std::string& user, Secrecy clearance) {
  jobs::JobContext ctx = test::SecretClerk(dir, user);
  ctx.clearance = clearance;
  return ctx;
}

Library MakeLibrary(const std::string& name) {
  Library l;
  l.dir = fx::NewArchive(name);
  {
    auto a = fx::OpenArchive(l.dir);
    l.open = fx::FileSampleScanAt(*a, "公司简介", "公开", kScan);
    l.internal = fx::FileSampleScanAt(*a, "2010年度工作总结", "内部", kScan);
    l.secret_a = fx::FileSampleScanAt(*a, "2010年度薪酬方案", "秘密", kScan);
    l.secret_b = fx::FileSampleScanAt(*a, "2010年度人事任免", "秘密", kScan);
    l.top = fx::FileSampleScanAt(*a, "2010年度董事会决议", "机密", kScan);
  }
  l.archivist = test::SecretClerk(l.dir, "张档案");
  jobs::NewAccount reader{"刘洋", "经办人", "内部", "人力资源部"};
  REQUIRE(jobs::AddAccount(l.archivist, reader, kPassword).ok());
  jobs::NewAccount leader{"王建国", "经办人", "机密", "办公室"};
  REQUIRE(jobs::AddAccount(l.archivist, leader, kPassword).ok());
  l.reader = As(l.dir, "刘洋", Secrecy::kInternal);
  l.leader = As(l.dir, "王建国", Secrecy::kSecret);
  return l;
}

jobs::UseRequester Account(const std::string& name) {
  jobs::UseRequester r;
  r.account = name;
  return r;
}

jobs::UseRequester Outsider() {
  jobs::UseRequester r;
  r.name = "周明";
  r.unit = "江宁区档案馆";
  r.letter = "宁档介〔2026〕12号";
  return r;
}

UseRequest Request(const jobs::JobContext& ctx, const jobs::UseRequester& who,
                   const std::string& kind, const std::vector<std::string>& items,
                   const std::string& purpose = "工作查考") {
  UseRequest r;
  Status st = jobs::RecordUseRequest(ctx, who, purpose, kind, items, "", &r);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return r;
}

UseRequest Read(const Library& l, int64_t id) {
  UseRequest r;
  REQUIRE(jobs::ReadUseRequest(l.archivist, id, &r).ok());
  return r;
}

long long AuditCount(const Library& l) {
  return fx::SqlInt(l.dir, "SELECT count(*) FROM audit_log");
}

std::string PdfText(const std::string& path) {
  test::PdfContent pdf = test::ReadPdf(path);
  REQUIRE(pdf.loaded);
  std::string text;
  for (const std::string& page : pdf.pages) text += test::Squeeze(page);
  return text;
}

void CheckArchiveIsSound(const Library& l) {
  CheckReport report;
  REQUIRE(jobs::Check(l.archivist, &report).ok());
  INFO(fx::Describe(report));
  CHECK(report.ok());
  AuditReport audit;
  REQUIRE(jobs::VerifyAudit(l.archivist, &audit).ok());
  CHECK(audit.intact);
}

TEST_CASE("an approved request lets its requester read exactly its items until its end date",
          "[lending]") {
  Library l = MakeLibrary("lending-grant");
  ItemRecord item;
  Status before = jobs::Show(l.reader, l.secret_a, &item);
  CHECK(before.code() == Status::Code::kNotFound);

  UseRequest r = Request(l.archivist, Account("刘洋"), jobs::kUseRead, {l.secret_a});
  CHECK(r.state == jobs::kUsePending);
  CHECK(r.requester.unit == "人力资源部");  // from the account
  CHECK(r.end_date == Plus(jobs::Today(), jobs::kDefaultLoanDays));
  // Waiting for approval grants nothing.
  Status pending = jobs::Show(l.reader, l.secret_a, &item);
  CHECK(pending.code() == Status::Code::kNotFound);
  CHECK(pending.message() == before.message());

  REQUIRE(jobs::DecideUseRequest(l.leader, r.id, true, "同意查阅").ok());
  Status shown = jobs::Show(l.reader, l.secret_a, &item);
  INFO(shown.ToString());
  REQUIRE(shown.ok());
  CHECK(item.title == "2010年度薪酬方案");
  // Another item of the same 密级 stays out of sight, as if it did not exist.
  Status other = jobs::Show(l.reader, l.secret_b, &item);
  CHECK(other.code() == Status::Code::kNotFound);
  CHECK_THAT(other.message(), Catch::Contains(l.secret_b) && Catch::Contains("不在目录中"));
  // Search stays within clearance: the grant is for reading those items, not finding others.
  std::vector<ItemRecord> listed;
  ListFilter filter;
  REQUIRE(jobs::List(l.reader, filter, &listed, nullptr).ok());
  for (const ItemRecord& i : listed) CHECK(i.secrecy != "秘密");

  std::string path;
  REQUIRE(jobs::OpenStoredFile(l.reader, l.secret_a, 1, &item, &path).ok());
  CHECK(std::filesystem::exists(path));
  jobs::UseCopyResult copy;
  const std::string out = test::ScratchDir("lending-grant-copy") + "/copy.pdf";
  Status copied = jobs::MakeUseCopy(l.reader, l.secret_a, out, "核对薪酬标准", &copy);
  INFO(copied.ToString());
  REQUIRE(copied.ok());
  CHECK(std::filesystem::exists(out));
  // Each look, file and copy is registered against the request.
  CHECK(Read(l, r.id).uses == 3);
  CHECK(fx::SqlInt(l.dir, "SELECT count(*) FROM use_events WHERE how = '利用副本'") == 1);
  CHECK(fx::SqlInt(l.dir, "SELECT count(*) FROM audit_log WHERE action = '利用登记'") == 3);

  // After the end date the item is gone again (the end date moved back: no clock tricks).
  fx::Sql(l.dir, "UPDATE use_requests SET end_date = '2020-01-01'");
  Status after = jobs::Show(l.reader, l.secret_a, &item);
  CHECK(after.code() == Status::Code::kNotFound);
  CHECK(after.message() == before.message());
  CheckArchiveIsSound(l);
}

TEST_CASE("a request within the requester's clearance needs no approval, and its uses count",
          "[lending]") {
  Library l = MakeLibrary("lending-within");
  UseRequest r = Request(l.archivist, Account("刘洋"), jobs::kUseRead, {l.internal, l.open});
  CHECK(r.state == jobs::kUseApproved);
  CHECK(r.items.size() == 2);
  CHECK(r.items[0].title == "2010年度工作总结");
  ItemRecord item;
  REQUIRE(jobs::Show(l.reader, l.internal, &item).ok());
  CHECK(Read(l, r.id).uses == 1);
  // A different account reads as ever, registering nothing.
  REQUIRE(jobs::Show(l.leader, l.internal, &item).ok());
  CHECK(Read(l, r.id).uses == 1);
}

TEST_CASE("the approver is neither the requester nor the recorder and is cleared for every item",
          "[lending]") {
  Library l = MakeLibrary("lending-approver");
  UseRequest r = Request(l.archivist, Account("刘洋"), jobs::kUseRead, {l.secret_a, l.top});
  const long long audit = AuditCount(l);

  Status own = jobs::DecideUseRequest(l.reader, r.id, true, "");
  CHECK(own.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(own.message(), Catch::Contains("利用者本人"));
  Status recorder = jobs::DecideUseRequest(l.archivist, r.id, true, "");
  CHECK_THAT(recorder.message(), Catch::Contains("登记这份申请的档案员"));
  jobs::JobContext low = As(l.dir, "李科长", Secrecy::kConfidential);
  // Someone not cleared for every item does not even see the request.
  Status cleared = jobs::DecideUseRequest(low, r.id, true, "");
  CHECK(cleared.code() == Status::Code::kNotFound);
  CHECK_THAT(cleared.message(), Catch::Contains("第 " + std::to_string(r.id) + " 号利用申请"));
  Status no_reason = jobs::DecideUseRequest(l.leader, r.id, false, "");
  CHECK_THAT(no_reason.message(), Catch::Contains("审批意见"));
  CHECK(Read(l, r.id).state == jobs::kUsePending);
  CHECK(AuditCount(l) == audit);  // the refusals changed nothing

  REQUIRE(jobs::DecideUseRequest(l.leader, r.id, false, "与工作无关").ok());
  UseRequest refused = Read(l, r.id);
  CHECK(refused.state == jobs::kUseRefused);
  CHECK(refused.approver == "王建国");
  ItemRecord item;
  CHECK(jobs::Show(l.reader, l.secret_a, &item).code() == Status::Code::kNotFound);
  Status again = jobs::DecideUseRequest(l.leader, r.id, true, "");
  CHECK_THAT(again.message(), Catch::Contains("未批准") && Catch::Contains("不能审批"));
}

TEST_CASE("a request is refused, naming the item or field, and nothing is recorded", "[lending]") {
  Library l = MakeLibrary("lending-refusals");
  const long long audit = AuditCount(l);
  UseRequest r;
  Status lend_secret = jobs::RecordUseRequest(l.archivist, Account("刘洋"), "工作查考", "外借",
                                              {l.open, l.secret_a}, "", &r);
  CHECK(lend_secret.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(lend_secret.message(),
             Catch::Contains(l.secret_a) && Catch::Contains("秘密") && Catch::Contains("不得外借"));
  Status lend_top =
      jobs::RecordUseRequest(l.archivist, Account("刘洋"), "工作查考", "外借", {l.top}, "", &r);
  CHECK_THAT(lend_top.message(), Catch::Contains(l.top) && Catch::Contains("机密"));

  jobs::UseRequester no_letter = Outsider();
  no_letter.letter = "";
  Status letter =
      jobs::RecordUseRequest(l.archivist, no_letter, "编史修志", "查阅", {l.open}, "", &r);
  CHECK_THAT(letter.message(), Catch::Contains("介绍信"));
  Status kind =
      jobs::RecordUseRequest(l.archivist, Outsider(), "编史修志", "带回家", {l.open}, "", &r);
  CHECK_THAT(kind.message(), Catch::Contains("利用方式") && Catch::Contains("带回家"));
  Status purpose = jobs::RecordUseRequest(l.archivist, Outsider(), " ", "查阅", {l.open}, "", &r);
  CHECK_THAT(purpose.message(), Catch::Contains("利用目的"));
  Status account =
      jobs::RecordUseRequest(l.archivist, Account("无此人"), "工作查考", "查阅", {l.open}, "", &r);
  CHECK_THAT(account.message(), Catch::Contains("无此人"));
  Status missing = jobs::RecordUseRequest(l.archivist, Outsider(), "编史修志", "查阅",
                                          {"Z109-WS·2010-D10-BGS-0099"}, "", &r);
  CHECK(missing.code() == Status::Code::kNotFound);
  CHECK_THAT(missing.message(), Catch::Contains("Z109-WS·2010-D10-BGS-0099"));
  Status until = jobs::RecordUseRequest(l.archivist, Outsider(), "编史修志", "查阅", {l.open},
                                        "2020-01-01", &r);
  CHECK_THAT(until.message(), Catch::Contains("利用截止日期") && Catch::Contains("2020-01-01"));
  // An item above the recorder's clearance answers as one that does not exist.
  jobs::JobContext low = As(l.dir, "赵档案", Secrecy::kInternal);
  Status hidden = jobs::RecordUseRequest(low, Outsider(), "编史修志", "查阅", {l.secret_a}, "", &r);
  CHECK(hidden.code() == Status::Code::kNotFound);
  CHECK_THAT(hidden.message(), Catch::Contains("不在目录中"));

  std::vector<UseRequest> all;
  REQUIRE(jobs::ListUseRequests(l.archivist, "", &all).ok());
  CHECK(all.empty());
  CHECK(AuditCount(l) == audit);
  // Traditional characters are a clerk's spelling too.
  UseRequest ok = Request(l.archivist, Outsider(), "複製", {l.open}, "編史修志");
  CHECK(ok.kind == jobs::kUseCopy);
}

TEST_CASE(
    "originals are lent, renewed, listed when overdue, checked on return and the request "
    "closes",
    "[lending]") {
  Library l = MakeLibrary("lending-loans");
  // An outside person (clearance 公开) asks for an internal item: approval needed.
  UseRequest r = Request(l.archivist, Outsider(), jobs::kUseLend, {l.open, l.internal}, "编史修志");
  CHECK(r.state == jobs::kUsePending);
  Status early = jobs::LendOriginals(l.archivist, r.id, "");
  CHECK_THAT(early.message(), Catch::Contains("待审批") && Catch::Contains("不能借出原件"));
  REQUIRE(jobs::DecideUseRequest(l.leader, r.id, true, "同意借出").ok());
  const std::string today = jobs::Today();
  REQUIRE(jobs::LendOriginals(l.archivist, r.id, "").ok());
  UseRequest lent = Read(l, r.id);
  CHECK(lent.items[0].lent_at == today);
  CHECK(lent.items[0].due_at == Plus(today, 7));
  Status twice = jobs::LendOriginals(l.archivist, r.id, "");
  CHECK_THAT(twice.message(), Catch::Contains("都已借出"));

  const std::string later = Plus(today, 20);
  Status shorter = jobs::RenewLoan(l.archivist, r.id, l.open, today);
  CHECK_THAT(shorter.message(), Catch::Contains(l.open) && Catch::Contains("须晚于"));
  REQUIRE(jobs::RenewLoan(l.archivist, r.id, l.open, later).ok());
  UseRequest renewed = Read(l, r.id);
  CHECK(renewed.items[0].due_at == later);
  CHECK(renewed.items[0].renewals == 1);
  CHECK(renewed.end_date == later);

  std::vector<jobs::OverdueLoan> overdue;
  REQUIRE(jobs::ListOverdue(l.archivist, Plus(today, 10), &overdue).ok());
  REQUIRE(overdue.size() == 1);
  CHECK(overdue[0].danghao == l.internal);
  CHECK(overdue[0].days_overdue == 3);
  CHECK(overdue[0].person == "周明");
  REQUIRE(jobs::ListOverdue(l.archivist, Plus(today, 30), &overdue).ok());
  REQUIRE(overdue.size() == 2);
  CHECK(overdue[0].danghao == l.internal);  // most overdue first
  CHECK(overdue[0].days_overdue == 23);
  CHECK(overdue[1].days_overdue == 10);

  const long long audit = AuditCount(l);
  Status no_note = jobs::ReturnOriginal(l.archivist, r.id, l.open, true, false, "");
  CHECK_THAT(no_note.message(), Catch::Contains("归还检查") && Catch::Contains("须写明情况"));
  Status stranger = jobs::ReturnOriginal(l.archivist, r.id, l.secret_a, true, true, "");
  CHECK_THAT(stranger.message(), Catch::Contains(l.secret_a) && Catch::Contains("不在"));
  Status closing = jobs::CloseUseRequest(l.archivist, r.id);
  CHECK_THAT(closing.message(), Catch::Contains("尚未归还"));
  CHECK(AuditCount(l) == audit);

  REQUIRE(jobs::ReturnOriginal(l.archivist, r.id, l.open, true, false, "第2页边角撕裂").ok());
  UseRequest half = Read(l, r.id);
  CHECK(half.state == jobs::kUseApproved);
  CHECK(half.items[0].return_check == "有缺损（有损坏）：第2页边角撕裂");
  Status back_twice = jobs::ReturnOriginal(l.archivist, r.id, l.open, true, true, "");
  CHECK_THAT(back_twice.message(), Catch::Contains("已于") && Catch::Contains("归还"));
  REQUIRE(jobs::ReturnOriginal(l.archivist, r.id, l.internal, true, true, "").ok());
  UseRequest done = Read(l, r.id);
  CHECK(done.state == jobs::kUseClosed);
  CHECK(done.items[1].return_check == "完好");
  REQUIRE(jobs::ListOverdue(l.archivist, Plus(today, 30), &overdue).ok());
  CHECK(overdue.empty());
  // Each step wrote its entry, naming the item where there is one.
  CHECK(
      fx::SqlInt(l.dir, "SELECT count(*) FROM audit_log WHERE action = '归还原件' AND danghao = '" +
                            l.open + "'") == 1);
  CHECK(fx::SqlInt(l.dir, "SELECT count(*) FROM audit_log WHERE action = '续借'") == 1);
  CheckArchiveIsSound(l);
}

TEST_CASE(
    "the D-06 register, the GD-05 effects register and the statistics come from the "
    "year's requests",
    "[lending]") {
  Library l = MakeLibrary("lending-registers");
  UseRequest read = Request(l.archivist, Account("刘洋"), jobs::kUseRead, {l.internal});
  UseRequest lend = Request(l.archivist, Outsider(), jobs::kUseLend, {l.open}, "编史修志");
  UseRequest copy = Request(l.archivist, Account("刘洋"), jobs::kUseCopy, {l.open, l.internal});
  UseRequest pending = Request(l.archivist, Account("刘洋"), jobs::kUseRead, {l.secret_b});
  REQUIRE(jobs::LendOriginals(l.archivist, lend.id, "").ok());
  REQUIRE(jobs::ReturnOriginal(l.archivist, lend.id, l.open, false, true, "缺第3页").ok());
  ItemRecord item;
  REQUIRE(jobs::Show(l.reader, l.internal, &item).ok());  // a use against `copy` (the newest)
  REQUIRE(jobs::RecordUseEffect(l.archivist, lend.id, "为《江宁工业志》提供了企业沿革材料").ok());
  Status effect_pending = jobs::RecordUseEffect(l.archivist, pending.id, "无");
  CHECK_THAT(effect_pending.message(), Catch::Contains("待审批"));

  const int year = std::stoi(jobs::Today().substr(0, 4));
  jobs::UseStatistics stats;
  REQUIRE(jobs::ComputeUseStatistics(l.archivist, year, &stats).ok());
  CHECK(stats.requests == 3);  // the pending one is not a use yet
  CHECK(stats.items == 4);
  CHECK(stats.uses == 1);
  CHECK(stats.loans == 1);
  CHECK(stats.overdue == 0);
  REQUIRE(stats.by_unit.size() == 2);
  CHECK(stats.by_unit[0].key == "人力资源部");
  CHECK(stats.by_unit[0].requests == 2);
  CHECK(stats.by_unit[0].items == 3);
  CHECK(stats.by_unit[1].key == "江宁区档案馆");
  REQUIRE(stats.by_purpose.size() == 2);
  CHECK(stats.by_purpose[0].key == "工作查考");
  CHECK(stats.by_purpose[0].requests == 2);
  REQUIRE(stats.by_kind.size() == 3);
  nlohmann::json j = jobs::UseStatisticsJson(stats);
  CHECK(j["by_kind"].size() == 3);
  jobs::UseStatistics none;
  REQUIRE(jobs::ComputeUseStatistics(l.archivist, year - 1, &none).ok());
  CHECK(none.requests == 0);

  const std::string out = test::ScratchDir("lending-registers-out");
  GeneratedDocument doc;
  Status st = jobs::RenderUseRegister(l.archivist, year, out + "/register", &doc);
  INFO(st.ToString());
  REQUIRE(st.ok());
  CHECK(doc.rows == 4);
  const std::string text = PdfText(out + "/register.pdf");
  for (const std::string& want :
       {std::string("档案查阅借阅登记表"), l.open, l.internal, std::string("周明"),
        std::string("江宁区档案馆"), std::string("借出"), std::string("有缺损"),
        std::string("编史修志")}) {
    CHECK_THAT(text, Catch::Contains(test::Squeeze(want)));
  }
  CHECK(text.find(test::Squeeze(l.secret_b)) == std::string::npos);  // never approved
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(out + "/register.xlsx", &book).ok());
  REQUIRE(!book.sheets.empty());
  std::string cells;
  for (const auto& cell : book.sheets[0].cells) cells += cell.second.value + "|";
  CHECK_THAT(cells, Catch::Contains("|周明|") && Catch::Contains("|借出|") &&
                        Catch::Contains("|有缺损|") && Catch::Contains("|" + l.open + "|"));

  REQUIRE(jobs::RenderUseEffects(l.archivist, year, out + "/effects", &doc).ok());
  CHECK(doc.rows == 1);
  const std::string effects = PdfText(out + "/effects.pdf");
  CHECK_THAT(effects, Catch::Contains(test::Squeeze("档案利用效果登记表")) &&
                          Catch::Contains(test::Squeeze("《江宁工业志》")));
  Status empty = jobs::RenderUseEffects(l.archivist, year - 1, out + "/none", &doc);
  CHECK_THAT(empty.message(), Catch::Contains(std::to_string(year - 1)));
}

}  // namespace
}  // namespace dangan
