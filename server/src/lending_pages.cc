// The pages of lending and use (借阅与利用, issue 17): /use (the requests, overdue loans marked,
// the form to record one), /use/{id} (the request: approval, lending, renewal, return with its
// check, 利用效果, closing), /use/overdue, /use/register (the D-06 register and the 利用效果
// register to download, the year's statistics). Every page works without script: plain form
// posts with csrf, each refusal shown at its step with the job's message and what was typed.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/accounts/roles.h"
#include "dangan/jobs/lending.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/scratch.h"
#include "dangan/records/text.h"
#include "html.h"
#include "lending_shared.h"

namespace dangan::server::lending {
namespace {

using accounts::Action;
using jobs::UseRequest;
using jobs::UseRequestItem;

// 利用目的 offered on the form (GB/T 18894 and the usual 档案利用效果登记 headings).
constexpr const char* kPurposes[] = {"工作查考", "编史修志", "学术研究", "经济建设",
                                     "宣传教育", "落实政策", "其他"};
constexpr const char* kKinds[] = {jobs::kUseRead, jobs::kUseCopy, jobs::kUseLend};
constexpr const char* kStates[] = {jobs::kUsePending, jobs::kUseApproved, jobs::kUseRefused,
                                   jobs::kUseClosed};

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

bool Allowed(const Session& session, Action action) {
  return accounts::Allows(session.account.role, action);
}

// The session when the role may `action`: Core::Require answers a missing session and a bad
// CSRF token; a role that may not gets the desk's 403 page with its navigation.
std::optional<Session> RequirePage(Core& core, const httplib::Request& req, httplib::Response& res,
                                   Action action) {
  std::optional<Session> session = core.Require(req, res);
  if (session && !Allowed(*session, action)) {
    SendErrorPage(res, 403, &*session,
                  std::string("您的角色（") + accounts::RoleName(session->account.role) + "）" +
                      (action == Action::kLend ? "不能登记借阅和出借档案；这是档案员的工作。"
                                               : "不能查看和审批借阅申请。"));
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
  std::string step;  // record, decide, lend, renew, return, effect, close
  std::string danghao;
  Status status = Status::Ok();
  const httplib::Request* posted = nullptr;

  std::string Value(const std::string& step_name, const std::string& name,
                    const std::string& fallback = "") const {
    if (step != step_name || !posted || !posted->has_param(name)) return fallback;
    return posted->get_param_value(name);
  }
  bool At(const std::string& step_name, const std::string& item = "") const {
    return step == step_name && danghao == item && !status.ok();
  }
  std::string ProblemsAt(const std::string& step_name) const {
    return At(step_name) ? html::ProblemList(status) : std::string();
  }
};

std::string StateTag(const std::string& state) {
  const char* kind = state == jobs::kUsePending    ? "waiting"
                     : state == jobs::kUseApproved ? "open"
                     : state == jobs::kUseRefused  ? "destroyed"
                                                   : "kept";
  return std::string("<span class=\"state state-") + kind + "\">" + HtmlEscape(state) + "</span>";
}

// 2026-12-04T17:30:51+08:00 as a clerk reads it: 2026-12-04 17:30.
std::string Minute(const std::string& at) {
  if (at.size() < 16 || at[10] != 'T') return at;
  return at.substr(0, 10) + " " + at.substr(11, 5);
}

std::string Person(const jobs::UseRequester& who) {
  std::string out = HtmlEscape(who.name.empty() ? who.account : who.name);
  if (!who.unit.empty()) out += "<span class=\"muted\">（" + HtmlEscape(who.unit) + "）</span>";
  return out;
}

bool Out(const UseRequestItem& item) { return !item.lent_at.empty() && item.returned_at.empty(); }

// An original still out past its due date on `today` (YYYY-MM-DD, compared as text).
bool Overdue(const UseRequestItem& item, const std::string& today) {
  return Out(item) && !item.due_at.empty() && item.due_at < today;
}

std::string Input(const std::string& id, const std::string& name, const std::string& label,
                  const std::string& value, const std::string& extra = "") {
  return "<label" + Attr("for", id) + ">" + label + "</label><input" + Attr("id", id) +
         Attr("name", name) + Attr("value", value) + extra + ">";
}

std::string Select(const std::string& id, const std::string& name, const std::string& label,
                   const std::vector<std::string>& values, const std::string& chosen) {
  std::string out = "<label" + Attr("for", id) + ">" + label + "</label><select" + Attr("id", id) +
                    Attr("name", name) + ">";
  for (const std::string& v : values) out += html::Option(v, v, chosen);
  return out + "</select>";
}

std::string DoneMessage(const std::string& done) {
  static const std::map<std::string, std::string> kDone = {
      {"record", "已登记借阅申请。"},
      {"record-approved", "已登记借阅申请；所列档案均在借阅人的密级范围内，无需审批，已可利用。"},
      {"approve", "已批准：借阅人在截止日期前可以利用所列档案。"},
      {"refuse", "已记录不批准。"},
      {"lend", "已出借原件。"},
      {"renew", "已续借。"},
      {"return", "已归还并记录检查结果。"},
      {"effect", "已记录利用效果。"},
      {"close", "借阅已结束。"}};
  auto it = kDone.find(done);
  return it == kDone.end() ? std::string() : html::Notice("ok", it->second);
}

std::string SubNav(const std::string& here) {
  const std::pair<const char*, const char*> kLinks[] = {
      {"/use", "借阅申请"}, {"/use/overdue", "逾期未还"}, {"/use/register", "登记簿与统计"}};
  std::string out = "<nav class=\"subnav\" aria-label=\"借阅\"><ul>";
  for (const auto& [path, label] : kLinks) {
    out += std::string("<li><a href=\"") + path + "\"" +
           (here == path ? " aria-current=\"page\"" : "") + ">" + label + "</a></li>";
  }
  return out + "</ul></nav>\n";
}

// ---- the list of requests and the form to record one --------------------------------------

std::string RecordForm(const Session& session, const Refusal& refusal) {
  auto v = [&refusal](const char* name, const std::string& fallback = "") {
    return refusal.Value("record", name, fallback);
  };
  const bool outside = v("who") == "outside";
  std::string f =
      "<section aria-labelledby=\"record-h\" id=\"record\" class=\"record-use\"><h2 "
      "id=\"record-h\">登记借阅申请</h2>\n" +
      refusal.ProblemsAt("record") +
      "<form method=\"post\" action=\"/use#record\" class=\"grid record-form\">" +
      html::CsrfField(session) +
      "<fieldset class=\"span requester\"><legend>借阅人</legend>"
      "<p class=\"who\"><label class=\"check\"><input type=\"radio\" name=\"who\" "
      "value=\"account\"" +
      (outside ? "" : " checked") +
      "> 本单位账户</label> <label class=\"check\"><input type=\"radio\" name=\"who\" "
      "value=\"outside\"" +
      (outside ? " checked" : "") +
      "> 外单位人员（凭介绍信）</label></p>"
      "<div class=\"grid-fields\">" +
      Input("use-account", "account", "账户名", v("account"),
            " maxlength=\"40\" placeholder=\"本单位借阅人的登录名\"") +
      "</div><div class=\"grid-fields outside\">" +
      Input("use-name", "name", "姓名", v("name"), " maxlength=\"40\"") +
      Input("use-unit", "unit", "单位", v("unit"), " maxlength=\"100\"") +
      Input("use-letter", "letter", "介绍信编号", v("letter"), " maxlength=\"60\"") +
      Input("use-contact", "contact", "联系方式", v("contact"), " maxlength=\"60\"") +
      Input("use-id-card", "id_card", "证件号码", v("id_card"),
            " maxlength=\"40\" placeholder=\"可不填\"") +
      "</div></fieldset>";
  std::vector<std::string> purposes(std::begin(kPurposes), std::end(kPurposes));
  std::vector<std::string> kinds(std::begin(kKinds), std::end(kKinds));
  f += Select("use-purpose", "purpose", "利用目的", purposes, v("purpose", "工作查考"));
  f += Select("use-kind", "kind", "利用方式", kinds, v("kind", jobs::kUseRead));
  f += "<p class=\"hint span\">查阅：在阅览室或屏幕上阅看；复制：出具加盖归档章的利用副本；"
       "外借：纸质原件借出，应在归还日期前归还（涉密原件不外借）。</p>";
  f += "<label for=\"use-items\">档号</label><textarea id=\"use-items\" name=\"items\" rows=\"3\" "
       "required placeholder=\"每行一个档号，也可用逗号或顿号分隔\">" +
       HtmlEscape(v("items")) + "</textarea>";
  f += Input("use-end", "end_date", "利用截止日期", v("end_date"),
             " type=\"date\" aria-describedby=\"use-end-hint\"");
  f += "<p class=\"hint span\" id=\"use-end-hint\">不填则为 " +
       std::to_string(jobs::kDefaultLoanDays) +
       " 天后。超出借阅人密级的档案须经审批，批准后借阅人在截止日期前可以利用这些档案，"
       "仅限这些档案。</p>";
  f += "<p class=\"actions\"><button type=\"submit\" class=\"primary\">登记申请</button></p>"
       "</form>\n</section>\n";
  return f;
}

void RenderList(Core& core, const Session& session, const httplib::Request& req,
                const Refusal& refusal, int status, httplib::Response& res) {
  const jobs::JobContext ctx = core.ContextFor(session);
  const bool archivist = Allowed(session, Action::kLend);
  std::string state = refusal.posted ? std::string() : Trim(Param(req, "state"));
  std::string body =
      "<h1>借阅利用</h1>\n<p class=\"lead\">档案借阅须登记：借阅人、利用目的、利用方式和所借档案。"
      "超出借阅人密级的档案须经相应密级的领导审批，批准只及于所列档案和截止日期之前；涉密档案"
      "原件不外借，纸质原件外借应按期归还，归还时检查是否完整无损（《机关档案管理规定》国家"
      "档案局令第13号，GB/T 18894-2016）。</p>\n";
  if (archivist) body += SubNav("/use");
  body += DoneMessage(Param(req, "done"));

  std::vector<UseRequest> list;
  Status s = jobs::ListUseRequests(ctx, state, &list);
  if (!s.ok() && !state.empty()) {
    body += html::ProblemList(s);
    state.clear();
    s = jobs::ListUseRequests(ctx, state, &list);
  }
  // Which requests have an original out past its due date, and how long.
  std::map<int64_t, int> overdue;
  std::vector<jobs::OverdueLoan> loans;
  if (archivist && jobs::ListOverdue(ctx, "", &loans).ok()) {
    for (const jobs::OverdueLoan& l : loans) {
      overdue[l.request_id] = std::max(overdue[l.request_id], l.days_overdue);
    }
  }

  body += "<section aria-labelledby=\"requests-h\"><h2 id=\"requests-h\">" +
          std::string(archivist ? "借阅申请" : "待您审批及您的借阅") + "</h2>\n";
  std::vector<std::string> states = {""};
  states.insert(states.end(), std::begin(kStates), std::end(kStates));
  body +=
      "<form method=\"get\" action=\"/use\" class=\"inline state-filter\"><label "
      "for=\"state\">状态</label><select id=\"state\" name=\"state\">";
  for (const std::string& st : states) body += html::Option(st, st.empty() ? "全部" : st, state);
  body += "</select><button type=\"submit\">筛选</button></form>\n";
  std::string rows;
  size_t shown = 0;
  for (const UseRequest& r : list) {
    if (!MaySee(session.account, r)) continue;
    ++shown;
    auto late = overdue.find(r.id);
    std::string due;
    for (const UseRequestItem& item : r.items) {
      if (Out(item) && (due.empty() || item.due_at < due)) due = item.due_at;
    }
    rows += std::string("<tr") + (late != overdue.end() ? " class=\"overdue\"" : "") +
            "><td><a href=\"" + UseUrl(r.id) + "\">第 " + std::to_string(r.id) +
            " 号</a></td><td>" + Person(r.requester) + "</td><td>" + HtmlEscape(r.purpose) +
            "</td><td>" + HtmlEscape(r.kind) + "</td><td class=\"num\">" +
            std::to_string(r.items.size()) + "</td><td>" + StateTag(r.state) +
            (MayDecide(session.account, r) ? " <span class=\"tag\">待您审批</span>" : "") +
            "</td><td class=\"nowrap\">" + HtmlEscape(r.recorded_at.substr(0, 10)) +
            "</td><td class=\"nowrap\">" +
            (due.empty() ? HtmlEscape(r.end_date) : "应还 " + HtmlEscape(due)) +
            (late != overdue.end()
                 ? " <strong class=\"late\">逾期 " + std::to_string(late->second) + " 天</strong>"
                 : std::string()) +
            "</td></tr>\n";
  }
  if (!s.ok()) {
    body += html::ProblemList(s);
  } else if (shown == 0) {
    body +=
        std::string("<p class=\"empty\">") +
        (state.empty() ? (archivist ? "尚无借阅申请。" : "没有等待您审批的申请，也没有您的借阅。")
                       : "没有状态为“" + HtmlEscape(state) + "”的申请。") +
        "</p>\n";
  } else {
    if (!overdue.empty()) {
      body += "<p class=\"notice error\">有 " + std::to_string(overdue.size()) +
              " 份申请的原件逾期未还，见 <a href=\"/use/overdue\">逾期未还</a>。</p>\n";
    }
    body +=
        "<div class=\"table-scroll\"><table class=\"list use-requests\"><thead><tr>"
        "<th scope=\"col\">编号</th><th scope=\"col\">借阅人</th><th scope=\"col\">利用目的</th>"
        "<th scope=\"col\">方式</th><th scope=\"col\">件数</th><th scope=\"col\">状态</th>"
        "<th scope=\"col\">登记</th><th scope=\"col\">截止 / 应还</th></tr></thead><tbody>\n" +
        rows + "</tbody></table></div>\n";
  }
  body += "</section>\n";
  if (archivist) body += RecordForm(session, refusal);
  Core::SendHtml(res, status, html::Page("借阅利用", &session, "/use", body));
}

void ListPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kApproveUse);
  if (!session || !CleanParams(req, res, *session)) return;
  RenderList(core, *session, req, Refusal{}, 200, res);
}

void RecordPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  jobs::UseRequester who;
  if (Param(req, "who") == "outside") {
    who.name = Trim(Param(req, "name"));
    who.unit = Trim(Param(req, "unit"));
    who.letter = Trim(Param(req, "letter"));
    who.contact = Trim(Param(req, "contact"));
    who.id_card = Trim(Param(req, "id_card"));
  } else {
    who.account = Trim(Param(req, "account"));
  }
  const std::vector<std::string> danghaos = SplitDanghaos(Param(req, "items"));
  UseRequest recorded;
  Status s =
      jobs::RecordUseRequest(core.ContextFor(*session), who, Param(req, "purpose"),
                             Param(req, "kind"), danghaos, Trim(Param(req, "end_date")), &recorded);
  if (s.ok()) {
    return SeeOther(res, UseUrl(recorded.id) + "?done=" +
                             (recorded.state == jobs::kUseApproved ? "record-approved" : "record"));
  }
  RenderList(core, *session, req, Refusal{"record", "", s, &req}, Core::HttpStatusOf(s), res);
}

