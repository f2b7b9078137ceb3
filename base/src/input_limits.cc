#include "dangan/base/input_limits.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>

namespace dangan {

std::string LimitBytesText(uint64_t bytes) {
  auto in_units = [bytes](uint64_t unit, const char* name) {
    char text[32];
    std::snprintf(text, sizeof text, bytes % unit == 0 ? "%.0f %s" : "%.1f %s",
                  static_cast<double>(bytes) / unit, name);
    return std::string(text);
  };
  if (bytes >= (1ull << 30)) return in_units(1ull << 30, "GB");
  if (bytes >= (1ull << 20)) return in_units(1ull << 20, "MB");
  if (bytes >= (1ull << 10)) return in_units(1ull << 10, "KB");
  return std::to_string(bytes) + " 字节";
}

Status CheckInputFile(const std::string& path, const std::string& what, uint64_t max_bytes) {
  struct stat st;
  // stat, not open: opening a FIFO would wait for a writer.
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound(what + " " + path + " 不存在");
    return Status::IoError("无法读取" + what + " " + path + "：" + SystemErrorText(errno));
  }
  if (S_ISDIR(st.st_mode))
    return Status::InvalidArgument(what + " " + path + " 是一个目录，不是文件");
  if (!S_ISREG(st.st_mode)) {
    const char* kind = S_ISFIFO(st.st_mode)                         ? "管道（FIFO）"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "设备文件"
                       : S_ISSOCK(st.st_mode)                       ? "套接字"
                                                                    : "特殊文件";
    return Status::InvalidArgument(what + " " + path + " 是" + kind + "，不是普通文件");
  }
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return Status::InvalidArgument(what + " " + path + " 有 " +
                                   LimitBytesText(static_cast<uint64_t>(st.st_size)) +
                                   "，超过上限 " + LimitBytesText(max_bytes));
  }
  return Status::Ok();
}

}  // namespace dangan
