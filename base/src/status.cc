#include "dangan/base/status.h"

#include <cerrno>
#include <cstring>

namespace dangan {

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out = message_;
  if (problems_.size() == 1 && DescribeProblem(problems_[0]) == message_) return out;
  for (const Problem& p : problems_) {
    out += "\n  - ";
    out += DescribeProblem(p);
  }
  return out;
}

int ExitStatusOf(const Status& s) {
  switch (s.code()) {
    case Status::Code::kOk:
      return 0;
    case Status::Code::kInvalidArgument:
    case Status::Code::kCorruption:
    case Status::Code::kUnsupported:
      return 2;
    case Status::Code::kNotFound:
      return 3;
    case Status::Code::kIoError:
      return 4;
    case Status::Code::kInternal:
      return 5;
  }
  return 5;
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
