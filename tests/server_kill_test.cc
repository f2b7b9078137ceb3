// Killing `dangan serve` (SIGKILL, no chance to clean up) while it files uploads leaves the
// archive consistent (`dangan check` clean), and a restarted server finishes the background
// uploads it had accepted without filing any file twice.
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>

#include "dangan/accounts/accounts.h"
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

using Json = nlohmann::json;
constexpr char kPassword[] = "杀进程测试的密码123";

std::string Sample(const std::string& name) {
  std::ifstream in(SourcePath("samples/legacy/scans/" + name), std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `dangan serve` as a child process on a free port.
struct ServeProcess {
  pid_t pid = -1;
  int port = 0;
  explicit ServeProcess(const std::string& dir) {
    int out[2];
    REQUIRE(pipe(out) == 0);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      dup2(out[1], STDOUT_FILENO);
      close(out[0]);
      close(out[1]);
      const std::string templates = SourcePath("templates");
      execl(DANGAN_CLI, DANGAN_CLI, "serve", "--archive", dir.c_str(), "--templates",
            templates.c_str(), "--listen", "127.0.0.1:0", "--threads", "8",
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    FILE* lines = fdopen(out[0], "r");
    char line[512] = {};
    REQUIRE(fgets(line, sizeof line, lines) != nullptr);
    fclose(lines);
    const std::string first = line;
    const size_t colon = first.rfind(':');
    REQUIRE(colon != std::string::npos);
    port = std::stoi(first.substr(colon + 1));
  }
  void Kill() {
    if (pid <= 0) return;
    kill(pid, SIGKILL);
    waitpid(pid, nullptr, 0);
    pid = -1;
  }
  ~ServeProcess() { Kill(); }
};

struct Clerk {
  httplib::Client client;
  httplib::Headers headers;
  explicit Clerk(int port) : client("127.0.0.1", port) {
    client.set_read_timeout(60, 0);
    auto r = client.Post("/api/login", Json{{"user", "档案员"}, {"password", kPassword}}.dump(),
                         "application/json");
    REQUIRE(r);
    REQUIRE(r->status == 200);
    std::string cookie = r->get_header_value("Set-Cookie");
    headers = {{"Cookie", cookie.substr(0, cookie.find(';'))},
               {"X-CSRF-Token", Json::parse(r->body)["csrf"]}};
  }
};

httplib::MultipartFormDataItems Scans(const std::string& title) {
  return {{"files", Sample("Z109-WS·2015-Y-BGS-0001.pdf"), "甲.pdf", "application/pdf"},
          {"files", Sample("Z109-WS·2015-Y-BGS-0004.pdf"), "乙.pdf", "application/pdf"},
          {"files", Sample("Z109-WS·2016-D10-BGS-0008.pdf"), "丙.pdf", "application/pdf"},
          {"title", title, "", ""},
          {"year", "2024", "", ""},
          {"dept", "BGS", "", ""},
          {"retention", "D10", "", ""},
          {"ocr", "0", "", ""}};
}

std::string NewArchiveWithArchivist(const std::string& name) {
  const std::string dir = archive_test::NewArchive(name);
  auto archive = archive_test::OpenArchive(dir);
  accounts::Accounts accounts(*archive, "测试");
  REQUIRE(
      accounts.AddAccount("档案员", accounts::Role::kArchivist, Secrecy::kSecret, "BGS", kPassword)
          .ok());
  return dir;
}

void CheckClean(const std::string& dir) {
  const CliRun check = RunDangan("check --archive " + dir + " --clearance 机密");
  INFO(check.out);
  CHECK(check.exit_code == 0);
}

}  // namespace

TEST_CASE("a server killed while filing uploads leaves a sound archive at every moment",
          "[server][kill]") {
  const std::string dir = NewArchiveWithArchivist("server_kill_files");
  for (int delay_ms : {0, 5, 20, 60, 150}) {
    INFO("killed " << delay_ms << " ms into the upload");
    ServeProcess serve(dir);
    Clerk clerk(serve.port);
    std::thread upload(
        [&] { (void)clerk.client.Post("/api/files", clerk.headers, Scans("一起归档的扫描件")); });
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    serve.Kill();
    upload.join();
    CheckClean(dir);
    // Each attempt filed one item of three files, or nothing.
    CHECK(archive_test::SqlInt(dir, "SELECT count(*) FROM files") ==
          3 * archive_test::SqlInt(dir, "SELECT count(*) FROM items"));
  }
}

TEST_CASE("background uploads accepted before a kill are all filed once after the restart",
          "[server][kill]") {
  const std::string dir = NewArchiveWithArchivist("server_kill_uploads");
  std::string id;
  {
    ServeProcess serve(dir);
    Clerk clerk(serve.port);
    auto r = clerk.client.Post("/api/uploads", clerk.headers, Scans(""));
    REQUIRE(r);
    REQUIRE(r->status == 202);
    id = Json::parse(r->body)["id"];
    std::this_thread::sleep_for(std::chrono::milliseconds(30));  // the worker is at work
    serve.Kill();
  }
  CheckClean(dir);
  ServeProcess restarted(dir);
  Clerk clerk(restarted.port);
  Json task;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  do {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto r = clerk.client.Get("/api/uploads/" + id, clerk.headers);
    REQUIRE(r);
    REQUIRE(r->status == 200);
    task = Json::parse(r->body);
  } while (task["state"] != "完成" && std::chrono::steady_clock::now() < end);
  INFO(task.dump());
  REQUIRE(task["state"] == "完成");
  for (const Json& f : task["files"]) CHECK(f["state"] == "已归档");
  CHECK(archive_test::SqlInt(dir, "SELECT count(*) FROM items") == 3);
  CHECK(archive_test::SqlInt(dir, "SELECT count(*) FROM files") == 3);
  restarted.Kill();
  CheckClean(dir);
}

}  // namespace dangan::test
