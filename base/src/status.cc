#include "dangan/status.h"

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

}  // namespace dangan
