// Appraisal and destruction (issue 16 §1) through the jobs and the archive: only due, unheld
// items are appraised; the steps go in order, each refusal naming the item or the missing step
// and changing nothing; Destroy keeps the items in the catalogue marked 已销毁, takes their text
// out of the index, removes the files no live item holds and files the 销毁清册 permanently in
// the same transaction; check and audit verify pass afterwards.
#include "dangan/jobs/destruction.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>

#include "dangan/jobs/archive_jobs.h"
#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using jobs::Appraisal;

struct Due {
  std::string dir;
  std::vector<std::string> items;  // 2010, D10: due since 2021
  std::string young;               // 2024, D10: not due
  jobs::JobContext ctx;
};

ItemRecord FileOne(Archive& a, const std::string& dir, const std::string& title, int year,
                   const std::string& retention, const std::string& seed, const std::string& text) {
  NewItem item = fx::SampleItem(title);
  item.year = year;
  item.retention = retention;
  item.date = std::to_string(year) + "-05-06";
  NewFile f = fx::PdfFile(fx::WritePdf(dir + "/" + seed + ".pdf", seed, 2), 2);
  f.text = text;
  ItemRecord rec;
  REQUIRE(a.File(item, {f}, &rec).ok());
  return rec;
}

Due MakeDue(const std::string& name, int count = 3) {
  Due d;
  d.dir = fx::NewArchive(name);
  const std::string src = test::ScratchDir(name + "-src");
  auto a = fx::OpenArchive(d.dir);
  for (int i = 0; i < count; ++i) {
    const std::string n = std::to_string(i + 1);
    d.items.push_back(FileOne(*a, src, "二〇一〇年办公用品领用单第" + n + "号", 2010, "D10",
                              "old" + n, "领用记录第" + n + "号 铅笔橡皮")
                          .danghao);
  }
  d.young = FileOne(*a, src, "二〇二四年会议签到表", 2024, "D10", "young", "签到").danghao;
  d.ctx = test::SecretClerk(d.dir);
  return d;
}

std::string Messages(const Status& st) { return st.ToString(); }

Appraisal Read(const Due& d, int64_t id) {
  Appraisal a;
  REQUIRE(jobs::ReadAppraisal(d.ctx, id, &a).ok());
  return a;
}

// Appraisal of `items`, all decided 拟销毁, opinion, approval, witnesses: ready to destroy.
int64_t Witnessed(const Due& d, const std::vector<std::string>& items) {
  Appraisal a;
  Status st = jobs::StartAppraisal(d.ctx, "", "2026-06-30", items, &a);
  INFO(Messages(st));
  REQUIRE(st.ok());
  for (const std::string& item : items) {
    REQUIRE(jobs::DecideItem(d.ctx, a.id, item, "拟销毁", "", "无保存价值").ok());
  }
  REQUIRE(jobs::RecordGroupOpinion(d.ctx, a.id, "王鉴定、李小组、赵成员",
                                   "经逐件鉴定，上列档案已无保存价值，同意销毁。")
              .ok());
  REQUIRE(jobs::ApproveDestruction(d.ctx, a.id, "周经理", true, "同意").ok());
  REQUIRE(
      jobs::RecordWitnesses(d.ctx, a.id, "孙监销", "钱监销", "粉碎", "档案室", "2026-07-01 09:30")
          .ok());
  return a.id;
}

size_t SearchCount(const Due& d, const std::string& query) {
  SearchRequest r;
  r.query = query;
  SearchResults out;
  Status st = jobs::Search(d.ctx, r, &out);
  INFO(Messages(st));
  REQUIRE(st.ok());
  return out.total;
}

std::string StoredFileOf(const std::string& dir, const std::string& sha256) {
  return dir + "/store/" + sha256.substr(0, 2) + "/" + sha256;
}

