// Imports by upload over HTTP (server/src/import_routes.cc): the API's refusals (401, 403, 404,
// CSRF, bad uploads named by their file), a dry run, a changed mapping and an import through the
// API and through the pages, and the rejected rows downloaded as CSV.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "support/archive_fixtures.h"
#include "support/server_fixture.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

std::string Sample(const std::string& relative) {
  return archive_test::ReadAll(SourcePath(relative));
}

httplib::MultipartFormDataItems SealRegister() {
  return {{"file", Sample("samples/legacy/用印登记表2019.xls"), "用印登记表2019.xls",
           "application/vnd.ms-excel"},
          {"into", "register:S-04", "", ""},
          {"volume", "2019", "", ""}};
}

// Polls GET /api/imports/ID until the task is no longer busy.
Json WaitFor(WebClient& web, const std::string& id) {
  return PollJson(web, "/api/imports/" + id, [](const Json& t) { return !t.value("busy", false); });
}

std::string Problem(const httplib::Result& r) {
  Json j = Json::parse(r->body, nullptr, false);
  return j.is_object() && !j["problems"].empty() ? j["problems"][0].value("message", "") : "";
}

}  // namespace

TEST_CASE(
    "imports refuse strangers, other roles, other archivists and requests without the "
    "token",
    "[server][imports]") {
  ServerFixture f("import_routes_refusals");
  WebClient anonymous(f.port);
  CHECK(anonymous.Get("/api/imports")->status == 401);
  CHECK(anonymous.Get("/imports")->status != 200);
  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  CHECK(clerk.Get("/api/imports")->status == 403);
  CHECK(clerk.PostMultipart("/api/imports", SealRegister())->status == 403);
  CHECK(clerk.Get("/imports")->status == 403);

  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  // Without the CSRF token (a multipart post from another site): refused, nothing kept.
  httplib::Result r =
      web.raw().Post("/api/imports", httplib::Headers{{"Cookie", web.cookie()}}, SealRegister());
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(Json::parse(web.Get("/api/imports")->body)["imports"].empty());

  r = web.PostMultipart("/api/imports", SealRegister());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 202);
  const std::string id = Json::parse(r->body)["id"];
  WaitFor(web, id);
  CHECK(web.PostJson("/api/imports/" + id + "/run", R"({"skip_bad_rows":true})", false)->status ==
        403);
  WebClient other(f.port);
  REQUIRE(other.Login("档案机密") == 200);
  CHECK(other.Get("/api/imports/" + id)->status == 404);
  CHECK(other.Get("/imports/" + id)->status == 404);
  CHECK(other.PostJson("/api/imports/" + id + "/run", R"({"skip_bad_rows":true})")->status == 404);
  CHECK(other.Get("/api/imports/" + id + "/rejected")->status == 404);
  CHECK(Json::parse(other.Get("/api/imports")->body)["imports"].empty());
  CHECK(web.Get("/api/imports/20260101T000000-00000000")->status == 404);
  CHECK(archive_test::SqlInt(f.archive_dir, "SELECT count(*) FROM register_rows") == 0);
}

