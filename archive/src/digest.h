// SHA-256 (the store's key) and SM3 (GB/T 32905-2016, for Chinese evidential use) computed in one
// pass over the bytes, so filing and checking read every file once.
#pragma once

#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "dangan/base/status.h"

namespace dangan::archive {

struct Digests {
  std::string sha256;  // lower-case hex
  std::string sm3;     // lower-case hex
  uint64_t size = 0;
};

class DualHasher {
 public:
  DualHasher();
  ~DualHasher();
  DualHasher(const DualHasher&) = delete;
  DualHasher& operator=(const DualHasher&) = delete;

  void Update(const void* data, size_t n);
  // Ends the pass; the hasher may be reused afterwards for another file.
  Digests Finish();

 private:
  void Restart();
  EVP_MD_CTX* sha256_ = nullptr;
  EVP_MD_CTX* sm3_ = nullptr;
  uint64_t size_ = 0;
  bool started_ = false;  // a pass is open (set by Restart)
};

// Digests of the file at `path`; `display` names it in errors (Chinese).
Status DigestFile(const std::string& path, const std::string& display, DualHasher* hasher,
                  Digests* out);

std::string Sha256Hex(const std::string& data);

}  // namespace dangan::archive
