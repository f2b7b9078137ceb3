// Appraisal and destruction on the desk (issue 16) over real HTTP on loopback: the JSON API an
// archivist's page calls, step by step in order, each refusal naming the item or the step; the
// pages that work by plain form posts; the 销毁清册 as PDF (read back with Poppler) and XLSX (read
// back cell by cell); the item page of a destroyed item. The fixture's items are of 2010, D10:
// due since 2021.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

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

TEST_CASE(
    "only an archivist of the highest clearance is offered appraisal and its API refuses other "
    "roles",
    "[appraisals][server]") {
  ServerFixture f("appraisal_roles");
  WebClient clerk(f.port), auditor(f.port), archivist(f.port), low(f.port);
  REQUIRE(clerk.Login("经办机密") == 200);
  REQUIRE(auditor.Login("审计机密") == 200);
  REQUIRE(archivist.Login("档案机密") == 200);
  REQUIRE(low.Login("档案内部") == 200);

  for (WebClient* web : {&clerk, &auditor}) {
    auto r = web->Get("/api/appraisals");
    REQUIRE(r);
    CHECK(r->status == 403);
    r = web->PostJson("/api/appraisals", R"({"name":"越权鉴定"})");
    REQUIRE(r);
    CHECK(r->status == 403);
    r = web->Get("/appraisals");
    REQUIRE(r);
    CHECK(r->status == 403);
    CHECK(r->body.find("档案员") != std::string::npos);
  }
  CHECK(clerk.Get("/search")->body.find("href=\"/appraisals\"") == std::string::npos);
  CHECK(archivist.Get("/search")->body.find("href=\"/appraisals\">鉴定销毁") != std::string::npos);
  CHECK(low.Get("/search")->body.find("href=\"/appraisals\"") == std::string::npos);

  // A change without the CSRF token is refused before any job runs.
  auto r = archivist.PostJson("/api/appraisals", R"({"name":"无令牌"})", false);
  REQUIRE(r);
  CHECK(r->status == 403);
  r = archivist.raw().Post("/appraisals", {{"Cookie", archivist.cookie()}}, "name=x&all=1",
                           "application/x-www-form-urlencoded");
  REQUIRE(r);
  CHECK(r->status == 403);
  // An archivist below 机密 may not look at every item due: the job says why.
  r = low.Get("/api/appraisals");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problems(r).find("机密") != std::string::npos);
  // Wrong JSON is named at its member.
  r = archivist.PostJson("/api/appraisals", R"({"name":"x","items":"Z109"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("\"items\"") != std::string::npos);
  CHECK(archivist.Get("/api/appraisals/999")->status == 404);
  CHECK(archivist.Get("/appraisals/999")->status == 404);
}

