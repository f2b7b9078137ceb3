// Appraisal and destruction (鉴定与销毁, issue 16) on the desk: the JSON API under /api/appraisals
// and the pages under /appraisals. An archivist starts an appraisal of items due, decides each
// (续存 or 拟销毁), and records in order the group's opinion, the leader's approval, the two
// 监销人 and the destruction; the 销毁清册 can be seen at any step. Every route goes through
// dangan/jobs/destruction.h, as `dangan appraisal` does, so the rules (order of the steps, holds,
// two different witnesses, neither the approver) hold here because the jobs hold them; the pages
// only show which step comes next. Every page works without script: plain form posts with csrf.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/accounts/roles.h"
#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/destruction.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/scratch.h"
#include "dangan/records/retention.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {
namespace {

using accounts::Action;
using jobs::Appraisal;
using jobs::AppraisalItem;
using jobs::Json;

// The ways of destroying GB/T 18894 and the contract name; the job checks the word.
constexpr const char* kMethods[] = {"粉碎", "焚烧", "化浆", "删除电子文件", "其他"};

// An appraisal's id as a path segment: digits only (the routes' pattern), at most 18 of them so
// that it fits an int64.
constexpr char kIdPattern[] = R"((\d{1,18}))";

std::string Param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

std::string Attr(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + HtmlEscape(value) + "\"";
}

std::string PeriodLabel(const std::string& code) {
  std::optional<Retention> r = ParseRetentionCode(code);
  return r ? RetentionName(*r) : code;
}

std::string AppraisalUrl(int64_t id) { return "/appraisals/" + std::to_string(id); }

int64_t IdOf(const httplib::Request& req) { return std::stoll(req.matches[1].str()); }

// 2026-12-04T17:30:51+08:00 as a clerk reads it: 2026-12-04 17:30.
std::string Minute(const std::string& at) {
  if (at.size() < 16 || at[10] != 'T') return at;
  return at.substr(0, 10) + " " + at.substr(11, 5);
}

bool Finished(const std::string& state) {
  return state == jobs::kAppraisalDestroyed || state == jobs::kAppraisalKept;
}

// ---- API ---------------------------------------------------------------------------------

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

// The appraisal as it now stands, after a step: what the page or the script shows next.
void SendAppraisal(const jobs::JobContext& ctx, int64_t id, int status, httplib::Response& res) {
  Appraisal a;
  Status s = jobs::ReadAppraisal(ctx, id, &a);
  if (!s.ok()) return Core::SendProblems(res, s);
  Core::SendJson(res, status, jobs::AppraisalJson(a));
}

// POST /api/appraisals/{id}/STEP: the session with 鉴定 allowed and CSRF, the body as an object.
std::optional<Session> StepRequest(Core& core, const httplib::Request& req, httplib::Response& res,
                                   Json* body) {
  std::optional<Session> session = core.Require(req, res, Action::kAppraise);
  if (!session || !JsonObjectBody(req, res, body, /*untyped_is_json=*/true)) return std::nullopt;
  return session;
}

void RegisterApiRoutes(Core& core) {
  httplib::Server& http = core.http();
  const std::string one = std::string("/api/appraisals/") + kIdPattern;

  http.Get("/api/appraisals", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kAppraise);
    if (!session) return;
    std::vector<Appraisal> list;
    Status s = jobs::ListAppraisals(core.ContextFor(*session), &list);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json out = Json::array();
    for (const Appraisal& a : list) out.push_back(jobs::AppraisalJson(a));
    Core::SendJson(res, 200, {{"appraisals", out}});
  });

  // {"name", "as_of", "items": [档号 …]}; no items: every item due and in no open appraisal.
  http.Post("/api/appraisals", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, &body);
    if (!session) return;
    std::string name, as_of;
    if (!TextMember(body, "name", res, &name) || !TextMember(body, "as_of", res, &as_of)) return;
    std::vector<std::string> danghaos;
    if (body.contains("items") && !body["items"].is_null()) {
      const Json& items = body["items"];
      bool strings = items.is_array();
      for (const Json& d : items) {
        if (!strings || !d.is_string()) {
          strings = false;
          break;
        }
        danghaos.push_back(d.get<std::string>());
      }
      if (!strings) {
        return Core::SendJson(res, 422,
                              OneProblem("invalid_data", "应为档号的列表（文本数组）", "items"));
      }
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    Appraisal started;
    Status s = jobs::StartAppraisal(ctx, name, as_of, danghaos, &started);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendAppraisal(ctx, started.id, 201, res);
  });

  http.Get(one, [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kAppraise);
    if (!session) return;
    SendAppraisal(core.ContextFor(*session), IdOf(req), 200, res);
  });

  // {"档号", "decision": 续存|拟销毁, "new_retention", "reason"}
  http.Post(one + "/decide", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, &body);
    if (!session) return;
    std::string danghao, decision, retention, reason;
    if (!TextMember(body, "档号", res, &danghao) || !TextMember(body, "decision", res, &decision) ||
        !TextMember(body, "new_retention", res, &retention) ||
        !TextMember(body, "reason", res, &reason)) {
      return;
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::DecideItem(ctx, IdOf(req), danghao, decision, retention, reason);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendAppraisal(ctx, IdOf(req), 200, res);
  });

  // {"group_members", "group_opinion"}
  http.Post(one + "/opinion", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, &body);
    if (!session) return;
    std::string members, opinion;
    if (!TextMember(body, "group_members", res, &members) ||
        !TextMember(body, "group_opinion", res, &opinion)) {
      return;
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::RecordGroupOpinion(ctx, IdOf(req), members, opinion);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendAppraisal(ctx, IdOf(req), 200, res);
  });

  // {"approver", "approve": true|false, "approval_opinion"}
  http.Post(one + "/approve", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, &body);
    if (!session) return;
    std::string approver, opinion;
    if (!TextMember(body, "approver", res, &approver) ||
        !TextMember(body, "approval_opinion", res, &opinion)) {
      return;
    }
    if (!body.contains("approve") || !body["approve"].is_boolean()) {
      return Core::SendJson(
          res, 422, OneProblem("invalid_data", "应为 true（批准）或 false（不批准）", "approve"));
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s =
        jobs::ApproveDestruction(ctx, IdOf(req), approver, body["approve"].get<bool>(), opinion);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendAppraisal(ctx, IdOf(req), 200, res);
  });

  // {"witness1", "witness2", "method", "place", "witnessed_at"}
  http.Post(one + "/witness", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, &body);
    if (!session) return;
    std::string w1, w2, method, place, at;
    if (!TextMember(body, "witness1", res, &w1) || !TextMember(body, "witness2", res, &w2) ||
        !TextMember(body, "method", res, &method) || !TextMember(body, "place", res, &place) ||
        !TextMember(body, "witnessed_at", res, &at)) {
      return;
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::RecordWitnesses(ctx, IdOf(req), w1, w2, method, place, at);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendAppraisal(ctx, IdOf(req), 200, res);
  });

  http.Post(one + "/destroy", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, &body);
    if (!session) return;
    const jobs::JobContext ctx = core.ContextFor(*session);
    jobs::DestructionResult result;
    Status s = jobs::Destroy(ctx, IdOf(req), &result);
    if (!s.ok()) return Core::SendProblems(res, s);
    Appraisal a;
    s = jobs::ReadAppraisal(ctx, IdOf(req), &a);
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200,
                   {{"destroyed", result.destroyed},
                    {"files_removed", result.files_removed},
                    {"files_kept", result.files_kept},
                    {"bytes_removed", result.bytes_removed},
                    {"清册档号", result.list_item.danghao},
                    {"url", html::ItemUrl(result.list_item.danghao)},
                    {"appraisal", jobs::AppraisalJson(a)}});
  });
}

