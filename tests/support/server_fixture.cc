#include "support/server_fixture.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "dangan/accounts/accounts.h"
#include "server/src/html.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan::test {

ServerFixture::ServerFixture(const std::string& name,
                             const std::function<void(server::ServerOptions&)>& tweak) {
  archive_dir = archive_test::NewArchive(name);
  {
    auto archive = archive_test::OpenArchive(archive_dir, "测试管理员");
    accounts::Accounts accounts(*archive, "测试管理员");
    const struct {
      const char* name;
      accounts::Role role;
      Secrecy clearance;
    } kAccounts[] = {
        {"经办内部", accounts::Role::kClerk, Secrecy::kInternal},
        {"经办机密", accounts::Role::kClerk, Secrecy::kSecret},
        {"档案内部", accounts::Role::kArchivist, Secrecy::kInternal},
        {"档案机密", accounts::Role::kArchivist, Secrecy::kSecret},
        {"审计机密", accounts::Role::kAuditor, Secrecy::kSecret},
        {"审计内部", accounts::Role::kAuditor, Secrecy::kInternal},
        {"管理员甲", accounts::Role::kAdministrator, Secrecy::kInternal},
    };
    for (const auto& a : kAccounts) {
      REQUIRE(accounts.AddAccount(a.name, a.role, a.clearance, "BGS", kTestPassword).ok());
    }
    public_item = archive_test::FileSampleScanAt(*archive, "印章管理公开通知", "公开",
                                                 "Z109-WS·2015-Y-BGS-0001.pdf");
    internal_item = archive_test::FileSampleScanAt(*archive, "印章管理内部通知", "内部",
                                                   "Z109-WS·2015-Y-BGS-0004.pdf");
    secret_item = archive_test::FileSampleScanAt(*archive, "印章管理机密合同", "机密",
                                                 "Z109-WS·2016-D10-BGS-0008.pdf");
  }
  server::ServerOptions options;
  options.archive_dir = archive_dir;
  options.templates_dir = SourcePath("templates");
  options.port = 0;
  options.threads = 8;
  if (tweak) tweak(options);
  Status s = server::Server::Create(options, &server);
  INFO(s.ToString());
  REQUIRE(s.ok());
  port = server->port();
  runner = std::thread([this] { (void)server->Run(); });
}

ServerFixture::~ServerFixture() {
  if (server) server->Stop();
  if (runner.joinable()) runner.join();
}

WebClient::WebClient(int port) : client_("127.0.0.1", port) {
  client_.set_read_timeout(120, 0);  // an upload runs the filing job synchronously
}

httplib::Headers WebClient::Headers(bool with_csrf) const {
  httplib::Headers h;
  if (!cookie_.empty()) h.emplace("Cookie", cookie_);
  if (with_csrf && !csrf_.empty()) h.emplace("X-CSRF-Token", csrf_);
  return h;
}

int WebClient::Login(const std::string& user, const std::string& password) {
  const std::string body = nlohmann::json{{"user", user}, {"password", password}}.dump();
  httplib::Result r = client_.Post("/api/login", body, "application/json");
  if (!r) return -1;
  if (r->status == 200) {
    set_cookie_ = r->get_header_value("Set-Cookie");
    cookie_ = set_cookie_.substr(0, set_cookie_.find(';'));
    csrf_ = nlohmann::json::parse(r->body).value("csrf", "");
  }
  return r->status;
}

httplib::Result WebClient::Get(const std::string& path) {
  return client_.Get(path, Headers(false));
}

httplib::Result WebClient::PostJson(const std::string& path, const std::string& json,
                                    bool with_csrf) {
  return client_.Post(path, Headers(with_csrf), json, "application/json");
}

httplib::Result WebClient::PostMultipart(const std::string& path,
                                         const httplib::MultipartFormDataItems& items) {
  return client_.Post(path, Headers(true), items);
}

std::string PathSegment(const std::string& text) { return server::html::UrlEncode(text); }

nlohmann::json JsonBody(const httplib::Result& r) {
  REQUIRE(r);
  return nlohmann::json::parse(r->body);
}

nlohmann::json PollJson(WebClient& web, const std::string& path,
                        const std::function<bool(const nlohmann::json&)>& done) {
  nlohmann::json task;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    httplib::Result r = web.Get(path);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    task = nlohmann::json::parse(r->body);
  } while (!done(task) && std::chrono::steady_clock::now() < end);
  return task;
}

}  // namespace dangan::test