// ---- one request ---------------------------------------------------------------------------

std::string Recorded(const std::vector<std::pair<const char*, std::string>>& rows) {
  std::string out = "<dl class=\"recorded\">";
  for (const auto& [label, value] : rows) {
    if (value.empty()) continue;
    out += std::string("<div><dt>") + label + "</dt><dd>" + html::MultiLine(value) + "</dd></div>";
  }
  return out + "</dl>\n";
}

std::string StepHead(const char* id, const char* title, const char* state_word,
                     const char* state_class) {
  return std::string("<section class=\"step step-") + state_class + "\" id=\"" + id +
         "\" aria-labelledby=\"" + id + "-h\"><h2 id=\"" + id + "-h\">" + title +
         " <span class=\"step-state\">" + state_word + "</span></h2>\n";
}

std::string StepForm(int64_t id, const Session& session, const char* action,
                     const std::string& fields, const char* form_class = "grid step-form") {
  return std::string("<form method=\"post\" class=\"") + form_class + "\" action=\"" + UseUrl(id) +
         "/" + action + "#step-" + action + "\">" + html::CsrfField(session) +
         "<fieldset class=\"span step-fields\">" + fields + "</fieldset></form>\n";
}

std::string ItemsSection(const UseRequest& r, const Session& session, const Refusal& refusal) {
  const bool lend = r.kind == jobs::kUseLend;
  const bool archivist = Allowed(session, Action::kLend);
  const std::string today = jobs::Today();
  bool any_lent = false;
  for (const UseRequestItem& item : r.items) any_lent = any_lent || !item.lent_at.empty();
  const bool loan_columns = lend && any_lent;
  const bool actions = loan_columns && archivist;
  std::string rows;
  bool placed = false;
  for (size_t i = 0; i < r.items.size(); ++i) {
    const UseRequestItem& item = r.items[i];
    const std::string n = std::to_string(i + 1);
    const bool late = Overdue(item, today);
    rows += "<tr id=\"item-" + n + "\"" + (late ? " class=\"overdue\"" : "") + "><td>" + n +
            "</td><td class=\"nowrap\"><a class=\"danghao\" href=\"" + html::ItemUrl(item.danghao) +
            "\">" + HtmlEscape(item.danghao) + "</a></td><td>" + HtmlEscape(item.title) +
            "</td><td class=\"nowrap\">" + HtmlEscape(item.secrecy) + "</td>";
    if (loan_columns) {
      rows += "<td class=\"nowrap\">" + HtmlEscape(item.lent_at) + "</td><td class=\"nowrap\">" +
              HtmlEscape(item.due_at) +
              (late ? "<br><strong class=\"late\">已逾期</strong>" : std::string()) +
              (item.renewals ? "<br><span class=\"muted\">续借 " + std::to_string(item.renewals) +
                                   " 次</span>"
                             : std::string()) +
              "</td><td>" +
              (item.returned_at.empty()
                   ? std::string(item.lent_at.empty() ? "" : "<span class=\"muted\">未还</span>")
                   : HtmlEscape(item.returned_at) + "<br>" + HtmlEscape(item.return_check)) +
              "</td>";
    }
    if (actions) {
      rows += "<td class=\"loan-actions\">";
      if (Out(item)) {
        const bool renew_here = refusal.At("renew", item.danghao);
        const bool return_here = refusal.At("return", item.danghao);
        placed = placed || renew_here || return_here;
        const std::string hidden = html::CsrfField(session) +
                                   "<input type=\"hidden\" name=\"danghao\"" +
                                   Attr("value", item.danghao) + ">";
        rows += "<form method=\"post\" class=\"renew-form\" action=\"" + UseUrl(r.id) +
                "/renew#item-" + n + "\">" + hidden +
                "<input type=\"date\" name=\"due\" required aria-label=\"第 " + n + " 件续借至\"" +
                Attr("value", renew_here ? refusal.Value("renew", "due") : "") +
                "><button type=\"submit\">续借</button></form>";
        if (renew_here) {
          rows += "<p class=\"problem\" role=\"alert\">" + HtmlEscape(refusal.status.message()) +
                  "</p>";
        }
        const bool complete = !return_here || refusal.Value("return", "complete") == "1";
        const bool undamaged = !return_here || refusal.Value("return", "undamaged") == "1";
        rows += "<form method=\"post\" class=\"return-form\" action=\"" + UseUrl(r.id) +
                "/return#item-" + n + "\">" + hidden +
                "<label class=\"check\"><input type=\"checkbox\" name=\"complete\" value=\"1\"" +
                (complete ? " checked" : "") +
                "> 完整</label><label class=\"check\"><input type=\"checkbox\" "
                "name=\"undamaged\" value=\"1\"" +
                (undamaged ? " checked" : "") +
                "> 无损</label><input name=\"note\" maxlength=\"200\" "
                "placeholder=\"缺损情况（有缺损时必填）\" aria-label=\"第 " +
                n + " 件归还检查的说明\"" +
                Attr("value", return_here ? refusal.Value("return", "note") : "") +
                "><button type=\"submit\" class=\"primary\">归还</button></form>";
        if (return_here) {
          rows += "<p class=\"problem\" role=\"alert\">" + HtmlEscape(refusal.status.message()) +
                  "</p>";
        }
      }
      rows += "</td>";
    }
    rows += "</tr>\n";
  }
  std::string body =
      "<section aria-labelledby=\"items-h\" id=\"items\"><h2 id=\"items-h\">所借档案</h2>\n";
  if (!placed && (refusal.At("renew", refusal.danghao) || refusal.At("return", refusal.danghao))) {
    body += html::ProblemList(refusal.status);  // about an item not (or no longer) out
  }
  body +=
      "<div class=\"table-scroll\"><table class=\"list use-items\"><thead><tr>"
      "<th scope=\"col\">序号</th><th scope=\"col\">档号</th><th scope=\"col\">题名</th>"
      "<th scope=\"col\">密级</th>";
  if (loan_columns) {
    body += "<th scope=\"col\">出借</th><th scope=\"col\">应还</th><th scope=\"col\">归还</th>";
  }
  if (actions) body += "<th scope=\"col\">续借 / 归还检查</th>";
  body += "</tr></thead><tbody>\n" + rows + "</tbody></table></div>\n</section>\n";
  return body;
}