TEST_CASE("bad uploads are refused with a message naming the file", "[server][imports]") {
  ServerFixture f("import_routes_bad");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::Result r = web.PostMultipart("/api/imports", {{"into", "catalogue", "", ""}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problem(r).find("file") != std::string::npos);
  r = web.PostMultipart("/api/imports", {{"file", "", "空表.csv", "text/csv"}});
  CHECK(r->status == 422);
  CHECK(Problem(r).find("空表.csv") != std::string::npos);
  auto items = SealRegister();
  items[1].content = "register:不存在";
  r = web.PostMultipart("/api/imports", items);
  CHECK(r->status == 422);
  CHECK(Problem(r).find("用印登记表2019.xls") != std::string::npos);
  items = SealRegister();
  items.push_back({"mapping_json", "{\"columns\": [1]}", "", ""});
  r = web.PostMultipart("/api/imports", items);
  CHECK(r->status == 422);
  CHECK(web.PostJson("/api/imports", "{}")->status == 415);

  // A file that breaks as it is read: the check fails, naming the file and the row.
  r = web.PostMultipart("/api/imports",
                        {{"file", "档号,年度,题名\nZ109-WS·2015-Y-BGS-0001,2015,\"没有结束\n",
                          "坏目录.csv", "text/csv"},
                         {"into", "catalogue", "", ""}});
  REQUIRE(r->status == 202);
  Json task = WaitFor(web, Json::parse(r->body)["id"]);
  CHECK(task["state"] == "失败");
  const std::string message = task["message"];
  CHECK(message.find("坏目录.csv") != std::string::npos);
  CHECK(message.find("第 2 行") != std::string::npos);
  CHECK(message.find(f.archive_dir) == std::string::npos);
  CHECK(web.PostJson("/api/imports/" + task["id"].get<std::string>() + "/run", "{}")->status ==
        422);
  const long long items_before = archive_test::SqlInt(f.archive_dir, "SELECT count(*) FROM items");
  CHECK(items_before == 3);  // the fixture's, nothing more
}

TEST_CASE(
    "a register is checked, remapped and imported through the API, its rejected rows "
    "downloaded",
    "[server][imports]") {
  ServerFixture f("import_routes_flow");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::Result r = web.PostMultipart("/api/imports", SealRegister());
  REQUIRE(r->status == 202);
  const std::string id = Json::parse(r->body)["id"];
  CHECK(r->get_header_value("Location") == "/api/imports/" + id);
  Json task = WaitFor(web, id);
  REQUIRE(task["state"] == "预检完成");
  CHECK(task["report"]["rows_read"] == 40);
  CHECK(task["report"]["rows_rejected"] == 2);
  CHECK(task["counts"]["rows_added"] == 38);  // a dry run: the rows it would add
  CHECK_FALSE(task["fields"].empty());

  r = web.PostJson("/api/imports/" + id + "/mapping", R"({"columns":{"备注":"忽略"}})");
  REQUIRE(r->status == 202);
  task = WaitFor(web, id);
  REQUIRE(task["state"] == "预检完成");
  for (const Json& c : task["report"]["columns"]) {
    if (c["header"] == "备注") CHECK(c["field"] == "");
  }

  // The page shows the mapping as a table of choices and every problem.
  r = web.Get("/imports/" + id);
  REQUIRE(r->status == 200);
  CHECK(r->body.find("<option value=\"\" selected>不导入</option>") != std::string::npos);
  CHECK(r->body.find("「2019.06.31」不是有效的日期") != std::string::npos);
  CHECK(r->body.find("确认导入") != std::string::npos);
  CHECK(r->body.find("/assets/imports.js") != std::string::npos);

  r = web.PostJson("/api/imports/" + id + "/run", R"({"skip_bad_rows":true})");
  REQUIRE(r->status == 202);
  task = WaitFor(web, id);
  INFO(task.dump());
  REQUIRE(task["state"] == "完成");
  CHECK(task["report"]["rows_added"] == 38);
  CHECK(task["has_rejected"] == true);
  CHECK(archive_test::SqlInt(f.archive_dir, "SELECT count(*) FROM register_rows") == 38);
  r = web.Get("/api/imports/" + id + "/rejected");
  REQUIRE(r->status == 200);
  CHECK(r->get_header_value("Content-Type").rfind("text/csv", 0) == 0);
  CHECK(r->get_header_value("Content-Disposition").find("attachment") == 0);
  CHECK(r->body.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(r->body.find("2019.06.31") != std::string::npos);
  r = web.Get("/imports/" + id);
  CHECK(r->body.find("下载被拒绝的行") != std::string::npos);
  CHECK(r->body.find("新增 38 行") != std::string::npos);
  Json list = Json::parse(web.Get("/api/imports")->body)["imports"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["state"] == "完成");
  CHECK(list[0]["counts"]["rows_added"] == 38);
  CHECK(list[0].find("report") == list[0].end());
}

TEST_CASE("the imports page uploads without script and leads to the import's page",
          "[server][imports]") {
  ServerFixture f("import_routes_page");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::Result r = web.Get("/imports");
  REQUIRE(r->status == 200);
  CHECK(r->body.find("value=\"register:S-04\"") != std::string::npos);
  auto items = SealRegister();
  items.push_back({"csrf", web.csrf(), "", ""});
  r = web.raw().Post("/imports", httplib::Headers{{"Cookie", web.cookie()}}, items);
  REQUIRE(r);
  REQUIRE(r->status == 303);
  const std::string location = r->get_header_value("Location");
  CHECK(location.rfind("/imports/", 0) == 0);
  WaitFor(web, location.substr(9));
  r = web.Get(location);
  REQUIRE(r->status == 200);
  CHECK(r->body.find("预检结果") != std::string::npos);
  r = web.Get("/imports");
  CHECK(r->body.find("用印登记表2019.xls") != std::string::npos);
  CHECK(r->body.find("预检完成") != std::string::npos);
}

}  // namespace dangan::test
