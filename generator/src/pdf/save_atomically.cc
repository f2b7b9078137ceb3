#include "pdf/save_atomically.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>

namespace dangan::pdf {
namespace {

std::atomic<unsigned> temp_counter{0};

Status WriteAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Status::IoError(SystemErrorText(errno));
    data += n;
    size -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

}  // namespace

Status SaveAtomically(const char* data, size_t size, const std::string& path) {
  std::string temp =
      path + ".part-" + std::to_string(getpid()) + "-" + std::to_string(temp_counter++);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return Status::IoError("无法写入文件「" + path + "」：" + SystemErrorText(errno));
  Status written = WriteAll(fd, data, size);
  if (::close(fd) != 0 && written.ok()) written = Status::IoError(SystemErrorText(errno));
  if (written.ok() && std::rename(temp.c_str(), path.c_str()) != 0)
    written = Status::IoError(SystemErrorText(errno));
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return Status::IoError("无法写入文件「" + path + "」：" + written.message());
  }
  return Status::Ok();
}

}  // namespace dangan::pdf