// ---- pages -------------------------------------------------------------------------------

void SendErrorPage(httplib::Response& res, int status, const Session* session,
                   const std::string& detail = "") {
  Core::SendHtml(res, status, html::ErrorPage(status, session, detail));
}

void SeeOther(httplib::Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
}

// The session when the role may appraise: Core::Require answers a missing session and a bad
// CSRF token; a role that may not gets the desk's 403 page with its navigation.
std::optional<Session> RequirePage(Core& core, const httplib::Request& req,
                                   httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res);
  if (session && !accounts::Allows(session->account.role, Action::kAppraise)) {
    SendErrorPage(res, 403, &*session,
                  std::string("您的角色（") + accounts::RoleName(session->account.role) +
                      "）不能进行鉴定和销毁；这是档案员的工作。");
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

// A step refused by the job: shown next to that step (or that item's row) with what was typed.
struct Refusal {
  std::string step;  // start, decide, opinion, approve, witness, destroy
  std::string danghao;
  Status status = Status::Ok();
  const httplib::Request* posted = nullptr;

  std::string Value(const std::string& step_name, const std::string& name,
                    const std::string& fallback = "") const {
    if (step != step_name || !posted || !posted->has_param(name)) return fallback;
    return posted->get_param_value(name);
  }
  std::string ProblemsAt(const std::string& step_name) const {
    return step == step_name && !status.ok() ? html::ProblemList(status) : std::string();
  }
};

std::string DoneMessage(const std::string& done) {
  static const std::map<std::string, std::string> kDone = {
      {"start", "已开始鉴定。请对每件档案作出决定：续存（延长保管期限）或拟销毁。"},
      {"decide", "已记录决定。"},
      {"opinion", "已记录鉴定小组意见。"},
      {"approve", "已记录批准。"},
      {"refuse", "领导未批准，鉴定退回“鉴定中”：请修改决定后重新记录小组意见。"},
      {"witness", "已记录监销人。"},
      {"destroy", "已销毁，销毁清册已归档为永久档案。"}};
  auto it = kDone.find(done);
  return it == kDone.end() ? std::string() : html::Notice("ok", it->second);
}

// The step an appraisal waits for: 0 decisions and the group's opinion, 1 approval,
// 2 witnesses, 3 destruction, 4 done.
int Stage(const Appraisal& a) {
  if (a.state == jobs::kAppraisalOpinion) return 1;
  if (a.state == jobs::kAppraisalApproved) return 2;
  if (a.state == jobs::kAppraisalWitnessed) return 3;
  if (a.state == jobs::kAppraisalDestroyed || a.state == jobs::kAppraisalKept) return 4;
  return 0;
}

std::string StateTag(const std::string& state) {
  const char* kind = state == jobs::kAppraisalDestroyed ? "destroyed"
                     : state == jobs::kAppraisalKept    ? "kept"
                     : state == jobs::kAppraisalOpen    ? "open"
                                                        : "waiting";
  return std::string("<span class=\"state state-") + kind + "\">" + HtmlEscape(state) + "</span>";
}

// ---- the list of appraisals and the items due ----

std::string DefaultName(const std::vector<Appraisal>& list) {
  const std::string year = jobs::Today().substr(0, 4);
  int n = 1;
  for (const Appraisal& a : list) n += a.created_at.rfind(year, 0) == 0 ? 1 : 0;
  return year + "年第" + std::to_string(n) + "次鉴定";
}

void RenderList(Core& core, const Session& session, const httplib::Request& req,
                const Refusal& refusal, int status, httplib::Response& res) {
  const jobs::JobContext ctx = core.ContextFor(session);
  std::string as_of = Trim(refusal.Value("start", "as_of", Param(req, "as_of")));
  std::string body =
      "<h1>鉴定销毁</h1>\n<p "
      "class=\"lead\">保管期限已满的档案逐件鉴定：仍有保存价值的续存（延长保管"
      "期限），确无保存价值的拟销毁，编入销毁清册。销毁须依次经鉴定小组意见、领导批准、两名监销人"
      "监销，清册与审批记录作为永久档案归档（《档案法》第二十一条，GB/T 18894-2016）。</p>\n";
  if (as_of.empty()) {
    as_of = jobs::Today();
  } else if (const std::string iso = NormalizeDate(as_of); iso.empty()) {
    body += html::Notice("error", "「" + as_of + "」不是有效日期");
    as_of = jobs::Today();
  } else {
    as_of = iso;
  }
  if (refusal.step == "start") body += html::ProblemList(refusal.status);

  // The appraisals, newest first; the items of those not finished cannot join another one.
  std::vector<Appraisal> list;
  Status s = jobs::ListAppraisals(ctx, &list);
  std::map<std::string, const Appraisal*> busy;
  std::vector<Appraisal> open;
  body += "<section aria-labelledby=\"appraisals-h\"><h2 id=\"appraisals-h\">鉴定</h2>\n";
  if (!s.ok()) {
    body += html::ProblemList(s);
  } else if (list.empty()) {
    body +=
        "<p class=\"empty\">尚无鉴定。在下面的到期档案中勾选要鉴定的档案，开始第一次鉴定。</p>\n";
  } else {
    body +=
        "<table class=\"list appraisals\"><thead><tr><th scope=\"col\">鉴定</th>"
        "<th scope=\"col\">截至</th><th scope=\"col\">状态</th><th scope=\"col\">发起</th>"
        "<th scope=\"col\">销毁清册</th></tr></thead><tbody>\n";
    for (const Appraisal& a : list) {
      body += "<tr><td><a href=\"" + AppraisalUrl(a.id) + "\">" + HtmlEscape(a.name) +
              "</a></td><td class=\"nowrap\">" + HtmlEscape(a.as_of) + "</td><td>" +
              StateTag(a.state) + "</td><td>" + HtmlEscape(a.created_by) + " " +
              HtmlEscape(a.created_at.substr(0, 10)) + "</td><td class=\"nowrap\">" +
              (a.list_danghao.empty() ? std::string()
                                      : "<a href=\"" + html::ItemUrl(a.list_danghao) + "\">" +
                                            HtmlEscape(a.list_danghao) + "</a>") +
              "</td></tr>\n";
      if (!Finished(a.state)) {
        Appraisal full;
        if (jobs::ReadAppraisal(ctx, a.id, &full).ok()) open.push_back(std::move(full));
      }
    }
    body += "</tbody></table>\n";
  }
  for (const Appraisal& a : open) {
    for (const AppraisalItem& item : a.items) busy[item.danghao] = &a;
  }
  body += "</section>\n";

  body +=
      "<section aria-labelledby=\"due-h\"><h2 id=\"due-h\">到期档案</h2>\n"
      "<form method=\"get\" action=\"/appraisals\" class=\"inline due-date\"><label "
      "for=\"due-as-of\">截至</label><input id=\"due-as-of\" name=\"as_of\" type=\"date\"" +
      Attr("value", as_of) + "><button type=\"submit\">查看</button></form>\n";
  std::vector<ItemRecord> due;
  s = jobs::RetentionDue(ctx, as_of, &due);
  std::vector<const ItemRecord*> shown;
  for (const ItemRecord& item : due) {
    if (!item.destroyed) shown.push_back(&item);
  }
  if (!s.ok()) {
    body += html::ProblemList(s);
  } else if (shown.empty()) {
    body += "<p class=\"empty\">截至 " + HtmlEscape(as_of) + " 没有保管期限已满的档案。</p>\n";
  } else {
    std::set<std::string> checked;
    if (refusal.step == "start" && refusal.posted) {
      const size_t n = refusal.posted->get_param_value_count("danghao");
      for (size_t i = 0; i < n; ++i) checked.insert(refusal.posted->get_param_value("danghao", i));
    }
    size_t free = 0;
    std::string rows;
    for (size_t i = 0; i < shown.size(); ++i) {
      const ItemRecord& item = *shown[i];
      auto in = busy.find(item.danghao);
      const std::string id = "due-" + std::to_string(i);
      rows += "<tr><td class=\"pick\">";
      // The job refuses a held item at the start (a hold placed later shows in the appraisal).
      if (in == busy.end() && !item.hold) {
        ++free;
        rows += "<input type=\"checkbox\" name=\"danghao\"" + Attr("id", id) +
                Attr("value", item.danghao) + (checked.count(item.danghao) ? " checked" : "") + ">";
      }
      rows += "</td><td class=\"nowrap\"><label" + Attr("for", id) + "><span class=\"danghao\">" +
              HtmlEscape(item.danghao) + "</span></label></td><td><a href=\"" +
              html::ItemUrl(item.danghao) + "\">" + HtmlEscape(item.title) + "</a></td><td>" +
              std::to_string(item.year) + "</td><td class=\"nowrap\">" +
              HtmlEscape(PeriodLabel(item.retention)) + "</td><td>" +
              (item.hold ? "<span class=\"tag hold\" title=\"" + HtmlEscape(item.hold_reason) +
                               "\">已冻结</span>"
                         : std::string()) +
              "</td><td>" +
              (in == busy.end() ? std::string()
                                : "在 <a href=\"" + AppraisalUrl(in->second->id) + "\">" +
                                      HtmlEscape(in->second->name) + "</a> 中") +
              "</td></tr>\n";
    }
    body += "<p class=\"count\">截至 " + HtmlEscape(as_of) + " 保管期限已满 <strong>" +
            std::to_string(shown.size()) + "</strong> 件，其中 " + std::to_string(free) +
            " 件可以列入鉴定（冻结的档案解除冻结后方可鉴定）。</p>\n";
    body += "<form method=\"post\" action=\"/appraisals\" class=\"start-appraisal\">" +
            html::CsrfField(session) + "<input type=\"hidden\" name=\"as_of\"" +
            Attr("value", as_of) +
            ">\n<table class=\"list due\"><thead><tr><th scope=\"col\"><span "
            "class=\"visually-hidden\">选择</span></th><th scope=\"col\">档号</th>"
            "<th scope=\"col\">题名</th><th scope=\"col\">年度</th><th scope=\"col\">保管期限</th>"
            "<th scope=\"col\">冻结</th><th scope=\"col\">鉴定</th></tr></thead><tbody>\n" +
            rows + "</tbody></table>\n";
    if (free > 0) {
      body +=
          "<p class=\"start-fields\"><label for=\"start-name\">鉴定名称</label><input "
          "id=\"start-name\" name=\"name\" required maxlength=\"60\"" +
          Attr("value",
               refusal.Value("start", "name", s.ok() ? DefaultName(list) : std::string())) +
          "><button type=\"submit\" class=\"primary\">对勾选的档案开始鉴定</button>"
          "<button type=\"submit\" name=\"all\" value=\"1\">鉴定全部 " +
          std::to_string(free) + " 件未鉴定的档案</button></p>\n";
    }
    body += "</form>\n";
  }
  body += "</section>\n";
  Core::SendHtml(res, status, html::Page("鉴定销毁", &session, "/appraisals", body));
}

void ListPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  RenderList(core, *session, req, Refusal{}, 200, res);
}

void StartPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  std::vector<std::string> danghaos;
  const size_t n = req.get_param_value_count("danghao");
  for (size_t i = 0; i < n; ++i) danghaos.push_back(req.get_param_value("danghao", i));
  Status s = Status::Ok();
  // An empty batch means every item due to the job; on the page that takes the second button,
  // so that forgetting to tick anything never starts an appraisal of everything.
  if (danghaos.empty() && Param(req, "all") != "1") {
    s = Status::InvalidArgument("请勾选要鉴定的档案，或点“鉴定全部未鉴定的档案”");
  }
  if (Param(req, "all") == "1") danghaos.clear();
  Appraisal started;
  if (s.ok()) {
    s = jobs::StartAppraisal(core.ContextFor(*session), Trim(Param(req, "name")),
                             Trim(Param(req, "as_of")), danghaos, &started);
  }
  if (s.ok()) return SeeOther(res, AppraisalUrl(started.id) + "?done=start");
  RenderList(core, *session, req, Refusal{"start", "", s, &req}, Core::HttpStatusOf(s), res);
}

// ---- one appraisal ----

std::string Recorded(const std::vector<std::pair<const char*, std::string>>& rows) {
  std::string out = "<dl class=\"recorded\">";
  for (const auto& [label, value] : rows) {
    out += std::string("<div><dt>") + label + "</dt><dd>" + html::MultiLine(value) + "</dd></div>";
  }
  return out + "</dl>\n";
}

