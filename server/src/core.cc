#include "core.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <cstdio>
#include <utility>

#include "dangan/records/text.h"

namespace dangan::server {
namespace {

// Archive::Open needs an actor; resuming a session writes no audit entry, so this name is only
// what the catalogue connection is opened as.
constexpr char kServerActor[] = "dangan serve";
// Derives the CSRF token from the session token: nothing to store, and it survives a restart
// as the session does. A cross-site page can send the cookie but never read it, so it cannot
// compute this.
constexpr char kCsrfLabel[] = "dangan csrf v1\n";

std::string HexSha256(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * sizeof digest);
  for (unsigned char c : digest) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

bool IsSessionToken(const std::string& token) {
  if (token.size() != 64) return false;
  for (char c : token) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool EqualInConstantTime(const std::string& a, const std::string& b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsStateChanging(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

bool IsApi(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

// The value of cookie `name` in the request's Cookie headers, "" if none.
std::string CookieValue(const httplib::Request& req, const std::string& name) {
  const size_t n = req.get_header_value_count("Cookie");
  for (size_t i = 0; i < n; ++i) {
    const std::string header = req.get_header_value("Cookie", i);
    size_t pos = 0;
    while (pos < header.size()) {
      size_t end = header.find(';', pos);
      if (end == std::string::npos) end = header.size();
      std::string pair = header.substr(pos, end - pos);
      const size_t first = pair.find_first_not_of(' ');
      pair = first == std::string::npos ? "" : pair.substr(first);
      const size_t eq = pair.find('=');
      if (eq != std::string::npos && pair.compare(0, eq, name) == 0 && eq == name.size()) {
        return pair.substr(eq + 1);
      }
      pos = end + 1;
    }
  }
  return "";
}

// The CSRF token the request echoes: header first, then a form field (urlencoded or multipart).
std::string EchoedCsrf(const httplib::Request& req) {
  if (req.has_header("X-CSRF-Token")) return req.get_header_value("X-CSRF-Token");
  if (req.has_param("csrf")) return req.get_param_value("csrf");
  if (req.has_file("csrf")) return req.get_file_value("csrf").content;
  return "";
}

void Refuse(const httplib::Request& req, httplib::Response& res, int status,
            const std::string& message) {
  if (IsApi(req)) {
    Core::SendJson(
        res, status,
        jobs::Json{{"problems", jobs::Json::array({jobs::Json{
                                    {"code", status == 401 ? "unauthorized" : "forbidden"},
                                    {"message", message}}})}});
  } else if (status == 401) {
    res.status = 303;
    res.set_header("Location", "/");
  } else {
    Core::SendHtml(res, status,
                   "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                   "<title>无权操作</title></head><body><h1>无权操作</h1><p>" +
                       message + "</p><p><a href=\"/\">返回</a></p></body></html>");
  }
}

}  // namespace

Core::Core(ServerOptions options)
    : options_(std::move(options)), uploads_(options_.archive_dir, options_.templates_dir) {
  if (!options_.tls_cert.empty()) {
    http_ =
        std::make_unique<httplib::SSLServer>(options_.tls_cert.c_str(), options_.tls_key.c_str());
  } else {
    http_ = std::make_unique<httplib::Server>();
  }
}

std::optional<Session> Core::SessionOf(const httplib::Request& req) {
  const std::string token = CookieValue(req, kSessionCookie);
  if (!IsSessionToken(token)) return std::nullopt;
  std::unique_ptr<Archive> archive;
  if (!Archive::Open(options_.archive_dir, kServerActor, &archive).ok()) return std::nullopt;
  accounts::Accounts accounts(*archive, kServerActor);
  Session session;
  if (!accounts.ResumeSession(token, &session.account).ok()) return std::nullopt;
  session.token = token;
  session.csrf = HexSha256(kCsrfLabel + token);
  return session;
}

std::optional<Session> Core::Require(const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = SessionOf(req);
  if (!session) {
    Refuse(req, res, 401, "请先登录");
    return std::nullopt;
  }
  if (IsStateChanging(req.method) && !EqualInConstantTime(EchoedCsrf(req), session->csrf)) {
    Refuse(req, res, 403, "请求缺少有效的 CSRF 令牌，请刷新页面后重试");
    return std::nullopt;
  }
  return session;
}

std::optional<Session> Core::Require(const httplib::Request& req, httplib::Response& res,
                                     accounts::Action action) {
  std::optional<Session> session = Require(req, res);
  if (!session) return std::nullopt;
  if (!accounts::Allows(session->account.role, action)) {
    Refuse(req, res, 403,
           std::string("当前账户的角色（") + accounts::RoleName(session->account.role) +
               "）无权进行此操作");
    return std::nullopt;
  }
  return session;
}

Status Core::SignIn(const std::string& user, const std::string& password, httplib::Response& res,
                    Session* session) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Archive::Open(options_.archive_dir, kServerActor, &archive));
  accounts::Accounts accounts(*archive, kServerActor);
  std::string token;
  // Argon2id takes 64 MB per hash; accounts lets two run at once and queues the rest.
  DANGAN_RETURN_IF_ERROR(accounts.SignIn(user, password, &token));
  Session signed_in;
  DANGAN_RETURN_IF_ERROR(accounts.ResumeSession(token, &signed_in.account));
  signed_in.token = token;
  signed_in.csrf = HexSha256(kCsrfLabel + token);
  std::string cookie =
      std::string(kSessionCookie) + "=" + token + "; HttpOnly; SameSite=Strict; Path=/";
  if (!options_.tls_cert.empty()) cookie += "; Secure";
  res.set_header("Set-Cookie", cookie);
  if (session) *session = std::move(signed_in);
  return Status::Ok();
}

void Core::SignOut(const httplib::Request& req, httplib::Response& res) {
  const std::string token = CookieValue(req, kSessionCookie);
  if (IsSessionToken(token)) {
    std::unique_ptr<Archive> archive;
    if (Archive::Open(options_.archive_dir, kServerActor, &archive).ok()) {
      accounts::Accounts accounts(*archive, kServerActor);
      // Signing out of a session already gone is not an error for the user.
      (void)accounts.SignOut(token);
    }
  }
  std::string cookie =
      std::string(kSessionCookie) + "=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/";
  if (!options_.tls_cert.empty()) cookie += "; Secure";
  res.set_header("Set-Cookie", cookie);
}

jobs::JobContext Core::ContextFor(const Session& session) const {
  jobs::JobContext ctx;
  ctx.archive_dir = options_.archive_dir;
  ctx.templates_dir = options_.templates_dir;
  ctx.user = session.account.name;
  ctx.clearance = session.account.clearance;
  return ctx;
}

Status Core::WithAccounts(const std::string& who,
                          const std::function<Status(accounts::Accounts&)>& work) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Archive::Open(options_.archive_dir, who, &archive));
  accounts::Accounts accounts(*archive, who);
  return work(accounts);
}

int Core::HttpStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk:
      return 200;
    case Status::Code::kNotFound:
      return 404;
    // Bad input, as the command line's exit status 2 counts it: the data, a damaged or
    // unsupported file the user gave.
    case Status::Code::kInvalidArgument:
    case Status::Code::kCorruption:
    case Status::Code::kUnsupported:
      return 422;
    case Status::Code::kResourceExhausted:
      return 429;
    case Status::Code::kIoError:
    case Status::Code::kInternal:
      return 500;
  }
  return 500;
}