TEST_CASE("an appraisal takes only items that are due and not held", "[destruction]") {
  Due d = MakeDue("destruction-due");
  Appraisal a;
  Status young = jobs::StartAppraisal(d.ctx, "", "2026-06-30", {d.items[0], d.young}, &a);
  CHECK(young.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(young.message(), Catch::Contains(d.young) && Catch::Contains("保管期限未满"));

  {
    auto ar = fx::OpenArchive(d.dir);
    REQUIRE(ar->SetHold(d.items[1], true, "审计调阅").ok());
  }
  Status held = jobs::StartAppraisal(d.ctx, "", "2026-06-30", {d.items[1]}, &a);
  CHECK_THAT(held.message(), Catch::Contains(d.items[1]) && Catch::Contains("冻结"));
  std::vector<Appraisal> all;
  REQUIRE(jobs::ListAppraisals(d.ctx, &all).ok());
  CHECK(all.empty());  // the refusals left nothing

  // Without a list: every item due, unheld and free.
  Status st = jobs::StartAppraisal(d.ctx, "", "2026-06-30", {}, &a);
  INFO(Messages(st));
  REQUIRE(st.ok());
  CHECK(a.state == jobs::kAppraisalOpen);
  CHECK(a.name == "2026年第1次鉴定");
  REQUIRE(a.items.size() == 2);
  CHECK(a.items[0].danghao == d.items[0]);
  CHECK(a.items[1].danghao == d.items[2]);
  CHECK(a.items[0].retention == "D10");
  CHECK(a.items[0].pages == 2);

  // An item in an appraisal still going is in no second one.
  Status twice = jobs::StartAppraisal(d.ctx, "", "2026-06-30", {d.items[0]}, &a);
  CHECK_THAT(twice.message(), Catch::Contains(d.items[0]) && Catch::Contains("第 1 号鉴定"));
  Status none = jobs::StartAppraisal(d.ctx, "", "2026-06-30", {}, &a);
  CHECK_THAT(none.message(), Catch::Contains("没有"));
}

TEST_CASE("the steps of an appraisal go strictly in order and each refusal names what is missing",
          "[destruction]") {
  Due d = MakeDue("destruction-order", 2);
  Appraisal a;
  REQUIRE(jobs::StartAppraisal(d.ctx, "", "2026-06-30", d.items, &a).ok());
  const int64_t id = a.id;

  Status approve = jobs::ApproveDestruction(d.ctx, id, "周经理", true, "");
  CHECK_THAT(approve.message(), Catch::Contains("尚未记录鉴定小组意见"));
  Status witness = jobs::RecordWitnesses(d.ctx, id, "孙监销", "钱监销", "粉碎", "档案室", "");
  CHECK_THAT(witness.message(), Catch::Contains("尚未记录鉴定小组意见"));
  jobs::DestructionResult result;
  Status early = jobs::Destroy(d.ctx, id, &result);
  CHECK_THAT(early.message(), Catch::Contains("不能销毁"));

  REQUIRE(jobs::DecideItem(d.ctx, id, d.items[0], "拟销毁", "", "").ok());
  Status opinion = jobs::RecordGroupOpinion(d.ctx, id, "王鉴定、李小组", "同意销毁");
  CHECK_THAT(opinion.message(), Catch::Contains(d.items[1]) && Catch::Contains("尚未鉴定"));
  CHECK(Read(d, id).state == jobs::kAppraisalOpen);
  REQUIRE(jobs::DecideItem(d.ctx, id, d.items[1], "拟销毁", "", "").ok());
  REQUIRE(jobs::RecordGroupOpinion(d.ctx, id, "王鉴定、李小组", "同意销毁").ok());
  CHECK(Read(d, id).state == jobs::kAppraisalOpinion);
  // Decisions are closed with the group's opinion.
  CHECK_THAT(jobs::DecideItem(d.ctx, id, d.items[0], "续存", "D30", "仍需查考").message(),
             Catch::Contains("待批准"));

  CHECK_THAT(jobs::RecordWitnesses(d.ctx, id, "孙监销", "钱监销", "粉碎", "档案室", "").message(),
             Catch::Contains("尚未经批准人批准"));
  CHECK_THAT(jobs::Destroy(d.ctx, id, &result).message(), Catch::Contains("尚未经批准人批准"));
  REQUIRE(jobs::ApproveDestruction(d.ctx, id, "周经理", true, "同意").ok());
  CHECK(Read(d, id).state == jobs::kAppraisalApproved);
  CHECK_THAT(jobs::Destroy(d.ctx, id, &result).message(), Catch::Contains("尚未记录两名监销人"));

  CHECK_THAT(jobs::RecordWitnesses(d.ctx, id, "孙监销", "", "粉碎", "档案室", "").message(),
             Catch::Contains("两名监销人"));
  CHECK_THAT(jobs::RecordWitnesses(d.ctx, id, "孙监销", "孙监销", "粉碎", "档案室", "").message(),
             Catch::Contains("不同的人"));
  CHECK_THAT(jobs::RecordWitnesses(d.ctx, id, "孙监销", "周经理", "粉碎", "档案室", "").message(),
             Catch::Contains("批准人 周经理 不能兼任监销人"));
  CHECK_THAT(jobs::RecordWitnesses(d.ctx, id, "孙监销", "钱监销", "扔掉", "档案室", "").message(),
             Catch::Contains("销毁方式"));
  Appraisal still = Read(d, id);
  CHECK(still.state == jobs::kAppraisalApproved);
  CHECK(still.witness1.empty());

  REQUIRE(jobs::RecordWitnesses(d.ctx, id, "孙监销", "钱监销", "粉碎", "档案室", "2026-07-01 09:30")
              .ok());
  Appraisal done = Read(d, id);
  CHECK(done.state == jobs::kAppraisalWitnessed);
  CHECK(done.witnessed_at == "2026-07-01 09:30");

  // Every step is in the audit log.
  std::vector<AuditEntry> log;
  REQUIRE(fx::OpenArchive(d.dir)->AuditLog("", Secrecy::kSecret, &log).ok());
  std::vector<std::string> actions;
  for (const AuditEntry& e : log) actions.push_back(e.action);
  for (const char* step : {"开始鉴定", "鉴定决定", "鉴定小组意见", "批准销毁", "记录监销人"}) {
    CHECK(std::find(actions.begin(), actions.end(), step) != actions.end());
  }
}

TEST_CASE("a leader who refuses sends the appraisal back to the group", "[destruction]") {
  Due d = MakeDue("destruction-refused", 1);
  Appraisal a;
  REQUIRE(jobs::StartAppraisal(d.ctx, "", "2026-06-30", d.items, &a).ok());
  REQUIRE(jobs::DecideItem(d.ctx, a.id, d.items[0], "拟销毁", "", "").ok());
  REQUIRE(jobs::RecordGroupOpinion(d.ctx, a.id, "王鉴定", "同意销毁").ok());
  CHECK_THAT(jobs::ApproveDestruction(d.ctx, a.id, "周经理", false, "").message(),
             Catch::Contains("意见"));
  REQUIRE(jobs::ApproveDestruction(d.ctx, a.id, "周经理", false, "请再核对").ok());
  Appraisal back = Read(d, a.id);
  CHECK(back.state == jobs::kAppraisalOpen);
  CHECK(back.group_opinion.empty());
  CHECK_THAT(back.approval_opinion, Catch::Contains("请再核对"));
}

TEST_CASE("续存 lengthens the period with the group's opinion and never shortens it",
          "[destruction]") {
  Due d = MakeDue("destruction-keep", 2);
  Appraisal a;
  REQUIRE(jobs::StartAppraisal(d.ctx, "", "2026-06-30", d.items, &a).ok());
  CHECK_THAT(jobs::DecideItem(d.ctx, a.id, d.items[0], "续存", "D10", "仍需查考").message(),
             Catch::Contains("须长于"));
  CHECK_THAT(jobs::DecideItem(d.ctx, a.id, d.items[0], "续存", "D30", "").message(),
             Catch::Contains("理由"));
  CHECK_THAT(jobs::DecideItem(d.ctx, a.id, d.items[0], "留着", "", "").message(),
             Catch::Contains("续存"));
  CHECK_THAT(jobs::DecideItem(d.ctx, a.id, d.young, "拟销毁", "", "").message(),
             Catch::Contains("不在第 1 号鉴定中"));
  REQUIRE(jobs::DecideItem(d.ctx, a.id, d.items[0], "续存", "定期30年", "涉及未结合同").ok());
  REQUIRE(jobs::DecideItem(d.ctx, a.id, d.items[1], "续存", "永久", "反映公司沿革").ok());
  {
    ItemRecord item;
    REQUIRE(fx::OpenArchive(d.dir)->Get(d.items[0], false, &item).ok());
    CHECK(item.retention == "D10");  // not before the group's opinion
  }
  REQUIRE(jobs::RecordGroupOpinion(d.ctx, a.id, "王鉴定", "两件均续存").ok());
  CHECK(Read(d, a.id).state == jobs::kAppraisalKept);
  auto ar = fx::OpenArchive(d.dir);
  ItemRecord first, second;
  REQUIRE(ar->Get(d.items[0], false, &first).ok());
  REQUIRE(ar->Get(d.items[1], false, &second).ok());
  CHECK(first.retention == "D30");
  CHECK(second.retention == "Y");
  CHECK_FALSE(ar->SetRetention(d.items[1], "D30").ok());
  std::vector<ItemRecord> due;
  REQUIRE(ar->RetentionDue("2026-06-30", Secrecy::kSecret, &due).ok());
  CHECK(due.empty());
}

TEST_CASE(
    "destroy keeps the items marked 已销毁, takes their text out of search and files the "
    "清册 permanently",
    "[destruction]") {
  Due d = MakeDue("destruction-run", 3);
  CHECK(SearchCount(d, "铅笔橡皮") == 3);
  const int64_t id = Witnessed(d, {d.items[0], d.items[1]});
  // A preview of the 清册 before the destruction, blank where nothing is recorded yet.
  const std::string preview = test::ScratchDir("destruction-run-preview") + "/清册";
  REQUIRE(jobs::RenderDestructionList(d.ctx, id, preview, nullptr).ok());
  CHECK(std::filesystem::exists(preview + ".pdf"));
  CHECK(std::filesystem::exists(preview + ".xlsx"));

  std::string file0;
  {
    ItemRecord item;
    REQUIRE(fx::OpenArchive(d.dir)->Get(d.items[0], false, &item).ok());
    file0 = item.files[0].sha256;
  }
  REQUIRE(std::filesystem::exists(StoredFileOf(d.dir, file0)));
  jobs::DestructionResult result;
  Status st = jobs::Destroy(d.ctx, id, &result);
  INFO(Messages(st));
  REQUIRE(st.ok());
  CHECK(result.destroyed == 2);
  CHECK(result.files_removed == 2);
  CHECK(result.files_kept == 0);
  CHECK(result.bytes_removed > 0);

  // The 清册: 永久, 档案销毁清册, its PDF names the items, the approver and the witnesses.
  const ItemRecord& list = result.list_item;
  CHECK(list.retention == "Y");
  CHECK(list.template_id == "GD-02");
  CHECK_THAT(list.title, Catch::Contains("示例科技有限公司档案销毁清册"));
  REQUIRE(list.files.size() == 2);
  test::PdfContent pdf = test::ReadPdf(StoredFileOf(d.dir, list.files[0].sha256));
  REQUIRE(pdf.loaded);
  std::string text;
  for (const std::string& page : pdf.pages) text += test::Squeeze(page);
  for (const std::string& want :
       {d.items[0], d.items[1], std::string("周经理"), std::string("孙监销"), std::string("钱监销"),
        std::string("档案室"), std::string("粉碎"), std::string("王鉴定"), std::string("Z109"),
        std::string("无保存价值"), std::string("定期10年")}) {
    CHECK_THAT(text, Catch::Contains(test::Squeeze(want)));
  }
  CHECK(text.find(test::Squeeze(d.items[2])) == std::string::npos);
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(StoredFileOf(d.dir, list.files[1].sha256), &book).ok());
  std::string cells;
  for (const auto& [ref, cell] : book.sheets.at(0).cells) cells += cell.value + "|";
  CHECK_THAT(cells, Catch::Contains(d.items[0]) && Catch::Contains(d.items[1]) &&
                        Catch::Contains("周经理"));

  // The items stay, marked, with their digests; their files are gone from the store.
  auto ar = fx::OpenArchive(d.dir);
  ItemRecord gone;
  REQUIRE(ar->Get(d.items[0], false, &gone).ok());
  CHECK(gone.destroyed);
  CHECK(gone.destruction_list == list.danghao);
  CHECK(gone.destroyed_at.size() == 10);
  CHECK(gone.title == "二〇一〇年办公用品领用单第1号");
  REQUIRE(gone.files.size() == 1);
  CHECK(gone.files[0].sha256 == file0);
  CHECK(gone.files[0].text.empty());
  CHECK_FALSE(std::filesystem::exists(StoredFileOf(d.dir, file0)));
  ItemRecord kept;
  REQUIRE(ar->Get(d.items[2], false, &kept).ok());
  CHECK_FALSE(kept.destroyed);
  CHECK(std::filesystem::exists(StoredFileOf(d.dir, kept.files[0].sha256)));

  // Search finds only the item kept, also after the index is rebuilt.
  CHECK(SearchCount(d, "铅笔橡皮") == 1);
  // The kept item, and the 清册 that lists the destroyed ones by title.
  CHECK(SearchCount(d, "办公用品领用单") == 2);
  REQUIRE(ar->Reindex(nullptr).ok());
  CHECK(SearchCount(d, "铅笔橡皮") == 1);
  CHECK(SearchCount(d, "销毁清册") == 1);

  Appraisal after = Read(d, id);
  CHECK(after.state == jobs::kAppraisalDestroyed);
  CHECK(after.list_danghao == list.danghao);

  // check and audit verify pass: no missing files, no gap in the 件号.
  CheckReport report;
  REQUIRE(jobs::Check(d.ctx, &report).ok());
  INFO(fx::Describe(report));
  CHECK(report.ok());
  AuditReport audit;
  REQUIRE(jobs::VerifyAudit(d.ctx, &audit).ok());
  CHECK(audit.intact);
  std::vector<AuditEntry> log;
  REQUIRE(ar->AuditLog(d.items[0], Secrecy::kSecret, &log).ok());
  REQUIRE_FALSE(log.empty());
  CHECK(log.back().action == "销毁");
  CHECK_THAT(log.back().detail, Catch::Contains(list.danghao));

  // A destroyed item cannot be changed, copied from, appraised again or destroyed again.
  CHECK_THAT(ar->UpdateMetadata(d.items[0], {{"题名", "新题名"}}, "").message(),
             Catch::Contains("已于") && Catch::Contains(list.danghao));
  CHECK_THAT(ar->SetHold(d.items[0], true, "诉讼").message(), Catch::Contains("销毁"));
  CHECK_THAT(ar->IssueCopy(d.items[0], gone.files[0], "查考").message(), Catch::Contains("销毁"));
  Appraisal again;
  CHECK_THAT(jobs::StartAppraisal(d.ctx, "", "2026-06-30", {d.items[0]}, &again).message(),
             Catch::Contains("销毁"));
  CHECK_THAT(jobs::Destroy(d.ctx, id, &result).message(), Catch::Contains("已销毁"));
}