std::string StepHead(int n, const char* id, const char* title, int stage, int step) {
  const char* state = stage > step ? "done" : stage == step ? "current" : "todo";
  const char* word = stage > step ? "已完成" : stage == step ? "待办" : "尚未开始";
  return std::string("<section class=\"step step-") + state + "\" id=\"" + id +
         "\" aria-labelledby=\"" + id + "-h\"><h2 id=\"" + id + "-h\"><span class=\"step-no\">" +
         std::to_string(n) + "</span>" + title + " <span class=\"step-state\">" + word +
         "</span></h2>\n";
}

// The form of a step: enabled only when it is the next one; later ones greyed out (fieldset
// disabled) so that the archivist sees what comes, and the server refuses them anyway.
std::string StepForm(int64_t id, const Session& session, const char* action, bool enabled,
                     const std::string& fields) {
  return "<form method=\"post\" class=\"grid step-form\" action=\"" + AppraisalUrl(id) + "/" +
         action + "\">" + html::CsrfField(session) + "<fieldset" + (enabled ? "" : " disabled") +
         " class=\"span step-fields\">" + fields + "</fieldset></form>\n";
}

std::string Input(const std::string& id, const std::string& name, const std::string& label,
                  const std::string& value, const std::string& extra = "") {
  return "<label" + Attr("for", id) + ">" + label + "</label><input" + Attr("id", id) +
         Attr("name", name) + Attr("value", value) + extra + ">";
}

