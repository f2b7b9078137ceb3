// The JSON API of `dangan serve` over real HTTP on loopback: sessions, CSRF, lockout, roles,
// clearances, uploads, limits, bad input, headers; and the command itself.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/server_fixture.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;

std::string ReadSample(const std::string& relative) {
  return archive_test::ReadAll(SourcePath(relative));
}

std::string ItemPath(const std::string& danghao) { return "/api/items/" + PathSegment(danghao); }

TEST_CASE("Without a session the API answers 401 and a sign-in sets a strict HttpOnly cookie",
          "[server]") {
  ServerFixture f("server_login");
  WebClient web(f.port);
  httplib::Result me = web.Get("/api/me");
  REQUIRE(me);
  CHECK(me->status == 401);
  CHECK(JsonBody(me)["problems"].size() == 1);

  REQUIRE(web.Login("经办内部") == 200);
  CHECK(web.set_cookie().rfind("dangan_session=", 0) == 0);
  CHECK(web.set_cookie().find("HttpOnly") != std::string::npos);
  CHECK(web.set_cookie().find("SameSite=Strict") != std::string::npos);
  CHECK(web.set_cookie().find("Path=/") != std::string::npos);
  CHECK(web.set_cookie().find("Secure") == std::string::npos);  // plain HTTP on loopback
  CHECK(web.csrf().size() == 64);

  me = web.Get("/api/me");
  REQUIRE(me);
  CHECK(me->status == 200);
  const Json account = JsonBody(me);
  CHECK(account["name"] == "经办内部");
  CHECK(account["role"] == "经办人");
  CHECK(account["clearance"] == "内部");
  CHECK(account["csrf"] == web.csrf());

  WebClient wrong(f.port);
  CHECK(wrong.Login("经办内部", "not-the-password") == 401);
  httplib::Result r = wrong.raw().Post("/api/login", R"({"user":"无此人","password":"x123456789"})",
                                       "application/json");
  REQUIRE(r);
  CHECK(r->status == 401);
  CHECK(r->body.find("用户名或密码错误") != std::string::npos);
}

TEST_CASE("A state-changing request without the CSRF token is refused and logout ends the session",
          "[server]") {
  ServerFixture f("server_csrf");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::Result r = web.PostJson("/api/logout", "{}", /*with_csrf=*/false);
  REQUIRE(r);
  CHECK(r->status == 403);
  CHECK(web.Get("/api/me")->status == 200);  // still signed in

  // A wrong token is no better than none.
  httplib::Headers forged = {{"Cookie", web.cookie()}, {"X-CSRF-Token", std::string(64, 'a')}};
  r = web.raw().Post(ItemPath(f.internal_item) + "/hold", forged,
                     R"({"hold":true,"reason":"诉讼"})", "application/json");
  REQUIRE(r);
  CHECK(r->status == 403);

  r = web.PostJson("/api/logout", "{}");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Set-Cookie").find("Max-Age=0") != std::string::npos);
  CHECK(web.Get("/api/me")->status == 401);  // the old cookie no longer works
}

TEST_CASE("Five wrong passwords lock the account and the next sign-in gets 429", "[server]") {
  ServerFixture f("server_lockout");
  WebClient web(f.port);
  for (int i = 0; i < 5; ++i)
    CHECK(web.Login("经办内部", "wrong-password-" + std::to_string(i)) == 401);
  CHECK(web.Login("经办内部") == 429);  // even the right password, while locked
  WebClient other(f.port);
  CHECK(other.Login("档案内部") == 200);  // other accounts are not affected
}

