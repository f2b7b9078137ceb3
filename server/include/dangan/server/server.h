// `dangan serve`: the web application (server-rendered pages for the archivist's desk and a JSON
// API) over the jobs layer, with accounts, roles and clearances from dangan_accounts. The
// command line starts it; everything it does goes through a job with the signed-in account.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "dangan/base/status.h"

namespace dangan::server {

struct ServerOptions {
  std::string archive_dir;
  std::string templates_dir;
  std::string host = "127.0.0.1";  // loopback unless a LAN address is given explicitly
  int port = 8080;                 // 0: any free port (tests); Server::port() tells which
  std::string tls_cert;            // both or neither: HTTPS (cookies then carry Secure)
  std::string tls_key;
  // Keep-alive connections each hold a worker while open, so the pool is sized for the
  // connections expected (the load bench runs 50), not for the cores.
  int threads = 64;
  size_t max_upload_bytes = 200u << 20;  // one request's body; larger is refused with 413
};

class Server {
 public:
  ~Server();
  // Checks the options (archive openable, TLS files readable, address well-formed) and binds.
  static Status Create(ServerOptions options, std::unique_ptr<Server>* out);
  int port() const;
  std::string url() const;  // e.g. http://127.0.0.1:8080/
  // Serves until Stop(); requests in flight are finished first.
  Status Run();
  void Stop();  // safe from another thread (and, via a flag, from a signal handler's waker)

 private:
  Server();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dangan::server
