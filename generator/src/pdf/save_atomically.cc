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

std::string TempName(const std::string& path) {
  return path + ".part-" + std::to_string(getpid()) + "-" + std::to_string(temp_counter++);
}

std::string Directory(const std::string& path) {
  size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// A file without a name until it is complete (O_TMPFILE), then linked under `path`: one directory
// entry made per file instead of a temporary one created and renamed. False when the system or the
// file system cannot, or when `path` exists already (linkat never replaces a file); the caller
// then writes through a named temporary file.
bool SaveUnnamedThenLink(const char* data, size_t size, const std::string& path, Status* result) {
#ifdef O_TMPFILE
  int fd = ::open(Directory(path).c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  Status written = WriteAll(fd, data, size);
  bool linked = false;
  if (written.ok()) {
    std::string self = "/proc/self/fd/" + std::to_string(fd);
    linked = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, path.c_str(), AT_SYMLINK_FOLLOW) == 0;
  }
  if (::close(fd) != 0 && written.ok() && linked) {
    // The data may not have reached the file; do not leave it under the real name.
    written = Status::IoError(SystemErrorText(errno));
    ::unlink(path.c_str());
  }
  if (!written.ok()) {
    *result = Status::IoError("无法写入文件「" + path + "」：" + written.message());
    return true;
  }
  if (!linked) return false;
  *result = Status::Ok();
  return true;
#else
  (void)data, (void)size, (void)path, (void)result;
  return false;
#endif
}

}  // namespace

Status SaveAtomically(const char* data, size_t size, const std::string& path) {
  Status unnamed;
  if (SaveUnnamedThenLink(data, size, path, &unnamed)) return unnamed;
  std::string temp = TempName(path);
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
