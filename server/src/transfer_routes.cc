// 开放审核 and transfer (issue 17 §2) on the desk: the JSON API under /api/open-review… and the
// pages under /open-review…. An archivist sees the items whose 年度 has passed 25 years
// (档案法 2020 第二十七条), ticks some and records 开放 or 控制 with a reason; the decided ones
// are listed with their decision, and the register (GD-06) can be seen at any time. Every route
// goes through the jobs (dangan/jobs/transfer.h, open_review.h), as `dangan open-review` does,
// so the rules hold here because the jobs hold them. Every page works without script: plain
// form posts with csrf.
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/accounts/roles.h"
#include "dangan/jobs/open_review.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/scratch.h"
#include "dangan/jobs/transfer.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {
namespace {

using accounts::Action;
using jobs::Json;

std::string Param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

std::string Attr(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + HtmlEscape(value) + "\"";
}

void SendErrorPage(httplib::Response& res, int status, const Session* session,
                   const std::string& detail = "") {
  Core::SendHtml(res, status, html::ErrorPage(status, session, detail));
}

void SeeOther(httplib::Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
}

// The session when the role allows `action`: Core::Require answers a missing session and a bad
// CSRF token; a role that may not gets the desk's 403 page with its navigation.
std::optional<Session> RequirePage(Core& core, const httplib::Request& req, httplib::Response& res,
                                   Action action, const char* what) {
  std::optional<Session> session = core.Require(req, res);
  if (session && !accounts::Allows(session->account.role, action)) {
    SendErrorPage(res, 403, &*session,
                  std::string("您的角色（") + accounts::RoleName(session->account.role) + "）不能" +
                      what + "；这是档案员的工作。");
    return std::nullopt;
  }
  return session;
}

// Every parameter a page reads, checked once: a bad one is a 400 page, never passed on.
bool CleanParams(const httplib::Request& req, httplib::Response& res, const Session& session) {
  for (const auto& [name, value] : req.params) {
    Status s = CheckParameter(name, value);
    if (!s.ok()) {
      SendErrorPage(res, 400, &session, s.message());
      return false;
    }
  }
  return true;
}

// A member that must be text when present: 422 naming it otherwise.
bool TextMember(const Json& body, const char* name, httplib::Response& res, std::string* out) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) {
    Core::SendJson(res, 422, OneProblem("invalid_data", "应为文本", name));
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

// A member that must be a list of text when present: 422 naming it otherwise.
bool TextListMember(const Json& body, const char* name, httplib::Response& res,
                    std::vector<std::string>* out) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return true;
  bool strings = it->is_array();
  for (const Json& v : *it) {
    if (!strings || !v.is_string()) {
      strings = false;
      break;
    }
    out->push_back(v.get<std::string>());
  }
  if (!strings)
    Core::SendJson(res, 422, OneProblem("invalid_data", "应为档号的列表（文本数组）", name));
  return strings;
}

