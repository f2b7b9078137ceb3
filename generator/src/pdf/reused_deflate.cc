#include "pdf/reused_deflate.h"

#include <libdeflate.h>
#include <zlib.h>

#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "pdf/deflate_stream.h"

namespace dangan::pdf {
namespace {

// Below this the cached part saves less than looking it up costs.
constexpr size_t kMinMiddle = 4096;
// The middle part is compressed once, so it can afford zlib's default level (smaller than the
// fast level the rest of a font program gets).
constexpr int kMiddleLevel = 6;
constexpr int kLastLevel = 1;  // libdeflate, as Deflate::kFast
constexpr size_t kMaxCacheBytes = 8 << 20;

// The middle as raw deflate blocks, none final, ending on a byte boundary (Z_SYNC_FLUSH), and
// referring to nothing before them.
bool DeflateMiddle(std::string_view data, std::string* out) {
  z_stream z{};
  if (deflateInit2(&z, kMiddleLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) return false;
  out->resize(deflateBound(&z, data.size()) + 64);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out->data());
  z.avail_out = static_cast<uInt>(out->size());
  bool ok = deflate(&z, Z_SYNC_FLUSH) == Z_OK && z.avail_in == 0 && z.avail_out > 0;
  out->resize(z.total_out);
  deflateEnd(&z);
  return ok;
}

struct Middle {
  std::string raw, packed;
};

// Middles by the hash of their bytes. A middle is compressed for the cache only when it comes a
// second time: a batch whose fixed text differs from document to document then costs no more than
// compressing each program at once.
class MiddleCache {
 public:
  // The cached middle equal to `raw`, or null when `raw` is new (or compression failed).
  std::shared_ptr<const Middle> Get(std::string_view raw) {
    size_t hash = std::hash<std::string_view>()(raw);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto it = entries_.find(hash);
      if (it != entries_.end() && it->second->raw == raw) return it->second;
      if (seen_once_.size() > kMaxSeen) seen_once_.clear();
      if (seen_once_.insert(hash).second) return nullptr;
    }
    auto made = std::make_shared<Middle>();
    made->raw = raw;
    if (!DeflateMiddle(raw, &made->packed)) return nullptr;
    std::lock_guard<std::mutex> lock(mutex_);
    // Bounded memory, as the subset cache: forgetting costs a compression, never a wrong stream.
    if (bytes_ + made->raw.size() + made->packed.size() > kMaxCacheBytes) {
      entries_.clear();
      bytes_ = 0;
    }
    bytes_ += made->raw.size() + made->packed.size();
    entries_[hash] = made;
    return made;
  }

 private:
  static constexpr size_t kMaxSeen = 100000;
  std::mutex mutex_;
  std::unordered_map<size_t, std::shared_ptr<const Middle>> entries_;
  std::unordered_set<size_t> seen_once_;
  size_t bytes_ = 0;
};

MiddleCache& Cache() {
  static MiddleCache cache;
  return cache;
}

struct FreeCompressor {
  void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};

// The last part as raw deflate ending in the final block, appended to `out`.
bool DeflateLast(std::string_view data, std::string* out) {
  thread_local std::unique_ptr<libdeflate_compressor, FreeCompressor> c(
      libdeflate_alloc_compressor(kLastLevel));
  if (c == nullptr) return false;
  size_t at = out->size();
  out->resize(at + libdeflate_deflate_compress_bound(c.get(), data.size()));
  size_t n = libdeflate_deflate_compress(c.get(), data.data(), data.size(), out->data() + at,
                                         out->size() - at);
  if (n == 0) return false;
  out->resize(at + n);
  return true;
}

void PutLe16(std::string* out, unsigned v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>((v >> 8) & 0xff));
}

}  // namespace

bool CompressReusingMiddle(std::string_view data, size_t begin, size_t end, std::string* out) {
  if (begin > end || end > data.size() || end - begin < kMinMiddle || begin > 0xffff)
    return Compress(data, Deflate::kFast, out);
  std::shared_ptr<const Middle> middle = Cache().Get(data.substr(begin, end - begin));
  if (middle == nullptr) return Compress(data, Deflate::kFast, out);

  out->clear();
  out->reserve(begin + middle->packed.size() + (data.size() - end) + 64);
  out->push_back(static_cast<char>(0x78));  // zlib header: deflate, 32 KiB window
  out->push_back(static_cast<char>(0x9c));
  // The first part as one stored block, not final: three header bits, padding, LEN, NLEN.
  out->push_back('\0');
  PutLe16(out, static_cast<unsigned>(begin));
  PutLe16(out, static_cast<unsigned>(~begin & 0xffff));
  out->append(data.substr(0, begin));
  out->append(middle->packed);
  if (!DeflateLast(data.substr(end), out)) return false;
  uint32_t adler = libdeflate_adler32(1, data.data(), data.size());
  for (int shift = 24; shift >= 0; shift -= 8) out->push_back(static_cast<char>(adler >> shift));
  return true;
}

}  // namespace dangan::pdf
