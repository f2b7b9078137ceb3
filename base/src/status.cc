#include "dangan/status.h"

#include <cerrno>
#include <cstring>

namespace dangan {

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = message_;
  for (const std::string& d : details_) {
    out += "\n  - ";
    out += d;
  }
  return out;
}

std::string SystemErrorText(int err) {
  switch (err) {
    case ENOENT:
      return "文件或目录不存在";
    case EACCES:
    case EPERM:
      return "没有权限";
    case ENOSPC:
      return "磁盘空间不足";
    case EROFS:
      return "文件系统只读";
    case EISDIR:
      return "这是一个目录";
    case ENOTDIR:
      return "路径中有一部分不是目录";
    default:
      return std::string("系统错误（") + std::strerror(err) + "）";
  }
}

}  // namespace dangan