// Sends a generated file: PDF shown in the browser, XLSX downloaded.
void SendDocument(httplib::Response& res, const std::string& bytes, const std::string& name,
                  const std::string& format) {
  const bool pdf = format == "pdf";
  res.set_header("Content-Disposition", std::string(pdf ? "inline" : "attachment") +
                                            "; filename*=UTF-8''" + html::UrlEncode(name));
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(bytes, pdf ? "application/pdf"
                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

// ---- 开放审核 ---------------------------------------------------------------------------

constexpr char kOpenReviewWhat[] = "进行开放审核";

// The review date of a request: as_of as typed ("" = today), as YYYY-MM-DD; "" when invalid.
std::string ReviewDay(const std::string& typed) {
  const std::string t = Trim(typed);
  return t.empty() ? jobs::Today() : NormalizeDate(t);
}

std::string OpenReviewUrl(const std::string& as_of) {
  return "/open-review?as_of=" + html::UrlEncode(as_of);
}

void RegisterOpenReviewApi(Core& core) {
  httplib::Server& http = core.http();
  // ?as_of=YYYY-MM-DD&all=1: the items due (all: decided ones too).
  http.Get("/api/open-review", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kOpenReview);
    if (!session) return;
    for (const char* name : {"as_of", "all"}) {
      Status s = CheckParameter(name, Param(req, name));
      if (!s.ok())
        return Core::SendJson(res, 400, OneProblem("invalid_parameter", s.message(), name));
    }
    std::vector<ItemRecord> items;
    Status s = jobs::ListOpenReviewDue(core.ContextFor(*session), Param(req, "as_of"),
                                       Param(req, "all") == "1", &items);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json list = Json::array();
    for (const ItemRecord& item : items) list.push_back(jobs::OpenReviewItemJson(item));
    Core::SendJson(res, 200, {{"as_of", ReviewDay(Param(req, "as_of"))}, {"items", list}});
  });

  // {"items": [档号 …], "status": 开放|控制, "reason"}: every item checked first, then decided.
  http.Post("/api/open-review/decide", [&core](const httplib::Request& req,
                                               httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kOpenReview);
    Json body;
    if (!session || !JsonObjectBody(req, res, &body, /*untyped_is_json=*/true)) return;
    std::vector<std::string> items;
    std::string status, reason;
    if (!TextListMember(body, "items", res, &items) || !TextMember(body, "status", res, &status) ||
        !TextMember(body, "reason", res, &reason)) {
      return;
    }
    std::vector<ItemRecord> decided;
    Status s = jobs::DecideOpenItems(core.ContextFor(*session), items, status, reason, &decided);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json list = Json::array();
    for (const ItemRecord& item : decided) list.push_back(jobs::OpenReviewItemJson(item));
    Core::SendJson(res, 200, {{"decided", list}});
  });
}

struct Refusal {
  Status status = Status::Ok();
  const httplib::Request* posted = nullptr;
  std::string Value(const std::string& name) const {
    return posted && posted->has_param(name) ? posted->get_param_value(name) : std::string();
  }
};

std::string ItemCells(const ItemRecord& item) {
  return "<td class=\"nowrap\"><a class=\"danghao\" href=\"" + html::ItemUrl(item.danghao) + "\">" +
         HtmlEscape(item.danghao) + "</a></td><td>" + HtmlEscape(item.title) + "</td><td>" +
         std::to_string(item.year) + "</td><td class=\"nowrap\">" + HtmlEscape(item.secrecy) +
         "</td>";
}

std::string DueSection(const Session& session, const std::string& day,
                       const std::vector<const ItemRecord*>& due, const Refusal& refusal) {
  std::string body = "<section aria-labelledby=\"due-h\"><h2 id=\"due-h\">待审核</h2>\n" +
                     html::ProblemList(refusal.status);
  if (due.empty()) {
    return body + "<p class=\"empty\">截至 " + HtmlEscape(day) +
           " 没有待审核的档案（年度已满二十五年的档案都已审核）。</p>\n</section>\n";
  }
  std::set<std::string> checked;
  if (refusal.posted) {
    const size_t n = refusal.posted->get_param_value_count("danghao");
    for (size_t i = 0; i < n; ++i) checked.insert(refusal.posted->get_param_value("danghao", i));
  }
  std::string rows;
  for (size_t i = 0; i < due.size(); ++i) {
    const ItemRecord& item = *due[i];
    const std::string id = "due-" + std::to_string(i);
    rows += "<tr><td class=\"pick\"><input type=\"checkbox\" name=\"danghao\"" + Attr("id", id) +
            Attr("value", item.danghao) + (checked.count(item.danghao) ? " checked" : "") +
            "><label class=\"visually-hidden\"" + Attr("for", id) + ">选择 " +
            HtmlEscape(item.danghao) + "</label></td>" + ItemCells(item) + "<td class=\"nowrap\">" +
            jobs::OpenReviewDueOn(item.year) + "</td></tr>\n";
  }
  const std::string status = refusal.Value("status");
  body += "<p class=\"count\">截至 " + HtmlEscape(day) +
          " 年度已满二十五年、尚未审核的档案 <strong>" + std::to_string(due.size()) +
          "</strong> 件。</p>\n";
  body += "<form method=\"post\" action=\"/open-review/decide\" class=\"open-decide\">" +
          html::CsrfField(session) + "<input type=\"hidden\" name=\"as_of\"" + Attr("value", day) +
          ">\n<div class=\"table-scroll\"><table class=\"list due\"><thead><tr><th "
          "scope=\"col\"><span class=\"visually-hidden\">选择</span></th><th "
          "scope=\"col\">档号</th><th scope=\"col\">题名</th><th scope=\"col\">年度</th><th "
          "scope=\"col\">密级</th><th scope=\"col\">满二十五年</th></tr></thead><tbody>\n" +
          rows +
          "</tbody></table></div>\n<fieldset class=\"open-fields\"><legend>审核结论（对勾选的档案）"
          "</legend><label><input type=\"radio\" name=\"status\" value=\"开放\"" +
          (status == "控制" ? "" : " checked") +
          "> 开放</label><label><input type=\"radio\" name=\"status\" value=\"控制\"" +
          (status == "控制" ? " checked" : "") +
          "> 控制</label><label for=\"open-reason\">理由</label><input id=\"open-reason\" "
          "name=\"reason\" maxlength=\"60\" placeholder=\"控制使用须写明理由，如涉及商业秘密\"" +
          Attr("value", refusal.Value("reason")) +
          "><button type=\"submit\" class=\"primary\">记录审核结论</button></fieldset></form>\n";
  return body + "</section>\n";
}