TEST_CASE("A clerk may not edit an item but an archivist may", "[server]") {
  ServerFixture f("server_roles");
  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  const std::string edit = ItemPath(f.internal_item) + "/edit";
  httplib::Result r = clerk.PostJson(edit, R"({"changes":{"题名":"改过的题名"}})");
  REQUIRE(r);
  CHECK(r->status == 403);

  WebClient archivist(f.port);
  REQUIRE(archivist.Login("档案内部") == 200);
  r = archivist.PostJson(edit, R"({"changes":{"题名":"改过的题名"}})");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(JsonBody(r)["题名"] == "改过的题名");
  httplib::Result item = clerk.Get(ItemPath(f.internal_item));
  REQUIRE(item);
  CHECK(JsonBody(item)["题名"] == "改过的题名");

  // An auditor reads the log but changes nothing; an administrator manages accounts only.
  WebClient auditor(f.port);
  REQUIRE(auditor.Login("审计机密") == 200);
  CHECK(auditor.Get("/api/audit")->status == 200);
  CHECK(auditor.Get("/api/search?q=" + PathSegment("印章"))->status == 403);
  CHECK(clerk.Get("/api/audit")->status == 403);
  WebClient admin(f.port);
  REQUIRE(admin.Login("管理员甲") == 200);
  CHECK(admin.Get("/api/users")->status == 200);
  CHECK(archivist.Get("/api/users")->status == 403);
}

TEST_CASE("An account cleared for 内部 never sees a 机密 item by search, 档号, file or copy",
          "[server]") {
  ServerFixture f("server_clearance");
  WebClient low(f.port), high(f.port);
  REQUIRE(low.Login("档案内部") == 200);
  REQUIRE(high.Login("档案机密") == 200);

  const std::string search = "/api/search?q=" + PathSegment("印章管理");
  const Json seen_low = JsonBody(low.Get(search));
  const Json seen_high = JsonBody(high.Get(search));
  CHECK(seen_high["total"] == 3);
  CHECK(seen_low["total"] == 2);
  REQUIRE(seen_low["hits"].size() == 2);
  for (const Json& hit : seen_low["hits"]) {
    CHECK(hit["档号"] != f.secret_item);
    CHECK(hit["题名"].get<std::string>().find("机密") == std::string::npos);
  }
  // A filter on 机密 finds nothing and counts nothing.
  const Json filtered = JsonBody(low.Get(search + "&secrecy=" + PathSegment("机密")));
  CHECK(filtered["total"] == 0);
  CHECK(filtered["hits"].empty());

  // By 档号: exactly the answer of a 档号 that was never filed (same status, same body).
  const std::string missing = "Z109-WS·2010-D10-BGS-0999";
  httplib::Result secret = low.Get(ItemPath(f.secret_item));
  httplib::Result absent = low.Get(ItemPath(missing));
  REQUIRE(secret);
  REQUIRE(absent);
  CHECK(secret->status == 404);
  CHECK(absent->status == 404);
  std::string absent_body = absent->body;
  // The message names the 档号 asked for; with it swapped the two bodies must be equal.
  for (size_t at = absent_body.find(missing); at != std::string::npos;
       at = absent_body.find(missing, at + 1)) {
    absent_body.replace(at, missing.size(), f.secret_item);
  }
  CHECK(secret->body == absent_body);
  CHECK(high.Get(ItemPath(f.secret_item))->status == 200);

  // A 档号 typed with a look-alike dot (ASCII '.', full-width '．') is the same item.
  std::string ascii = f.internal_item;
  const std::string middle_dot = "·";
  ascii.replace(ascii.find(middle_dot), middle_dot.size(), ".");
  httplib::Result lookalike = low.Get(ItemPath(ascii));
  REQUIRE(lookalike);
  CHECK(lookalike->status == 200);
  CHECK(JsonBody(lookalike)["档号"] == f.internal_item);

  // By file number and by copy.
  httplib::Result file = low.Get(ItemPath(f.secret_item) + "/files/1");
  REQUIRE(file);
  CHECK(file->status == 404);
  CHECK(file->body.find("%PDF") == std::string::npos);
  httplib::Result copy = low.Get(ItemPath(f.secret_item) + "/copy?reason=" + PathSegment("查阅"));
  REQUIRE(copy);
  CHECK(copy->status == 404);
  CHECK(copy->body.find("%PDF") == std::string::npos);

  // What the reader may see, they get: the file with its type, and the copy with the 归档章.
  httplib::Result own = low.Get(ItemPath(f.internal_item) + "/files/1");
  REQUIRE(own);
  CHECK(own->status == 200);
  CHECK(own->get_header_value("Content-Type") == "application/pdf");
  CHECK(own->get_header_value("Content-Disposition").find("inline; filename*=UTF-8''") == 0);
  CHECK(own->body.rfind("%PDF", 0) == 0);
  CHECK(low.Get(ItemPath(f.internal_item) + "/files/2")->status == 404);
  httplib::Result no_reason = low.Get(ItemPath(f.internal_item) + "/copy");
  REQUIRE(no_reason);
  CHECK(no_reason->status == 422);
  httplib::Result use_copy =
      low.Get(ItemPath(f.internal_item) + "/copy?reason=" + PathSegment("查阅"));
  REQUIRE(use_copy);
  CHECK(use_copy->status == 200);
  CHECK(use_copy->body.rfind("%PDF", 0) == 0);

  // The looks are in the item's audit history, under the account's name.
  const Json item = JsonBody(low.Get(ItemPath(f.internal_item)));
  bool looked = false, copied = false;
  for (const Json& e : item["audit"]) {
    looked = looked || (e["who"] == "档案内部" && e["action"] == "查看");
    copied = copied || (e["who"] == "档案内部" && e["action"] == "出具利用副本");
  }
  CHECK(looked);
  CHECK(copied);
}

