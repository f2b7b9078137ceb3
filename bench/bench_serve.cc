// Load benchmark client of `dangan serve` (bench/run_serve.sh starts the server and runs this):
//
//   bench_serve URL USER PASSWORD [--connections 50] [--seconds 60] [--think-ms 1000]
//
// Each connection is one user: they sign in first, spread over 10 s (POST /api/login; the
// server hashes two passwords at a time), and once all are signed in the measured run of
// --seconds begins, each on its own
// keep-alive connection, looping: the search page (/search?q=…), an item page (/items/档号) of a
// hit, and a download of that item's first file (/api/items/档号/files/1), with the think time
// after each request. Prints per kind of request: count, p50, p95, p99 and max in ms; and the
// errors (any status but 200, or a failed connection). Exit status 1 when there was any error.
// With --check-form each cycle also checks a filled O-09 (POST /api/forms/O-09/check), as the
// clerk's desk does while a form is typed (issue 15).
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "server/src/html.h"

namespace {

using Clock = std::chrono::steady_clock;

// Words common in the seed regulations, so searches hit a few to many items.
const char* const kQueries[] = {"印章", "会议", "安全检查", "合同", "培训",     "办公用品", "档案",
                                "消防", "财务", "采购",     "保密", "考勤",     "车辆",     "投诉",
                                "接待", "用印", "审批",     "制度", "管理办法", "登记"};

struct Kind {
  explicit Kind(const char* n) : name(n) {}
  const char* name;
  std::mutex mu;
  std::vector<double> ms;
  std::atomic<long> errors{0};
  void Add(double v) {
    std::lock_guard<std::mutex> lock(mu);
    ms.push_back(v);
  }
};

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())));
  return v[i];
}

struct Options {
  std::string url, user, password;
  int connections = 50;
  int seconds = 60;
  int think_ms = 1000;
  bool check_form = false;
};

// What the desk posts while O-09 is typed: three rows, one of them still incomplete.
const char kO09Check[] = R"({"申请部门":"市场部","申请日期":"2024-03-05","申请类别":"采购",
"申请人":"王建国","明细":[{"物品名称":"签字笔","数量":"2","单价":"65"},
{"物品名称":"打印机","数量":"1","单价":"1000"},{"物品名称":"文件夹","数量":"3"}]})";

// Splits http://host:port into host and port.
bool ParseUrl(const std::string& url, std::string* host, int* port) {
  const std::string prefix = "http://";
  if (url.rfind(prefix, 0) != 0) return false;
  std::string rest = url.substr(prefix.size());
  rest = rest.substr(0, rest.find('/'));
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) return false;
  *host = rest.substr(0, colon);
  *port = std::atoi(rest.c_str() + colon + 1);
  return *port > 0;
}

// The measured run starts when every user has signed in (or failed to).
struct StartLine {
  std::mutex mu;
  std::condition_variable all_in;
  int waiting_for = 0;
  Clock::time_point end;
  double login_max_ms = 0;
  int seconds = 0;
  // Called once per user; returns the end of the measured run.
  Clock::time_point Arrive(double login_ms) {
    std::unique_lock<std::mutex> lock(mu);
    login_max_ms = std::max(login_max_ms, login_ms);
    if (--waiting_for == 0) {
      end = Clock::now() + std::chrono::seconds(seconds);
      all_in.notify_all();
    }
    all_in.wait(lock, [this] { return waiting_for == 0; });
    return end;
  }
};