TEST_CASE("a stored file another item still holds stays in the store", "[destruction]") {
  Due d = MakeDue("destruction-shared", 1);
  const std::string src = test::ScratchDir("destruction-shared-src");
  auto ar = fx::OpenArchive(d.dir);
  ItemRecord old_item;
  REQUIRE(ar->Get(d.items[0], false, &old_item).ok());
  // The same scan filed again as the attachment of a permanent item.
  const std::string same = src + "/same.pdf";
  std::filesystem::copy_file(ar->StoredPath(old_item.files[0]), same);
  NewItem live = fx::SampleItem("公司章程修订说明");
  ItemRecord live_rec;
  REQUIRE(ar->File(live, {fx::PdfFile(same, 2)}, &live_rec).ok());
  REQUIRE(live_rec.files[0].sha256 == old_item.files[0].sha256);

  const int64_t id = Witnessed(d, {d.items[0]});
  jobs::DestructionResult result;
  REQUIRE(jobs::Destroy(d.ctx, id, &result).ok());
  CHECK(result.destroyed == 1);
  CHECK(result.files_removed == 0);
  CHECK(result.files_kept == 1);
  CHECK(std::filesystem::exists(StoredFileOf(d.dir, old_item.files[0].sha256)));
  ItemRecord copy;
  REQUIRE(ar->Get(live_rec.danghao, false, &copy).ok());
  CHECK(ar->IssueCopy(live_rec.danghao, copy.files[0], "查考").ok());
  CheckReport report;
  REQUIRE(jobs::Check(d.ctx, &report).ok());
  INFO(fx::Describe(report));
  CHECK(report.ok());
  CHECK(report.unreferenced == 0);
}

