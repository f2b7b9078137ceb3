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
    case Status::Code::kResourceExhausted:
      return 6;
    case Status::Code::kIoError:
      return 4;
    case Status::Code::kInternal:
      return 5;
  }
  return 5;
}

std::string Status::ValidUtf8(std::string text) {
  // Length of the valid UTF-8 sequence at text[i] (no overlongs, surrogates or code points above
  // U+10FFFF), or 0.
  auto sequence = [&text](size_t i) -> size_t {
    const auto byte = [&text](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80) return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return 0;
    }
    if (text.size() - i < n) return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
    }
    return n;
  };
  size_t i = 0;
  while (i < text.size() && sequence(i) > 0) i += sequence(i);
  if (i == text.size()) return text;  // the usual case: nothing to replace
  std::string out = text.substr(0, i);
  while (i < text.size()) {
    const size_t n = sequence(i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
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
