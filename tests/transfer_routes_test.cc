// 开放审核 and transfer on the desk (issue 17 §2) over real HTTP on loopback: who is offered the
// pages, the JSON API an archivist's page calls, the pages that work by plain form posts, and
// the register as PDF (read back with Poppler). The fixture's items are of 2010; the tests file
// items of 2000, due for the review since 2026-01-01.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/archive_fixtures.h"
#include "support/pdf_text.h"
#include "support/server_fixture.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;
namespace fx = archive_test;

std::string Form(const WebClient& web, const std::vector<std::pair<std::string, std::string>>& kv) {
  std::string form = "csrf=" + PathSegment(web.csrf());
  for (const auto& [k, v] : kv) form += "&" + PathSegment(k) + "=" + PathSegment(v);
  return form;
}

httplib::Result PostForm(WebClient& web, const std::string& path,
                         const std::vector<std::pair<std::string, std::string>>& kv) {
  return web.raw().Post(path, {{"Cookie", web.cookie()}}, Form(web, kv),
                        "application/x-www-form-urlencoded");
}

std::string Problems(const httplib::Result& r) {
  REQUIRE(r);
  std::string out;
  const Json j = Json::parse(r->body, nullptr, false);
  if (j.is_object() && j.contains("problems")) {
    for (const Json& p : j["problems"]) out += p.value("message", "") + "\n";
  }
  return out;
}

// Items of 2000 (due for 开放审核 since 2026-01-01) filed into the fixture's archive.
struct Old {
  std::string internal, secret;
};

Old FileOld(const ServerFixture& f, const std::string& name) {
  Old old;
  auto a = fx::OpenArchive(f.archive_dir);
  const std::string src = ScratchDir(name + "-src");
  for (const char* secrecy : {"内部", "机密"}) {
    NewItem item = fx::SampleItem(std::string("二〇〇〇年度") + secrecy + "工作总结");
    item.year = 2000;
    item.date = "2000-12-20";
    item.secrecy = secrecy;
    const std::string seed = std::string("old-") + (secrecy == std::string("内部") ? "a" : "b");
    ItemRecord rec;
    Status st =
        a->File(item, {fx::PdfFile(fx::WritePdf(src + "/" + seed + ".pdf", seed, 1))}, &rec);
    INFO(st.ToString());
    REQUIRE(st.ok());
    (secrecy == std::string("内部") ? old.internal : old.secret) = rec.danghao;
  }
  return old;
}

TEST_CASE("开放审核 is offered to archivists only and its API refuses other roles",
          "[open-review][server]") {
  ServerFixture f("open_review_roles");
  WebClient clerk(f.port), auditor(f.port), archivist(f.port);
  REQUIRE(clerk.Login("经办机密") == 200);
  REQUIRE(auditor.Login("审计机密") == 200);
  REQUIRE(archivist.Login("档案内部") == 200);
  for (WebClient* web : {&clerk, &auditor}) {
    auto r = web->Get("/api/open-review");
    REQUIRE(r);
    CHECK(r->status == 403);
    r = web->PostJson("/api/open-review/decide", R"({"items":["x"],"status":"开放"})");
    REQUIRE(r);
    CHECK(r->status == 403);
    r = web->Get("/open-review");
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("档案员") != std::string::npos);
    CHECK(web->Get("/search")->body.find("href=\"/open-review\"") == std::string::npos);
  }
  CHECK(archivist.Get("/search")->body.find("href=\"/open-review\">开放审核") != std::string::npos);
  // A change without the CSRF token is refused before any job runs.
  auto r =
      archivist.PostJson("/api/open-review/decide", R"({"items":["x"],"status":"开放"})", false);
  REQUIRE(r);
  CHECK(r->status == 403);
  r = archivist.raw().Post("/open-review/decide", {{"Cookie", archivist.cookie()}},
                           "danghao=x&status=%E5%BC%80%E6%94%BE",
                           "application/x-www-form-urlencoded");
  REQUIRE(r);
  CHECK(r->status == 403);
  // Wrong JSON is named at its member.
  r = archivist.PostJson("/api/open-review/decide", R"({"items":"Z109","status":"开放"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("\"items\"") != std::string::npos);
}

