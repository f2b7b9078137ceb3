// The forms pages of the clerk's desk (issue 15) as the server renders them: a real server on a
// loopback port over a real archive, pages read as HTML by a signed-in client.
#include <catch2/catch.hpp>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "support/server_fixture.h"

using namespace dangan;
using test::ServerFixture;
using test::WebClient;

namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

size_t Count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

// The opening tag of the element whose attribute `name="…"` is `value`.
std::string TagNamed(const std::string& page, const std::string& value) {
  const size_t at = page.find(" name=\"" + value + "\"");
  if (at == std::string::npos) return "";
  const size_t open = page.rfind('<', at);
  return page.substr(open, page.find('>', at) - open + 1);
}

}  // namespace

TEST_CASE("a form's page has an input named after each field of its template, typed as the field",
          "[server][forms][pages]") {
  ServerFixture fx("form_page_inputs");
  WebClient clerk(fx.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  auto res = clerk.Get("/forms/O-09");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string& page = res->body;

  const std::string dept = TagNamed(page, "申请部门");
  CHECK(Contains(dept, "<input type=\"text\""));
  CHECK(Contains(dept, "maxlength=\"20\""));
  CHECK(Contains(dept, "aria-required=\"true\""));
  CHECK(Contains(TagNamed(page, "申请日期"), "type=\"date\""));
  CHECK(Contains(TagNamed(page, "申请类别"), "<select"));
  CHECK(Contains(page, "<option value=\"采购\">采购</option><option value=\"领用\">领用</option>"));
  const std::string purpose = TagNamed(page, "用途说明");
  CHECK(Contains(purpose, "<textarea"));
  CHECK(Contains(purpose, "rows=\"2\""));
  CHECK_FALSE(Contains(TagNamed(page, "使用人"), "aria-required"));  // not required
  // The total is computed by the check, never typed; its 大写 is shown with it.
  CHECK(TagNamed(page, "合计金额").empty());
  CHECK(Contains(page, "data-computed=\"合计金额\""));
  CHECK(Contains(page, "data-capitals=\"合计金额\""));
  // Six rows to start with (the form's min_rows) and the one the script copies for 添加一行.
  CHECK(Count(page, "class=\"item-row\"") == 7);
  CHECK(Contains(page, "<template id=\"row-template\">"));
  CHECK(Count(page, "name=\"物品名称\"") == 7);
  CHECK(Contains(TagNamed(page, "单价"), "inputmode=\"decimal\""));
  CHECK(Contains(TagNamed(page, "数量"), "data-max=\"100000\""));
  CHECK(Contains(page, "添加一行"));
  CHECK(Contains(page, "删除此行"));
  // Where it comes from, and who approves by amount.
  CHECK(Contains(page, "《办公用品管理制度》第三条、第四条"));
  CHECK(Contains(page, "不超过 300 元：办公室主任审批"));
  CHECK(Contains(page, "超过 3000 元：行政副总审核 → 总经理审批"));
  // A clerk may file what it generated.
  CHECK(Contains(page, "id=\"file-form\""));
  CHECK(Contains(page, "src=\"/assets/forms.js?v="));
}

TEST_CASE("a signature field is left for the pen, not an input", "[server][forms][pages]") {
  ServerFixture fx("form_page_signature");
  WebClient clerk(fx.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  auto res = clerk.Get("/forms/C-01");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(TagNamed(res->body, "客户确认").empty());
  CHECK(Contains(res->body, "打印后由本人手写签名"));
}

TEST_CASE("the forms catalogue groups forms by regulation and finds them without script",
          "[server][forms][pages]") {
  ServerFixture fx("form_catalogue");
  WebClient clerk(fx.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  auto res = clerk.Get("/forms");
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const std::string& page = res->body;
  CHECK(Contains(page, "<h2>《印章管理制度及流程》</h2>"));
  CHECK(Contains(page, "<h2>《办公用品管理制度》</h2>"));
  CHECK(Contains(page, "<h3>印章</h3>"));
  // A register is a book kept row by row on its own page; a form is filled on /forms/{ID}.
  CHECK(Contains(page, "href=\"/registers/S-04\""));
  CHECK(Contains(page, "href=\"/forms/O-09\""));
  CHECK(Contains(page, "我的草稿"));
  CHECK(Contains(page, "action=\"/forms\""));

  // Without script the search box sends the page the same q the API matches: pinyin initials.
  auto found = clerk.Get("/forms?q=yydj");
  REQUIRE(found);
  CHECK(found->status == 200);
  CHECK(Contains(found->body, "<span class=\"form-title\">用印登记表</span>"));
  CHECK(Contains(found->body, "href=\"/registers/S-04\""));
  CHECK_FALSE(Contains(found->body, "href=\"/forms/O-09\""));
  CHECK(Contains(found->body, "<h2>查找结果</h2>"));
}

TEST_CASE("a clerk lands on the forms, and whoever may not fill forms gets no form page",
          "[server][forms][pages]") {
  ServerFixture fx("form_page_roles");
  httplib::Client raw("127.0.0.1", fx.port);
  httplib::Params form{{"user", "经办内部"}, {"password", test::kTestPassword}};
  auto login = raw.Post("/login", form);
  REQUIRE(login);
  CHECK(login->status == 303);
  CHECK(login->get_header_value("Location") == "/forms");

  WebClient auditor(fx.port);
  REQUIRE(auditor.Login("审计机密") == 200);
  auto res = auditor.Get("/forms/O-09");
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK_FALSE(Contains(res->body, "name=\"申请部门\""));
  res = auditor.Get("/forms");
  REQUIRE(res);
  CHECK(res->status == 403);

  WebClient clerk(fx.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  res = clerk.Get("/forms/X-99");
  REQUIRE(res);
  CHECK(res->status == 404);
  CHECK(Contains(res->body, "没有编号为「X-99」的表单"));
  res = clerk.Get("/forms/S-04");  // a register
  REQUIRE(res);
  CHECK(res->status == 303);
  CHECK(res->get_header_value("Location") == "/registers/S-04");
}

TEST_CASE("a draft is listed on its own account's desk only, resumable, and deleted from there",
          "[server][forms][pages][drafts]") {
  ServerFixture fx("form_page_drafts");
  WebClient clerk(fx.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  auto saved = clerk.PostJson(
      "/api/drafts", R"({"template_id":"O-09","values":{"申请部门":"<b>办公室</b>","明细":[]}})");
  REQUIRE(saved);
  REQUIRE(saved->status == 200);
  const int64_t id = nlohmann::json::parse(saved->body).at("id").get<int64_t>();
  const std::string resume = "href=\"/forms/O-09?draft=" + std::to_string(id) + "\"";
  const std::string remove = "/forms/drafts/" + std::to_string(id) + "/delete";

  auto desk = clerk.Get("/forms");
  REQUIRE(desk);
  CHECK(Contains(desk->body, resume));
  CHECK(Contains(desk->body, "action=\"" + remove + "\""));
  CHECK_FALSE(Contains(desk->body, "<b>办公室</b>"));  // whatever the draft's title holds, escaped

  WebClient other(fx.port);
  REQUIRE(other.Login("经办机密") == 200);
  auto theirs = other.Get("/forms");
  REQUIRE(theirs);
  CHECK_FALSE(Contains(theirs->body, resume));
  httplib::Headers other_cookie{{"Cookie", other.cookie()}};
  auto refused = other.raw().Post(remove, other_cookie, httplib::Params{{"csrf", other.csrf()}});
  REQUIRE(refused);
  CHECK(refused->status == 404);  // another account's draft is as missing as no draft

  httplib::Headers cookie{{"Cookie", clerk.cookie()}};
  auto forged = clerk.raw().Post(remove, cookie, httplib::Params{});
  REQUIRE(forged);
  CHECK(forged->status == 403);  // no CSRF token
  CHECK(Contains(clerk.Get("/forms")->body, resume));

  auto deleted = clerk.raw().Post(remove, cookie, httplib::Params{{"csrf", clerk.csrf()}});
  REQUIRE(deleted);
  CHECK(deleted->status == 303);
  CHECK(deleted->get_header_value("Location") == "/forms");
  CHECK_FALSE(Contains(clerk.Get("/forms")->body, resume));
}
