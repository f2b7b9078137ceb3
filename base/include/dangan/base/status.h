// Status: the outcome of an operation, carried unchanged out to the command line.
// A non-OK status holds a message meant for the clerk (Chinese), already naming the
// file, line, row or field at fault, and for bad input the problems found, as data.
// [[nodiscard]]: a status dropped by mistake is a warning; one ignored on purpose is cast to
// void with a comment saying why.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "dangan/base/problem.h"

namespace dangan {

class [[nodiscard]] Status {
 public:
  // kCorruption: a file (input or stored) is damaged; kInternal: a bug of ours.
  enum class Code {
    kOk = 0,
    kInvalidArgument,
    kNotFound,
    kCorruption,
    kIoError,
    kUnsupported,
    kInternal,
    kResourceExhausted  // too many attempts (failed sign-ins): try again later
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string msg) {
    return Status(Code::kInvalidArgument, std::move(msg));
  }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IoError(std::string msg) { return Status(Code::kIoError, std::move(msg)); }
  static Status Unsupported(std::string msg) { return Status(Code::kUnsupported, std::move(msg)); }
  static Status Internal(std::string msg) { return Status(Code::kInternal, std::move(msg)); }
  static Status ResourceExhausted(std::string msg) {
    return Status(Code::kResourceExhausted, std::move(msg));
  }

  // Several problems found in one pass (e.g. every invalid field of a record), reported together.
  static Status InvalidArgument(std::string headline, std::vector<Problem> problems) {
    Status s(Code::kInvalidArgument, std::move(headline));
    s.problems_ = std::move(problems);
    for (Problem& p : s.problems_) {
      p.message = ValidUtf8(std::move(p.message));
      p.field = ValidUtf8(std::move(p.field));
      p.file = ValidUtf8(std::move(p.file));
      p.sheet = ValidUtf8(std::move(p.sheet));
    }
    return s;
  }
  // One problem: its description is the message.
  static Status InvalidArgument(Problem problem) {
    std::string headline = DescribeProblem(problem);
    return InvalidArgument(std::move(headline), std::vector<Problem>{std::move(problem)});
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<Problem>& problems() const { return problems_; }
  // Headline followed by one indented line per problem (DescribeProblem), unless the only
  // problem is the headline itself.
  std::string ToString() const;

 private:
  // Messages quote what the user gave (a key, a cell, a file name), which may be any bytes; they
  // are shown and put into --json output, so every message is made valid UTF-8 here: each byte
  // that is not is replaced by U+FFFD.
  static std::string ValidUtf8(std::string text);
  Status(Code code, std::string msg) : code_(code), message_(ValidUtf8(std::move(msg))) {}
  Code code_ = Code::kOk;
  std::string message_;
  std::vector<Problem> problems_;
};

// The exit status of a command that failed with `s`, the same for every command:
// 2 bad input (data, template, arguments, a damaged or unsupported file), 3 not found,
// 4 I/O or environment (disk full, permissions, a missing program), 5 internal error,
// 6 too many attempts (an account locked after failed sign-ins).
// (0 is done and 1 "ran and found problems": those are results, not failed statuses.)
int ExitStatusOf(const Status& s);

// The reason behind an errno value, in words a clerk reads (Chinese).
std::string SystemErrorText(int err);

#define DANGAN_RETURN_IF_ERROR(expr) \
  do {                               \
    ::dangan::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)

}  // namespace dangan
