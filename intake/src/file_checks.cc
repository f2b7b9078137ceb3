// Container-level checks that catch a file cut short (an interrupted copy or upload) or damaged.
// The decoders cannot be relied on for this: libjpeg pads a truncated JPEG with grey and poppler
// rebuilds a truncated PDF's cross-reference table, both without failing.
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <set>
#include <vector>

#include "intake_internal.h"

namespace dangan::intake {
namespace {

using File = std::unique_ptr<FILE, int (*)(FILE*)>;

File Open(const std::string& path) { return File(std::fopen(path.c_str(), "rb"), std::fclose); }

uint64_t FileSize(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

bool ReadAt(FILE* f, uint64_t offset, void* buf, size_t n) {
  return std::fseek(f, static_cast<long>(offset), SEEK_SET) == 0 && std::fread(buf, 1, n, f) == n;
}

// A PDF ends with %%EOF; readers tolerate some trailing bytes after it.
std::string PdfProblem(const std::string& path) {
  if (ReadBytes(path, -1024, 1024).find("%%EOF") != std::string::npos) return "";
  return "PDF 文件不完整（结尾缺少 %%EOF 标记），可能复制或上传时中断";
}

uint32_t BigEndian32(const unsigned char* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

// The CRC-32 of PNG chunks (ISO 3309, reflected polynomial 0xEDB88320).
uint32_t Crc32(const unsigned char* data, size_t n, uint32_t crc = 0) {
  static const std::vector<uint32_t> table = [] {
    std::vector<uint32_t> t(256);
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < n; ++i) crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

// Walks the PNG chunks (length, type, data, CRC) up to IEND. Checking each chunk's CRC finds
// damaged data before the decoder does: libpng would report it on stderr in English.
std::string PngProblem(const std::string& path) {
  File f = Open(path);
  const uint64_t size = FileSize(path);
  std::vector<unsigned char> chunk;
  for (uint64_t pos = 8; f && pos + 12 <= size;) {
    unsigned char header[8];
    if (!ReadAt(f.get(), pos, header, 8)) break;
    const uint64_t length = BigEndian32(header);
    if (pos + 12 + length > size) break;
    chunk.resize(length + 8);  // type, data, CRC
    if (!ReadAt(f.get(), pos + 4, chunk.data(), chunk.size())) break;
    if (Crc32(chunk.data(), length + 4) != BigEndian32(chunk.data() + length + 4))
      return "PNG 图片已损坏（第 " + std::to_string(pos) + " 字节处的数据校验失败）";
    if (std::string(reinterpret_cast<char*>(header) + 4, 4) == "IEND") return "";
    pos += 12 + length;
  }
  return "PNG 图片不完整（缺少结尾的 IEND 块），可能复制或上传时中断";
}

// A JPEG ends with the EOI marker FF D9; inside the compressed data FF is always escaped, so
// a file cut short has none near its end. Some cameras append a few bytes after it.
std::string JpegProblem(const std::string& path) {
  if (ReadBytes(path, -4096, 4096).find("\xFF\xD9") != std::string::npos) return "";
  return "JPEG 图片不完整（缺少结尾标记 FFD9），可能复制或上传时中断";
}

// Reads the directory chain of a classic TIFF and checks that every strip or tile lies inside
// the file.
class TiffWalker {
 public:
  explicit TiffWalker(const std::string& path) : f_(Open(path)), size_(FileSize(path)) {}

  // Frames found, or -1 with problem() saying why.
  int Walk() {
    unsigned char header[8];
    if (!f_ || !ReadAt(f_.get(), 0, header, 8)) return Fail("文件头不完整");
    little_ = header[0] == 'I';
    uint64_t ifd = U32(header + 4);
    int frames = 0;
    std::set<uint64_t> seen;
    while (ifd != 0) {
      if (!seen.insert(ifd).second) return Fail("图像目录链成环");
      if (!ReadDirectory(ifd, &ifd)) return -1;
      ++frames;
    }
    return frames > 0 ? frames : Fail("没有图像");
  }
  const std::string& problem() const { return problem_; }
  uint64_t largest_pixels() const { return largest_pixels_; }

 private:
  struct Entry {
    uint32_t type = 0, count = 0;
    unsigned char value[4] = {};
  };

  int Fail(const std::string& why) {
    problem_ = why;
    return -1;
  }
  bool Bad(const std::string& why) {
    problem_ = why;
    return false;
  }
  uint32_t U16(const unsigned char* p) const {
    return little_ ? (p[0] | p[1] << 8) : (p[0] << 8 | p[1]);
  }
  uint32_t U32(const unsigned char* p) const {
    return little_ ? (p[0] | p[1] << 8 | p[2] << 16 | uint32_t{p[3]} << 24)
                   : (uint32_t{p[0]} << 24 | p[1] << 16 | p[2] << 8 | p[3]);
  }

  bool ReadDirectory(uint64_t offset, uint64_t* next) {
    unsigned char count_bytes[2];
    if (!ReadAt(f_.get(), offset, count_bytes, 2)) return Bad("图像目录位于文件末尾之后");
    const uint32_t count = U16(count_bytes);
    std::vector<unsigned char> raw(count * 12 + 4);
    if (!ReadAt(f_.get(), offset + 2, raw.data(), raw.size())) return Bad("图像目录不完整");
    std::vector<uint64_t> starts, lengths, width, height;
    for (uint32_t i = 0; i < count; ++i) {
      const unsigned char* e = raw.data() + i * 12;
      const uint32_t tag = U16(e);
      Entry entry{U16(e + 2), U32(e + 4), {e[8], e[9], e[10], e[11]}};
      if ((tag == 273 || tag == 324) && !Values(entry, &starts)) return false;
      if ((tag == 279 || tag == 325) && !Values(entry, &lengths)) return false;
      if (tag == 256 && !Values(entry, &width)) return false;   // ImageWidth
      if (tag == 257 && !Values(entry, &height)) return false;  // ImageLength
    }
    if (!width.empty() && !height.empty())
      largest_pixels_ = std::max(largest_pixels_, width[0] * height[0]);
    *next = U32(raw.data() + count * 12);
    return CheckData(starts, lengths);
  }

  // The SHORT or LONG values of an entry, inline or stored elsewhere in the file.
  bool Values(const Entry& e, std::vector<uint64_t>* out) {
    const size_t width = e.type == 3 ? 2 : 4;
    if (e.count > (size_ / width) + 1) return Bad("图像目录损坏");
    std::vector<unsigned char> data(width * e.count);
    if (data.size() <= 4) {
      std::copy(e.value, e.value + data.size(), data.begin());
    } else if (!ReadAt(f_.get(), U32(e.value), data.data(), data.size())) {
      return Bad("图像目录的数据位于文件末尾之后");
    }
    for (size_t i = 0; i < e.count; ++i)
      out->push_back(width == 2 ? U16(&data[i * 2]) : U32(&data[i * 4]));
    return true;
  }

  bool CheckData(const std::vector<uint64_t>& starts, const std::vector<uint64_t>& lengths) {
    if (starts.empty() || starts.size() != lengths.size()) return Bad("图像数据的位置缺失");
    for (size_t i = 0; i < starts.size(); ++i) {
      if (starts[i] + lengths[i] > size_) return Bad("图像数据位于文件末尾之后");
    }
    return true;
  }

  File f_;
  uint64_t size_;
  bool little_ = true;
  std::string problem_;
  uint64_t largest_pixels_ = 0;
};

}  // namespace

std::string ContainerProblem(const std::string& path, const std::string& media_type) {
  if (media_type == "application/pdf") return PdfProblem(path);
  if (media_type == "image/png") return PngProblem(path);
  if (media_type == "image/jpeg") return JpegProblem(path);
  if (media_type == "image/tiff") {
    TiffWalker walker(path);
    if (walker.Walk() < 0)
      return "TIFF 图片不完整或已损坏（" + walker.problem() + "），可能复制或上传时中断";
  }
  return "";
}

int CountTiffFrames(const std::string& path) { return TiffWalker(path).Walk(); }

uint64_t LargestTiffFramePixels(const std::string& path) {
  TiffWalker walker(path);
  return walker.Walk() > 0 ? walker.largest_pixels() : 0;
}

}  // namespace dangan::intake
