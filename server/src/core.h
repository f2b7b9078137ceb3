// What every route of the server shares: the options, the signed-in account of a request,
// CSRF, the answers (JSON for /api/…, pages otherwise) and the mapping of a Status to an HTTP
// status. The API (api.cc) and the pages (pages.cc) are registered on top of this.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "dangan/accounts/accounts.h"
#include "dangan/base/status.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"
#include "dangan/server/server.h"
#include "import_queue.h"
#include "upload_queue.h"

namespace dangan::server {

inline constexpr char kSessionCookie[] = "dangan_session";

struct Session {
  accounts::Account account;
  std::string token;  // the cookie's value
  std::string csrf;   // what state-changing requests must echo (form field csrf or X-CSRF-Token)
};

class Core {
 public:
  explicit Core(ServerOptions options);
  httplib::Server& http() { return *http_; }
  const ServerOptions& options() const { return options_; }
  // Scans uploaded to be filed in the background (started by Server::Create).
  UploadQueue& uploads() { return uploads_; }
  // Spreadsheets uploaded to be imported in the background (started by Server::Create).
  ImportQueue& imports() { return imports_; }

  // The live session of the request's cookie, if any (refreshes its idle time).
  std::optional<Session> SessionOf(const httplib::Request& req);
  // The session, when the account's role allows `action` and, for a state-changing request,
  // the CSRF token matches. Otherwise answers itself (401 without a session, 403 for the role
  // or a bad token: JSON under /api/, a page or a redirect to / elsewhere) and returns nullopt.
  std::optional<Session> Require(const httplib::Request& req, httplib::Response& res,
                                 accounts::Action action);
  // The same for what every signed-in account may do whatever its role (its own page, signing
  // out): the session, and the CSRF token for a state-changing request.
  std::optional<Session> Require(const httplib::Request& req, httplib::Response& res);
  // Signs in; on success sets the cookie (HttpOnly, SameSite=Strict, Secure under TLS).
  // A lockout is Status::Code::kResourceExhausted (the caller answers 429).
  Status SignIn(const std::string& user, const std::string& password, httplib::Response& res,
                Session* session);
  void SignOut(const httplib::Request& req, httplib::Response& res);

  // The jobs' context for a signed-in account: its name as "who", its clearance.
  jobs::JobContext ContextFor(const Session& session) const;
  // Runs `work` with an Accounts over the archive opened as `who` (account administration).
  Status WithAccounts(const std::string& who,
                      const std::function<Status(accounts::Accounts&)>& work);

  // HTTP status of a failed job: NotFound 404, InvalidArgument 422, ResourceExhausted 429,
  // the rest 500 (the message, never a stack trace).
  static int HttpStatusOf(const Status& s);
  static void SendJson(httplib::Response& res, int status, const jobs::Json& body);
  static void SendProblems(httplib::Response& res, const Status& s);  // {"problems": […]}
  static void SendHtml(httplib::Response& res, int status, const std::string& html);

 private:
  ServerOptions options_;
  UploadQueue uploads_;
  ImportQueue imports_{options_.archive_dir, options_.templates_dir};
  std::unique_ptr<httplib::Server> http_;  // an httplib::SSLServer under TLS
};

// Routes of the JSON API under /api/ (api.cc) and of the pages (pages.cc).
void RegisterApi(Core& core);
void RegisterPages(Core& core);
// The clerk's desk (issue 15), each part in its own file: forms and drafts (form_api.cc:
// /api/forms…, /api/drafts…; form_pages.cc: /forms…), live registers (register_routes.cc:
// /api/registers… and /registers…), imports by upload (import_routes.cc: /api/imports… and
// /imports…).
void RegisterFormApi(Core& core);
void RegisterFormPages(Core& core);
void RegisterRegisterRoutes(Core& core);
void RegisterImportRoutes(Core& core);
// The records lifecycle (issue 16): appraisal and destruction (appraisal_routes.cc: /api/appraisals…
// and /appraisals…), annual statistics (stats_routes.cc: /api/stats and /stats).
void RegisterAppraisalRoutes(Core& core);
void RegisterStatsRoutes(Core& core);
// Lending and use (issue 17): lending_routes.cc, /api/use… and /use….
void RegisterLendingRoutes(Core& core);
// Transfer and 开放审核 (issue 17): transfer_routes.cc, /api/transfer…, /transfer…, /open-review….
void RegisterTransferRoutes(Core& core);

// One problem of a refused API request: {"problems": [{"code", "message"[, "field"]}]}.
jobs::Json OneProblem(const std::string& code, const std::string& message,
                      const std::string& field = "");
// The request's body as a JSON object: 415 unless its Content-Type says application/json (with
// `untyped_is_json`, none at all is taken as JSON, as a plain fetch sends it), 400 when it is not
// a JSON object, each answered with problems(code, message, ""). Returns false when it answered.
using ProblemsAnswer = jobs::Json (*)(const std::string& code, const std::string& message,
                                      const std::string& field);
bool JsonObjectBody(const httplib::Request& req, httplib::Response& res, jobs::Json* out,
                    bool untyped_is_json = false, ProblemsAnswer problems = OneProblem);

// Text made safe for HTML element content and attribute values (& < > " ').
std::string HtmlEscape(const std::string& text);
// A query or path parameter that is not clean text, or contains "../" or a NUL, is refused.
Status CheckParameter(const std::string& name, const std::string& value);

}  // namespace dangan::server
