// Background uploads over HTTP: POST /api/uploads answers 202 at once, GET /api/uploads/ID
// follows each file until it is filed; only the uploader sees the task.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "support/server_fixture.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

std::string Sample(const std::string& relative) {
  std::ifstream in(SourcePath(relative), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

httplib::MultipartFormDataItems TwoScans() {
  return {{"files", Sample("samples/legacy/scans/Z109-WS·2015-Y-BGS-0001.pdf"), "办公会议纪要.pdf",
           "application/pdf"},
          {"files", Sample("samples/legacy/scans/Z109-WS·2015-Y-BGS-0004.pdf"), "安全检查记录.pdf",
           "application/pdf"},
          {"year", "2024", "", ""},
          {"dept", "BGS", "", ""},
          {"retention", "D10", "", ""},
          {"ocr", "0", "", ""}};
}

}  // namespace

TEST_CASE("scans uploaded for the background are filed one by one and their progress is shown",
          "[server][upload]") {
  ServerFixture f("server_uploads");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::Result r = web.PostMultipart("/api/uploads", TwoScans());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 202);
  Json task = Json::parse(r->body);
  const std::string id = task["id"];
  CHECK(task["total"] == 2);
  CHECK(r->get_header_value("Location") == "/api/uploads/" + id);
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (task["state"] != "完成" && std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    httplib::Result poll = web.Get("/api/uploads/" + id);
    REQUIRE(poll);
    REQUIRE(poll->status == 200);
    task = Json::parse(poll->body);
  }
  INFO(task.dump());
  REQUIRE(task["state"] == "完成");
  CHECK(task["done"] == 2);
  for (const Json& file : task["files"]) {
    CHECK(file["state"] == "已归档");
    CHECK(file["how"] == "新建一件");
  }
  // Without a title each new item is called after its file.
  const Json hit = Json::parse(web.Get("/api/search?q=" + PathSegment("安全检查记录"))->body);
  REQUIRE(hit["total"] == 1);
  CHECK(hit["hits"][0]["题名"] == "安全检查记录");
  CHECK(hit["hits"][0]["档号"] == task["files"][1]["档号"]);
  // The account's list has it; another account does not see it at all.
  CHECK(Json::parse(web.Get("/api/uploads")->body)["uploads"][0]["id"] == id);
  WebClient other(f.port);
  REQUIRE(other.Login("档案机密") == 200);
  CHECK(other.Get("/api/uploads/" + id)->status == 404);
  CHECK(Json::parse(other.Get("/api/uploads")->body)["uploads"].empty());
}

TEST_CASE("a background upload is refused to a clerk, without files, or with a climbing name",
          "[server][upload]") {
  ServerFixture f("server_uploads_refused");
  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  CHECK(clerk.PostMultipart("/api/uploads", TwoScans())->status == 403);
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::Result r = web.PostMultipart("/api/uploads", {{"year", "2024", "", ""}});
  REQUIRE(r);
  CHECK(r->status == 422);
  httplib::MultipartFormDataItems climbing = TwoScans();
  climbing[0].filename = "../../catalogue.sqlite";
  CHECK(web.PostMultipart("/api/uploads", climbing)->status == 400);
  CHECK(Json::parse(web.Get("/api/uploads")->body)["uploads"].empty());
}

}  // namespace dangan::test
