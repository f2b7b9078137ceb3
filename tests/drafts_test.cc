// Drafts of forms saved as a clerk types: each account sees only its own, they survive
// reopening the archive, and the desk's title names the form and its first values.
#include "dangan/jobs/drafts.h"

#include <catch2/catch.hpp>
#include <string>

#include "support/archive_fixtures.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::SourcePath;
using jobs::Json;

namespace {

jobs::JobContext ContextFor(const std::string& archive_dir, const std::string& user) {
  jobs::JobContext ctx;
  ctx.archive_dir = archive_dir;
  ctx.user = user;
  ctx.templates_dir = SourcePath("templates");
  return ctx;
}

const Json kValues = {{"申请部门", "市场部"},
                      {"申请日期", ""},
                      {"申请人", "王建国"},
                      {"明细", Json::array({{{"物品名称", "签字笔"}}})}};

}  // namespace

TEST_CASE("a saved draft is read back with its values and a title naming its first values",
          "[drafts]") {
  const std::string dir = archive_test::NewArchive("drafts-save");
  const jobs::JobContext a = ContextFor(dir, "甲");
  int64_t id = 0, at = 0;
  REQUIRE(jobs::SaveDraft(a, "O-09", kValues, &id, &at).ok());
  CHECK(id > 0);
  CHECK(at > 0);
  DraftRow d;
  REQUIRE(jobs::ReadDraft(a, id, &d).ok());
  CHECK(d.template_id == "O-09");
  CHECK(d.title == "办公用品申请单 · 市场部 · 王建国");
  CHECK(Json::parse(d.values_json) == kValues);

  Json changed = kValues;
  changed["申请部门"] = "财务部";
  int64_t same = id;
  REQUIRE(jobs::SaveDraft(a, "O-09", changed, &same, &at).ok());
  CHECK(same == id);
  std::vector<DraftRow> list;
  REQUIRE(jobs::ListDrafts(a, &list).ok());
  REQUIRE(list.size() == 1);
  CHECK(list[0].title == "办公用品申请单 · 财务部 · 王建国");

  REQUIRE(jobs::DeleteDraft(a, id).ok());
  CHECK(jobs::ReadDraft(a, id, &d).code() == Status::Code::kNotFound);
  CHECK(jobs::DeleteDraft(a, id).code() == Status::Code::kNotFound);
}

TEST_CASE("another account never reads, lists, overwrites or deletes a draft", "[drafts]") {
  const std::string dir = archive_test::NewArchive("drafts-isolation");
  const jobs::JobContext a = ContextFor(dir, "甲");
  const jobs::JobContext b = ContextFor(dir, "乙");
  int64_t id = 0, at = 0;
  REQUIRE(jobs::SaveDraft(a, "O-09", kValues, &id, &at).ok());

  DraftRow d;
  CHECK(jobs::ReadDraft(b, id, &d).code() == Status::Code::kNotFound);
  std::vector<DraftRow> list;
  REQUIRE(jobs::ListDrafts(b, &list).ok());
  CHECK(list.empty());
  int64_t theirs = id;
  CHECK(jobs::SaveDraft(b, "O-09", Json{{"申请部门", "乙的"}}, &theirs, &at).code() ==
        Status::Code::kNotFound);
  CHECK(jobs::DeleteDraft(b, id).code() == Status::Code::kNotFound);
  std::vector<std::string> recent;
  REQUIRE(jobs::RecentForms(b, 10, &recent).ok());
  CHECK(recent.empty());

  REQUIRE(jobs::ReadDraft(a, id, &d).ok());  // untouched
  CHECK(Json::parse(d.values_json) == kValues);
}

TEST_CASE("drafts survive reopening the archive, newest first", "[drafts]") {
  const std::string dir = archive_test::NewArchive("drafts-reopen");
  int64_t first = 0, second = 0, at = 0;
  {
    const jobs::JobContext a = ContextFor(dir, "甲");
    REQUIRE(jobs::SaveDraft(a, "O-09", kValues, &first, &at).ok());
    REQUIRE(jobs::SaveDraft(a, "S-04", Json::object(), &second, &at).ok());
  }
  std::vector<DraftRow> list;
  REQUIRE(jobs::ListDrafts(ContextFor(dir, "甲"), &list).ok());
  REQUIRE(list.size() == 2);
  CHECK(list[0].id == second);
  CHECK(list[0].title == "用印登记表");
  CHECK(list[1].id == first);
  std::vector<std::string> recent;
  REQUIRE(jobs::RecentForms(ContextFor(dir, "甲"), 10, &recent).ok());
  CHECK(recent.size() == 2);
}

TEST_CASE("a draft is refused for an unknown form, text that may not be stored, or over 1 MB",
          "[drafts]") {
  const std::string dir = archive_test::NewArchive("drafts-refused");
  const jobs::JobContext a = ContextFor(dir, "甲");
  int64_t id = 0, at = 0;
  CHECK(jobs::SaveDraft(a, "X-99", kValues, &id, &at).code() == Status::Code::kNotFound);
  CHECK(jobs::SaveDraft(a, "O-09", Json::array(), &id, &at).code() ==
        Status::Code::kInvalidArgument);
  Status s = jobs::SaveDraft(a, "O-09", Json{{"申请部门", "市场\x1b部"}}, &id, &at);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  REQUIRE_FALSE(s.problems().empty());
  CHECK(s.problems()[0].field == "申请部门");
  CHECK(jobs::SaveDraft(a, "O-09", Json{{"用途说明", std::string(jobs::kMaxDraftBytes, 'x')}}, &id,
                        &at)
            .code() == Status::Code::kInvalidArgument);
  CHECK(id == 0);
  std::vector<DraftRow> list;
  REQUIRE(jobs::ListDrafts(a, &list).ok());
  CHECK(list.empty());
}
