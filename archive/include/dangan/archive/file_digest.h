// The digests the archive keeps of every file (SHA-256 and SM3, GB/T 32905-2016), for code
// outside the archive that must compute them the same way: a transfer package's manifest.
#pragma once

#include <cstdint>
#include <string>

#include "dangan/base/status.h"

namespace dangan {

struct FileDigests {
  std::string sha256, sm3;  // lower-case hex
  uint64_t size = 0;
};

// Reads the file once; `display` names it in a refusal (IoError).
Status DigestOfFile(const std::string& path, const std::string& display, FileDigests* out);

}  // namespace dangan
