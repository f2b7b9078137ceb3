// Filling a form as the clerk's desk does it, through the jobs (real templates, a real archive
// in a temp dir): checking with every problem at its field and row, the computed totals and
// 大写, the approval chain, generating and filing, and the forms catalogue.
#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <set>

#include "dangan/jobs/drafts.h"
#include "dangan/jobs/forms.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::SourcePath;
using jobs::Json;

namespace {

jobs::JobContext ContextFor(const std::string& archive_dir, const std::string& user = "王建国") {
  jobs::JobContext ctx;
  ctx.archive_dir = archive_dir;
  ctx.user = user;
  ctx.templates_dir = SourcePath("templates");
  ctx.clearance = Secrecy::kInternal;
  return ctx;
}

Json O09(const Json& rows) {
  return {{"申请部门", "市场部"},
          {"申请日期", "2024-03-05"},
          {"申请类别", "采购"},
          {"申请人", "王建国"},
          {"明细", rows}};
}

const Json kTwoRows = Json::array({{{"物品名称", "签字笔"}, {"数量", "2"}, {"单价", "65"}},
                                   {{"物品名称", "打印机"}, {"数量", 1}, {"单价", "1000"}}});

bool HasProblem(const jobs::FormCheckResult& r, const std::string& code, const std::string& field,
                int64_t row) {
  for (const Problem& p : r.problems) {
    if (p.code == code && p.field == field && p.row == row) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("checking O-09 with two rows gives each row's amount, the total and its capitals",
          "[forms]") {
  const jobs::JobContext ctx = ContextFor(archive_test::NewArchive("forms-check"));
  jobs::FormCheckResult r;
  REQUIRE(jobs::CheckForm(ctx, "O-09", O09(kTwoRows), &r).ok());
  INFO(jobs::FormCheckJson(r).dump());
  CHECK(r.ok);
  CHECK(r.problems.empty());
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].at("金额") == "130.00");
  CHECK(r.rows[1].at("金额") == "1,000.00");
  CHECK(r.computed.at("合计金额") == "1,130.00");
  CHECK(r.capitals.at("合计金额") == "壹仟壹佰叁拾元整");
  CHECK(r.approval_chain == std::vector<std::string>{"办公室主任审核", "行政副总审批"});
  CHECK(r.approval_basis.find("1,130.00") != std::string::npos);
  CHECK(r.title == "市场部办公用品申请单");
}

TEST_CASE("a wrong date in a form is a problem at its field, a wrong row value at its row",
          "[forms]") {
  const jobs::JobContext ctx = ContextFor(archive_test::NewArchive("forms-wrong"));
  Json values = O09(kTwoRows);
  values["申请日期"] = "2024-02-30";
  values["明细"][1]["数量"] = "很多";
  jobs::FormCheckResult r;
  REQUIRE(jobs::CheckForm(ctx, "O-09", values, &r).ok());
  INFO(jobs::FormCheckJson(r).dump());
  CHECK_FALSE(r.ok);
  CHECK(HasProblem(r, "invalid_date", "申请日期", 0));
  CHECK(HasProblem(r, "invalid_number", "数量", 2));
  // What could be computed still shows while the clerk fixes the rest.
  CHECK(r.rows.at(0).at("金额") == "130.00");
  CHECK(r.computed.at("合计金额") == "130.00");
}

TEST_CASE("a missing required field and a required row cell are each a problem", "[forms]") {
  const jobs::JobContext ctx = ContextFor(archive_test::NewArchive("forms-required"));
  Json values = O09(kTwoRows);
  values.erase("申请人");
  values["明细"][0].erase("物品名称");
  jobs::FormCheckResult r;
  REQUIRE(jobs::CheckForm(ctx, "O-09", values, &r).ok());
  INFO(jobs::FormCheckJson(r).dump());
  CHECK_FALSE(r.ok);
  CHECK(HasProblem(r, "required", "申请人", 0));
  CHECK(HasProblem(r, "required", "物品名称", 1));
}

TEST_CASE("full-width digits and traditional spellings are accepted as on the command line",
          "[forms]") {
  const jobs::JobContext ctx = ContextFor(archive_test::NewArchive("forms-fullwidth"));
  Json values = O09(Json::array({{{"物品名稱", "簽字筆"}, {"數量", "２"}, {"單價", "６５"}}}));
  values["申请日期"] = "２０２４年３月５日";
  values["申请类别"] = "領用";
  jobs::FormCheckResult r;
  REQUIRE(jobs::CheckForm(ctx, "O-09", values, &r).ok());
  INFO(jobs::FormCheckJson(r).dump());
  CHECK(r.ok);
  CHECK(r.computed.at("合计金额") == "130.00");
}

TEST_CASE("checking an unknown form or values that are not an object fails", "[forms]") {
  const jobs::JobContext ctx = ContextFor(archive_test::NewArchive("forms-unknown"));
  jobs::FormCheckResult r;
  CHECK(jobs::CheckForm(ctx, "X-99", O09(kTwoRows), &r).code() == Status::Code::kNotFound);
  CHECK(jobs::CheckForm(ctx, "O-09", Json::array(), &r).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("a filled form is filed as one item with its PDF and XLSX and noted as used", "[forms]") {
  const std::string dir = archive_test::NewArchive("forms-file");
  const jobs::JobContext ctx = ContextFor(dir);
  jobs::FiledForm filed;
  Status s = jobs::FileForm(ctx, "O-09", O09(kTwoRows), &filed);
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(filed.danghao.find("WS·2024") != std::string::npos);
  CHECK(filed.title == "市场部办公用品申请单");
  CHECK(filed.doc_number.rfind("O-09-", 0) == 0);
  std::unique_ptr<Archive> archive;
  REQUIRE(Archive::Open(dir, "测试", &archive).ok());
  ItemRecord item;
  REQUIRE(archive->Get(filed.danghao, false, &item).ok());
  REQUIRE(item.files.size() == 2);
  std::set<std::string> names;
  for (const StoredFile& f : item.files) names.insert(f.name.substr(f.name.rfind('.')));
  CHECK(names == std::set<std::string>{".pdf", ".xlsx"});
  std::vector<std::string> recent;
  REQUIRE(archive->RecentForms("王建国", 5, &recent).ok());
  CHECK(recent == std::vector<std::string>{"O-09"});
  // No scratch folder is left in the archive's folder.
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    CHECK(e.path().filename().string().rfind(".web-", 0) == std::string::npos);
  }
}

TEST_CASE("a form with problems is neither generated nor filed", "[forms]") {
  const std::string dir = archive_test::NewArchive("forms-file-wrong");
  const jobs::JobContext ctx = ContextFor(dir);
  Json values = O09(kTwoRows);
  values["申请日期"] = "昨天";
  jobs::FiledForm filed;
  Status s = jobs::FileForm(ctx, "O-09", values, &filed);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK_FALSE(s.problems().empty());
  jobs::FormFile file;
  CHECK(jobs::GenerateForm(ctx, "O-09", values, OutputFormat::kPdf, &file).code() ==
        Status::Code::kInvalidArgument);
  REQUIRE(jobs::GenerateForm(ctx, "O-09", O09(kTwoRows), OutputFormat::kPdf, &file).ok());
  CHECK(file.bytes.rfind("%PDF", 0) == 0);
  CHECK(file.file_name == file.doc_number + ".pdf");
}

TEST_CASE(
    "the forms catalogue finds forms by id, title, traditional title and pinyin, recent "
    "first",
    "[forms]") {
  const std::string dir = archive_test::NewArchive("forms-catalogue");
  const jobs::JobContext ctx = ContextFor(dir);
  auto ids = [&ctx](const std::string& q) {
    Json out;
    REQUIRE(jobs::FormCatalogue(ctx, q, &out).ok());
    std::vector<std::string> list;
    for (const Json& t : out["templates"]) list.push_back(t["id"]);
    return list;
  };
  auto has = [](const std::vector<std::string>& list, const std::string& id) {
    return std::find(list.begin(), list.end(), id) != list.end();
  };
  CHECK(ids("").size() > 20);
  CHECK(ids("o09") == std::vector<std::string>{"O-09"});
  CHECK(ids("O-09") == std::vector<std::string>{"O-09"});
  CHECK(has(ids("yydj"), "S-04"));
  CHECK(has(ids("用印登記表"), "S-04"));
  CHECK(has(ids("办公用品"), "O-09"));
  CHECK_FALSE(has(ids("yydj"), "O-09"));

  Json out;
  REQUIRE(jobs::FormCatalogue(ctx, "", &out).ok());
  const Json& first = out["templates"][0];
  CHECK(first["regulation"].get<std::string>().rfind("《", 0) == 0);
  CHECK(first["recent"] == false);
  int64_t id = 0, at = 0;
  REQUIRE(jobs::SaveDraft(ctx, "S-04", Json::object(), &id, &at).ok());
  REQUIRE(jobs::FormCatalogue(ctx, "", &out).ok());
  CHECK(out["recent"] == Json::array({"S-04"}));
  CHECK(out["templates"][0]["id"] == "S-04");
  CHECK(out["templates"][0]["recent"] == true);
  CHECK(out["templates"][0]["regulation"] == "《印章管理制度及流程》");
}

TEST_CASE("a form's description gives the account's name and department for its own fields",
          "[forms]") {
  std::shared_ptr<const Template> t;
  REQUIRE(jobs::CachedTemplate(ContextFor(""), "O-09", &t).ok());
  const Json j = jobs::FormDetailJson(*t, "王建国", "BGS");
  CHECK(j["defaults"] == Json({{"申请部门", "BGS"}, {"申请人", "王建国"}}));
  CHECK(j["columns"].size() == 8);
  CHECK(j["min_rows"] == 6);
  bool total_in_capitals = false;
  for (const Json& f : j["fields"]) {
    if (f["name"] == "合计金额")
      total_in_capitals = f["capitals"] == true && f["compute"] == "sum(金额)";
  }
  CHECK(total_in_capitals);
  CHECK(j["approval_rule"]["amount_field"] == "合计金额");
  CHECK(j["approval_rule"]["tiers"][2]["up_to"].is_null());
}
