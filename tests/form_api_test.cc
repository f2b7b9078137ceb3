// The forms API of the clerk's desk over real HTTP on loopback: the catalogue, one form with the
// account's defaults, checking while typing, generating, filing, and drafts kept per account;
// with the refusals (no session, wrong role, no CSRF token, not JSON, another account's draft).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "support/server_fixture.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

const Json kO09 = {
    {"申请部门", "市场部"},
    {"申请日期", "2024-03-05"},
    {"申请类别", "采购"},
    {"申请人", "王建国"},
    {"明细", Json::array({{{"物品名称", "签字笔"}, {"数量", "2"}, {"单价", "65"}},
                          {{"物品名称", "打印机"}, {"数量", "1"}, {"单价", "1000"}}})}};

TEST_CASE("the forms catalogue answers signed-in clerks only and finds forms by pinyin",
          "[form_api]") {
  ServerFixture f("form_api_catalogue");
  WebClient web(f.port);
  CHECK(web.Get("/api/forms")->status == 401);
  REQUIRE(web.Login("审计机密") == 200);
  CHECK(web.Get("/api/forms")->status == 403);
  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  httplib::Result r = clerk.Get("/api/forms?q=yydj");
  REQUIRE(r);
  CHECK(r->status == 200);
  const Json j = JsonBody(r);
  CHECK(j["recent"].empty());
  bool s04 = false;
  for (const Json& t : j["templates"]) {
    if (t["id"] == "S-04") {
      s04 = true;
      CHECK(t["title"] == "用印登记表");
      CHECK(t["kind"] == "登记表");
      CHECK(t["regulation"] == "《印章管理制度及流程》");
    }
    CHECK(t["id"] != "O-09");
  }
  CHECK(s04);
}

TEST_CASE("a form's description carries its fields and the account's defaults", "[form_api]") {
  ServerFixture f("form_api_detail");
  WebClient web(f.port);
  CHECK(web.Get("/api/forms/O-09")->status == 401);
  REQUIRE(web.Login("经办内部") == 200);
  const Json j = JsonBody(web.Get("/api/forms/O-09"));
  CHECK(j["id"] == "O-09");
  CHECK(j["title"] == "办公用品申请单");
  CHECK(j["defaults"] == Json({{"申请部门", "BGS"}, {"申请人", "经办内部"}}));
  CHECK(j["columns"].size() == 8);
  CHECK(j["fields"][0]["name"] == "申请部门");
  CHECK(j["fields"][0]["max_length"] == 20);
  CHECK(web.Get("/api/forms/NO-SUCH")->status == 404);
}

TEST_CASE("checking a form answers 200 with problems, computed values, capitals and the chain",
          "[form_api]") {
  ServerFixture f("form_api_check");
  WebClient web(f.port);
  CHECK(web.PostJson("/api/forms/O-09/check", kO09.dump())->status == 401);
  REQUIRE(web.Login("经办内部") == 200);
  CHECK(web.PostJson("/api/forms/O-09/check", kO09.dump(), /*with_csrf=*/false)->status == 403);
  httplib::Result r = web.PostJson("/api/forms/O-09/check", kO09.dump());
  REQUIRE(r);
  CHECK(r->status == 200);
  Json j = JsonBody(r);
  CHECK(j["ok"] == true);
  CHECK(j["problems"].empty());
  CHECK(j["computed"]["合计金额"] == "1,130.00");
  CHECK(j["capitals"]["合计金额"] == "壹仟壹佰叁拾元整");
  CHECK(j["rows"] == Json::array({{{"金额", "130.00"}}, {{"金额", "1,000.00"}}}));
  CHECK(j["approval_chain"] == Json::array({"办公室主任审核", "行政副总审批"}));
  CHECK(j["title"] == "市场部办公用品申请单");

  Json wrong = kO09;
  wrong["申请日期"] = "2024-13-01";
  j = JsonBody(web.PostJson("/api/forms/O-09/check", wrong.dump()));
  CHECK(j["ok"] == false);
  REQUIRE(j["problems"].size() == 1);
  CHECK(j["problems"][0]["field"] == "申请日期");
  CHECK(j["problems"][0]["row"] == 0);
  CHECK(j["problems"][0]["code"] == "invalid_date");

  CHECK(web.PostJson("/api/forms/O-09/check", "[1, 2")->status == 400);
  CHECK(web.PostJson("/api/forms/O-09/check", "[]")->status == 400);
  CHECK(web.PostJson("/api/forms/NO-SUCH/check", kO09.dump())->status == 404);
  httplib::Headers h = {{"X-CSRF-Token", web.csrf()}, {"Cookie", web.cookie()}};
  CHECK(web.raw().Post("/api/forms/O-09/check", h, kO09.dump(), "text/plain")->status == 415);
}

TEST_CASE("generating a form answers the file inline or attached, or 422 with problems",
          "[form_api]") {
  ServerFixture f("form_api_generate");
  WebClient web(f.port);
  REQUIRE(web.Login("经办内部") == 200);
  httplib::Result r = web.PostJson("/api/forms/O-09/generate?format=pdf&inline=1", kO09.dump());
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.rfind("%PDF", 0) == 0);
  CHECK(r->get_header_value("Content-Disposition").rfind("inline", 0) == 0);
  CHECK(r->get_header_value("X-Dangan-Doc-Number").rfind("O-09-", 0) == 0);
  r = web.PostJson("/api/forms/O-09/generate?format=xlsx", kO09.dump());
  REQUIRE(r);
  CHECK(r->body.rfind("PK", 0) == 0);
  CHECK(r->get_header_value("Content-Disposition").rfind("attachment", 0) == 0);
  r = web.PostJson("/api/forms/O-09/generate?format=pdf", R"({"申请部门":"市场部"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK_FALSE(JsonBody(r)["problems"].empty());
  CHECK(web.PostJson("/api/forms/O-09/generate?format=doc", kO09.dump())->status == 422);
}