TEST_CASE("a hold placed after approval stops the destruction whole and files no 清册",
          "[destruction]") {
  Due d = MakeDue("destruction-late-hold", 2);
  const int64_t id = Witnessed(d, d.items);
  size_t before = 0;
  std::vector<ItemRecord> listed;
  auto ar = fx::OpenArchive(d.dir);
  REQUIRE(ar->List(ListFilter(), &listed, &before).ok());
  REQUIRE(ar->SetHold(d.items[1], true, "劳动争议诉讼").ok());
  jobs::DestructionResult result;
  Status st = jobs::Destroy(d.ctx, id, &result);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(st.message(), Catch::Contains(d.items[1]) && Catch::Contains("冻结"));
  size_t after = 0;
  REQUIRE(ar->List(ListFilter(), &listed, &after).ok());
  CHECK(after == before);  // no 清册 filed
  for (const std::string& item : d.items) {
    ItemRecord rec;
    REQUIRE(ar->Get(item, false, &rec).ok());
    CHECK_FALSE(rec.destroyed);
    CHECK(std::filesystem::exists(ar->StoredPath(rec.files[0])));
  }
  CHECK(Read(d, id).state == jobs::kAppraisalWitnessed);
  // The archive refuses it too, whoever calls.
  DestructionCounts counts;
  CHECK_THAT(ar->DestroyAppraised(id, d.items[0], "2026-07-01", &counts).message(),
             Catch::Contains(d.items[1]));
}