TEST_CASE("An uploaded scan is filed and then found by search", "[server]") {
  ServerFixture f("server_upload");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::MultipartFormDataItems items = {
      {"files[]", ReadSample("samples/legacy/scans/会议照片2016.pdf"), "扫描件/会议照片.pdf",
       "application/pdf"},
      {"title", "网页上传的会议纪要", "", ""},
      {"year", "2024", "", ""},
      {"dept", "BGS", "", ""},
      {"retention", "D30", "", ""},
      {"ocr", "0", "", ""},
  };
  httplib::Result r = web.PostMultipart("/api/files", items);
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 201);
  const Json filed = JsonBody(r);
  const std::string danghao = filed["档号"];
  CHECK(danghao.find("2024-D30-BGS") != std::string::npos);
  REQUIRE(filed["files"].size() == 1);
  CHECK(filed["files"][0]["name"] == "会议照片.pdf");  // the client's folders are dropped

  const Json found = JsonBody(web.Get("/api/search?q=" + PathSegment("会议纪要")));
  REQUIRE(found["total"] == 1);
  CHECK(found["hits"][0]["档号"] == danghao);
  CHECK(found["hits"][0]["题名"] == "网页上传的会议纪要");

  // The archive stays consistent, and the upload's scratch folder is gone.
  WebClient auditor(f.port);
  REQUIRE(auditor.Login("审计机密") == 200);
  const Json check = JsonBody(auditor.PostJson("/api/check", "{}"));
  INFO(check.dump());
  CHECK(check["ok"] == true);
  CHECK(check["items"] == 4);
  CHECK(JsonBody(auditor.PostJson("/api/audit/verify", "{}"))["intact"] == true);
  WebClient low_auditor(f.port);
  REQUIRE(low_auditor.Login("审计内部") == 200);
  CHECK(low_auditor.PostJson("/api/check", "{}")->status == 422);  // needs 机密, as the job says
  for (const auto& entry : std::filesystem::directory_iterator(f.archive_dir)) {
    CHECK(entry.path().filename().string().rfind(".web-", 0) == std::string::npos);
  }

  // A name climbing out of its folder is refused, not cleaned up.
  httplib::MultipartFormDataItems climbing = items;
  climbing[0].filename = "../../会议照片.pdf";
  r = web.PostMultipart("/api/files", climbing);
  REQUIRE(r);
  CHECK(r->status == 400);

  // A clerk files only the signed scans of their own forms (by QR code), an auditor nothing; a
  // filing without a title is 422 naming the problem.
  WebClient clerk(f.port);
  REQUIRE(clerk.Login("经办内部") == 200);
  httplib::Result own_only = clerk.PostMultipart("/api/files", items);
  REQUIRE(own_only);
  CHECK(own_only->status == 422);
  CHECK_THAT(own_only->body, Catch::Contains("经办人只能归档自己生成的表单的签字扫描件"));
  CHECK(low_auditor.PostMultipart("/api/files", items)->status == 403);
  httplib::MultipartFormDataItems untitled = {
      {"files[]", ReadSample("samples/legacy/scans/会议照片2016.pdf"), "a.pdf", "application/pdf"},
      {"year", "2024", "", ""},
      {"dept", "BGS", "", ""},
      {"ocr", "0", "", ""}};
  r = web.PostMultipart("/api/files", untitled);
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(JsonBody(r)["problems"].size() >= 1);
}

