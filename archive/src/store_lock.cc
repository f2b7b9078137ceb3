#include "store_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <thread>

#include "archive_util.h"

namespace dangan::archive {
namespace {

Status OpenLockFile(const std::string& store_root, int* fd) {
  const std::string path = store_root + "/.lock";
  // 0660: in an archive shared with a group every member files, so every member takes the lock.
  *fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0660);
  if (*fd < 0 && errno == EACCES) *fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (*fd < 0) {
    return Status::IoError("无法打开档案库文件锁 " + path + "：" + SystemErrorText(errno));
  }
  return Status::Ok();
}

}  // namespace

StoreLock::~StoreLock() { Release(); }

StoreLock::StoreLock(StoreLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

StoreLock& StoreLock::operator=(StoreLock&& other) noexcept {
  if (this != &other) {
    Release();
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

void StoreLock::Release() {
  if (fd_ >= 0) close(fd_);  // closing the descriptor drops its flock
  fd_ = -1;
}

Status StoreLock::ForFiling(const std::string& store_root, StoreLock* out) {
  int fd = -1;
  DANGAN_RETURN_IF_ERROR(OpenLockFile(store_root, &fd));
  int rc;
  do {
    rc = flock(fd, LOCK_SH);
  } while (rc != 0 && errno == EINTR);
  if (rc != 0) {
    const int err = errno;
    close(fd);
    return Status::IoError("无法锁定档案库文件库：" + SystemErrorText(err));
  }
  out->Release();
  out->fd_ = fd;
  return Status::Ok();
}

Status StoreLock::ForCollecting(const std::string& store_root, int wait_seconds, StoreLock* out) {
  int fd = -1;
  DANGAN_RETURN_IF_ERROR(OpenLockFile(store_root, &fd));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    if (err != EWOULDBLOCK && err != EINTR) {
      close(fd);
      return Status::IoError("无法锁定档案库文件库：" + SystemErrorText(err));
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      close(fd);
      return Status::IoError("有归档或导入正在进行，等待 " + std::to_string(wait_seconds) +
                             " 秒后仍未结束；请稍后再清理");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  out->Release();
  out->fd_ = fd;
  return Status::Ok();
}

}  // namespace dangan::archive
