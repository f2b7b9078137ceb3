#include "digest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace dangan::archive {
namespace {

constexpr size_t kReadBuffer = 256 * 1024;

std::string Hex(const unsigned char* p, unsigned n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (unsigned i = 0; i < n; ++i) {
    out[2 * i] = kDigits[p[i] >> 4];
    out[2 * i + 1] = kDigits[p[i] & 15];
  }
  return out;
}

std::string FinalHex(EVP_MD_CTX* ctx) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_DigestFinal_ex(ctx, md, &n);
  return Hex(md, n);
}

}  // namespace

// The contexts are made on first use: OpenSSL's set-up (reading openssl.cnf, loading its
// provider) costs ~2 ms, which commands that open an archive but store nothing need not pay.
DualHasher::DualHasher() = default;

DualHasher::~DualHasher() {
  EVP_MD_CTX_free(sha256_);
  EVP_MD_CTX_free(sm3_);
}

void DualHasher::Restart() {
  if (sha256_ == nullptr) sha256_ = EVP_MD_CTX_new();
  if (sm3_ == nullptr) sm3_ = EVP_MD_CTX_new();
  EVP_DigestInit_ex(sha256_, EVP_sha256(), nullptr);
  EVP_DigestInit_ex(sm3_, EVP_sm3(), nullptr);
  size_ = 0;
  started_ = true;
}

void DualHasher::Update(const void* data, size_t n) {
  if (!started_) Restart();
  EVP_DigestUpdate(sha256_, data, n);
  EVP_DigestUpdate(sm3_, data, n);
  size_ += n;
}

Digests DualHasher::Finish() {
  if (!started_) Restart();
  Digests d;
  d.sha256 = FinalHex(sha256_);
  d.sm3 = FinalHex(sm3_);
  d.size = size_;
  Restart();
  return d;
}

Status DigestFile(const std::string& path, const std::string& display, DualHasher* hasher,
                  Digests* out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("无法读取 " + display + "：" + SystemErrorText(errno));
  std::vector<char> buf(kReadBuffer);
  for (;;) {
    ssize_t n = read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      close(fd);
      hasher->Finish();
      return Status::IoError("读取 " + display + " 出错：" + SystemErrorText(err));
    }
    if (n == 0) break;
    hasher->Update(buf.data(), static_cast<size_t>(n));
  }
  close(fd);
  *out = hasher->Finish();
  return Status::Ok();
}

std::string Sha256Hex(const std::string& data) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned n = 0;
  EVP_Digest(data.data(), data.size(), md, &n, EVP_sha256(), nullptr);
  return Hex(md, n);
}

}  // namespace dangan::archive