void Core::SendJson(httplib::Response& res, int status, const jobs::Json& body) {
  res.status = status;
  res.set_content(jobs::DumpJson(body, -1), "application/json; charset=utf-8");
}

void Core::SendProblems(httplib::Response& res, const Status& s) {
  SendJson(res, HttpStatusOf(s), jobs::StatusJson(s));
}

void Core::SendHtml(httplib::Response& res, int status, const std::string& html) {
  res.status = status;
  res.set_content(html, "text/html; charset=utf-8");
}

jobs::Json OneProblem(const std::string& code, const std::string& message,
                      const std::string& field) {
  jobs::Json p = {{"code", code}, {"message", message}};
  if (!field.empty()) p["field"] = field;
  return jobs::Json{{"problems", jobs::Json::array({p})}};
}

bool JsonObjectBody(const httplib::Request& req, httplib::Response& res, jobs::Json* out,
                    bool untyped_is_json, ProblemsAnswer problems) {
  const std::string type = req.get_header_value("Content-Type");
  if (!(untyped_is_json && type.empty()) && type.rfind("application/json", 0) != 0) {
    Core::SendJson(res, 415,
                   problems("unsupported_media_type", "请求内容应为 JSON（application/json）", ""));
    return false;
  }
  jobs::Json body = jobs::Json::parse(req.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    Core::SendJson(res, 400, problems("malformed_json", "请求内容不是有效的 JSON 对象", ""));
    return false;
  }
  *out = std::move(body);
  return true;
}

Status CheckParameter(const std::string& name, const std::string& value) {
  if (value.find('\0') != std::string::npos) {
    return Status::InvalidArgument(MakeProblem("invalid_text", 0, name, "含有 NUL 字符"));
  }
  // A path climbing out of where it is meant to stay, in either separator.
  if (value.find("../") != std::string::npos || value.find("..\\") != std::string::npos ||
      value == "..") {
    return Status::InvalidArgument(MakeProblem("invalid_text", 0, name, "不能含有「../」"));
  }
  // Tabs and line breaks are allowed (a 备注 or a query pasted over two lines); invalid UTF-8 and
  // other control characters are not.
  Problem p = CheckText(name, value, TextLines::kMany);
  if (!p.code.empty()) return Status::InvalidArgument(std::move(p));
  return Status::Ok();
}

}  // namespace dangan::server
