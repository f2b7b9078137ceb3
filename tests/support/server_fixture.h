// A real `dangan serve` in the test process: a fresh archive with an account of every role and
// items of 公开, 内部 and 机密, served on 127.0.0.1 at a free port; and a client that keeps the
// session cookie and the CSRF token as a browser page would.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "dangan/server/server.h"

namespace dangan::test {

inline constexpr char kTestPassword[] = "correct-horse-42";

struct ServerFixture {
  // `tweak` may change the options (a smaller upload limit) before the server is made.
  explicit ServerFixture(const std::string& name,
                         const std::function<void(server::ServerOptions&)>& tweak = nullptr);
  ~ServerFixture();

  std::string archive_dir;
  std::string public_item, internal_item, secret_item;  // 档号 of one item of each 密级
  std::unique_ptr<server::Server> server;
  std::thread runner;
  int port = 0;
};

// Accounts made by the fixture (password kTestPassword): 经办人 "经办内部" (内部), "经办机密"
// (机密); 档案员 "档案内部" (内部), "档案机密" (机密); 审计员 "审计机密" (机密), "审计内部" (内部);
// 管理员 "管理员甲" (内部).
class WebClient {
 public:
  explicit WebClient(int port);
  // POST /api/login; keeps the cookie and the CSRF token when it succeeds. Returns the status.
  int Login(const std::string& user, const std::string& password = kTestPassword);
  httplib::Result Get(const std::string& path);
  // JSON body; `with_csrf` false leaves the token out (to see the refusal).
  httplib::Result PostJson(const std::string& path, const std::string& json, bool with_csrf = true);
  httplib::Result PostMultipart(const std::string& path,
                                const httplib::MultipartFormDataItems& items);
  httplib::Client& raw() { return client_; }
  const std::string& cookie() const { return cookie_; }
  const std::string& set_cookie() const { return set_cookie_; }
  const std::string& csrf() const { return csrf_; }

 private:
  httplib::Headers Headers(bool with_csrf) const;
  httplib::Client client_;
  std::string cookie_, set_cookie_, csrf_;
};

// The answer's body as JSON; fails the test when there is no answer.
nlohmann::json JsonBody(const httplib::Result& r);

// Polls GET `path` (a task of a background queue) until `done` holds for its JSON or a minute has
// passed; the last answer's JSON.
nlohmann::json PollJson(WebClient& web, const std::string& path,
                        const std::function<bool(const nlohmann::json&)>& done);

// The 档号 as a path segment: percent-encoded UTF-8.
std::string PathSegment(const std::string& text);

}  // namespace dangan::test