void User(const Options& o, const std::string& host, int port, int seed, StartLine* start,
          Kind* search, Kind* item, Kind* download, Kind* check, std::atomic<long>* login_errors) {
  std::mt19937 rng(seed);
  // People arrive over the first ten seconds: each sign-in costs an Argon2id hash (~0.4 s of one
  // core here), and the server hashes two at a time.
  std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 10000));
  httplib::Client cli(host, port);
  cli.set_keep_alive(true);
  // As browsers do: without it a POST's body waits for the ACK of its headers (Nagle and
  // delayed ACK: 40 ms on Linux), which measures the client, not the server.
  cli.set_tcp_nodelay(true);
  cli.set_read_timeout(60, 0);
  const nlohmann::json login = {{"user", o.user}, {"password", o.password}};
  const auto login_start = Clock::now();
  auto res = cli.Post("/api/login", login.dump(), "application/json");
  const Clock::time_point end =
      start->Arrive(std::chrono::duration<double, std::milli>(Clock::now() - login_start).count());
  if (!res || res->status != 200) {
    if (++*login_errors == 1) {
      std::fprintf(stderr, "first failed login: %s\n",
                   res ? (std::to_string(res->status) + " " + res->body).c_str()
                       : httplib::to_string(res.error()).c_str());
    }
    return;
  }
  std::string cookie = res->get_header_value("Set-Cookie");
  cookie = cookie.substr(0, cookie.find(';'));
  const httplib::Headers headers = {{"Cookie", cookie}};
  const nlohmann::json session = nlohmann::json::parse(res->body, nullptr, false);
  const std::string csrf =
      session.is_object() && session.contains("csrf") ? session["csrf"].get<std::string>() : "";
  const httplib::Headers post_headers = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  std::vector<std::string> danghaos;
  auto timed = [&](Kind* kind, const std::string& path, std::string* body) {
    const auto t0 = Clock::now();
    auto r = cli.Get(path.c_str(), headers);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    if (!r || r->status != 200) {
      ++kind->errors;
      return false;
    }
    kind->Add(ms);
    if (body) *body = r->body;
    return true;
  };
  auto think = [&] { std::this_thread::sleep_for(std::chrono::milliseconds(o.think_ms)); };
  // Users are not in step: each begins at a random point of one cycle (three requests, each
  // followed by a think time), so the run measures a steady load, not a burst at the start.
  std::this_thread::sleep_for(std::chrono::milliseconds(rng() % (3 * o.think_ms + 1)));
  while (Clock::now() < end) {
    const std::string q = kQueries[rng() % (sizeof kQueries / sizeof *kQueries)];
    std::string page;
    timed(search, "/search?q=" + dangan::server::html::UrlEncode(q), &page);
    // Item links of the result page: href="/items/…"
    danghaos.clear();
    for (size_t at = page.find("href=\"/items/"); at != std::string::npos;
         at = page.find("href=\"/items/", at + 1)) {
      const size_t start = at + 13;
      danghaos.push_back(page.substr(start, page.find('"', start) - start));
    }
    think();
    if (danghaos.empty() || Clock::now() >= end) continue;
    const std::string d = danghaos[rng() % danghaos.size()];
    timed(item, "/items/" + d, nullptr);
    think();
    if (Clock::now() >= end) break;
    timed(download, "/api/items/" + d + "/files/1", nullptr);
    think();
    if (!o.check_form || Clock::now() >= end) continue;
    const auto t0 = Clock::now();
    auto r = cli.Post("/api/forms/O-09/check", post_headers, kO09Check, "application/json");
    if (!r || r->status != 200) {
      ++check->errors;
    } else {
      check->Add(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    think();
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr,
                 "usage: bench_serve URL USER PASSWORD [--connections N] [--seconds S] "
                 "[--think-ms MS] [--check-form 1]\n");
    return 2;
  }
  Options o{argv[1], argv[2], argv[3]};
  for (int i = 4; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    const int v = std::atoi(argv[i + 1]);
    if (a == "--connections") o.connections = v;
    if (a == "--seconds") o.seconds = v;
    if (a == "--think-ms") o.think_ms = v;
    if (a == "--check-form") o.check_form = v != 0;
  }
  std::string host;
  int port = 0;
  if (!ParseUrl(o.url, &host, &port)) {
    std::fprintf(stderr, "bench_serve: not an http://host:port URL: %s\n", o.url.c_str());
    return 2;
  }
  Kind search("search page"), item("item page"), download("file download");
  Kind check("form check");
  std::atomic<long> login_errors{0};
  StartLine start;
  start.waiting_for = o.connections;
  start.seconds = o.seconds;
  std::vector<std::thread> users;
  for (int i = 0; i < o.connections; ++i) {
    users.emplace_back(User, std::cref(o), host, port, i + 1, &start, &search, &item, &download,
                       &check, &login_errors);
  }
  for (std::thread& t : users) t.join();
  long errors = login_errors;
  std::printf(
      "%d connections, %d s, think %d ms; sign-ins before the run: slowest %.0f ms, "
      "errors %ld\n",
      o.connections, o.seconds, o.think_ms, start.login_max_ms, login_errors.load());
  std::printf("%-14s %8s %9s %9s %9s %9s %7s\n", "request", "count", "p50 ms", "p95 ms", "p99 ms",
              "max ms", "errors");
  for (Kind* k : {&search, &item, &download, &check}) {
    if (k == &check && !o.check_form) continue;
    std::printf("%-14s %8zu %9.1f %9.1f %9.1f %9.1f %7ld\n", k->name, k->ms.size(),
                Percentile(k->ms, 0.50), Percentile(k->ms, 0.95), Percentile(k->ms, 0.99),
                Percentile(k->ms, 1.0), k->errors.load());
    errors += k->errors;
  }
  std::printf("errors: %ld\n", errors);
  return errors == 0 ? 0 : 1;
}