std::string ItemsSection(const Appraisal& a, const Session& session, const Refusal& refusal) {
  const bool deciding = a.state == jobs::kAppraisalOpen;
  size_t propose = 0, keep = 0, undecided = 0;
  for (const AppraisalItem& item : a.items) {
    if (item.decision == jobs::kDecisionDestroy) ++propose;
    if (item.decision == jobs::kDecisionKeep) ++keep;
    if (item.decision.empty()) ++undecided;
  }
  std::string body =
      "<section aria-labelledby=\"items-h\" id=\"items\"><h2 id=\"items-h\">鉴定的档案</h2>\n"
      "<p class=\"count decisions\">共 <strong>" +
      std::to_string(a.items.size()) + "</strong> 件：拟销毁 " + std::to_string(propose) +
      " 件，续存 " + std::to_string(keep) + " 件" +
      (undecided
           ? "，<strong class=\"undecided\">未决定 " + std::to_string(undecided) + " 件</strong>"
           : std::string()) +
      "。</p>\n";
  // A refusal about an item no longer in the list (or about none) still shows, above it.
  bool placed = false;
  std::string rows;
  for (size_t i = 0; i < a.items.size(); ++i) {
    const AppraisalItem& item = a.items[i];
    const std::string n = std::to_string(i + 1);
    rows += "<tr id=\"item-" + n + "\"" + (item.hold ? " class=\"held\"" : "") + "><td>" + n +
            "</td><td class=\"nowrap\"><a class=\"danghao\" href=\"" + html::ItemUrl(item.danghao) +
            "\">" + HtmlEscape(item.danghao) + "</a></td><td>" + HtmlEscape(item.title) +
            "</td><td>" + std::to_string(item.year) + "</td><td class=\"nowrap\">" +
            HtmlEscape(PeriodLabel(item.retention)) + "</td><td>" + std::to_string(item.pages) +
            "</td><td>" + (item.hold ? "<span class=\"tag hold\">已冻结</span>" : std::string()) +
            "</td><td class=\"decision\">";
    if (item.decision == jobs::kDecisionDestroy) {
      rows += a.state == jobs::kAppraisalDestroyed ? "<strong class=\"propose\">已销毁</strong>"
                                                   : "<strong class=\"propose\">拟销毁</strong>";
      if (!item.reason.empty())
        rows += "<br><span class=\"muted\">" + HtmlEscape(item.reason) + "</span>";
    } else if (item.decision == jobs::kDecisionKeep) {
      rows += "<strong class=\"keep\">续存</strong>为" +
              HtmlEscape(PeriodLabel(item.new_retention)) + "<br><span class=\"muted\">" +
              HtmlEscape(item.reason) + "</span>";
    } else {
      rows += "<span class=\"muted\">未决定</span>";
    }
    rows += "</td>";
    if (deciding) {
      const bool here = refusal.step == "decide" && refusal.danghao == item.danghao;
      placed = placed || here;
      rows += "<td class=\"decide\"><form method=\"post\" action=\"" + AppraisalUrl(a.id) +
              "/decide#item-" + n + "\" class=\"decide-form\">" + html::CsrfField(session) +
              "<input type=\"hidden\" name=\"danghao\"" + Attr("value", item.danghao) +
              "><input type=\"hidden\" name=\"row\"" + Attr("value", n) + ">";
      std::string options;
      std::optional<Retention> now = ParseRetentionCode(item.retention);
      const std::string chosen =
          here ? refusal.Value("decide", "new_retention") : item.new_retention;
      for (const char* code : {"D30", "Y"}) {
        std::optional<Retention> r = ParseRetentionCode(code);
        if (now && r && Longer(*now, *r) == *now) continue;  // only a longer period
        options += html::Option(code, RetentionName(*r), chosen);
      }
      if (!options.empty()) {
        rows += "<select name=\"new_retention\" aria-label=\"第 " + n + " 件续存的期限\">" +
                options + "</select>";
      }
      rows +=
          "<input name=\"reason\" maxlength=\"200\" placeholder=\"续存理由 / 销毁备注\" "
          "aria-label=\"第 " +
          n + " 件的理由或备注\"" +
          Attr("value", here ? refusal.Value("decide", "reason") : item.reason) + ">";
      if (!options.empty()) {
        rows +=
            "<button type=\"submit\" name=\"decision\" value=\"续存\" class=\"keep\">续存</button>";
      }
      rows += "<button type=\"submit\" name=\"decision\" value=\"拟销毁\" class=\"propose\"" +
              std::string(item.hold ? " disabled title=\"已冻结的档案不能拟销毁\"" : "") +
              ">拟销毁</button>";
      if (item.hold) rows += "<p class=\"hint\">已冻结，不能拟销毁；可续存。</p>";
      rows += "</form>";
      if (here) {
        rows +=
            "<p class=\"problem\" role=\"alert\">" + HtmlEscape(refusal.status.message()) + "</p>";
      }
      rows += "</td>";
    }
    rows += "</tr>\n";
  }
  if (refusal.step == "decide" && !placed) body += html::ProblemList(refusal.status);
  body +=
      "<div class=\"table-scroll\"><table class=\"list appraisal-items\"><thead><tr>"
      "<th scope=\"col\" class=\"nowrap\">序号</th><th scope=\"col\">档号</th><th "
      "scope=\"col\">题名</th>"
      "<th scope=\"col\">年度</th><th scope=\"col\" class=\"nowrap\">保管期限</th><th "
      "scope=\"col\" class=\"nowrap\">页数</th>"
      "<th scope=\"col\">冻结</th><th scope=\"col\">决定</th>" +
      std::string(deciding ? "<th scope=\"col\">鉴定</th>" : "") + "</tr></thead><tbody>\n" + rows +
      "</tbody></table></div>\n</section>\n";
  return body;
}