TEST_CASE("filing a form makes an item with its 档号 and deletes the draft it came from",
          "[form_api]") {
  ServerFixture f("form_api_file");
  WebClient web(f.port);
  REQUIRE(web.Login("经办内部") == 200);
  const Json saved =
      JsonBody(web.PostJson("/api/drafts", Json{{"template_id", "O-09"}, {"values", kO09}}.dump()));
  const int64_t draft = saved["id"];
  httplib::Result r =
      web.PostJson("/api/forms/O-09/file", Json{{"values", kO09}, {"draft", draft}}.dump(), false);
  REQUIRE(r);
  CHECK(r->status == 403);  // no CSRF token
  r = web.PostJson("/api/forms/O-09/file", Json{{"values", kO09}, {"draft", draft}}.dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  const Json j = JsonBody(r);
  const std::string danghao = j["danghao"];
  CHECK(danghao.find("WS·2024") != std::string::npos);
  CHECK(j["title"] == "市场部办公用品申请单");
  CHECK(j["url"] == "/items/" + PathSegment(danghao));
  const Json item = JsonBody(web.Get("/api/items/" + PathSegment(danghao)));
  CHECK(item["files"].size() == 2);
  CHECK(web.Get("/api/drafts/" + std::to_string(draft))->status == 404);
  CHECK(JsonBody(web.Get("/api/forms"))["recent"] == Json::array({"O-09"}));

  Json wrong = kO09;
  wrong["申请日期"] = "昨天";
  r = web.PostJson("/api/forms/O-09/file", Json{{"values", wrong}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(web.PostJson("/api/forms/O-09/file", Json{{"draft", 1}}.dump())->status == 422);
  WebClient auditor(f.port);
  REQUIRE(auditor.Login("审计机密") == 200);
  CHECK(auditor.PostJson("/api/forms/O-09/file", Json{{"values", kO09}}.dump())->status == 403);
}

TEST_CASE("drafts over the API belong to one account: another gets 404 for each of them",
          "[form_api]") {
  ServerFixture f("form_api_drafts");
  WebClient a(f.port), b(f.port);
  CHECK(a.Get("/api/drafts")->status == 401);
  REQUIRE(a.Login("经办内部") == 200);
  REQUIRE(b.Login("经办机密") == 200);
  Json values = kO09;
  values["申请日期"] = "";
  httplib::Result r =
      a.PostJson("/api/drafts", Json{{"template_id", "O-09"}, {"values", values}}.dump());
  REQUIRE(r);
  REQUIRE(r->status == 200);
  const int64_t id = JsonBody(r)["id"];
  CHECK(a.PostJson("/api/drafts", Json{{"template_id", "O-09"}}.dump(), false)->status == 403);

  Json list = JsonBody(a.Get("/api/drafts"))["drafts"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == id);
  CHECK(list[0]["template_id"] == "O-09");
  CHECK(list[0]["form_title"] == "办公用品申请单");
  CHECK(list[0]["title"] == "办公用品申请单 · 市场部 · 采购 · 王建国");
  const Json read = JsonBody(a.Get("/api/drafts/" + std::to_string(id)));
  CHECK(read["values"] == values);

  // Incomplete: no preview yet, with the problems to say why.
  r = a.Get("/api/drafts/" + std::to_string(id) + "/document.pdf");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK_FALSE(JsonBody(r)["problems"].empty());

  const std::string path = "/api/drafts/" + std::to_string(id);
  CHECK(JsonBody(b.Get("/api/drafts"))["drafts"].empty());
  CHECK(b.Get(path)->status == 404);
  CHECK(b.Get(path + "/document.pdf")->status == 404);
  CHECK(b.PostJson(path + "/delete", "{}")->status == 404);
  CHECK(b.PostJson("/api/drafts",
                   Json{{"id", id}, {"template_id", "O-09"}, {"values", Json::object()}}.dump())
            ->status == 404);

  // Completed and saved again: the same draft previews as the PDF and the XLSX.
  r = a.PostJson("/api/drafts", Json{{"id", id}, {"template_id", "O-09"}, {"values", kO09}}.dump());
  REQUIRE(r);
  CHECK(JsonBody(r)["id"] == id);
  r = a.Get(path + "/document.pdf");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.rfind("%PDF", 0) == 0);
  CHECK(r->get_header_value("Content-Disposition").rfind("inline", 0) == 0);
  r = a.Get(path + "/document.xlsx");
  REQUIRE(r);
  CHECK(r->body.rfind("PK", 0) == 0);

  CHECK(a.PostJson(path + "/delete", "{}", false)->status == 403);
  r = a.PostJson(path + "/delete", "{}");
  REQUIRE(r);
  CHECK(JsonBody(r)["deleted"] == id);
  CHECK(a.Get(path)->status == 404);
  CHECK(a.PostJson("/api/drafts", Json{{"template_id", "NO-SUCH"}}.dump())->status == 404);
}

}  // namespace
}  // namespace dangan::test