TEST_CASE("an archivist lists the items due and records 开放审核 decisions through the API",
          "[open-review][server]") {
  ServerFixture f("open_review_api");
  const Old old = FileOld(f, "open_review_api");
  WebClient low(f.port), high(f.port);
  REQUIRE(low.Login("档案内部") == 200);
  REQUIRE(high.Login("档案机密") == 200);

  // Below 机密 the 机密 item is not listed, nor can it be decided (as if it were not there).
  Json due = JsonBody(low.Get("/api/open-review?as_of=2026-01-01"));
  REQUIRE(due["items"].size() == 1);
  CHECK(due["items"][0]["档号"] == old.internal);
  CHECK(due["items"][0]["due_on"] == "2026-01-01");
  CHECK(JsonBody(high.Get("/api/open-review?as_of=2026-01-01"))["items"].size() == 2);
  CHECK(JsonBody(high.Get("/api/open-review?as_of=2025-12-31"))["items"].empty());
  auto r = low.PostJson("/api/open-review/decide",
                        Json{{"items", {old.secret}}, {"status", "开放"}}.dump());
  REQUIRE(r);
  CHECK(r->status == 404);

  // 控制 without a reason: refused naming the item, nothing recorded.
  r = high.PostJson("/api/open-review/decide",
                    Json{{"items", {old.internal}}, {"status", "控制"}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problems(r).find(old.internal) != std::string::npos);
  CHECK(Problems(r).find("理由") != std::string::npos);
  // Both at once, traditional 開放 as typed.
  r = high.PostJson("/api/open-review/decide",
                    Json{{"items", {old.internal, old.secret}}, {"status", "開放"}}.dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  Json decided = Json::parse(r->body);
  REQUIRE(decided["decided"].size() == 2);
  CHECK(decided["decided"][0]["status"] == "开放");
  CHECK(decided["decided"][0]["reviewed_by"].get<std::string>().find("档案机密") !=
        std::string::npos);
  CHECK(JsonBody(high.Get("/api/open-review?as_of=2026-01-01"))["items"].empty());
  Json all = JsonBody(high.Get("/api/open-review?as_of=2026-01-01&all=1"));
  REQUIRE(all["items"].size() == 2);
  CHECK(all["items"][1]["status"] == "开放");
}

TEST_CASE("the 开放审核 page decides ticked items by form post and shows the register",
          "[open-review][server]") {
  ServerFixture f("open_review_pages");
  const Old old = FileOld(f, "open_review_pages");
  WebClient web(f.port);
  REQUIRE(web.Login("档案机密") == 200);
  auto page = web.Get("/open-review?as_of=2026-06-30");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(page->body.find("name=\"danghao\" id=\"due-0\"") != std::string::npos);
  CHECK(page->body.find(old.secret) != std::string::npos);
  CHECK(page->body.find("尚无审核结论") != std::string::npos);

  // 控制 without a reason: the page again, 422, the problem named and the tick kept.
  auto r = PostForm(web, "/open-review/decide",
                    {{"as_of", "2026-06-30"}, {"danghao", old.secret}, {"status", "控制"}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("理由") != std::string::npos);
  CHECK(r->body.find("value=\"" + old.secret + "\" checked") != std::string::npos);

  r = PostForm(web, "/open-review/decide",
               {{"as_of", "2026-06-30"},
                {"danghao", old.secret},
                {"status", "控制"},
                {"reason", "涉及客户商业秘密"}});
  REQUIRE(r);
  REQUIRE(r->status == 303);
  page = web.Get(r->get_header_value("Location"));
  REQUIRE(page);
  CHECK(page->body.find("已记录 1 件档案的审核结论“控制”") != std::string::npos);
  CHECK(page->body.find("open-controlled") != std::string::npos);
  CHECK(page->body.find("涉及客户商业秘密") != std::string::npos);

  auto pdf = web.Get("/open-review/register.pdf?as_of=2026-06-30");
  REQUIRE(pdf);
  REQUIRE(pdf->status == 200);
  CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
  const std::string path = ScratchDir("open_review_pages-pdf") + "/register.pdf";
  { std::ofstream(path, std::ios::binary) << pdf->body; }
  PdfContent content = ReadPdf(path);
  REQUIRE(content.loaded);
  std::string text;
  for (const std::string& p : content.pages) text += Squeeze(p);
  CHECK(text.find(Squeeze("档案开放审核登记表")) != std::string::npos);
  CHECK(text.find(Squeeze(old.secret)) != std::string::npos);
  CHECK(text.find(Squeeze(old.internal)) != std::string::npos);
  CHECK(text.find(Squeeze("涉及客户商业秘密")) != std::string::npos);
  auto xlsx = web.Get("/open-review/register.xlsx?as_of=2026-06-30");
  REQUIRE(xlsx);
  CHECK(xlsx->status == 200);
  CHECK(xlsx->body.rfind("PK", 0) == 0);
  // Nothing due: the register has nothing to print, and says so.
  auto none = web.Get("/open-review/register.pdf?as_of=2025-06-30");
  REQUIRE(none);
  CHECK(none->status == 422);
}

TEST_CASE("transfer is offered to archivists of the highest clearance only", "[transfer][server]") {
  ServerFixture f("transfer_roles");
  WebClient clerk(f.port), low(f.port), high(f.port);
  REQUIRE(clerk.Login("经办机密") == 200);
  REQUIRE(low.Login("档案内部") == 200);
  REQUIRE(high.Login("档案机密") == 200);
  CHECK(clerk.Get("/api/transfer/packages")->status == 403);
  CHECK(clerk.Get("/transfer")->status == 403);
  auto r = low.Get("/api/transfer/packages");
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(Problems(r).find("机密") != std::string::npos);
  r = low.Get("/transfer");
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(r->body.find("机密") != std::string::npos);
  CHECK(low.Get("/search")->body.find("href=\"/transfer\"") == std::string::npos);
  CHECK(high.Get("/search")->body.find("href=\"/transfer\">移交") != std::string::npos);
  r = high.PostJson("/api/transfer/export", R"({"year":2010,"name":"x"})", false);
  REQUIRE(r);
  CHECK(r->status == 403);
}

TEST_CASE(
    "an archivist exports a year into the archive's exports area, lists it and verifies it, "
    "failures first",
    "[transfer][server]") {
  ServerFixture f("transfer_api");
  WebClient web(f.port);
  REQUIRE(web.Login("档案机密") == 200);
  // Names that would leave the exports area, or are taken, are refused and write nothing.
  for (const char* name : {"../逃出", "a/b", ".隐藏", "..", ""}) {
    auto r = web.PostJson("/api/transfer/export", Json{{"year", 2010}, {"name", name}}.dump());
    REQUIRE(r);
    INFO(name << " " << r->body);
    CHECK(r->status == 422);
  }
  CHECK_FALSE(std::filesystem::exists(f.archive_dir + "/../逃出"));
  auto r = web.PostJson("/api/transfer/export", Json{{"name", "两者都没有"}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problems(r).find("年度或门类") != std::string::npos);

  r = web.PostJson("/api/transfer/export", Json{{"year", 2010}, {"name", "2010年度移交"}}.dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  Json exported = Json::parse(r->body);
  CHECK(exported["items"].get<int>() >= 3);
  CHECK(exported["dir"] == "exports/2010年度移交");
  CHECK(exported.dump().find(f.archive_dir) == std::string::npos);
  const std::string dir = f.archive_dir + "/exports/2010年度移交";
  CHECK(std::filesystem::is_directory(dir));
  r = web.PostJson("/api/transfer/export", Json{{"year", 2010}, {"name", "2010年度移交"}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problems(r).find("已有") != std::string::npos);

  Json list = JsonBody(web.Get("/api/transfer/packages"));
  REQUIRE(list["packages"].size() == 1);
  CHECK(list["packages"][0]["name"] == "2010年度移交");
  const std::string report_url =
      "/api/transfer/packages/" + PathSegment("2010年度移交") + "/report";
  Json report = JsonBody(web.Get(report_url));
  INFO(report.dump(1));
  CHECK(report["passed"] == true);
  REQUIRE(report["checks"].size() > 5);
  for (const Json& c : report["checks"]) CHECK(c["outcome"] != "不通过");
  CHECK(web.Get("/api/transfer/packages/" + PathSegment("没有这个") + "/report")->status == 404);

  // A stray file: the check fails, naming it, and comes first.
  { std::ofstream(dir + "/多出来的文件.txt") << "stray"; }
  report = JsonBody(web.Get(report_url));
  CHECK(report["passed"] == false);
  CHECK(report["checks"][0]["outcome"] == "不通过");
  CHECK(report.dump().find("多出来的文件.txt") != std::string::npos);
}

TEST_CASE("the transfer pages export by form post, show the report and its PDF",
          "[transfer][server]") {
  ServerFixture f("transfer_pages");
  WebClient web(f.port);
  REQUIRE(web.Login("档案机密") == 200);
  auto page = web.Get("/transfer");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(page->body.find("尚无数据包") != std::string::npos);
  auto r = PostForm(web, "/transfer/export", {{"year", "20x0"}, {"name", "甲"}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("20x0") != std::string::npos);
  CHECK(r->body.find("value=\"甲\"") != std::string::npos);
  r = PostForm(web, "/transfer/export", {{"year", "2010"}, {"name", "2010年度移交"}});
  REQUIRE(r);
  REQUIRE(r->status == 303);
  page = web.Get(r->get_header_value("Location"));
  REQUIRE(page);
  INFO(page->body);
  REQUIRE(page->status == 200);
  CHECK(page->body.find("检测通过") != std::string::npos);
  CHECK(page->body.find("已导出数据包") != std::string::npos);
  CHECK(page->body.find("check-failed") == std::string::npos);
  CHECK(page->body.find(f.archive_dir) == std::string::npos);
  CHECK(web.Get("/transfer")->body.find("2010年度移交") != std::string::npos);

  auto pdf = web.Get("/transfer/packages/" + PathSegment("2010年度移交") + "/report.pdf");
  REQUIRE(pdf);
  REQUIRE(pdf->status == 200);
  CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
  const std::string path = ScratchDir("transfer_pages-pdf") + "/report.pdf";
  { std::ofstream(path, std::ios::binary) << pdf->body; }
  PdfContent content = ReadPdf(path);
  REQUIRE(content.loaded);
  std::string text;
  for (const std::string& p : content.pages) text += Squeeze(p);
  CHECK(text.find(Squeeze("四性检测报告")) != std::string::npos);
  CHECK(text.find(Squeeze("2010年度移交")) != std::string::npos);
  CHECK(text.find(Squeeze(f.archive_dir)) == std::string::npos);
}

}  // namespace
}  // namespace dangan::test
