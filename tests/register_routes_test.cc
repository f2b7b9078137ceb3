// Live registers over real HTTP on loopback (issue 15): the JSON API a page calls (rows added
// and voided by a clerk, a volume closed by an archivist, roles, problems at their fields, the
// volume as PDF) and the pages that work without script (the add form posts).
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/server_fixture.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

Json SealRow(const std::string& what) {
  return {{"用印日期", "2026-03-05"}, {"用印部门", "行政部"}, {"经办人", "张三"},
          {"文件名称", what},         {"份数", "2"},          {"印章名称", "公司章"},
          {"用印目的", "对外发文"}};
}

TEST_CASE("a clerk adds and voids rows through the API and an archivist closes the volume",
          "[registers][server]") {
  ServerFixture f("register_api");
  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);

  Json list = JsonBody(clerk.Get("/api/registers"));
  bool s04 = false;
  for (const Json& r : list["registers"]) s04 = s04 || r["template_id"] == "S-04";
  CHECK(s04);

  for (const char* what : {"放假通知", "采购合同", "在职证明"}) {
    auto r = clerk.PostJson("/api/registers/S-04/rows",
                            Json{{"values", SealRow(what)}, {"volume", "2026"}}.dump());
    REQUIRE(r);
    INFO(r->body);
    CHECK(r->status == 201);
  }
  auto r = clerk.PostJson(
      "/api/registers/S-04/rows",
      Json{
          {"values", SealRow("采购合同")}, {"volume", "2026"}, {"voids", 2}, {"reason", "份数写错"}}
          .dump());
  REQUIRE(r);
  CHECK(r->status == 201);
  Json added = Json::parse(r->body);
  CHECK(added["row_no"] == 4);
  CHECK(added["volume"] == "2026");

  // A wrong row: 422 with each problem at its field; nothing numbered.
  Json wrong = SealRow("通知");
  wrong["份数"] = "两份";
  wrong.erase("经办人");
  r = clerk.PostJson("/api/registers/S-04/rows",
                     Json{{"values", wrong}, {"volume", "2026"}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  INFO(r->body);
  std::set<std::string> fields;
  const Json problems = Json::parse(r->body);
  for (const Json& p : problems["problems"]) fields.insert(p.value("field", ""));
  CHECK(fields.count("份数") == 1);
  CHECK(fields.count("经办人") == 1);
  r = clerk.PostJson("/api/registers/S-04/rows", Json{{"values", SealRow("通知")}}.dump(), false);
  REQUIRE(r);
  CHECK(r->status == 403);  // no CSRF token

  Json volume = JsonBody(clerk.Get("/api/registers/S-04/volumes/2026"));
  REQUIRE(volume["rows"].size() == 4);
  CHECK(volume["rows"][1]["voided_by"] == 4);
  CHECK(volume["rows"][1]["voided_reason"] == "份数写错");
  CHECK(volume["closed"] == false);

  auto pdf = clerk.Get("/api/registers/S-04/volumes/2026/document.pdf");
  REQUIRE(pdf);
  CHECK(pdf->status == 200);
  CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
  CHECK(pdf->body.rfind("%PDF-", 0) == 0);

  // Closing is an archivist's.
  r = clerk.PostJson("/api/registers/S-04/volumes/2026/close", R"({"header":{}})");
  REQUIRE(r);
  CHECK(r->status == 403);
  WebClient archivist(f.port);
  REQUIRE(archivist.Login("档案内部") == 200);
  r = archivist.PostJson("/api/registers/S-04/volumes/2026/close", R"({"header":{}})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("保管部门") != std::string::npos);
  r = archivist.PostJson(
      "/api/registers/S-04/volumes/2026/close",
      Json{{"header", {{"保管部门", "行政管理部"}, {"印章保管人", "赵六"}}}}.dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  Json closed = Json::parse(r->body);
  const std::string danghao = closed["danghao"];
  CHECK(danghao.find("Z109-WS·2026-Y-XZGL-") == 0);
  CHECK(closed["url"] == "/items/" + PathSegment(danghao));
  Json item = JsonBody(archivist.Get("/api/items/" + PathSegment(danghao)));
  CHECK(item["题名"] == "行政管理部用印登记表（2026）");

  volume = JsonBody(clerk.Get("/api/registers/S-04/volumes/2026"));
  CHECK(volume["closed"] == true);
  CHECK(volume["档号"] == danghao);
  r = clerk.PostJson("/api/registers/S-04/rows",
                     Json{{"values", SealRow("迟到")}, {"volume", "2026"}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("已封册") != std::string::npos);
  Json s04_state = JsonBody(clerk.Get("/api/registers/S-04"));
  CHECK(s04_state["open_volume"] != "2026");
  CHECK(s04_state["columns"].size() == 13);
  CHECK(clerk.Get("/api/registers/O-09")->status == 422);  // a form, not a register
  CHECK(clerk.Get("/api/registers/X-99")->status == 404);
}

TEST_CASE("the register page adds a row by a plain form post and shows it numbered",
          "[registers][server]") {
  ServerFixture f("register_pages");
  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  auto page = clerk.Get("/registers/S-04");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("name=\"用印日期\"") != std::string::npos);
  CHECK(page->body.find("type=\"date\"") != std::string::npos);
  CHECK(page->body.find("<select") != std::string::npos);
  CHECK(page->body.find("封册") == std::string::npos);  // not a clerk's

  std::string form = "csrf=" + PathSegment(clerk.csrf()) + "&volume=2026";
  const Json row = SealRow("关于<端午>放假的通知");
  for (const auto& [k, v] : row.items()) {
    form += "&" + PathSegment(k) + "=" + PathSegment(v.get<std::string>());
  }
  httplib::Headers headers = {{"Cookie", clerk.cookie()}};
  auto posted =
      clerk.raw().Post("/registers/S-04/rows", headers, form, "application/x-www-form-urlencoded");
  REQUIRE(posted);
  CHECK(posted->status == 303);
  CHECK(posted->get_header_value("Location").find("added=1") != std::string::npos);
  page = clerk.Get("/registers/S-04?volume=2026");
  REQUIRE(page);
  CHECK(page->body.find("id=\"row-1\"") != std::string::npos);
  CHECK(page->body.find("关于&lt;端午&gt;放假的通知") != std::string::npos);
  CHECK(page->body.find("作废…") != std::string::npos);

  // A refused row comes back with the problem and the values typed.
  auto refused = clerk.raw().Post("/registers/S-04/rows", headers,
                                  "csrf=" + PathSegment(clerk.csrf()) + "&volume=2026&" +
                                      PathSegment("文件名称") + "=" + PathSegment("采购合同"),
                                  "application/x-www-form-urlencoded");
  REQUIRE(refused);
  CHECK(refused->status == 422);
  CHECK(refused->body.find("经办人：必填") != std::string::npos);
  CHECK(refused->body.find("value=\"采购合同\"") != std::string::npos);

  // 作废… opens the correction prefilled with the row's values and asking for the reason.
  page = clerk.Get("/registers/S-04?volume=2026&void=1");
  REQUIRE(page);
  CHECK(page->body.find("更正第 1 号") != std::string::npos);
  CHECK(page->body.find("name=\"reason\"") != std::string::npos);
  CHECK(page->body.find("value=\"关于&lt;端午&gt;放假的通知\"") != std::string::npos);

  WebClient archivist(f.port);
  REQUIRE(archivist.Login("档案内部") == 200);
  auto list = archivist.Get("/registers");
  REQUIRE(list);
  CHECK(list->body.find("2026 册：1 行") != std::string::npos);
  page = archivist.Get("/registers/S-04?volume=2026");
  CHECK(page->body.find("封册并归档") != std::string::npos);
}

}  // namespace
}  // namespace dangan::test