std::string ApproveStep(const UseRequest& r, const Session& session, const Refusal& refusal) {
  std::string body;
  if (r.state == jobs::kUsePending) {
    body += StepHead("step-decide", "审批", "待审批", "current");
    body += refusal.ProblemsAt("decide");
    if (MayDecide(session.account, r)) {
      body += StepForm(
          r.id, session, "decide",
          "<p class=\"hint span\">批准后，借阅人在 " + HtmlEscape(r.end_date) +
              " 之前可以利用所列档案，仅限这些档案。审批人的密级须覆盖所列每一件档案。</p>"
              "<label for=\"decide-opinion\">审批意见</label><textarea id=\"decide-opinion\" "
              "name=\"opinion\" rows=\"2\" maxlength=\"1000\">" +
              HtmlEscape(refusal.Value("decide", "opinion")) +
              "</textarea><p class=\"actions\"><button type=\"submit\" name=\"approve\" "
              "value=\"1\" class=\"primary\">批准</button><button type=\"submit\" "
              "name=\"approve\" value=\"0\">不批准</button></p>");
    } else {
      body +=
          "<p class=\"muted\">等待审批：审批人须为借阅人和登记人以外、密级覆盖所列档案的领导"
          "（以其账户登录后在本页审批）。</p>\n";
    }
  } else if (r.approver.empty() && r.state != jobs::kUseRefused) {
    body += StepHead("step-decide", "审批", "无需审批", "done");
    body += refusal.ProblemsAt("decide");
    body += "<p class=\"muted\">所列档案均在借阅人的密级范围内，无需审批。</p>\n";
  } else {
    const bool refused = r.state == jobs::kUseRefused;
    body += StepHead("step-decide", "审批", refused ? "未批准" : "已批准", "done");
    body += refusal.ProblemsAt("decide");
    body += Recorded({{"审批人", r.approver},
                      {"结论", refused ? "不批准" : "批准"},
                      {"意见", r.approval_opinion},
                      {"时间", Minute(r.approved_at)}});
  }
  return body + "</section>\n";
}