TEST_CASE("An upload over the limit is refused with 413", "[server]") {
  ServerFixture f("server_too_large",
                  [](server::ServerOptions& o) { o.max_upload_bytes = 64 * 1024; });
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  httplib::MultipartFormDataItems items = {
      {"files[]", std::string(200 * 1024, 'x'), "big.pdf", "application/pdf"},
      {"title", "太大的文件", "", ""}};
  httplib::Result r = web.PostMultipart("/api/files", items);
  REQUIRE(r);
  CHECK(r->status == 413);
  CHECK(JsonBody(r)["problems"][0]["message"].get<std::string>().find("上传内容过大") !=
        std::string::npos);
  CHECK(web.Get("/api/me")->status == 200);  // the server carries on
}

TEST_CASE("Bad input is refused with 400, 415, 422 or a JSON 404, never a crash", "[server]") {
  ServerFixture f("server_bad_input");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);

  httplib::Result r = web.Get("/api/items/..%2F..%2Fetc%2Fpasswd");
  REQUIRE(r);
  CHECK(r->status == 400);
  r = web.Get("/api/search?q=" + PathSegment("印章") + "&dept=..%2Fx");
  REQUIRE(r);
  CHECK(r->status == 400);
  r = web.Get("/api/search?q=%FF%FE");  // not UTF-8
  REQUIRE(r);
  CHECK(r->status == 400);
  r = web.Get("/api/search?q=a%00b");
  REQUIRE(r);
  CHECK(r->status == 400);

  r = web.raw().Post("/api/login", "{\"user\": ", "application/json");
  REQUIRE(r);
  CHECK(r->status == 400);
  r = web.raw().Post("/api/login", "user=a&password=b", "application/x-www-form-urlencoded");
  REQUIRE(r);
  CHECK(r->status == 415);
  r = web.raw().Post("/api/login", R"({"user":"档案内部"})", "application/json");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(JsonBody(r)["problems"][0]["field"] == "password");
  r = web.PostJson(ItemPath(f.internal_item) + "/edit", "[1,2");
  REQUIRE(r);
  CHECK(r->status == 400);
  r = web.Get("/api/search?q=" + PathSegment("印章") + "&year=abcd");
  REQUIRE(r);
  CHECK(r->status == 422);

  r = web.Get("/api/no-such-thing");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(r->get_header_value("Content-Type").find("application/json") == 0);
  CHECK(JsonBody(r)["problems"][0]["code"] == "not_found");
  CHECK(web.Get("/api/me")->status == 200);
}

