// dangan serve: the web application on an archive, until SIGTERM or SIGINT.
#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>

#include "args.h"
#include "commands.h"
#include "dangan/server/server.h"

namespace dangan::cli {
namespace {

const char kServeHelp[] =
    "用法：dangan serve [--archive 目录] [--listen 地址:端口] [--tls-cert 文件 --tls-key 文件]\n"
    "                   [--threads N] [--max-upload-mb N]\n"
    "\n"
    "在浏览器中使用档案库（档案员工作台与 JSON 接口）。\n"
    "  --listen 地址:端口   默认 127.0.0.1:8080（仅本机）；局域网访问须明确给出，如 "
    "0.0.0.0:8080；\n"
    "                       端口 0 表示任选空闲端口\n"
    "  --tls-cert / --tls-key  证书与私钥（PEM），同时给出时使用 HTTPS\n"
    "  --threads N          工作线程数（默认 64；每个保持连接占用一个线程）\n"
    "  --max-upload-mb N    单个请求的上限（默认 200 MB）\n"
    "收到 SIGTERM 或 SIGINT（Ctrl+C）后，处理完正在进行的请求再退出。\n";

// "HOST:PORT", "[::1]:PORT" or ":PORT" (host stays the default).
Status ParseListen(const std::string& text, std::string* host, int* port) {
  const Status bad =
      Status::InvalidArgument("--listen「" + text + "」无效：应为 地址:端口，如 127.0.0.1:8080");
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos) return bad;
  std::string h = text.substr(0, colon);
  const std::string p = text.substr(colon + 1);
  if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) {
    return bad;
  }
  const int n = std::atoi(p.c_str());
  if (n > 65535) return bad;
  if (!h.empty()) *host = h;
  *port = n;
  return Status::Ok();
}

Status PositiveNumber(const Args& args, const std::string& option, long max, long* out) {
  const std::string text = args.Option(option);
  if (text.empty() || text.size() > 9 ||
      text.find_first_not_of("0123456789") != std::string::npos || std::atol(text.c_str()) < 1 ||
      std::atol(text.c_str()) > max) {
    return Status::InvalidArgument(option + "「" + text + "」无效：应为 1 到 " +
                                   std::to_string(max) + " 之间的整数");
  }
  *out = std::atol(text.c_str());
  return Status::Ok();
}

}  // namespace

int ServeCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kServeHelp;
    return 0;
  }
  if (!args.positional.empty()) {
    return Fail(Status::InvalidArgument("dangan serve 不接受参数「" + args.positional[0] + "」"));
  }
  server::ServerOptions options;
  options.archive_dir = ArchiveDir(args);
  options.templates_dir = TemplateDir(args);
  if (args.Has("--listen")) {
    Status s = ParseListen(args.Option("--listen"), &options.host, &options.port);
    if (!s.ok()) return Fail(s);
  }
  options.tls_cert = args.Option("--tls-cert");
  options.tls_key = args.Option("--tls-key");
  if (args.Has("--threads")) {
    long n = 0;
    Status s = PositiveNumber(args, "--threads", 1024, &n);
    if (!s.ok()) return Fail(s);
    options.threads = static_cast<int>(n);
  }
  if (args.Has("--max-upload-mb")) {
    long n = 0;
    Status s = PositiveNumber(args, "--max-upload-mb", 100000, &n);
    if (!s.ok()) return Fail(s);
    options.max_upload_bytes = static_cast<size_t>(n) << 20;
  }

  // The signals are taken by one thread with sigwait, never by a handler: Stop() is not
  // async-signal-safe. Blocked before any worker starts, so every thread inherits the mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGUSR1);  // wakes the waiter when Run ends on its own
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::unique_ptr<server::Server> server;
  Status s = server::Server::Create(options, &server);
  if (!s.ok()) return Fail(s);

  std::thread waiter([&signals, &server] {
    int sig = 0;
    sigwait(&signals, &sig);
    server->Stop();
  });
  // Printed once the socket listens: connections made from now on wait for the workers.
  std::cout << "dangan 已启动：" << server->url() << std::endl;
  s = server->Run();
  pthread_kill(waiter.native_handle(), SIGUSR1);
  waiter.join();
  if (!s.ok()) return Fail(s);
  std::cout << "dangan 已停止" << std::endl;
  return 0;
}

}  // namespace dangan::cli