std::string LendStep(const UseRequest& r, const Session& session, const Refusal& refusal) {
  bool lent = false, all_back = true;
  for (const UseRequestItem& item : r.items) {
    lent = lent || !item.lent_at.empty();
    all_back = all_back && (item.lent_at.empty() || !item.returned_at.empty());
  }
  std::string body;
  if (lent) {
    body += StepHead("step-lend", "出借原件", all_back ? "已全部归还" : "已出借", "done");
    body += "<p>原件已于 " + HtmlEscape(r.items.empty() ? "" : r.items[0].lent_at) +
            " 出借；续借和归还检查在上面的表中逐件办理。</p>\n";
    body += refusal.ProblemsAt("lend");
  } else if (r.state == jobs::kUseApproved) {
    body += StepHead("step-lend", "出借原件", "待出借", "current");
    body += refusal.ProblemsAt("lend");
    if (Allowed(session, Action::kLend)) {
      body += StepForm(r.id, session, "lend",
                       Input("lend-due", "due", "应还日期", refusal.Value("lend", "due"),
                             " type=\"date\" aria-describedby=\"lend-due-hint\"") +
                           "<p class=\"hint span\" id=\"lend-due-hint\">不填则为 " +
                           std::to_string(jobs::kDefaultLoanDays) +
                           " 天后。秘密、机密档案的原件不外借，只能在阅览室查阅。</p>"
                           "<p class=\"actions\"><button type=\"submit\" class=\"primary\">"
                           "出借原件</button></p>");
    }
  } else {
    body += StepHead("step-lend", "出借原件", "尚未开始", "todo");
    body += refusal.ProblemsAt("lend");
    body += "<p class=\"muted\">批准后出借。</p>\n";
  }
  return body + "</section>\n";
}

