// The JSON API under /api/: each route checks the session and role (Core::Require), turns the
// request into a job of dangan_jobs with the signed-in account's context, and answers with the
// job's JSON or {"problems": […]}.
#include <utility>

#include "core.h"

namespace dangan::server {
namespace {

using jobs::Json;

Json Problems(const std::string& code, const std::string& message, const std::string& field = "") {
  Json p = {{"code", code}, {"message", message}};
  if (!field.empty()) p["field"] = field;
  return Json{{"problems", Json::array({p})}};
}

// The request's body as a JSON object: 415 unless it says application/json, 400 when it is not
// JSON or not an object. Answers itself and returns false on failure.
bool JsonBody(const httplib::Request& req, httplib::Response& res, Json* out) {
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/json", 0) != 0) {
    Core::SendJson(res, 415,
                   Problems("unsupported_media_type", "请求内容应为 JSON（application/json）"));
    return false;
  }
  Json body = Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    Core::SendJson(res, 400, Problems("malformed_json", "请求内容不是有效的 JSON 对象"));
    return false;
  }
  *out = std::move(body);
  return true;
}

// A required string member of a JSON body: 422 naming it when missing or not a string, 400 when
// CheckParameter refuses it.
bool StringField(const Json& body, const std::string& name, httplib::Response& res,
                 std::string* out) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    Core::SendJson(res, 422, Problems("required", "缺少字段「" + name + "」", name));
    return false;
  }
  const std::string value = it->get<std::string>();
  Status s = CheckParameter(name, value);
  if (!s.ok()) {
    Core::SendJson(res, 400, jobs::StatusJson(s));
    return false;
  }
  *out = value;
  return true;
}

Json AccountJson(const accounts::Account& a) {
  return {{"name", a.name},
          {"role", accounts::RoleName(a.role)},
          {"clearance", SecrecyName(a.clearance)},
          {"dept", a.dept},
          {"disabled", a.disabled}};
}

void RegisterSessionRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Post("/api/login", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::string user, password;
    if (!JsonBody(req, res, &body) || !StringField(body, "user", res, &user) ||
        !StringField(body, "password", res, &password)) {
      return;
    }
    Session session;
    Status s = core.SignIn(user, password, res, &session);
    if (!s.ok()) {
      // Every refusal but a lockout is the same "用户名或密码错误", as the job says it.
      const int status = s.code() == Status::Code::kResourceExhausted ? 429
                         : s.code() == Status::Code::kInvalidArgument ? 401
                                                                      : Core::HttpStatusOf(s);
      Core::SendJson(res, status, jobs::StatusJson(s));
      return;
    }
    Core::SendJson(res, 200,
                   {{"csrf", session.csrf},
                    {"user", session.account.name},
                    {"role", accounts::RoleName(session.account.role)},
                    {"clearance", SecrecyName(session.account.clearance)}});
  });
  http.Post("/api/logout", [&core](const httplib::Request& req, httplib::Response& res) {
    if (!core.Require(req, res)) return;
    core.SignOut(req, res);
    Core::SendJson(res, 200, Json::object());
  });
  http.Get("/api/me", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res);
    if (!session) return;
    Json me = AccountJson(session->account);
    me["csrf"] = session->csrf;
    Core::SendJson(res, 200, me);
  });
}

}  // namespace

void RegisterApi(Core& core) { RegisterSessionRoutes(core); }

}  // namespace dangan::server