std::string StepsSection(const Appraisal& a, const Session& session, const Refusal& refusal) {
  const int stage = Stage(a);
  const bool kept = a.state == jobs::kAppraisalKept;
  size_t propose = 0, undecided = 0;
  std::string proposed_list;
  for (const AppraisalItem& item : a.items) {
    if (item.decision.empty()) ++undecided;
    if (item.decision != jobs::kDecisionDestroy) continue;
    ++propose;
    proposed_list += "<li><span class=\"danghao\">" + HtmlEscape(item.danghao) + "</span> " +
                     HtmlEscape(item.title) + "</li>";
  }
  std::string body = "<div class=\"steps\">\n";

  // 1. 鉴定小组意见
  body += StepHead(1, "step-opinion", "鉴定小组意见", stage, 0);
  body += refusal.ProblemsAt("opinion");
  if (stage > 0) {
    body += Recorded({{"小组成员", a.group_members},
                      {"意见", a.group_opinion},
                      {"记录", a.opinion_by + " " + a.opinion_at}});
  } else {
    // A refusal sends the appraisal back with the approver's words kept as its opinion.
    if (!a.approval_opinion.empty()) {
      body += "<p class=\"notice error returned\">上次报批未获批准：" +
              HtmlEscape(a.approval_opinion) + "</p>\n";
    }
    body += "<p class=\"hint\">鉴定小组对每件档案作出决定后，记录小组意见" +
            (undecided ? "（尚有 " + std::to_string(undecided) + " 件未决定）"
                       : std::string("（已全部决定）")) +
            "。</p>\n";
    body += StepForm(
        a.id, session, "opinion", true,
        Input("opinion-members", "group_members", "小组成员",
              refusal.Value("opinion", "group_members", a.group_members),
              " required maxlength=\"200\" placeholder=\"姓名以顿号分隔，如：张三、李四、王五\"") +
            "<label for=\"opinion-text\">小组意见</label><textarea id=\"opinion-text\" "
            "name=\"group_opinion\" rows=\"3\" required maxlength=\"1000\" "
            "placeholder=\"如：经逐件鉴定，以下档案已无保存价值，同意销毁\">" +
            HtmlEscape(refusal.Value("opinion", "group_opinion", a.group_opinion)) +
            "</textarea><p class=\"actions\"><button type=\"submit\" class=\"primary\">"
            "记录小组意见</button></p>");
  }
  body += "</section>\n";

  // 2. 批准
  body += StepHead(2, "step-approve", "领导批准", stage, 1);
  body += refusal.ProblemsAt("approve");
  if (kept) {
    body += "<p class=\"muted\">没有拟销毁的档案，无需批准。</p>\n";
  } else if (stage > 1) {
    body += Recorded({{"批准人", a.approver},
                      {"结论", "同意销毁"},
                      {"意见", a.approval_opinion},
                      {"时间", a.approved_at}});
  } else {
    body += StepForm(
        a.id, session, "approve", stage == 1,
        Input("approve-who", "approver", "批准人", refusal.Value("approve", "approver"),
              " required maxlength=\"40\" placeholder=\"分管领导姓名\"") +
            "<label for=\"approve-text\">批准意见</label><textarea id=\"approve-text\" "
            "name=\"approval_opinion\" rows=\"2\" maxlength=\"1000\">" +
            HtmlEscape(refusal.Value("approve", "approval_opinion")) +
            "</textarea><p class=\"actions\"><button type=\"submit\" name=\"approve\" value=\"1\" "
            "class=\"primary\">批准销毁</button><button type=\"submit\" name=\"approve\" "
            "value=\"0\">不批准（退回鉴定）</button></p>");
  }
  body += "</section>\n";

  // 3. 监销
  body += StepHead(3, "step-witness", "监销人", stage, 2);
  body += refusal.ProblemsAt("witness");
  if (kept) {
    body += "<p class=\"muted\">没有拟销毁的档案，无需监销。</p>\n";
  } else if (stage > 2) {
    body += Recorded({{"监销人", a.witness1 + "、" + a.witness2},
                      {"销毁方式", a.method},
                      {"销毁地点", a.place},
                      {"销毁时间", a.witnessed_at}});
  } else {
    std::string methods;
    const std::string method = refusal.Value("witness", "method", "粉碎");
    for (const char* m : kMethods) methods += html::Option(m, m, method);
    std::string at = refusal.Value("witness", "witnessed_at");
    body += StepForm(
        a.id, session, "witness", stage == 2,
        "<p class=\"hint span\">两名监销人须为不同的人，且都不能是批准人" +
            (a.approver.empty() ? std::string() : "（" + HtmlEscape(a.approver) + "）") + "。</p>" +
            Input("witness-1", "witness1", "监销人一", refusal.Value("witness", "witness1"),
                  " required maxlength=\"40\"") +
            Input("witness-2", "witness2", "监销人二", refusal.Value("witness", "witness2"),
                  " required maxlength=\"40\"") +
            "<label for=\"witness-method\">销毁方式</label><select id=\"witness-method\" "
            "name=\"method\">" +
            methods + "</select>" +
            Input("witness-place", "place", "销毁地点", refusal.Value("witness", "place"),
                  " required maxlength=\"100\" placeholder=\"如：公司档案室\"") +
            Input("witness-at", "witnessed_at", "销毁时间", at,
                  " type=\"datetime-local\" aria-describedby=\"witness-at-hint\"") +
            "<p class=\"hint span\" id=\"witness-at-hint\">不填则为记录的时间。</p>"
            "<p class=\"actions\"><button type=\"submit\" class=\"primary\">记录监销人"
            "</button></p>");
  }
  body += "</section>\n";

  // 4. 销毁
  body += StepHead(4, "step-destroy", "销毁", stage, 3);
  body += refusal.ProblemsAt("destroy");
  if (kept) {
    body += "<p class=\"muted\">本次鉴定的档案全部续存，鉴定已完成。</p>\n";
  } else if (stage > 3) {
    body += "<div class=\"notice ok destroyed-done\" role=\"status\"><p>" +
            HtmlEscape(a.destroyed_at) + " 已销毁 " + std::to_string(propose) +
            " 件；销毁清册及审批记录已归档为永久档案 <a href=\"" + html::ItemUrl(a.list_danghao) +
            "\">" + HtmlEscape(a.list_danghao) + "</a>。</p></div>\n";
  } else {
    body += StepForm(
        a.id, session, "destroy", stage == 3,
        "<p class=\"span\">销毁后各件仍留在目录中，标注“已销毁”，保留著录信息和校验值；其文件从库中"
        "删除（另一件未销毁的档案持有相同文件的除外），全文不再能检索到。此操作不能撤销。</p>"
        "<details class=\"span\"><summary>拟销毁的 " +
            std::to_string(propose) + " 件</summary><ol class=\"proposed\">" + proposed_list +
            "</ol></details><label class=\"check span\"><input type=\"checkbox\" name=\"confirm\" "
            "value=\"1\" required> 已核对，确认销毁这 " +
            std::to_string(propose) +
            " 件档案</label><p class=\"actions\"><button type=\"submit\" class=\"primary "
            "destroy\">销毁 " +
            std::to_string(propose) + " 件</button></p>");
  }
  body += "</section>\n</div>\n";
  return body;
}