std::string EffectStep(const UseRequest& r, const Session& session, const Refusal& refusal) {
  const bool open = r.state != jobs::kUseRefused && r.state != jobs::kUsePending;
  std::string body = StepHead("step-effect", "利用效果", r.effect.empty() ? "未记录" : "已记录",
                              r.effect.empty() ? (open ? "current" : "todo") : "done");
  body += refusal.ProblemsAt("effect");
  if (!open && r.effect.empty()) {
    body += "<p class=\"muted\">批准后，利用完毕时记录利用效果。</p>\n";
  }
  if (!r.effect.empty()) body += Recorded({{"利用效果", r.effect}});
  if (open && Allowed(session, Action::kLend)) {
    body += StepForm(r.id, session, "effect",
                     "<label for=\"effect-text\">利用效果</label><textarea id=\"effect-text\" "
                     "name=\"effect\" rows=\"3\" maxlength=\"1000\" required "
                     "placeholder=\"如：查清了合同履约争议的事实，避免经济损失约十万元\">" +
                         HtmlEscape(refusal.Value("effect", "effect", r.effect)) +
                         "</textarea><p class=\"actions\"><button type=\"submit\">" +
                         (r.effect.empty() ? "记录利用效果" : "修改利用效果") + "</button></p>");
  }
  return body + "</section>\n";
}