TEST_CASE(
    "an archivist takes due items from appraisal to destruction through the API, step by step",
    "[appraisals][server]") {
  ServerFixture f("appraisal_api");
  WebClient web(f.port);
  REQUIRE(web.Login("档案机密") == 200);

  auto r = web.PostJson("/api/appraisals", Json{{"name", "2026年第1次鉴定"},
                                                {"as_of", "2026-12-01"},
                                                {"items", {f.public_item, f.internal_item}}}
                                               .dump());
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 201);
  Json a = Json::parse(r->body);
  const std::string id = std::to_string(a["id"].get<int64_t>());
  const std::string base = "/api/appraisals/" + id;
  CHECK(a["state"] == "鉴定中");
  REQUIRE(a["items"].size() == 2);

  // Listed; the same items cannot join a second appraisal while this one is open.
  Json list = JsonBody(web.Get("/api/appraisals"));
  REQUIRE(list["appraisals"].size() == 1);
  CHECK(list["appraisals"][0]["name"] == "2026年第1次鉴定");
  r = web.PostJson("/api/appraisals", Json{{"name", "重复"}, {"items", {f.public_item}}}.dump());
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problems(r).find(f.public_item) != std::string::npos);

  // Out of order: no opinion while an item is undecided, no approval before the opinion.
  r = web.PostJson(base + "/approve", R"({"approver":"王总","approve":true})");
  REQUIRE(r);
  CHECK(r->status == 422);
  r = web.PostJson(base + "/opinion", R"({"group_members":"张三、李四","group_opinion":"同意"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problems(r).find("尚未鉴定") != std::string::npos);
  CHECK(Problems(r).find(f.public_item) != std::string::npos);

  r = web.PostJson(base + "/decide", Json{{"档号", f.public_item}, {"decision", "拟销毁"}}.dump());
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 200);
  r = web.PostJson(base + "/decide", Json{{"档号", f.internal_item},
                                          {"decision", "续存"},
                                          {"new_retention", "Y"},
                                          {"reason", "涉及公司印章制度沿革，需永久保存"}}
                                         .dump());
  REQUIRE(r);
  CHECK(r->status == 200);
  a = Json::parse(r->body);
  for (const Json& item : a["items"]) {
    CHECK(item["decision"] == (item["档号"] == f.public_item ? "拟销毁" : "续存"));
  }
  r = web.PostJson(
      base + "/opinion",
      R"({"group_members":"张三、李四、王五","group_opinion":"经逐件鉴定，同意销毁"})");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(Json::parse(r->body)["state"] == "待批准");
  r = web.PostJson(base + "/approve", R"({"approver":"王总","approve":"yes"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("\"approve\"") != std::string::npos);
  r = web.PostJson(base + "/approve",
                   R"({"approver":"王总","approve":true,"approval_opinion":"同意"})");
  REQUIRE(r);
  CHECK(Json::parse(r->body)["state"] == "待监销");

  // Destroying before the witnesses is refused, and so is the approver as a witness, or one
  // person twice.
  r = web.PostJson(base + "/destroy", "{}");
  REQUIRE(r);
  CHECK(r->status == 422);
  r = web.PostJson(base + "/witness", R"({"witness1":"王总","witness2":"赵六","method":"粉碎",
                                          "place":"档案室"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(Problems(r).find("王总") != std::string::npos);
  r = web.PostJson(base + "/witness", R"({"witness1":"赵六","witness2":"赵六","method":"粉碎",
                                          "place":"档案室"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  r = web.PostJson(base + "/witness", R"({"witness1":"赵六","witness2":"钱七","method":"粉碎",
                                          "place":"公司档案室","witnessed_at":"2026-12-04 10:00"})");
  REQUIRE(r);
  INFO(r->body);
  CHECK(Json::parse(r->body)["state"] == "待销毁");

  // The 清册 before destruction: the proposed item, the witnesses, in the PDF and in the XLSX.
  auto pdf = web.Get("/appraisals/" + id + "/list.pdf");
  REQUIRE(pdf);
  REQUIRE(pdf->status == 200);
  CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
  const std::string pdf_path = ScratchDir("appraisal_api_pdf") + "/清册.pdf";
  {
    std::ofstream out(pdf_path, std::ios::binary | std::ios::trunc);
    out << pdf->body;
  }
  const PdfContent content = ReadPdf(pdf_path);
  REQUIRE(content.loaded);
  std::string text;
  for (const std::string& page : content.pages) text += Squeeze(page);
  CHECK(text.find("档案销毁清册") != std::string::npos);
  CHECK(text.find(Squeeze(f.public_item)) != std::string::npos);
  CHECK(text.find("印章管理公开通知") != std::string::npos);
  CHECK(text.find("印章管理内部通知") == std::string::npos);  // kept, not listed
  CHECK(text.find("赵六") != std::string::npos);

  auto xlsx = web.Get("/appraisals/" + id + "/list.xlsx");
  REQUIRE(xlsx);
  REQUIRE(xlsx->status == 200);
  CHECK(xlsx->get_header_value("Content-Disposition").find("attachment") == 0);
  const std::string xlsx_path = ScratchDir("appraisal_api_xlsx") + "/清册.xlsx";
  {
    std::ofstream out(xlsx_path, std::ios::binary | std::ios::trunc);
    out << xlsx->body;
  }
  XlsxWorkbook book;
  REQUIRE(XlsxWorkbook::Open(xlsx_path, &book).ok());
  REQUIRE(!book.sheets.empty());
  bool listed = false;
  for (const auto& [ref, cell] : book.sheets[0].cells)
    listed = listed || cell.value == f.public_item;
  CHECK(listed);

  r = web.PostJson(base + "/destroy", "{}");
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 200);
  Json done = Json::parse(r->body);
  CHECK(done["destroyed"] == 1);
  const std::string list_danghao = done["清册档号"];
  CHECK(done["appraisal"]["state"] == "已销毁");
  CHECK(done["appraisal"]["清册档号"] == list_danghao);
  Json filed = JsonBody(web.Get("/api/items/" + PathSegment(list_danghao)));
  CHECK(filed["保管期限"] == "Y");

  // The destroyed item's page says why it is gone, instead of its files; the kept one is 永久.
  auto page = web.Get("/items/" + PathSegment(f.public_item));
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->body.find("已销毁") != std::string::npos);
  CHECK(page->body.find(">" + list_danghao + "</a>") != std::string::npos);
  CHECK(page->body.find("iframe class=\"viewer\"") == std::string::npos);
  CHECK(page->body.find("/files/1") == std::string::npos);
  CHECK(page->body.find("下载利用副本") == std::string::npos);
  Json kept = JsonBody(web.Get("/api/items/" + PathSegment(f.internal_item)));
  CHECK(kept["保管期限"] == "Y");
  // Nothing more to do once destroyed.
  r = web.PostJson(base + "/destroy", "{}");
  REQUIRE(r);
  CHECK(r->status == 422);
}