void RenderAppraisal(Core& core, const Session& session, int64_t id, const httplib::Request& req,
                     const Refusal& refusal, int status, httplib::Response& res) {
  Appraisal a;
  Status s = jobs::ReadAppraisal(core.ContextFor(session), id, &a);
  if (!s.ok()) {
    return SendErrorPage(res, Core::HttpStatusOf(s), &session,
                         s.code() == Status::Code::kNotFound ? "没有这次鉴定。" : s.message());
  }
  const int stage = Stage(a);
  std::string body = "<p class=\"crumbs\"><a href=\"/appraisals\">鉴定销毁</a> › " +
                     HtmlEscape(a.name) + "</p>\n<h1>" + HtmlEscape(a.name) + " " +
                     StateTag(a.state) + "</h1>\n<p class=\"appraisal-meta\">截至 " +
                     HtmlEscape(a.as_of) + " 保管期限已满 · " + HtmlEscape(a.created_by) +
                     " 发起于 " + HtmlEscape(Minute(a.created_at)) + "</p>\n";
  body += DoneMessage(Param(req, "done"));
  // Where the appraisal stands among the five steps a clerk names: deciding the items counts as
  // its own step before the group's opinion, which the jobs record in one state.
  static const char* kSteps[] = {"鉴定", "小组意见", "批准", "监销", "销毁"};
  bool undecided = false;
  for (const AppraisalItem& item : a.items) undecided = undecided || item.decision.empty();
  const int at = stage == 0 ? (undecided ? 0 : 1) : stage + 1;
  body += "<ol class=\"progress\" aria-label=\"进度\">";
  for (int i = 0; i < 5; ++i) {
    body += std::string("<li class=\"") +
            (i < at    ? "done"
             : i == at ? "current"
                       : "todo") +
            "\"" + (i == at ? " aria-current=\"step\"" : "") + ">" + kSteps[i] + "</li>";
  }
  body += "</ol>\n";
  body += ItemsSection(a, session, refusal);
  body += StepsSection(a, session, refusal);

  const std::string list = AppraisalUrl(a.id) + "/list";
  body +=
      "<section aria-labelledby=\"list-h\" class=\"destruction-list\"><h2 id=\"list-h\">销毁清册"
      "</h2>\n<p>" +
      std::string(stage == 4 ? "清册如归档时所印。"
                             : "清册按当前进度生成，尚未完成的栏目留空，可随时预览和打印。") +
      "</p><p class=\"output-actions\"><a class=\"button\" href=\"" + list +
      ".pdf\" target=\"_blank\" rel=\"noopener\">销毁清册 PDF</a> <a class=\"button\" href=\"" +
      list + ".xlsx\">下载 XLSX</a>";
  if (!a.list_danghao.empty()) {
    body += " 已归档：<a href=\"" + html::ItemUrl(a.list_danghao) + "\">" +
            HtmlEscape(a.list_danghao) + "</a>（永久）";
  }
  body += "</p></section>\n";
  Core::SendHtml(res, status, html::Page(a.name, &session, "/appraisals", body));
}

void AppraisalPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  RenderAppraisal(core, *session, IdOf(req), req, Refusal{}, 200, res);
}

// A step posted from the page: on success back to the page by GET with a note (reloading does
// not post again); a refusal shows the page with the problems next to the step.
void AfterStep(Core& core, const Session& session, const httplib::Request& req,
               httplib::Response& res, const Status& s, const std::string& step,
               const std::string& done, const std::string& danghao = "") {
  const int64_t id = IdOf(req);
  if (s.ok()) return SeeOther(res, AppraisalUrl(id) + "?done=" + done + "#step-" + step);
  if (s.code() == Status::Code::kNotFound && danghao.empty()) {
    return SendErrorPage(res, 404, &session, s.message());
  }
  RenderAppraisal(core, session, id, req, Refusal{step, danghao, s, &req}, Core::HttpStatusOf(s),
                  res);
}

