// Lending and use (借阅与利用, issue 17) on the desk: the JSON API under /api/use, mirroring
// `dangan use`, and (lending_pages.cc) the pages under /use. Every route goes through
// dangan/jobs/lending.h, so the rules (who may approve, what a grant opens, 涉密 originals never
// lent) hold here because the jobs hold them. An archivist (kLend) records requests and runs the
// loans; an account that may approve (kApproveUse) sees the requests waiting for it and its own,
// and decides.
#include <optional>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/accounts/roles.h"
#include "dangan/jobs/lending.h"
#include "lending_shared.h"

namespace dangan::server {
namespace {

using accounts::Action;
using jobs::Json;
using jobs::UseRequest;
using lending::IdOf;

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

// A member that must be true or false: 422 naming it otherwise (`fallback` when absent).
bool BoolMember(const Json& body, const char* name, bool fallback, httplib::Response& res,
                bool* out) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    *out = fallback;
    return true;
  }
  if (!it->is_boolean()) {
    Core::SendJson(res, 422, OneProblem("invalid_data", "应为 true 或 false", name));
    return false;
  }
  *out = it->get<bool>();
  return true;
}

// The request when the account may see it; a request it may not see answers as one that does
// not exist.
bool ReadVisible(const jobs::JobContext& ctx, const Session& session, int64_t id,
                 httplib::Response& res, UseRequest* out) {
  Status s = jobs::ReadUseRequest(ctx, id, out);
  if (s.ok() && !lending::MaySee(session.account, *out)) {
    s = Status::NotFound("没有编号为 " + std::to_string(id) + " 的借阅申请");
  }
  if (!s.ok()) {
    Core::SendProblems(res, s);
    return false;
  }
  return true;
}

// The request as it now stands, after a step: what the page or the script shows next.
void SendRequest(const jobs::JobContext& ctx, int64_t id, int status, httplib::Response& res) {
  UseRequest r;
  Status s = jobs::ReadUseRequest(ctx, id, &r);
  if (!s.ok()) return Core::SendProblems(res, s);
  Core::SendJson(res, status, jobs::UseRequestJson(r));
}

// POST /api/use/{id}/STEP: the session with `action` allowed and CSRF, the body as an object.
std::optional<Session> StepRequest(Core& core, const httplib::Request& req, httplib::Response& res,
                                   Action action, Json* body) {
  std::optional<Session> session = core.Require(req, res, action);
  if (!session || !JsonObjectBody(req, res, body, /*untyped_is_json=*/true)) return std::nullopt;
  return session;
}

// {"requester": {"account"} or {"name", "unit", "contact", "letter", "id_card"}, "purpose",
// "kind", "items": [档号 …], "end_date"}
void RecordRequest(Core& core, const httplib::Request& req, httplib::Response& res) {
  Json body;
  std::optional<Session> session = StepRequest(core, req, res, Action::kLend, &body);
  if (!session) return;
  jobs::UseRequester who;
  auto r = body.find("requester");
  if (r == body.end() || !r->is_object()) {
    return Core::SendJson(
        res, 422,
        OneProblem("invalid_data",
                   "应为借阅人：{\"account\": 账户名} 或 {\"name\", \"unit\", \"letter\" …}",
                   "requester"));
  }
  if (!TextMember(*r, "account", res, &who.account) || !TextMember(*r, "name", res, &who.name) ||
      !TextMember(*r, "unit", res, &who.unit) || !TextMember(*r, "contact", res, &who.contact) ||
      !TextMember(*r, "letter", res, &who.letter) ||
      !TextMember(*r, "id_card", res, &who.id_card)) {
    return;
  }
  std::string purpose, kind, end_date;
  if (!TextMember(body, "purpose", res, &purpose) || !TextMember(body, "kind", res, &kind) ||
      !TextMember(body, "end_date", res, &end_date)) {
    return;
  }
  std::vector<std::string> danghaos;
  bool strings = body.contains("items") && body["items"].is_array();
  if (strings) {
    for (const Json& d : body["items"]) {
      if (!d.is_string()) {
        strings = false;
        break;
      }
      danghaos.push_back(d.get<std::string>());
    }
  }
  if (!strings) {
    return Core::SendJson(res, 422,
                          OneProblem("invalid_data", "应为档号的列表（文本数组）", "items"));
  }
  const jobs::JobContext ctx = core.ContextFor(*session);
  UseRequest recorded;
  Status s = jobs::RecordUseRequest(ctx, who, purpose, kind, danghaos, end_date, &recorded);
  if (!s.ok()) return Core::SendProblems(res, s);
  SendRequest(ctx, recorded.id, 201, res);
}

