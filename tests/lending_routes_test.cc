// Lending and use on the desk (issue 17) over real HTTP on loopback: who may record, approve and
// lend (the role checks of the routes, the nav link), the grant an approval gives (a clerk reads a
// 秘密 item only once its request is approved, and no other item of that level), the loan of a
// paper original from lending to return with its check, each refusal with the job's message
// naming the item, the pages by plain form posts, and the registers as PDF (read back with
// Poppler) and XLSX (read back cell by cell).
#include <catch2/catch.hpp>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "dangan/jobs/registers.h"
#include "support/archive_fixtures.h"
#include "support/pdf_text.h"
#include "support/server_fixture.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

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

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The day `days` after today, as YYYY-MM-DD.
std::string DaysFromToday(int days) {
  std::tm tm{};
  const std::string today = jobs::Today();
  tm.tm_year = std::stoi(today.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(today.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(today.substr(8, 2)) + days;
  tm.tm_hour = 12;
  std::mktime(&tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// The fixture with two more items of 秘密, filed before the server opens the archive.
struct LendingFixture {
  std::string secret_a, secret_b;
  ServerFixture f;
  explicit LendingFixture(const std::string& name)
      : f(name, [this](server::ServerOptions& options) {
          auto archive = archive_test::OpenArchive(options.archive_dir, "测试管理员");
          secret_a = archive_test::FileSampleScanAt(*archive, "新产品试制秘密报告", "秘密",
                                                    "Z109-WS.2016-Y-BGS-0002.pdf");
          secret_b = archive_test::FileSampleScanAt(*archive, "年度投资计划秘密方案", "秘密",
                                                    "会议照片2016.pdf");
        }) {}
};

int64_t RecordForClerk(WebClient& archivist, const std::string& danghao, const std::string& kind) {
  auto r = archivist.PostJson("/api/use", Json{{"requester", {{"account", "经办内部"}}},
                                               {"purpose", "工作查考"},
                                               {"kind", kind},
                                               {"items", {danghao}}}
                                              .dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  return Json::parse(r->body)["id"].get<int64_t>();
}

TEST_CASE(
    "only an archivist records use requests, and the desk offers 借阅 to those who lend or "
    "approve",
    "[lending][server]") {
  ServerFixture f("lending_roles");
  WebClient clerk(f.port), auditor(f.port), archivist(f.port), admin(f.port);
  REQUIRE(clerk.Login("经办机密") == 200);
  REQUIRE(auditor.Login("审计机密") == 200);
  REQUIRE(archivist.Login("档案机密") == 200);
  REQUIRE(admin.Login("管理员甲") == 200);
  const std::string body = Json{
      {"requester", {{"account", "经办内部"}}},
      {"purpose", "工作查考"},
      {"kind", "查阅"},
      {"items",
       {f.public_item}}}.dump();

  // A clerk may not record a request, by the API or by the page's form.
  auto r = clerk.PostJson("/api/use", body);
  REQUIRE(r);
  CHECK(r->status == 403);
  r = PostForm(clerk, "/use",
               {{"who", "account"}, {"account", "经办内部"}, {"items", f.public_item}});
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(Has(r->body, "档案员"));
  // … sees the list (what waits for it) without the form, nor the lending steps.
  r = clerk.Get("/use");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK_FALSE(Has(r->body, "action=\"/use#record\""));
  CHECK(Has(clerk.Get("/search")->body, "href=\"/use\">借阅"));
  CHECK(clerk.Get("/use/overdue")->status == 403);
  CHECK(clerk.Get("/use/register")->status == 403);
  CHECK(clerk.Get("/api/use/overdue")->status == 403);

  // The auditor and the administrator have nothing to do with lending.
  for (WebClient* web : {&auditor, &admin}) {
    CHECK(web->Get("/api/use")->status == 403);
    CHECK(web->Get("/use")->status == 403);
    CHECK_FALSE(Has(web->Get("/search")->body, "href=\"/use\""));
  }

  // The archivist: the link, the form; a change without the CSRF token is refused.
  r = archivist.Get("/use");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Has(r->body, "action=\"/use#record\""));
  CHECK(Has(r->body, "href=\"/use\" aria-current=\"page\">借阅"));
  r = archivist.PostJson("/api/use", body, false);
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(JsonBody(archivist.Get("/api/use"))["requests"].empty());  // nothing was recorded

  // Wrong JSON is named at its member; an unknown request is 404 on both sides.
  r = archivist.PostJson("/api/use", R"({"requester":{"account":"经办内部"},"items":"Z109"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Has(r->body, "\"items\""));
  r = archivist.PostJson("/api/use", R"({"requester":"经办内部","items":[]})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Has(r->body, "\"requester\""));
  CHECK(archivist.Get("/api/use/999")->status == 404);
  CHECK(archivist.Get("/use/999")->status == 404);
  CHECK(archivist.Get("/use/register?year=20x6")->status == 422);
}

TEST_CASE("an approved request lets a clerk read exactly the 秘密 item asked for, and no other",
          "[lending][server]") {
  LendingFixture lf("lending_grant");
  ServerFixture& f = lf.f;
  WebClient archivist(f.port), clerk(f.port), leader(f.port);
  REQUIRE(archivist.Login("档案机密") == 200);
  REQUIRE(clerk.Login("经办内部") == 200);
  REQUIRE(leader.Login("经办机密") == 200);
  const std::string item_a = "/items/" + PathSegment(lf.secret_a);
  const std::string item_b = "/items/" + PathSegment(lf.secret_b);

  // Above the clerk's clearance: answered as an item that does not exist.
  CHECK(clerk.Get(item_a)->status == 404);
  CHECK(clerk.Get("/api/items/" + PathSegment(lf.secret_a))->status == 404);

  const int64_t id = RecordForClerk(archivist, lf.secret_a, "查阅");
  const std::string api = "/api/use/" + std::to_string(id);
  Json request = JsonBody(archivist.Get(api));
  CHECK(request["state"] == "待审批");
  REQUIRE(request["items"].size() == 1);
  CHECK(request["items"][0]["档号"] == lf.secret_a);
  CHECK(request["requester"]["account"] == "经办内部");
  // Still waiting: not yet readable.
  CHECK(clerk.Get(item_a)->status == 404);

  // The requester sees the request but cannot approve it; the recorder cannot either.
  auto r = clerk.Get("/use/" + std::to_string(id));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK_FALSE(Has(r->body, "name=\"approve\""));
  r = clerk.PostJson(api + "/decide", R"({"approve":true})");
  REQUIRE(r);
  CHECK(r->status == 422);
  r = archivist.PostJson(api + "/decide", R"({"approve":true})");
  REQUIRE(r);
  CHECK(r->status == 422);
  r = leader.PostJson(api + "/decide", R"({"approve":"yes"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Has(r->body, "\"approve\""));
  CHECK(JsonBody(archivist.Get(api))["state"] == "待审批");

  // The leader (a 经办人 of 机密) sees it waiting and approves it.
  r = leader.Get("/use");
  REQUIRE(r);
  CHECK(Has(r->body, "待您审批"));
  r = leader.Get("/use/" + std::to_string(id));
  REQUIRE(r);
  CHECK(Has(r->body, "name=\"approve\""));
  r = leader.PostJson(api + "/decide", R"({"approve":true,"opinion":"同意查阅"})");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  request = Json::parse(r->body);
  CHECK(request["state"] == "已批准");
  CHECK(request["approver"] == "经办机密");

  // Now the clerk reads the item and its file; the other 秘密 item stays hidden.
  r = clerk.Get(item_a);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Has(r->body, "新产品试制秘密报告"));
  r = clerk.Get(item_a + "/files/1");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.rfind("%PDF", 0) == 0);
  CHECK(clerk.Get(item_b)->status == 404);
  CHECK(clerk.Get(item_b + "/files/1")->status == 404);
  CHECK(clerk.Get("/api/items/" + PathSegment(lf.secret_b))->status == 404);
  // … and the looks are registered against the request.
  CHECK(JsonBody(archivist.Get(api))["uses"].get<int64_t>() >= 1);

  // The requester's list shows the request, as does the approver's.
  Json seen = JsonBody(clerk.Get("/api/use"));
  REQUIRE(seen["requests"].size() == 1);
  CHECK(seen["requests"][0]["id"] == id);
  CHECK(JsonBody(leader.Get("/api/use"))["requests"].size() == 1);
}