void DecidePost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  const std::string danghao = Param(req, "danghao");
  const std::string decision = Param(req, "decision");
  // The new period goes with 续存 only: the select is in the form whichever button is pressed.
  const std::string retention = decision == jobs::kDecisionKeep ? Param(req, "new_retention") : "";
  Status s = jobs::DecideItem(core.ContextFor(*session), IdOf(req), danghao, decision, retention,
                              Trim(Param(req, "reason")));
  if (s.ok()) {
    // Back to the row just decided, so that a long list is worked through from where one was.
    const std::string row = Param(req, "row");
    const bool number =
        !row.empty() && row.size() < 7 && row.find_first_not_of("0123456789") == std::string::npos;
    return SeeOther(res, AppraisalUrl(IdOf(req)) + "?done=decide" +
                             (number ? "#item-" + row : std::string("#items")));
  }
  AfterStep(core, *session, req, res, s, "decide", "decide", danghao.empty() ? "?" : danghao);
}

void OpinionPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  Status s = jobs::RecordGroupOpinion(core.ContextFor(*session), IdOf(req),
                                      Trim(Param(req, "group_members")),
                                      Trim(Param(req, "group_opinion")));
  AfterStep(core, *session, req, res, s, "opinion", "opinion");
}

void ApprovePost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  const std::string approve = Param(req, "approve");
  Status s = approve == "1" || approve == "0"
                 ? jobs::ApproveDestruction(core.ContextFor(*session), IdOf(req),
                                            Trim(Param(req, "approver")), approve == "1",
                                            Trim(Param(req, "approval_opinion")))
                 : Status::InvalidArgument("请点“批准销毁”或“不批准”");
  AfterStep(core, *session, req, res, s, "approve", approve == "0" ? "refuse" : "approve");
}

void WitnessPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  // <input type="datetime-local"> sends 2026-12-04T15:30; the job reads 2026-12-04 15:30.
  std::string at = Trim(Param(req, "witnessed_at"));
  if (at.size() > 10 && at[10] == 'T') at[10] = ' ';
  Status s = jobs::RecordWitnesses(core.ContextFor(*session), IdOf(req),
                                   Trim(Param(req, "witness1")), Trim(Param(req, "witness2")),
                                   Trim(Param(req, "method")), Trim(Param(req, "place")), at);
  AfterStep(core, *session, req, res, s, "witness", "witness");
}

void DestroyPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session || !CleanParams(req, res, *session)) return;
  Status s = Status::Ok();
  if (Param(req, "confirm") != "1") {
    s = Status::InvalidArgument("请勾选“确认销毁”：销毁后不能撤销");
  }
  jobs::DestructionResult result;
  if (s.ok()) s = jobs::Destroy(core.ContextFor(*session), IdOf(req), &result);
  AfterStep(core, *session, req, res, s, "destroy", "destroy");
}

// The 销毁清册 as it stands, PDF (shown in the browser) or XLSX (downloaded).
void ListDocument(Core& core, const httplib::Request& req, httplib::Response& res,
                  const std::string& format) {
  std::optional<Session> session = RequirePage(core, req, res);
  if (!session) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  Appraisal a;
  Status s = jobs::ReadAppraisal(ctx, IdOf(req), &a);
  jobs::ScratchDir scratch(ctx.archive_dir);
  if (s.ok()) s = scratch.status();
  GeneratedDocument doc;
  const std::string base = scratch.path() + "/list";
  if (s.ok()) s = jobs::RenderDestructionList(ctx, a.id, base, &doc);
  std::string path = base + "." + format, bytes;
  for (const GeneratedFile& f : doc.files) {
    if (f.format == format) path = f.path;
  }
  if (s.ok()) s = jobs::ReadWholeFile(path, &bytes);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), &*session, s.message());
  const bool pdf = format == "pdf";
  res.set_header("Content-Disposition", std::string(pdf ? "inline" : "attachment") +
                                            "; filename*=UTF-8''" +
                                            html::UrlEncode("销毁清册-" + a.name + "." + format));
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(bytes, pdf ? "application/pdf"
                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

}  // namespace

void RegisterAppraisalRoutes(Core& core) {
  RegisterApiRoutes(core);
  httplib::Server& http = core.http();
  Core* c = &core;
  const std::string one = std::string("/appraisals/") + kIdPattern;
  using Handler = void (*)(Core&, const httplib::Request&, httplib::Response&);
  http.Get("/appraisals",
           [c](const httplib::Request& req, httplib::Response& res) { ListPage(*c, req, res); });
  http.Post("/appraisals",
            [c](const httplib::Request& req, httplib::Response& res) { StartPost(*c, req, res); });
  http.Get(one, [c](const httplib::Request& req, httplib::Response& res) {
    AppraisalPage(*c, req, res);
  });
  const std::pair<const char*, Handler> steps[] = {{"/decide", DecidePost},
                                                   {"/opinion", OpinionPost},
                                                   {"/approve", ApprovePost},
                                                   {"/witness", WitnessPost},
                                                   {"/destroy", DestroyPost}};
  for (const auto& [path, handler] : steps) {
    Handler h = handler;
    http.Post(one + path,
              [c, h](const httplib::Request& req, httplib::Response& res) { h(*c, req, res); });
  }
  for (const char* format : {"pdf", "xlsx"}) {
    const std::string f = format;
    http.Get(one + "/list\\." + f, [c, f](const httplib::Request& req, httplib::Response& res) {
      ListDocument(*c, req, res, f);
    });
  }
}

}  // namespace dangan::server