TEST_CASE("Every answer carries the security headers", "[server]") {
  ServerFixture f("server_headers");
  WebClient web(f.port);
  for (const std::string path : {"/api/me", "/api/no-such-thing", "/"}) {
    httplib::Result r = web.Get(path);
    REQUIRE(r);
    INFO(path);
    const std::string csp = r->get_header_value("Content-Security-Policy");
    CHECK(csp.find("default-src 'self'") != std::string::npos);
    CHECK(csp.find("frame-ancestors 'none'") != std::string::npos);
    CHECK(csp.find("unsafe-inline") == std::string::npos);
    CHECK(r->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(r->get_header_value("Referrer-Policy") == "same-origin");
  }
  REQUIRE(web.Login("经办内部") == 200);
  CHECK(web.Get("/api/me")->get_header_value("Cache-Control") == "no-store");
}

TEST_CASE("Generating a form over the API returns the PDF and checks the data first", "[server]") {
  ServerFixture f("server_generate");
  WebClient web(f.port);
  REQUIRE(web.Login("经办内部") == 200);
  const Json forms = JsonBody(web.Get("/api/forms"));
  bool has_o09 = false;
  for (const Json& t : forms["templates"]) has_o09 = has_o09 || t["id"] == "O-09";
  CHECK(has_o09);

  const std::string data = ReadSample("samples/O-09.json");
  httplib::Result r = web.PostJson("/api/forms/O-09/check", data);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(JsonBody(r)["problems"].empty());
  CHECK(JsonBody(r)["ok"] == true);
  r = web.PostJson("/api/forms/O-09/generate?format=pdf", data);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->get_header_value("Content-Type") == "application/pdf");
  CHECK(r->body.rfind("%PDF", 0) == 0);
  r = web.PostJson("/api/forms/O-09/generate?format=xlsx", data);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body.rfind("PK", 0) == 0);

  r = web.PostJson("/api/forms/O-09/generate?format=pdf", R"({"申请部门":"市场部"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(!JsonBody(r)["problems"].empty());
  // Checking while typing: the problems come with a 200, the form is not wrong yet.
  r = web.PostJson("/api/forms/O-09/check", R"({"申请部门":"市场部"})");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(JsonBody(r)["ok"] == false);
  CHECK(!JsonBody(r)["problems"].empty());
  CHECK(web.PostJson("/api/forms/NO-SUCH/check", data)->status == 404);
}

