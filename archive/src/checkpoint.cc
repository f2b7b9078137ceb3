#include "dangan/archive/checkpoint.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace dangan {
namespace {

const char kTitle[] = "dangan 审计日志检查点";
const char kHeadLabel[] = "链尾哈希：";
constexpr int kPositions = 8;
constexpr size_t kKeyBytes = 32, kSignatureBytes = 64;

struct PkeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

std::string Hex(const unsigned char* p, size_t n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    out += kDigits[p[i] >> 4];
    out += kDigits[p[i] & 15];
  }
  return out;
}

// Lower-case hex of exactly `bytes` bytes; false for anything else.
bool Unhex(const std::string& hex, size_t bytes, std::string* out) {
  if (hex.size() != 2 * bytes || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
    return false;
  out->clear();
  for (size_t i = 0; i < hex.size(); i += 2) {
    out->push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return true;
}

std::string AnchorLabel(int64_t k) { return "第 " + std::to_string(k) + " 条哈希："; }

bool Inside(const std::string& path, const std::string& dir) {
  return path == dir || (path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 &&
                         (dir == "/" || path[dir.size()] == '/'));
}

Status LoadPrivateKey(const std::string& path, Pkey* key) {
  FILE* f = fopen(path.c_str(), "r");
  if (f == nullptr) {
    return Status::NotFound("无法读取检查点私钥 " + path + "：" + SystemErrorText(errno));
  }
  key->reset(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
  fclose(f);
  if (!*key || EVP_PKEY_get_base_id(key->get()) != EVP_PKEY_ED25519) {
    return Status::InvalidArgument("文件 " + path + " 不是 Ed25519 私钥（PEM 格式）");
  }
  return Status::Ok();
}

std::string PublicHex(EVP_PKEY* key) {
  unsigned char raw[kKeyBytes];
  size_t n = sizeof raw;
  if (EVP_PKEY_get_raw_public_key(key, raw, &n) != 1) return "";
  return Hex(raw, n);
}

// A key that group or others can read is no secret: refuse it rather than sign with it.
Status CheckPrivateMode(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    return Status::NotFound("无法读取检查点私钥 " + path + "：" + SystemErrorText(errno));
  }
  if ((st.st_mode & 077) != 0) {
    return Status::InvalidArgument("检查点私钥 " + path +
                                   " 其他用户也能读写（应为 0600，请先 chmod 600）");
  }
  return Status::Ok();
}

// Writes a new key with O_EXCL, so an existing file is never overwritten.
Status WriteNewKey(const std::string& path, std::string* public_key) {
  Pkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) return Status::Internal("无法生成 Ed25519 密钥（OpenSSL）");
  std::unique_ptr<BIO, BioFree> mem(BIO_new(BIO_s_mem()));
  if (!mem ||
      PEM_write_bio_PrivateKey(mem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal("无法编码 Ed25519 私钥（OpenSSL）");
  }
  char* pem = nullptr;
  const long size = BIO_get_mem_data(mem.get(), &pem);
  const size_t slash = path.rfind('/');
  if (slash != std::string::npos && slash > 0) {
    // The key's own folder, private like the key.
    const std::string dir = path.substr(0, slash);
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return Status::IoError("无法创建目录 " + dir + "：" + SystemErrorText(errno));
    }
  }
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd < 0) return Status::IoError("无法写入检查点私钥 " + path + "：" + SystemErrorText(errno));
  const bool written = fchmod(fd, 0600) == 0 && write(fd, pem, size) == size && fsync(fd) == 0;
  const int err = errno;
  close(fd);
  if (!written) {
    unlink(path.c_str());
    return Status::IoError("无法写入检查点私钥 " + path + "：" + SystemErrorText(err));
  }
  *public_key = PublicHex(key.get());
  return Status::Ok();
}

// Lines "标签：值" of a checkpoint file, in order.
std::vector<std::pair<std::string, std::string>> LabelledLines(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream in(text);
  std::string line;
  const std::string colon = "：";
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    const size_t at = line.find(colon);
    if (at == std::string::npos) continue;
    out.emplace_back(line.substr(0, at + colon.size()), line.substr(at + colon.size()));
  }
  return out;
}

bool ParseEntryCount(const std::string& text, int64_t* n) {
  if (text.empty() || text.size() > 15 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  *n = std::stoll(text);
  return true;
}

// "第 k 条哈希：" -> k.
bool ParseAnchorLabel(const std::string& label, int64_t* k) {
  const std::string prefix = "第 ", suffix = " 条哈希：";
  if (label.size() <= prefix.size() + suffix.size() || label.compare(0, prefix.size(), prefix) ||
      label.compare(label.size() - suffix.size(), suffix.size(), suffix)) {
    return false;
  }
  return ParseEntryCount(label.substr(prefix.size(), label.size() - prefix.size() - suffix.size()),
                         k);
}

}  // namespace

// The part of the path that does not exist yet is appended as written, so that a key path can
// be placed before its folders are made.
std::string ResolvedPath(const std::string& path) {
  std::string rest = path;
  std::string resolved = "/";
  if (rest.empty() || rest[0] != '/') {
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) != nullptr) resolved = cwd;
  }
  // Component by component, so that ".." is taken after the links before it are resolved.
  std::istringstream parts(rest);
  std::string part;
  while (std::getline(parts, part, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      const size_t slash = resolved.rfind('/');
      resolved = slash == 0 || slash == std::string::npos ? "/" : resolved.substr(0, slash);
      continue;
    }
    resolved += (resolved == "/" ? "" : "/") + part;
    char real[PATH_MAX];
    if (realpath(resolved.c_str(), real) != nullptr) resolved = real;
  }
  return resolved;
}