std::string CloseStep(const UseRequest& r, const Session& session, const Refusal& refusal) {
  std::string body;
  if (r.state == jobs::kUseClosed) {
    body += StepHead("step-close", "结束", "已结束", "done");
    body += refusal.ProblemsAt("close");
    body += "<p>借阅已结束，授权随之终止。</p>\n";
  } else if (r.state == jobs::kUseRefused) {
    body += StepHead("step-close", "结束", "未批准", "done");
    body += refusal.ProblemsAt("close");
    body += "<p class=\"muted\">申请未获批准，借阅人不能利用超出其密级的档案。</p>\n";
  } else {
    body += StepHead("step-close", "结束", "进行中", "todo");
    body += refusal.ProblemsAt("close");
    body +=
        "<p class=\"muted\">原件全部归还后自动结束；查阅、复制的申请在利用完毕后结束，"
        "或到截止日期 " +
        HtmlEscape(r.end_date) + " 后授权自动失效。</p>\n";
    if (Allowed(session, Action::kLend)) {
      body += StepForm(r.id, session, "close",
                       "<p class=\"actions\"><button type=\"submit\">结束借阅</button></p>",
                       "step-form inline");
    }
  }
  return body + "</section>\n";
}

void RenderRequest(Core& core, const Session& session, int64_t id, const httplib::Request& req,
                   const Refusal& refusal, int status, httplib::Response& res) {
  UseRequest r;
  Status s = jobs::ReadUseRequest(core.ContextFor(session), id, &r);
  if (s.ok() && !MaySee(session.account, r)) s = Status::NotFound("");
  if (!s.ok()) {
    return SendErrorPage(res, Core::HttpStatusOf(s), &session,
                         s.code() == Status::Code::kNotFound ? "没有这份借阅申请。" : s.message());
  }
  const std::string title = "借阅申请第 " + std::to_string(r.id) + " 号";
  const jobs::UseRequester& who = r.requester;
  std::string body = "<p class=\"crumbs\"><a href=\"/use\">借阅利用</a> › " + title + "</p>\n<h1>" +
                     title + " " + StateTag(r.state) + "</h1>\n";
  body += DoneMessage(Param(req, "done"));
  body += "<section aria-labelledby=\"who-h\" class=\"use-request\"><h2 id=\"who-h\">申请</h2>\n" +
          Recorded({{"借阅人", who.name.empty() ? who.account : who.name},
                    {"账户", who.account},
                    {"单位", who.unit},
                    {"介绍信", who.letter},
                    {"联系方式", who.contact},
                    {"证件", who.id_card},
                    {"利用目的", r.purpose},
                    {"利用方式", r.kind},
                    {"截止日期", r.end_date},
                    {"登记", r.recorded_by + " " + Minute(r.recorded_at)},
                    {"电子利用", r.uses ? std::to_string(r.uses) + " 次（阅看、下载、利用副本）"
                                        : std::string()}}) +
          "</section>\n";
  body += ItemsSection(r, session, refusal);
  body += "<div class=\"steps\">\n" + ApproveStep(r, session, refusal);
  if (r.kind == jobs::kUseLend) body += LendStep(r, session, refusal);
  body += EffectStep(r, session, refusal) + CloseStep(r, session, refusal) + "</div>\n";
  Core::SendHtml(res, status, html::Page(title, &session, "/use", body));
}

void RequestPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kApproveUse);
  if (!session || !CleanParams(req, res, *session)) return;
  RenderRequest(core, *session, IdOf(req), req, Refusal{}, 200, res);
}

// A step posted from the page: on success back to the page by GET with a note (reloading does
// not post again); a refusal shows the page with the problems at the step.
void AfterStep(Core& core, const Session& session, const httplib::Request& req,
               httplib::Response& res, const Status& s, const std::string& step,
               const std::string& done, const std::string& danghao = "") {
  const int64_t id = IdOf(req);
  if (s.ok()) {
    return SeeOther(res, UseUrl(id) + "?done=" + done +
                             (danghao.empty() ? "#step-" + step : std::string("#items")));
  }
  if (s.code() == Status::Code::kNotFound && danghao.empty()) {
    return SendErrorPage(res, 404, &session, s.message());
  }
  RenderRequest(core, session, id, req, Refusal{step, danghao, s, &req}, Core::HttpStatusOf(s),
                res);
}

void DecidePost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kApproveUse);
  if (!session || !CleanParams(req, res, *session)) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  const std::string approve = Param(req, "approve");
  UseRequest r;
  Status s = jobs::ReadUseRequest(ctx, IdOf(req), &r);
  if (s.ok() && !MaySee(session->account, r)) s = Status::NotFound("没有这份借阅申请。");
  if (s.ok() && approve != "1" && approve != "0") {
    s = Status::InvalidArgument("请点“批准”或“不批准”");
  }
  if (s.ok()) s = jobs::DecideUseRequest(ctx, r.id, approve == "1", Trim(Param(req, "opinion")));
  AfterStep(core, *session, req, res, s, "decide", approve == "0" ? "refuse" : "approve");
}

void LendPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  Status s = jobs::LendOriginals(core.ContextFor(*session), IdOf(req), Trim(Param(req, "due")));
  AfterStep(core, *session, req, res, s, "lend", "lend");
}

void RenewPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  const std::string danghao = Param(req, "danghao");
  Status s =
      jobs::RenewLoan(core.ContextFor(*session), IdOf(req), danghao, Trim(Param(req, "due")));
  AfterStep(core, *session, req, res, s, "renew", "renew", danghao.empty() ? "?" : danghao);
}

void ReturnPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  const std::string danghao = Param(req, "danghao");
  Status s = jobs::ReturnOriginal(core.ContextFor(*session), IdOf(req), danghao,
                                  Param(req, "complete") == "1", Param(req, "undamaged") == "1",
                                  Trim(Param(req, "note")));
  AfterStep(core, *session, req, res, s, "return", "return", danghao.empty() ? "?" : danghao);
}

void EffectPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  std::string effect = Param(req, "effect");
  effect.erase(std::remove(effect.begin(), effect.end(), '\r'), effect.end());
  Status s = jobs::RecordUseEffect(core.ContextFor(*session), IdOf(req), Trim(effect));
  AfterStep(core, *session, req, res, s, "effect", "effect");
}

void ClosePost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  Status s = jobs::CloseUseRequest(core.ContextFor(*session), IdOf(req));
  AfterStep(core, *session, req, res, s, "close", "close");
}

// ---- overdue, the registers and the statistics ---------------------------------------------

void OverduePage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  std::string as_of = Trim(Param(req, "as_of"));
  std::string body = "<h1>逾期未还</h1>\n" + SubNav("/use/overdue");
  if (!as_of.empty()) {
    const std::string iso = NormalizeDate(as_of);
    if (iso.empty()) {
      body += html::Notice("error", "「" + as_of + "」不是有效日期");
      as_of.clear();
    } else {
      as_of = iso;
    }
  }
  const std::string day = as_of.empty() ? jobs::Today() : as_of;
  body +=
      "<form method=\"get\" action=\"/use/overdue\" class=\"inline\"><label "
      "for=\"overdue-as-of\">截至</label><input id=\"overdue-as-of\" name=\"as_of\" "
      "type=\"date\"" +
      Attr("value", day) + "><button type=\"submit\">查看</button></form>\n";
  std::vector<jobs::OverdueLoan> loans;
  Status s = jobs::ListOverdue(core.ContextFor(*session), as_of, &loans);
  if (!s.ok()) {
    body += html::ProblemList(s);
  } else if (loans.empty()) {
    body += "<p class=\"empty\">截至 " + HtmlEscape(day) + " 没有逾期未还的原件。</p>\n";
  } else {
    body += "<p class=\"count\">截至 " + HtmlEscape(day) + " 逾期未还 <strong>" +
            std::to_string(loans.size()) + "</strong> 件，请催还。</p>\n";
    body +=
        "<div class=\"table-scroll\"><table class=\"list overdue-loans\"><thead><tr>"
        "<th scope=\"col\">申请</th><th scope=\"col\">借阅人</th><th scope=\"col\">单位</th>"
        "<th scope=\"col\">档号</th><th scope=\"col\">题名</th><th scope=\"col\">应还</th>"
        "<th scope=\"col\">逾期</th></tr></thead><tbody>\n";
    for (const jobs::OverdueLoan& l : loans) {
      body += "<tr class=\"overdue\"><td><a href=\"" + UseUrl(l.request_id) + "\">第 " +
              std::to_string(l.request_id) + " 号</a></td><td>" + HtmlEscape(l.person) +
              "</td><td>" + HtmlEscape(l.unit) + "</td><td class=\"nowrap\"><a href=\"" +
              html::ItemUrl(l.danghao) + "\">" + HtmlEscape(l.danghao) + "</a></td><td>" +
              HtmlEscape(l.title) + "</td><td class=\"nowrap\">" + HtmlEscape(l.due_at) +
              "</td><td class=\"nowrap\"><strong class=\"late\">" + std::to_string(l.days_overdue) +
              " 天</strong></td></tr>\n";
    }
    body += "</tbody></table></div>\n";
  }
  Core::SendHtml(res, s.ok() ? 200 : Core::HttpStatusOf(s),
                 html::Page("逾期未还", &*session, "/use", body));
}

std::string CountTable(const char* caption, const char* what,
                       const std::vector<jobs::UseCount>& counts) {
  std::string out = "<table class=\"list stats use-stats\"><caption>" + std::string(caption) +
                    "</caption><thead><tr><th scope=\"col\">" + what +
                    "</th><th scope=\"col\">申请</th><th scope=\"col\">件数</th><th "
                    "scope=\"col\">电子利用</th></tr></thead><tbody>";
  if (counts.empty()) out += "<tr><td colspan=\"4\">（无）</td></tr>";
  for (const jobs::UseCount& c : counts) {
    out += "<tr><td>" + HtmlEscape(c.key) + "</td><td class=\"num\">" + std::to_string(c.requests) +
           "</td><td class=\"num\">" + std::to_string(c.items) + "</td><td class=\"num\">" +
           std::to_string(c.uses) + "</td></tr>";
  }
  return out + "</tbody></table>\n";
}

void RegisterPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  int year = 0;
  Status s = YearOf(req, &year);
  jobs::UseStatistics stats;
  if (s.ok()) s = jobs::ComputeUseStatistics(core.ContextFor(*session), year, &stats);
  const int this_year = std::stoi(jobs::Today().substr(0, 4));
  std::string body = "<h1>借阅登记簿与利用统计</h1>\n" + SubNav("/use/register") +
                     "<form method=\"get\" action=\"/use/register\" class=\"inline\"><label "
                     "for=\"use-year\">年度</label><select id=\"use-year\" name=\"year\">";
  const std::string chosen = std::to_string(year ? year : this_year);
  for (int y = this_year; y >= this_year - 30; --y) {
    body += html::Option(std::to_string(y), std::to_string(y) + " 年", chosen);
  }
  body += "</select><button type=\"submit\">查看</button></form>\n";
  if (!s.ok()) {
    body += html::ProblemList(s);
    return Core::SendHtml(res, Core::HttpStatusOf(s),
                          html::Page("借阅登记簿", &*session, "/use", body));
  }
  const std::string y = std::to_string(year);
  if (stats.requests == 0) {
    body += "<p class=\"empty\">" + y + " 年没有借阅申请，登记簿和统计表没有内容。</p>\n";
    return Core::SendHtml(res, 200, html::Page("借阅登记簿", &*session, "/use", body));
  }
  body += "<section aria-labelledby=\"registers-h\"><h2 id=\"registers-h\">" + y +
          " 年度登记簿</h2>\n<p class=\"output-actions\">"
          "<a class=\"button\" href=\"/use/register.pdf?year=" +
          y +
          "\" target=\"_blank\" rel=\"noopener\">借阅（利用）登记簿 PDF</a>"
          "<a class=\"button\" href=\"/use/register.xlsx?year=" +
          y + "\">登记簿 XLSX</a><a class=\"button\" href=\"/use/effects.pdf?year=" + y +
          "\" target=\"_blank\" rel=\"noopener\">利用效果登记 PDF</a>"
          "<a class=\"button\" href=\"/use/effects.xlsx?year=" +
          y + "\">利用效果 XLSX</a></p>\n</section>\n";
  body += "<section aria-labelledby=\"use-stats-h\"><h2 id=\"use-stats-h\">" + y +
          " 年度利用统计</h2>\n<table class=\"list stats summary\"><tbody>"
          "<tr><th scope=\"row\">借阅申请</th><td>" +
          std::to_string(stats.requests) + " 份，" + std::to_string(stats.items) +
          " 件次</td></tr><tr><th scope=\"row\">电子利用</th><td>" + std::to_string(stats.uses) +
          " 次</td></tr><tr><th scope=\"row\">原件外借</th><td>" + std::to_string(stats.loans) +
          " 件次，其中逾期 " + std::to_string(stats.overdue) + " 件次</td></tr></tbody></table>\n";
  body += CountTable("按部门 / 单位", "部门 / 单位", stats.by_unit);
  body += CountTable("按利用目的", "利用目的", stats.by_purpose);
  body += CountTable("按利用方式", "利用方式", stats.by_kind);
  body += "</section>\n";
  Core::SendHtml(res, 200, html::Page("借阅登记簿", &*session, "/use", body));
}

// The D-06 register or the 利用效果 register of ?year=, PDF (shown in the browser) or XLSX.
void RegisterDocument(Core& core, const httplib::Request& req, httplib::Response& res, bool effects,
                      const std::string& format) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kLend);
  if (!session || !CleanParams(req, res, *session)) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  int year = 0;
  Status s = YearOf(req, &year);
  jobs::ScratchDir scratch(ctx.archive_dir);
  if (s.ok()) s = scratch.status();
  GeneratedDocument doc;
  const std::string base = scratch.path() + "/register";
  if (s.ok()) {
    s = effects ? jobs::RenderUseEffects(ctx, year, base, &doc)
                : jobs::RenderUseRegister(ctx, year, base, &doc);
  }
  std::string path = base + "." + format, bytes;
  for (const GeneratedFile& f : doc.files) {
    if (f.format == format) path = f.path;
  }
  if (s.ok()) s = jobs::ReadWholeFile(path, &bytes);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), &*session, s.message());
  const bool pdf = format == "pdf";
  const std::string name = std::to_string(year) +
                           (effects ? "年度档案利用效果登记" : "年度借阅（利用）登记簿") + "." +
                           format;
  res.set_header("Content-Disposition", std::string(pdf ? "inline" : "attachment") +
                                            "; filename*=UTF-8''" + html::UrlEncode(name));
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(bytes, pdf ? "application/pdf"
                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

}  // namespace

void RegisterLendingPages(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  using Handler = void (*)(Core&, const httplib::Request&, httplib::Response&);
  const std::pair<const char*, Handler> gets[] = {
      {"/use", ListPage}, {"/use/overdue", OverduePage}, {"/use/register", RegisterPage}};
  for (const auto& [path, handler] : gets) {
    Handler h = handler;
    http.Get(path,
             [c, h](const httplib::Request& req, httplib::Response& res) { h(*c, req, res); });
  }
  http.Post("/use",
            [c](const httplib::Request& req, httplib::Response& res) { RecordPost(*c, req, res); });
  const std::string one = std::string("/use/") + kIdPattern;
  http.Get(one,
           [c](const httplib::Request& req, httplib::Response& res) { RequestPage(*c, req, res); });
  const std::pair<const char*, Handler> steps[] = {{"/decide", DecidePost}, {"/lend", LendPost},
                                                   {"/renew", RenewPost},   {"/return", ReturnPost},
                                                   {"/effect", EffectPost}, {"/close", ClosePost}};
  for (const auto& [path, handler] : steps) {
    Handler h = handler;
    http.Post(one + path,
              [c, h](const httplib::Request& req, httplib::Response& res) { h(*c, req, res); });
  }
  for (const bool effects : {false, true}) {
    for (const char* format : {"pdf", "xlsx"}) {
      const std::string f = format;
      http.Get(std::string(effects ? "/use/effects\\." : "/use/register\\.") + f,
               [c, f, effects](const httplib::Request& req, httplib::Response& res) {
                 RegisterDocument(*c, req, res, effects, f);
               });
    }
  }
}

}  // namespace dangan::server::lending
