#include "dangan/server/server.h"

#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <memory>
#include <thread>
#include <utility>

#include "core.h"

namespace dangan::server {
namespace {

constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; object-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'";

bool IsApi(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

std::string ErrorMessage(int status, const ServerOptions& options) {
  switch (status) {
    case 400:
      return "请求无效";
    case 401:
      return "请先登录";
    case 403:
      return "无权进行此操作";
    case 404:
      return "未找到";
    case 405:
      return "不支持此请求方法";
    case 413:
      return "上传内容过大（上限 " + std::to_string(options.max_upload_bytes >> 20) + " MB）";
    case 415:
      return "不支持的内容类型";
    default:
      return status >= 500 ? "服务器内部错误，请稍后再试" : "请求无法处理";
  }
}

std::string ErrorCode(int status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 413:
      return "too_large";
    case 415:
      return "unsupported_media_type";
    default:
      return status >= 500 ? "internal_error" : "invalid_argument";
  }
}

// Answers an error the handlers left without a body (no route, a body over the limit, a
// request httplib could not parse): JSON under /api/, a small page elsewhere.
void SendError(const httplib::Request& req, httplib::Response& res, int status,
               const ServerOptions& options) {
  const std::string message = ErrorMessage(status, options);
  if (IsApi(req)) {
    Core::SendJson(
        res, status,
        jobs::Json{{"problems", jobs::Json::array({jobs::Json{{"code", ErrorCode(status)},
                                                              {"message", message}}})}});
  } else {
    Core::SendHtml(res, status,
                   "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>" +
                       message + "</title></head><body><h1>" + message +
                       "</h1><p><a href=\"/\">返回首页</a></p></body></html>");
  }
}

}  // namespace

struct Server::Impl {
  explicit Impl(ServerOptions options) : core(std::move(options)) {}
  Core core;
  // Every request opens its own connection (jobs::OpenArchive; SQLite connections are not
  // shared across threads). Without one connection that stays open, each request closing the
  // last one would checkpoint and delete the WAL, and the next recreate it: one held for the
  // server's life (used for nothing else) saves that on every request.
  std::unique_ptr<Archive> keeper;
  int port = 0;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> in_run{false};
};

Server::Server() = default;
Server::~Server() = default;

Status Server::Create(ServerOptions options, std::unique_ptr<Server>* out) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return Status::InvalidArgument("--tls-cert 与 --tls-key 须同时给出");
  }
  for (const std::string* f : {&options.tls_cert, &options.tls_key}) {
    if (!f->empty() && access(f->c_str(), R_OK) != 0) {
      return Status::NotFound("无法读取 TLS 文件 " + *f);
    }
  }
  if (options.threads < 1 || options.threads > 1024) {
    return Status::InvalidArgument("线程数应在 1 到 1024 之间");
  }
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("端口应在 0 到 65535 之间");
  }
  // Opening also migrates an old catalogue once, before any request races to do it.
  std::unique_ptr<Archive> keeper;
  DANGAN_RETURN_IF_ERROR(Archive::Open(options.archive_dir, "dangan serve", &keeper));

  std::unique_ptr<Server> server(new Server());
  server->impl_ = std::make_unique<Impl>(std::move(options));
  server->impl_->keeper = std::move(keeper);
  Core& core = server->impl_->core;
  const ServerOptions& opts = core.options();
  httplib::Server& http = core.http();
  if (!http.is_valid()) {
    return Status::InvalidArgument("无法加载 TLS 证书或私钥（" + opts.tls_cert + "，" +
                                   opts.tls_key + "）");
  }

  // httplib's default also sets SO_REUSEPORT, with which a second server on a port already
  // served starts without error and takes half the connections; refuse that instead.
  auto listening = std::make_shared<socket_t>(INVALID_SOCKET);
  http.set_socket_options([listening](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    *listening = sock;
  });
  // Many keep-alive requests per connection (httplib closes after 5 by default, making every
  // browser reconnect), each connection idle at most 5 s while it holds a worker.
  http.set_keep_alive_max_count(1000);
  http.set_keep_alive_timeout(5);

  // An answer goes out as headers then body in two writes; with Nagle's algorithm the body
  // waits for the client's delayed ACK, 40 ms on Linux, on every request.
  http.set_tcp_nodelay(true);

  const size_t threads = static_cast<size_t>(opts.threads);
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(opts.max_upload_bytes);
  http.set_default_headers({{"Content-Security-Policy", kContentSecurityPolicy},
                            {"X-Content-Type-Options", "nosniff"},
                            {"Referrer-Policy", "same-origin"}});

  // Every parameter of the query and the path is checked before any route sees it.
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    Status s = CheckParameter("路径", req.path);
    for (auto it = req.params.begin(); s.ok() && it != req.params.end(); ++it) {
      s = CheckParameter("参数名", it->first);
      if (s.ok()) s = CheckParameter(it->first, it->second);
    }
    if (s.ok()) return httplib::Server::HandlerResponse::Unhandled;
    if (IsApi(req)) {
      Core::SendJson(res, 400, jobs::StatusJson(s));
    } else {
      Core::SendHtml(
          res, 400,
          "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
          "<title>请求无效</title></head><body><h1>请求无效</h1>"
          "<p>参数含有不允许的内容。</p><p><a href=\"/\">返回首页</a></p></body></html>");
    }
    return httplib::Server::HandlerResponse::Handled;
  });

  http.set_error_handler(httplib::Server::HandlerWithResponse(
      [&core](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        SendError(req, res, res.status, core.options());
        return httplib::Server::HandlerResponse::Handled;
      }));

  // A handler that throws gets a clean 500; what() goes to the server's log, never to the
  // client.
  http.set_exception_handler(
      [&core](const httplib::Request& req, httplib::Response& res, std::exception_ptr ep) {
        std::string what = "unknown exception";
        try {
          if (ep) std::rethrow_exception(ep);
        } catch (const std::exception& e) {
          what = e.what();
        } catch (...) {
        }
        std::fprintf(stderr, "dangan serve: %s %s: %s\n", req.method.c_str(), req.path.c_str(),
                     what.c_str());
        res.headers.erase("Content-Type");
        res.body.clear();
        SendError(req, res, 500, core.options());
      });

  // Pages and answers of a signed-in user must not stay in a shared or browser cache; a route
  // serving something public (a stylesheet) may set its own Cache-Control.
  http.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.has_header("Cache-Control")) res.set_header("Cache-Control", "no-store");
  });

  RegisterApi(core);
  RegisterPages(core);
  RegisterFormApi(core);
  RegisterFormPages(core);
  RegisterRegisterRoutes(core);
  RegisterImportRoutes(core);
  RegisterAppraisalRoutes(core);
  RegisterStatsRoutes(core);
  RegisterLendingRoutes(core);
  RegisterTransferRoutes(core);
  // Uploads left unfinished when the server last stopped are taken up again now.
  DANGAN_RETURN_IF_ERROR(core.uploads().Start());
  // Imports: dry runs taken up again, a run broken off by the stop marked failed (rolled back).
  DANGAN_RETURN_IF_ERROR(core.imports().Start());

  const std::string where = opts.host + ":" + std::to_string(opts.port);
  if (opts.port == 0) {
    const int port = http.bind_to_any_port(opts.host);
    if (port <= 0) {
      return Status::IoError("无法在 " + opts.host + " 上监听（地址不属于本机或无权限）");
    }
    server->impl_->port = port;
  } else {
    if (!http.bind_to_port(opts.host, opts.port)) {
      return Status::IoError("无法监听 " + where + "（端口已被占用、地址不属于本机或无权限）");
    }
    server->impl_->port = opts.port;
  }
  // Debian's httplib is built with a listen backlog of 5: fifty browsers connecting at once
  // would overflow it and see connections reset. Listening again only raises the backlog.
  if (*listening != INVALID_SOCKET) ::listen(*listening, 512);
  *out = std::move(server);
  return Status::Ok();
}

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  const ServerOptions& opts = impl_->core.options();
  std::string host = opts.host;
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return (opts.tls_cert.empty() ? "http://" : "https://") + host + ":" +
         std::to_string(impl_->port) + "/";
}

Status Server::Run() {
  impl_->in_run = true;
  bool ok = true;
  if (!impl_->stop_requested) ok = impl_->core.http().listen_after_bind();
  impl_->in_run = false;
  if (!ok && !impl_->stop_requested) return Status::IoError("服务意外停止：无法接受连接");
  return Status::Ok();
}

void Server::Stop() {
  impl_->stop_requested = true;
  httplib::Server& http = impl_->core.http();
  // httplib's stop() does nothing before the listening loop runs; wait for it (or for Run to
  // have seen the flag and returned) so that a Stop racing a starting Run is never lost.
  while (impl_->in_run && !http.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  http.stop();
}

}  // namespace dangan::server