TEST_CASE("the appraisal pages work by plain form posts and show each refusal next to its step",
          "[appraisals][server]") {
  ServerFixture f("appraisal_pages");
  WebClient web(f.port);
  REQUIRE(web.Login("档案机密") == 200);
  // A held item is listed as due but cannot be ticked.
  auto r = web.PostJson("/api/items/" + PathSegment(f.internal_item) + "/hold",
                        R"({"hold":true,"reason":"审计检查中"})");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  auto page = web.Get("/appraisals?as_of=2026-12-01");
  REQUIRE(page);
  REQUIRE(page->status == 200);
  CHECK(page->body.find("保管期限已满 <strong>3</strong> 件，其中 2 件可以列入鉴定") !=
        std::string::npos);
  CHECK(page->body.find("value=\"" + f.secret_item + "\"") != std::string::npos);
  CHECK(page->body.find("value=\"" + f.internal_item + "\"") == std::string::npos);
  CHECK(page->body.find("title=\"审计检查中\">已冻结") != std::string::npos);
  CHECK(page->body.find("尚无鉴定") != std::string::npos);

  // Nothing ticked: refused, and nothing started.
  r = PostForm(web, "/appraisals", {{"name", "空的鉴定"}, {"as_of", "2026-12-01"}});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("请勾选要鉴定的档案") != std::string::npos);
  CHECK(JsonBody(web.Get("/api/appraisals"))["appraisals"].empty());

  r = PostForm(web, "/appraisals",
               {{"name", "2026年第1次鉴定"},
                {"as_of", "2026-12-01"},
                {"danghao", f.public_item},
                {"danghao", f.secret_item}});
  REQUIRE(r);
  INFO(r->body);
  REQUIRE(r->status == 303);
  const std::string url =
      r->get_header_value("Location").substr(0, r->get_header_value("Location").find('?'));
  REQUIRE(url.rfind("/appraisals/", 0) == 0);
  // A hold placed after the start: shown, and 拟销毁 no longer offered for it.
  r = web.PostJson("/api/items/" + PathSegment(f.secret_item) + "/hold",
                   R"({"hold":true,"reason":"合同纠纷诉讼未结"})");
  REQUIRE(r);
  REQUIRE(r->status == 200);
  page = web.Get(url);
  REQUIRE(page);
  CHECK(page->body.find("鉴定中") != std::string::npos);
  // The held item's 拟销毁 is disabled; the others' are not. The later steps are greyed out.
  const size_t held = page->body.find("value=\"" + f.secret_item + "\"");
  REQUIRE(held != std::string::npos);
  const size_t held_button = page->body.find("value=\"拟销毁\"", held);
  REQUIRE(held_button != std::string::npos);
  CHECK(page->body.substr(held_button, 80).find("disabled") != std::string::npos);
  const size_t open = page->body.find("value=\"" + f.public_item + "\"");
  REQUIRE(open != std::string::npos);
  const size_t open_button = page->body.find("value=\"拟销毁\"", open);
  REQUIRE(open_button != std::string::npos);
  CHECK(page->body.substr(open_button, 40).find("disabled") == std::string::npos);
  CHECK(page->body.find(
            "<fieldset disabled class=\"span step-fields\"><p class=\"hint span\">两名监销人") !=
        std::string::npos);

  // 拟销毁 for the held item anyway: refused next to its row, naming it.
  r = PostForm(web, url + "/decide", {{"danghao", f.secret_item}, {"decision", "拟销毁"}});
  REQUIRE(r);
  CHECK(r->status == 422);
  const size_t row = r->body.find("value=\"" + f.secret_item + "\"");
  const size_t problem = r->body.find("<p class=\"problem\" role=\"alert\">", row);
  REQUIRE(problem != std::string::npos);
  CHECK(r->body.substr(problem, r->body.find("</p>", problem) - problem).find(f.secret_item) !=
        std::string::npos);

  r = PostForm(web, url + "/decide",
               {{"danghao", f.secret_item},
                {"decision", "续存"},
                {"new_retention", "D30"},
                {"reason", "诉讼未结，需继续保存"},
                {"row", "2"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  CHECK(r->get_header_value("Location").find("#item-2") != std::string::npos);
  r = PostForm(web, url + "/decide",
               {{"danghao", f.public_item},
                {"decision", "拟销毁"},
                {"new_retention", "Y"},
                {"reason", "重复件"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  r = PostForm(web, url + "/opinion",
               {{"group_members", "张三、李四、王五"}, {"group_opinion", "同意销毁"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  // The leader refuses: back to 鉴定中, then the opinion again and the approval.
  r = PostForm(web, url + "/approve",
               {{"approver", "王总"}, {"approve", "0"}, {"approval_opinion", "请再核对"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  CHECK(r->get_header_value("Location").find("done=refuse") != std::string::npos);
  CHECK(JsonBody(web.Get("/api" + url))["state"] == "鉴定中");
  page = web.Get(url);
  CHECK(page->body.find("上次报批未获批准") != std::string::npos);
  CHECK(page->body.find("请再核对") != std::string::npos);
  r = PostForm(web, url + "/opinion",
               {{"group_members", "张三、李四、王五"}, {"group_opinion", "复核后仍同意销毁"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  r = PostForm(web, url + "/approve",
               {{"approver", "王总"}, {"approve", "1"}, {"approval_opinion", "同意"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  page = web.Get(url);
  CHECK(page->body.find("待监销") != std::string::npos);
  CHECK(page->body.find("<dt>批准人</dt><dd>王总</dd>") != std::string::npos);

  // The approver as a 监销人: refused inside the witness step, with what was typed kept.
  r = PostForm(web, url + "/witness",
               {{"witness1", "王总"},
                {"witness2", "赵六"},
                {"method", "粉碎"},
                {"place", "公司档案室"},
                {"witnessed_at", "2026-12-04T10:30"}});
  REQUIRE(r);
  CHECK(r->status == 422);
  const size_t step = r->body.find("id=\"step-witness\"");
  const size_t alert = r->body.find("notice error", step);
  REQUIRE(step != std::string::npos);
  REQUIRE(alert != std::string::npos);
  CHECK(alert < r->body.find("id=\"step-destroy\""));
  CHECK(r->body.substr(alert, 400).find("王总") != std::string::npos);
  CHECK(r->body.find("value=\"公司档案室\"") != std::string::npos);
  r = PostForm(web, url + "/witness",
               {{"witness1", "赵六"},
                {"witness2", "钱七"},
                {"method", "粉碎"},
                {"place", "公司档案室"},
                {"witnessed_at", "2026-12-04T10:30"}});
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 303);
  page = web.Get(url);
  CHECK(page->body.find("销毁 1 件") != std::string::npos);

  // Without ticking the confirmation nothing is destroyed.
  r = PostForm(web, url + "/destroy", {});
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(r->body.find("确认销毁") != std::string::npos);
  CHECK(JsonBody(web.Get("/api" + url))["state"] == "待销毁");
  r = PostForm(web, url + "/destroy", {{"confirm", "1"}});
  REQUIRE(r);
  CHECK(r->status == 303);
  page = web.Get(url);
  CHECK(page->body.find("已销毁 1 件") != std::string::npos);
  const Json done = JsonBody(web.Get("/api" + url));
  const std::string list_danghao = done["清册档号"];
  CHECK(page->body.find(">" + list_danghao + "</a>") != std::string::npos);
  page = web.Get("/appraisals");
  CHECK(page->body.find(list_danghao) != std::string::npos);
  // The destroyed item is no longer offered for appraisal.
  CHECK(page->body.find("value=\"" + f.public_item + "\"") == std::string::npos);
}

}  // namespace
}  // namespace dangan::test