TEST_CASE("a paper original is lent, goes overdue, is renewed and comes back with a damage note",
          "[lending][server]") {
  ServerFixture f("lending_loan");
  WebClient archivist(f.port), leader(f.port);
  REQUIRE(archivist.Login("档案机密") == 200);
  REQUIRE(leader.Login("经办机密") == 200);

  // An outside person needs the 介绍信.
  Json outside = {{"name", "李研究"}, {"unit", "市档案馆"}, {"contact", "13800000000"}};
  auto r = archivist.PostJson("/api/use", Json{{"requester", outside},
                                               {"purpose", "编史修志"},
                                               {"kind", "外借"},
                                               {"items", {f.internal_item}}}
                                              .dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Has(Problems(r), "介绍信"));
  // 涉密 originals are never lent: refused naming the item, at recording or at lending.
  outside["letter"] = "市档函〔2026〕12号";
  r = archivist.PostJson("/api/use", Json{{"requester", outside},
                                          {"purpose", "编史修志"},
                                          {"kind", "外借"},
                                          {"items", {f.secret_item}}}
                                         .dump());
  REQUIRE(r);
  if (r->status == 201) {
    const std::string sid = std::to_string(Json::parse(r->body)["id"].get<int64_t>());
    r = archivist.PostJson("/api/use/" + sid + "/lend", "{}");
    REQUIRE(r);
  }
  CHECK(r->status == 422);
  CHECK(Has(Problems(r), f.secret_item));

  r = archivist.PostJson("/api/use", Json{{"requester", outside},
                                          {"purpose", "编史修志"},
                                          {"kind", "外借"},
                                          {"items", {f.internal_item}},
                                          {"end_date", DaysFromToday(30)}}
                                         .dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  Json request = Json::parse(r->body);
  const std::string api = "/api/use/" + std::to_string(request["id"].get<int64_t>());
  CHECK(request["requester"]["unit"] == "市档案馆");
  // Lending waits for the approval (内部 is above an outside person's 公开).
  if (request["state"] == "待审批") {
    r = archivist.PostJson(api + "/lend", "{}");
    REQUIRE(r);
    CHECK(r->status == 422);
    r = leader.PostJson(api + "/decide", R"({"approve":true,"opinion":"同意外借七天"})");
    REQUIRE(r);
    REQUIRE(r->status == 200);
  }
  r = archivist.PostJson(api + "/lend", "{}");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  request = Json::parse(r->body);
  REQUIRE(request["items"].size() == 1);
  CHECK(request["items"][0]["lent_at"] == jobs::Today());
  CHECK(request["items"][0]["due_at"] == DaysFromToday(7));

  // Not overdue today; overdue as of ten days on, on the API and on the page.
  CHECK(JsonBody(archivist.Get("/api/use/overdue")).dump().find(f.internal_item) ==
        std::string::npos);
  const std::string later = DaysFromToday(10);
  Json overdue = JsonBody(archivist.Get("/api/use/overdue?as_of=" + later));
  CHECK(Has(overdue.dump(), f.internal_item));
  auto page = archivist.Get("/use/overdue?as_of=" + later);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(Has(page->body, f.internal_item));
  CHECK(Has(page->body, "李研究"));
  CHECK(Has(page->body, "3 天"));

  // Renewed to a later day: recorded, and no longer overdue then.
  r = archivist.PostJson(api + "/renew",
                         Json{{"档号", f.internal_item}, {"due", DaysFromToday(14)}}.dump());
  REQUIRE(r);
  REQUIRE(r->status == 200);
  request = Json::parse(r->body);
  CHECK(request["items"][0]["renewals"] == 1);
  CHECK(request["items"][0]["due_at"] == DaysFromToday(14));
  CHECK_FALSE(
      Has(JsonBody(archivist.Get("/api/use/overdue?as_of=" + later)).dump(), f.internal_item));

  // Returned damaged without saying how: refused, still out; with the note: closed.
  r = archivist.PostJson(api + "/return",
                         Json{{"档号", f.internal_item}, {"undamaged", false}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(JsonBody(archivist.Get(api))["items"][0]["returned_at"] == "");
  r = archivist.PostJson(api + "/return", Json{{"档号", f.public_item}}.dump());
  REQUIRE(r);
  CHECK(r->status >= 400);
  CHECK(Has(Problems(r), f.public_item));
  r = archivist.PostJson(api + "/return", Json{{"档号", f.internal_item},
                                               {"complete", true},
                                               {"undamaged", false},
                                               {"note", "第3页右下角有水渍"}}
                                              .dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  request = Json::parse(r->body);
  CHECK(request["items"][0]["returned_at"] == jobs::Today());
  CHECK(Has(request["items"][0]["return_check"].get<std::string>(), "水渍"));
  CHECK(request["state"] == "已结束");

  r = archivist.PostJson(api + "/effect", R"({"effect":"补齐了厂志1998年大事记"})");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Json::parse(r->body)["effect"] == "补齐了厂志1998年大事记");

  // The year's statistics count the request by unit, purpose and kind.
  Json stats = JsonBody(archivist.Get("/api/use/stats"));
  CHECK(Has(stats.dump(), "市档案馆"));
  CHECK(Has(stats.dump(), "编史修志"));
  CHECK(Has(stats.dump(), "外借"));
}

TEST_CASE("the lending pages work by plain form posts and show each refusal at its step",
          "[lending][server]") {
  ServerFixture f("lending_pages");
  WebClient archivist(f.port), leader(f.port);
  REQUIRE(archivist.Login("档案机密") == 200);
  REQUIRE(leader.Login("经办机密") == 200);

  // Nothing typed: the page again with the job's message, what was typed kept.
  auto r = PostForm(archivist, "/use",
                    {{"who", "outside"},
                     {"name", "王外来"},
                     {"unit", "审计事务所"},
                     {"purpose", "工作查考"},
                     {"kind", "查阅"},
                     {"items", ""}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Has(r->body, "role=\"alert\""));
  CHECK(Has(r->body, "value=\"王外来\""));
  // An item that does not exist is named.
  r = PostForm(archivist, "/use",
               {{"who", "account"},
                {"account", "经办内部"},
                {"purpose", "工作查考"},
                {"kind", "查阅"},
                {"items", "Z109-WS·2099-Y-BGS-9999"}});
  REQUIRE(r);
  CHECK(r->status >= 400);
  CHECK(Has(r->body, "Z109-WS·2099-Y-BGS-9999"));

  // Two items, one a line: recorded, then to the request's page.
  r = PostForm(archivist, "/use",
               {{"who", "account"},
                {"account", "经办内部"},
                {"purpose", "工作查考"},
                {"kind", "复制"},
                {"items", f.public_item + "\n" + f.secret_item}});
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 303);
  const std::string url =
      r->get_header_value("Location").substr(0, r->get_header_value("Location").find('?'));
  CHECK(url.rfind("/use/", 0) == 0);
  auto page = archivist.Get(url + "?done=record");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(Has(page->body, "已登记借阅申请"));
  CHECK(Has(page->body, f.secret_item));
  CHECK(Has(page->body, "待审批"));
  CHECK(Has(archivist.Get("/use")->body, url));

  // The leader refuses without a button value: the message at the step; then refuses for real.
  r = PostForm(leader, url + "/decide", {{"opinion", "x"}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Has(r->body, "请点“批准”或“不批准”"));
  r = PostForm(leader, url + "/decide", {{"approve", "0"}, {"opinion", "机密合同不宜复制"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  page = leader.Get(url);
  REQUIRE(page);
  CHECK(Has(page->body, "未批准"));
  CHECK(Has(page->body, "机密合同不宜复制"));

  // Within the clerk's clearance: approved at once, no approval step to take.
  r = PostForm(archivist, "/use",
               {{"who", "account"},
                {"account", "经办内部"},
                {"purpose", "编史修志"},
                {"kind", "查阅"},
                {"items", f.public_item}});
  REQUIRE(r);
  REQUIRE(r->status == 303);
  CHECK(Has(r->get_header_value("Location"), "done=record-approved"));
  page = archivist.Get(r->get_header_value("Location"));
  REQUIRE(page);
  CHECK(Has(page->body, "无需审批"));
  const std::string approved =
      r->get_header_value("Location").substr(0, r->get_header_value("Location").find('?'));
  r = PostForm(archivist, approved + "/effect", {{"effect", "  "}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Has(r->body, "利用效果必须填写"));
  r = PostForm(archivist, approved + "/effect", {{"effect", "补写了公司志印章管理一节"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  CHECK(Has(archivist.Get(approved)->body, "补写了公司志印章管理一节"));

  // The register of the year (approved requests) and the 利用效果 register: PDF and XLSX.
  const std::string year = jobs::Today().substr(0, 4);
  page = archivist.Get("/use/register?year=" + year);
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(Has(page->body, "/use/register.pdf?year=" + year));
  auto pdf = archivist.Get("/use/register.pdf?year=" + year);
  REQUIRE(pdf);
  REQUIRE(pdf->status == 200);
  CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
  const std::string dir = ScratchDir("lending_pages_register");
  {
    std::ofstream out(dir + "/register.pdf", std::ios::binary | std::ios::trunc);
    out << pdf->body;
  }
  const PdfContent content = ReadPdf(dir + "/register.pdf");
  REQUIRE(content.loaded);
  std::string text;
  for (const std::string& p : content.pages) text += Squeeze(p);
  CHECK(Has(text, Squeeze(f.public_item)));
  auto xlsx = archivist.Get("/use/register.xlsx?year=" + year);
  REQUIRE(xlsx);
  REQUIRE(xlsx->status == 200);
  {
    std::ofstream out(dir + "/register.xlsx", std::ios::binary | std::ios::trunc);
    out << xlsx->body;
  }
  XlsxWorkbook book;
  REQUIRE(XlsxWorkbook::Open(dir + "/register.xlsx", &book).ok());
  REQUIRE_FALSE(book.sheets.empty());
  bool found = false;
  for (const auto& cell : book.sheets[0].cells)
    found = found || Has(cell.second.value, f.public_item);
  CHECK(found);
  CHECK(archivist.Get("/use/effects.pdf?year=" + year)->status == 200);
  CHECK(archivist.Get("/use/effects.xlsx?year=" + year)->status == 200);
}

}  // namespace
}  // namespace dangan::test