TEST_CASE("dangan serve prints its URL once listening and exits 0 on SIGTERM", "[server]") {
  const std::string dir = archive_test::NewArchive("server_process");
  int out[2];
  REQUIRE(pipe(out) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(DANGAN_CLI, DANGAN_CLI, "serve", "--archive", dir.c_str(), "--listen", "127.0.0.1:0",
          "--threads", "4", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* lines = fdopen(out[0], "r");
  char line[512] = {};
  REQUIRE(fgets(line, sizeof line, lines) != nullptr);
  const std::string first = line;
  const std::string prefix = "dangan 已启动：http://127.0.0.1:";
  REQUIRE(first.rfind(prefix, 0) == 0);
  const int port = std::stoi(first.substr(prefix.size()));
  CHECK(port > 0);

  httplib::Client client("127.0.0.1", port);
  httplib::Result r = client.Get("/api/me");
  REQUIRE(r);
  CHECK(r->status == 401);

  REQUIRE(kill(pid, SIGTERM) == 0);
  int status = 0;
  const auto start = std::chrono::steady_clock::now();
  REQUIRE(waitpid(pid, &status, 0) == pid);
  const auto took = std::chrono::steady_clock::now() - start;
  fclose(lines);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(took < std::chrono::seconds(10));
  CHECK(!client.Get("/api/me"));  // nobody listens any more
}

TEST_CASE("dangan serve refuses a malformed --listen with exit status 2", "[server]") {
  const std::string dir = archive_test::NewArchive("server_bad_listen");
  for (const std::string bad : {"localhost", "127.0.0.1:99999", "127.0.0.1:x"}) {
    const CliRun run = RunDangan("serve --archive " + dir + " --listen " + bad);
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(run.out.find("--listen") != std::string::npos);
  }
  const CliRun missing = RunDangan("serve --archive " + dir + "/nothing-here --listen 127.0.0.1:0");
  CHECK(missing.exit_code == 3);
}

TEST_CASE("dangan serve refuses an address it cannot bind, naming it", "[server]") {
  ServerFixture f("server_bind_taken");
  const std::string dir = archive_test::NewArchive("server_bind_second");
  server::ServerOptions options;
  options.archive_dir = dir;
  options.port = f.port;  // taken by the fixture
  std::unique_ptr<server::Server> second;
  Status s = server::Server::Create(options, &second);
  CHECK(!s.ok());
  CHECK(s.message().find("127.0.0.1:" + std::to_string(f.port)) != std::string::npos);
}

TEST_CASE("An administrator adds and disables accounts, and disabling ends their sessions",
          "[server]") {
  ServerFixture f("server_accounts");
  WebClient admin(f.port);
  REQUIRE(admin.Login("管理员甲") == 200);
  httplib::Result r = admin.PostJson(
      "/api/users",
      R"({"name":"新来的经办","role":"经办人","clearance":"公开","dept":"XSB","password":"long-enough-pw"})");
  REQUIRE(r);
  INFO(r->body);
  CHECK(r->status == 201);
  r = admin.PostJson("/api/users",
                     R"({"name":"短密码","role":"经办人","clearance":"公开","password":"short"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  r = admin.PostJson(
      "/api/users",
      R"({"name":"乱角色","role":"老板","clearance":"公开","password":"long-enough-pw"})");
  REQUIRE(r);
  CHECK(r->status == 422);
  CHECK(JsonBody(r)["problems"][0]["field"] == "role");

  WebClient newcomer(f.port);
  REQUIRE(newcomer.Login("新来的经办", "long-enough-pw") == 200);
  // Cleared for 公开 only: the 内部 item is not there for this account.
  CHECK(JsonBody(newcomer.Get("/api/search?q=" + PathSegment("印章管理")))["total"] == 1);
  CHECK(newcomer.Get(ItemPath(f.internal_item))->status == 404);

  const Json users = JsonBody(admin.Get("/api/users"));
  bool listed = false;
  for (const Json& u : users["users"]) listed = listed || u["name"] == "新来的经办";
  CHECK(listed);

  r = admin.PostJson("/api/users/" + PathSegment("新来的经办") + "/disable", "{}");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(newcomer.Get("/api/me")->status == 401);
  CHECK(newcomer.Login("新来的经办", "long-enough-pw") == 401);

  r = admin.PostJson("/api/users/" + PathSegment("经办内部") + "/password",
                     R"({"password":"another-long-pw"})");
  REQUIRE(r);
  CHECK(r->status == 200);
  WebClient clerk(f.port);
  CHECK(clerk.Login("经办内部") == 401);
  CHECK(clerk.Login("经办内部", "another-long-pw") == 200);

  // Each change is in the audit log under the administrator's name.
  WebClient auditor(f.port);
  REQUIRE(auditor.Login("审计机密") == 200);
  const Json log = JsonBody(auditor.Get("/api/audit?who=" + PathSegment("管理员甲")));
  std::set<std::string> actions;
  for (const Json& e : log["entries"]) actions.insert(e["action"].get<std::string>());
  CHECK(actions.count("新建账户") == 1);
  CHECK(actions.count("停用账户") == 1);
  CHECK(actions.count("修改密码") == 1);
}

TEST_CASE("An archivist holds an item and lengthens its retention over the API", "[server]") {
  ServerFixture f("server_changes");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  const std::string item = ItemPath(f.internal_item);
  httplib::Result r = web.PostJson(item + "/hold", R"({"hold":true,"reason":"诉讼未结"})");
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(JsonBody(web.Get(item))["冻结"] == true);
  r = web.PostJson(item + "/hold", R"({"hold":true})");
  REQUIRE(r);
  CHECK(r->status == 422);  // a hold needs its reason
  r = web.PostJson(item + "/retention", R"({"retention":"Y"})");
  REQUIRE(r);
  CHECK(r->status == 200);
  r = web.PostJson(item + "/retention", R"({"retention":"D10"})");
  REQUIRE(r);
  CHECK(r->status == 422);  // never shortened
  // The same changes on a 机密 item answer as for a missing one, and change nothing.
  r = web.PostJson(ItemPath(f.secret_item) + "/hold", R"({"hold":true,"reason":"诉讼未结"})");
  REQUIRE(r);
  CHECK(r->status == 404);
  CHECK(web.Get("/api/retention/due?as_of=2099-01-01")->status == 200);
}

TEST_CASE("Stopping the server lets a request in flight finish", "[server]") {
  ServerFixture f("server_stop_in_flight");
  WebClient web(f.port);
  REQUIRE(web.Login("档案内部") == 200);
  // OCR of a scanned page takes seconds: the request is surely in the job when Stop comes.
  httplib::MultipartFormDataItems items = {
      {"files[]", ReadSample("samples/legacy/scans/会议照片2016.pdf"), "会议照片.pdf",
       "application/pdf"},
      {"title", "停止时正在归档的件", "", ""},
      {"year", "2024", "", ""},
      {"dept", "BGS", "", ""},
  };
  int status = 0;
  std::thread upload([&] {
    httplib::Result r = web.PostMultipart("/api/files", items);
    status = r ? r->status : -1;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  f.server->Stop();
  upload.join();
  CHECK(status == 201);
  f.runner.join();
  f.server.reset();
  auto archive = archive_test::OpenArchive(f.archive_dir);
  std::vector<ItemRecord> listed;
  REQUIRE(archive->List(ListFilter{}, &listed, nullptr).ok());
  CHECK(listed.size() == 4);
}

// A self-signed certificate for 127.0.0.1 and its key, written as PEM files into `dir`.
void WriteSelfSignedCertificate(const std::string& dir, std::string* cert, std::string* key) {
  *cert = dir + "/cert.pem";
  *key = dir + "/key.pem";
  EVP_PKEY* pkey = EVP_RSA_gen(2048);
  REQUIRE(pkey != nullptr);
  X509* x = X509_new();
  X509_set_version(x, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, pkey);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  REQUIRE(X509_sign(x, pkey, EVP_sha256()) > 0);
  FILE* f = fopen(cert->c_str(), "w");
  REQUIRE(f != nullptr);
  PEM_write_X509(f, x);
  fclose(f);
  f = fopen(key->c_str(), "w");
  REQUIRE(f != nullptr);
  PEM_write_PrivateKey(f, pkey, nullptr, nullptr, 0, nullptr, nullptr);
  fclose(f);
  X509_free(x);
  EVP_PKEY_free(pkey);
}

TEST_CASE("Under TLS the server speaks HTTPS and the session cookie is Secure", "[server]") {
  const std::string certs = ScratchDir("server_tls_certs");
  std::string cert, key;
  WriteSelfSignedCertificate(certs, &cert, &key);
  ServerFixture f("server_tls", [&](server::ServerOptions& o) {
    o.tls_cert = cert;
    o.tls_key = key;
  });
  CHECK(f.server->url() == "https://127.0.0.1:" + std::to_string(f.port) + "/");
  httplib::SSLClient client("127.0.0.1", f.port);
  client.enable_server_certificate_verification(false);  // self-signed for the test
  httplib::Result r =
      client.Post("/api/login", Json{{"user", "经办内部"}, {"password", kTestPassword}}.dump(),
                  "application/json");
  REQUIRE(r);
  CHECK(r->status == 200);
  const std::string cookie = r->get_header_value("Set-Cookie");
  CHECK(cookie.find("; Secure") != std::string::npos);
  CHECK(cookie.find("HttpOnly") != std::string::npos);

  // Plain HTTP to the TLS port gets no answer.
  httplib::Client plain("127.0.0.1", f.port);
  plain.set_read_timeout(5, 0);
  httplib::Result none = plain.Get("/api/me");
  CHECK((!none || none->status != 401));

  server::ServerOptions missing;
  missing.archive_dir = f.archive_dir;
  missing.port = 0;
  missing.tls_cert = certs + "/no-such-cert.pem";
  missing.tls_key = key;
  std::unique_ptr<server::Server> refused;
  Status s = server::Server::Create(missing, &refused);
  CHECK(!s.ok());
  CHECK(s.message().find("no-such-cert.pem") != std::string::npos);
  missing.tls_cert = key;  // a key is no certificate
  s = server::Server::Create(missing, &refused);
  CHECK(!s.ok());
}

}  // namespace
}  // namespace dangan::test