TEST_CASE("the archive destroys nothing of an appraisal whose steps are not all recorded",
          "[destruction]") {
  Due d = MakeDue("destruction-bypass", 1);
  Appraisal a;
  REQUIRE(jobs::StartAppraisal(d.ctx, "", "2026-06-30", d.items, &a).ok());
  REQUIRE(jobs::DecideItem(d.ctx, a.id, d.items[0], "拟销毁", "", "").ok());
  REQUIRE(jobs::RecordGroupOpinion(d.ctx, a.id, "王鉴定", "同意销毁").ok());
  auto ar = fx::OpenArchive(d.dir);
  DestructionCounts counts;
  CHECK_THAT(ar->DestroyAppraised(a.id, d.young, "2026-07-01", &counts).message(),
             Catch::Contains("待批准"));
  // Set to 待销毁 behind the program's back, without approval or witnesses: still refused.
  REQUIRE(fx::Sql(d.dir, "UPDATE appraisals SET state = '待销毁'").empty());
  CHECK_THAT(ar->DestroyAppraised(a.id, d.young, "2026-07-01", &counts).message(),
             Catch::Contains("批准"));
  REQUIRE(fx::Sql(d.dir,
                  "UPDATE appraisals SET approver = '周经理', approved_at = '2026-07-01 08:00', "
                  "witness1 = '周经理', witness2 = '孙监销'")
              .empty());
  CHECK_THAT(ar->DestroyAppraised(a.id, d.young, "2026-07-01", &counts).message(),
             Catch::Contains("监销人"));
  ItemRecord rec;
  REQUIRE(ar->Get(d.items[0], false, &rec).ok());
  CHECK_FALSE(rec.destroyed);
  // Nor can a step of UpdateAppraisal mark the appraisal destroyed.
  CHECK_FALSE(ar->UpdateAppraisal(a.id, "x", [](AppraisalRow* row) {
                  row->state = kAppraisalStateDestroyed;
                  return Status::Ok();
                }).ok());
  // An item marked destroyed behind the program's back is what check names.
  REQUIRE(fx::Sql(d.dir, "UPDATE items SET destroyed = 1").empty());
  CheckReport report;
  REQUIRE(ar->Check(fx::CountTestPages, &report).ok());
  CHECK(fx::HasProblem(report, d.items[0], "已销毁"));
  // And a destroyed item is never brought back.
  CHECK_FALSE(fx::Sql(d.dir, "UPDATE items SET destroyed = 0").empty());
}