void RegisterApiRoutes(Core& core) {
  httplib::Server& http = core.http();
  const std::string one = std::string("/api/use/") + lending::kIdPattern;

  // ?state= (待审批, 已批准, 未批准, 已结束; none = all), newest first.
  http.Get("/api/use", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kApproveUse);
    if (!session) return;
    std::vector<UseRequest> list;
    Status s =
        jobs::ListUseRequests(core.ContextFor(*session), lending::Param(req, "state"), &list);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json out = Json::array();
    for (const UseRequest& r : list) {
      if (lending::MaySee(session->account, r)) out.push_back(jobs::UseRequestJson(r));
    }
    Core::SendJson(res, 200, {{"requests", out}});
  });

  http.Post("/api/use", [&core](const httplib::Request& req, httplib::Response& res) {
    RecordRequest(core, req, res);
  });

  // ?as_of= (YYYY-MM-DD, none = today)
  http.Get("/api/use/overdue", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kLend);
    if (!session) return;
    std::vector<jobs::OverdueLoan> loans;
    Status s = jobs::ListOverdue(core.ContextFor(*session), lending::Param(req, "as_of"), &loans);
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200, jobs::OverdueJson(loans));
  });

  // ?year= (none = this year)
  http.Get("/api/use/stats", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kLend);
    if (!session) return;
    int year = 0;
    jobs::UseStatistics stats;
    Status s = lending::YearOf(req, &year);
    if (s.ok()) s = jobs::ComputeUseStatistics(core.ContextFor(*session), year, &stats);
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200, jobs::UseStatisticsJson(stats));
  });

  http.Get(one, [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kApproveUse);
    if (!session) return;
    UseRequest r;
    if (!ReadVisible(core.ContextFor(*session), *session, IdOf(req), res, &r)) return;
    Core::SendJson(res, 200, jobs::UseRequestJson(r));
  });

  // {"approve": true|false, "opinion"}
  http.Post(one + "/decide", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, Action::kApproveUse, &body);
    if (!session) return;
    std::string opinion;
    if (!TextMember(body, "opinion", res, &opinion)) return;
    if (!body.contains("approve") || !body["approve"].is_boolean()) {
      return Core::SendJson(
          res, 422, OneProblem("invalid_data", "应为 true（批准）或 false（不批准）", "approve"));
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    UseRequest r;
    if (!ReadVisible(ctx, *session, IdOf(req), res, &r)) return;
    Status s = jobs::DecideUseRequest(ctx, r.id, body["approve"].get<bool>(), opinion);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendRequest(ctx, r.id, 200, res);
  });

  // {"due"}
  http.Post(one + "/lend", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, Action::kLend, &body);
    if (!session) return;
    std::string due;
    if (!TextMember(body, "due", res, &due)) return;
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::LendOriginals(ctx, IdOf(req), due);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendRequest(ctx, IdOf(req), 200, res);
  });

  // {"档号", "due"}
  http.Post(one + "/renew", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, Action::kLend, &body);
    if (!session) return;
    std::string danghao, due;
    if (!TextMember(body, "档号", res, &danghao) || !TextMember(body, "due", res, &due)) return;
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::RenewLoan(ctx, IdOf(req), danghao, due);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendRequest(ctx, IdOf(req), 200, res);
  });

  // {"档号", "complete": true|false, "undamaged": true|false, "note"}; both checks default true.
  http.Post(one + "/return", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, Action::kLend, &body);
    if (!session) return;
    std::string danghao, note;
    bool complete = true, undamaged = true;
    if (!TextMember(body, "档号", res, &danghao) || !TextMember(body, "note", res, &note) ||
        !BoolMember(body, "complete", true, res, &complete) ||
        !BoolMember(body, "undamaged", true, res, &undamaged)) {
      return;
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::ReturnOriginal(ctx, IdOf(req), danghao, complete, undamaged, note);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendRequest(ctx, IdOf(req), 200, res);
  });

  // {"effect"}
  http.Post(one + "/effect", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, Action::kLend, &body);
    if (!session) return;
    std::string effect;
    if (!TextMember(body, "effect", res, &effect)) return;
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::RecordUseEffect(ctx, IdOf(req), effect);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendRequest(ctx, IdOf(req), 200, res);
  });

  http.Post(one + "/close", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::optional<Session> session = StepRequest(core, req, res, Action::kLend, &body);
    if (!session) return;
    const jobs::JobContext ctx = core.ContextFor(*session);
    Status s = jobs::CloseUseRequest(ctx, IdOf(req));
    if (!s.ok()) return Core::SendProblems(res, s);
    SendRequest(ctx, IdOf(req), 200, res);
  });
}

}  // namespace

void RegisterLendingRoutes(Core& core) {
  RegisterApiRoutes(core);
  lending::RegisterLendingPages(core);
}

}  // namespace dangan::server