std::string DecidedSection(const std::string& day, const std::vector<const ItemRecord*>& decided) {
  std::string body = "<section aria-labelledby=\"decided-h\"><h2 id=\"decided-h\">已审核</h2>\n";
  if (decided.empty()) return body + "<p class=\"empty\">尚无审核结论。</p>\n</section>\n";
  std::string rows;
  size_t controlled = 0;
  for (const ItemRecord* item : decided) {
    const bool control = item->open_status == jobs::kOpenStatusControlled;
    controlled += control;
    rows += "<tr>" + ItemCells(*item) + "<td><strong class=\"" +
            std::string(control ? "open-controlled" : "open-open") + "\">" +
            HtmlEscape(item->open_status) + "</strong></td><td>" + HtmlEscape(item->open_reason) +
            "</td><td class=\"nowrap\">" + HtmlEscape(item->open_reviewed_at) + "</td><td>" +
            HtmlEscape(item->open_reviewed_by) + "</td></tr>\n";
  }
  body += "<p class=\"count\">已审核 <strong>" + std::to_string(decided.size()) +
          "</strong> 件：开放 " + std::to_string(decided.size() - controlled) + " 件，控制 " +
          std::to_string(controlled) +
          " 件。再次勾选审核可改变结论，审计日志记下前后两次。</p>\n"
          "<div class=\"table-scroll\"><table class=\"list decided\"><thead><tr><th "
          "scope=\"col\">档号</th><th scope=\"col\">题名</th><th scope=\"col\">年度</th><th "
          "scope=\"col\">密级</th><th scope=\"col\">结论</th><th scope=\"col\">理由</th><th "
          "scope=\"col\">审核日期</th><th scope=\"col\">审核人</th></tr></thead><tbody>\n" +
          rows + "</tbody></table></div>\n";
  body += "<p class=\"actions\"><a class=\"button\" href=\"/open-review/register.pdf?as_of=" +
          html::UrlEncode(day) + "\">开放审核登记表（PDF）</a> <a class=\"button\" " +
          "href=\"/open-review/register.xlsx?as_of=" + html::UrlEncode(day) +
          "\">下载 XLSX</a></p>\n";
  return body + "</section>\n";
}

void RenderOpenReview(Core& core, const Session& session, const std::string& typed_day,
                      const std::string& done, const Refusal& refusal, int status,
                      httplib::Response& res) {
  std::string body =
      "<h1>开放审核</h1>\n<p class=\"lead\">档案自形成之日起满二十五年向社会开放（《档案法》"
      "2020年修订第二十七条）。移交档案馆前，对年度已满二十五年的档案逐件审核：可以开放的定为"
      "“开放”，不宜开放的定为“控制”并写明理由。结论记入档案目录，随档案一并移交。</p>\n";
  if (!done.empty()) body += html::Notice("ok", done);
  std::string day = ReviewDay(typed_day);
  if (day.empty()) {
    body += html::Notice("error", "「" + typed_day + "」不是有效日期");
    day = jobs::Today();
  }
  body +=
      "<form method=\"get\" action=\"/open-review\" class=\"inline due-date\"><label "
      "for=\"review-as-of\">截至</label><input id=\"review-as-of\" name=\"as_of\" "
      "type=\"date\"" +
      Attr("value", day) + "><button type=\"submit\">查看</button></form>\n";
  std::vector<ItemRecord> items;
  Status s =
      jobs::ListOpenReviewDue(core.ContextFor(session), day, /*include_decided=*/true, &items);
  if (!s.ok()) {
    body += html::ProblemList(s);
  } else {
    std::vector<const ItemRecord*> due, decided;
    for (const ItemRecord& item : items)
      (item.open_status.empty() ? due : decided).push_back(&item);
    body += DueSection(session, day, due, refusal) + DecidedSection(day, decided);
  }
  Core::SendHtml(res, status, html::Page("开放审核", &session, "/open-review", body));
}

void OpenReviewPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session =
      RequirePage(core, req, res, Action::kOpenReview, kOpenReviewWhat);
  if (!session || !CleanParams(req, res, *session)) return;
  std::string done;
  if (Param(req, "done") == "decide") {
    done = "已记录 " + Param(req, "n") + " 件档案的审核结论“" + Param(req, "status") + "”。";
  }
  RenderOpenReview(core, *session, Param(req, "as_of"), done, Refusal{}, 200, res);
}

void DecidePost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session =
      RequirePage(core, req, res, Action::kOpenReview, kOpenReviewWhat);
  if (!session || !CleanParams(req, res, *session)) return;
  std::vector<std::string> danghaos;
  const size_t n = req.get_param_value_count("danghao");
  for (size_t i = 0; i < n; ++i) danghaos.push_back(req.get_param_value("danghao", i));
  Status s = danghaos.empty()
                 ? Status::InvalidArgument("请勾选要审核的档案")
                 : jobs::DecideOpenItems(core.ContextFor(*session), danghaos, Param(req, "status"),
                                         Param(req, "reason"), nullptr);
  if (s.ok()) {
    const std::string word = Trim(Param(req, "status")) == jobs::kOpenStatusControlled
                                 ? jobs::kOpenStatusControlled
                                 : jobs::kOpenStatusOpen;
    return SeeOther(res, OpenReviewUrl(Param(req, "as_of")) + "&done=decide&n=" +
                             std::to_string(danghaos.size()) + "&status=" + html::UrlEncode(word));
  }
  RenderOpenReview(core, *session, Param(req, "as_of"), "", Refusal{s, &req}, Core::HttpStatusOf(s),
                   res);
}

// The register as it stands, PDF (shown in the browser) or XLSX (downloaded).
void RegisterDocument(Core& core, const httplib::Request& req, httplib::Response& res,
                      const std::string& format) {
  std::optional<Session> session =
      RequirePage(core, req, res, Action::kOpenReview, kOpenReviewWhat);
  if (!session || !CleanParams(req, res, *session)) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  jobs::ScratchDir scratch(ctx.archive_dir);
  Status s = scratch.status();
  GeneratedDocument doc;
  const std::string base = scratch.path() + "/register";
  if (s.ok()) s = jobs::RenderOpenReviewRegister(ctx, Param(req, "as_of"), base, &doc);
  std::string path = base + "." + format, bytes;
  for (const GeneratedFile& f : doc.files) {
    if (f.format == format) path = f.path;
  }
  if (s.ok()) s = jobs::ReadWholeFile(path, &bytes);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), &*session, s.message());
  SendDocument(res, bytes, "开放审核登记表-" + ReviewDay(Param(req, "as_of")) + "." + format,
               format);
}

void RegisterOpenReviewPages(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  http.Get("/open-review", [c](const httplib::Request& req, httplib::Response& res) {
    OpenReviewPage(*c, req, res);
  });
  http.Post("/open-review/decide",
            [c](const httplib::Request& req, httplib::Response& res) { DecidePost(*c, req, res); });
  for (const char* format : {"pdf", "xlsx"}) {
    const std::string f = format;
    http.Get("/open-review/register\\." + f,
             [c, f](const httplib::Request& req, httplib::Response& res) {
               RegisterDocument(*c, req, res, f);
             });
  }
}

}  // namespace

void RegisterTransferRoutes(Core& core) {
  RegisterOpenReviewApi(core);
  RegisterOpenReviewPages(core);
}

}  // namespace dangan::server