std::vector<int64_t> CheckpointPositions(int64_t entries) {
  std::vector<int64_t> out;
  for (int i = 1; i <= kPositions; ++i) {
    const int64_t k = (entries * i + kPositions - 1) / kPositions;
    if (k > 0 && (out.empty() || out.back() != k)) out.push_back(k);
  }
  return out;
}

std::string CheckpointSignedText(const AuditCheckpoint& c) {
  std::string out = std::string(kTitle) + "\n";
  out += "全宗号：" + c.fonds + "\n";
  out += "立档单位：" + c.company + "\n";
  out += "条数：" + std::to_string(c.entries) + "\n";
  for (const auto& [k, hash] : c.anchors) {
    out += (k == c.entries ? std::string(kHeadLabel) : AnchorLabel(k)) + hash + "\n";
  }
  out += "时间：" + c.at + "\n";
  out += "公钥：" + c.public_key + "\n";
  return out;
}

std::string CheckpointFileText(const AuditCheckpoint& c) {
  return CheckpointSignedText(c) + "签名：" + c.signature + "\n";
}

Status ReadCheckpointFile(const std::string& path, AuditCheckpoint* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("无法读取检查点文件 " + path + "：" + SystemErrorText(errno));
  std::stringstream text;
  text << in.rdbuf();
  *out = AuditCheckpoint();
  out->source = path;
  std::map<std::string, std::string> fields;
  for (const auto& [label, value] : LabelledLines(text.str())) {
    int64_t k = 0;
    if (ParseAnchorLabel(label, &k)) {
      out->anchors.emplace_back(k, value);
    } else {
      fields[label] = value;
    }
  }
  for (const char* label :
       {"全宗号：", "立档单位：", "条数：", kHeadLabel, "时间：", "公钥：", "签名："}) {
    if (!fields.count(label)) {
      return Status::InvalidArgument("检查点文件 " + path + " 缺少「" + label +
                                     "」一行（不是 dangan audit checkpoint 写出的检查点）");
    }
  }
  if (!ParseEntryCount(fields["条数："], &out->entries) || out->entries == 0) {
    return Status::InvalidArgument("检查点文件 " + path + " 的条数「" + fields["条数："] +
                                   "」不是正整数");
  }
  out->fonds = fields["全宗号："];
  out->company = fields["立档单位："];
  out->anchors.emplace_back(out->entries, fields[kHeadLabel]);
  out->at = fields["时间："];
  out->public_key = fields["公钥："];
  out->signature = fields["签名："];
  return Status::Ok();
}

bool CheckpointSignatureValid(const AuditCheckpoint& c) {
  std::string key, signature;
  if (!Unhex(c.public_key, kKeyBytes, &key) || !Unhex(c.signature, kSignatureBytes, &signature))
    return false;
  Pkey pkey(EVP_PKEY_new_raw_public_key(
      EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(key.data()), key.size()));
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  if (!pkey || !ctx ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
    return false;
  }
  const std::string text = CheckpointSignedText(c);
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                          signature.size(), reinterpret_cast<const unsigned char*>(text.data()),
                          text.size()) == 1;
}

Status CheckKeyPlace(const std::string& key_path, const std::string& archive_dir) {
  if (key_path.empty()) return Status::InvalidArgument("--key 需要私钥文件的路径");
  if (Inside(ResolvedPath(key_path), ResolvedPath(archive_dir))) {
    return Status::InvalidArgument("检查点私钥 " + key_path + " 不能放在档案库目录 " + archive_dir +
                                   " 之内：能改写档案库的人不应因此读到私钥。请放在档案库之外");
  }
  return Status::Ok();
}

Status CreateOrReuseSigningKey(const std::string& key_path, const std::string& archive_dir,
                               std::string* public_key) {
  DANGAN_RETURN_IF_ERROR(CheckKeyPlace(key_path, archive_dir));
  struct stat st;
  if (lstat(key_path.c_str(), &st) != 0) return WriteNewKey(key_path, public_key);
  DANGAN_RETURN_IF_ERROR(CheckPrivateMode(key_path));
  Status s = ReadPublicKey(key_path, public_key);
  if (s.code() == Status::Code::kInvalidArgument) {
    return Status::InvalidArgument("文件 " + key_path +
                                   " 已存在且不是 Ed25519 私钥：不会覆盖它，请另选路径");
  }
  return s;
}

Status ReadPublicKey(const std::string& key_path, std::string* public_key) {
  Pkey key;
  DANGAN_RETURN_IF_ERROR(LoadPrivateKey(key_path, &key));
  *public_key = PublicHex(key.get());
  return Status::Ok();
}

Status SignCheckpoint(const std::string& key_path, AuditCheckpoint* c) {
  DANGAN_RETURN_IF_ERROR(CheckPrivateMode(key_path));
  Pkey key;
  DANGAN_RETURN_IF_ERROR(LoadPrivateKey(key_path, &key));
  c->public_key = PublicHex(key.get());
  const std::string text = CheckpointSignedText(*c);
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  unsigned char signature[kSignatureBytes];
  size_t n = sizeof signature;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), signature, &n, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size()) != 1) {
    return Status::Internal("无法用私钥 " + key_path + " 签署检查点（OpenSSL）");
  }
  c->signature = Hex(signature, n);
  return Status::Ok();
}

}  // namespace dangan
