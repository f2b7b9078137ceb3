// Status: the outcome of an operation, carried unchanged out to the command line.
// A non-OK status holds a message meant for the clerk (Chinese), already naming the
// file, line, row or field at fault.
// [[nodiscard]]: a status dropped by mistake is a warning; one ignored on purpose is cast to
// void with a comment saying why.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace dangan {

class [[nodiscard]] Status {
 public:
  enum class Code { kOk = 0, kInvalidArgument, kNotFound, kCorruption, kIoError, kUnsupported };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }

  // Several problems found in one pass (e.g. every invalid field of a record), reported together.
  static Status InvalidArgument(std::string headline, std::vector<std::string> details) {
    Status s(Code::kInvalidArgument, std::move(headline));
    s.details_ = std::move(details);
    for (std::string& d : s.details_) d = ValidUtf8(std::move(d));
    return s;
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<std::string>& details() const { return details_; }

  // Headline followed by one indented line per detail.
  std::string ToString() const;

 private:
  // Messages quote what the user gave (a key, a cell, a file name), which may be any bytes; they
  // are shown and put into --json output, so every message is made valid UTF-8 here: each byte
  // that is not is replaced by U+FFFD.
  static std::string ValidUtf8(std::string text);
  Status(Code code, std::string msg) : code_(code), message_(ValidUtf8(std::move(msg))) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::vector<std::string> details_;
};

// The reason behind an errno value, in words a clerk reads (Chinese).
std::string SystemErrorText(int err);

#define DANGAN_RETURN_IF_ERROR(expr) \
  do {                               \
    ::dangan::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)

}  // namespace dangan