TEST_CASE("every appraisal job needs the highest clearance", "[destruction]") {
  Due d = MakeDue("destruction-clearance", 1);
  jobs::JobContext reader = d.ctx;
  reader.clearance = Secrecy::kInternal;
  Appraisal a;
  Status st = jobs::StartAppraisal(reader, "", "2026-06-30", d.items, &a);
  CHECK_THAT(st.message(), Catch::Contains("机密"));
  std::vector<Appraisal> all;
  CHECK_FALSE(jobs::ListAppraisals(reader, &all).ok());
  REQUIRE(jobs::StartAppraisal(d.ctx, "", "2026-06-30", d.items, &a).ok());
  CHECK_FALSE(jobs::DecideItem(reader, a.id, d.items[0], "拟销毁", "", "").ok());
  jobs::DestructionResult result;
  CHECK_THAT(jobs::Destroy(reader, a.id, &result).message(), Catch::Contains("机密"));
  CHECK(jobs::ReadAppraisal(d.ctx, 99, &a).code() == Status::Code::kNotFound);
}

TEST_CASE("appraisal JSON carries every step and item", "[destruction]") {
  Due d = MakeDue("destruction-json", 1);
  const int64_t id = Witnessed(d, d.items);
  nlohmann::json j = jobs::AppraisalJson(Read(d, id));
  CHECK(j["state"] == "待销毁");
  CHECK(j["approver"] == "周经理");
  CHECK(j["witness2"] == "钱监销");
  CHECK(j["items"][0]["档号"] == d.items[0]);
  CHECK(j["items"][0]["decision"] == "拟销毁");
  CHECK(j["items"][0]["年度"] == 2010);
}

}  // namespace
}  // namespace dangan
