// Background uploads over HTTP: POST /api/uploads answers 202 at once, GET /api/uploads/ID
// follows each file until it is filed; only the uploader sees the task.
#include <catch2/catch.hpp>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "dangan/jobs/generate.h"
#include "support/scan_fixtures.h"
#include "support/server_fixture.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

std::string Sample(const std::string& relative) { return ReadAll(SourcePath(relative)); }

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

// Polls GET /api/uploads/ID until every file is done (or a minute has passed).
Json WaitForUpload(WebClient& web, const std::string& id) {
  return PollJson(web, "/api/uploads/" + id,
                  [](const Json& t) { return t.value("state", "") == "完成"; });
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

TEST_CASE("a background upload is refused without files or with a climbing name",
          "[server][upload]") {
  ServerFixture f("server_uploads_refused");
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

TEST_CASE("a clerk uploads the signed scan of a form they filed, and nothing else",
          "[server][upload]") {
  ServerFixture f("server_uploads_clerk");
  // 经办内部 generated and filed O-09; 经办机密 did not.
  jobs::JobContext ctx;
  ctx.archive_dir = f.archive_dir;
  ctx.templates_dir = SourcePath("templates");
  ctx.user = "经办内部";
  jobs::GenerateRequest generate;
  generate.template_id = "O-09";
  generate.data_path = SourcePath("samples/O-09.json");
  generate.format = OutputFormat::kPdf;
  generate.out = f.archive_dir + "/../clerk-forms";
  generate.file = true;
  jobs::GenerateResult generated;
  REQUIRE(jobs::Generate(ctx, generate, &generated).ok());
  REQUIRE(generated.filed.size() == 1);
  const std::string danghao = generated.filed[0].danghao;
  const std::string scan = WritePageImage(generated.documents[0].files[0].path, 0, 150,
                                          f.archive_dir + "/../签字扫描.png");
  const httplib::MultipartFormDataItems signed_scan = {
      {"files", ReadAll(scan), "签字扫描.png", "image/png"}, {"ocr", "0", "", ""}};

  WebClient other(f.port);
  REQUIRE(other.Login("经办机密") == 200);
  httplib::Result r = other.PostMultipart("/api/uploads", signed_scan);
  REQUIRE(r);
  REQUIRE(r->status == 202);
  Json task = WaitForUpload(other, Json::parse(r->body)["id"]);
  INFO(task.dump());
  CHECK(task["files"][0]["state"] == "失败");
  CHECK_THAT(task["files"][0]["message"].get<std::string>(),
             Catch::Contains("不是你生成归档的表单"));

  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  // Scans without a QR code would be new items: not for a clerk.
  r = clerk.PostMultipart("/api/uploads", TwoScans());
  REQUIRE(r);
  REQUIRE(r->status == 202);
  task = WaitForUpload(clerk, Json::parse(r->body)["id"]);
  for (const Json& file : task["files"]) {
    CHECK(file["state"] == "失败");
    CHECK_THAT(file["message"].get<std::string>(),
               Catch::Contains("没有在文件中读到本系统表单的二维码"));
  }
  r = clerk.PostMultipart("/api/uploads", signed_scan);
  REQUIRE(r);
  REQUIRE(r->status == 202);
  task = WaitForUpload(clerk, Json::parse(r->body)["id"]);
  INFO(task.dump());
  CHECK(task["files"][0]["state"] == "已归档");
  CHECK(task["files"][0]["档号"] == danghao);
  // The item now has the signed scan beside its PDF.
  const Json item = Json::parse(clerk.Get("/api/items/" + PathSegment(danghao))->body);
  REQUIRE(item["files"].size() == 2);
  CHECK(item["files"][1]["role"] == "签字扫描件");
}

}  // namespace dangan::test
