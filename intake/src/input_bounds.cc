// Limits checked before a file is decoded, so that a hostile or oversized file costs a scan of
// its bytes and never the decoder's time or memory: pages, pixels, and how far a PDF's compressed
// streams inflate. The limits themselves are in dangan/base/input_limits.h.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "intake_internal.h"

namespace dangan::intake {
namespace {

// Files up to this size are read rather than mapped: unmapping makes the kernel interrupt the
// other cores (TLB shootdown), which cost more than the read for the many small PDFs of a batch.
constexpr size_t kReadWholeBytes = 1 << 20;

// A read-only view of a whole file; empty if it cannot be read.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    struct stat st;
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      const size_t size = static_cast<size_t>(st.st_size);
      if (size <= kReadWholeBytes) {
        ReadWhole(fd, size);
      } else {
        void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p != MAP_FAILED) {
          data_ = static_cast<const char*>(p);
          size_ = size;
          mapped_ = true;
        }
      }
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (mapped_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view bytes() const { return {data_, size_}; }

 private:
  void ReadWhole(int fd, size_t size) {
    buffer_.resize(size);
    size_t got = 0;
    while (got < size) {
      const ssize_t n = ::pread(fd, buffer_.data() + got, size - got, static_cast<off_t>(got));
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    buffer_.resize(got);
    data_ = buffer_.data();
    size_ = got;
  }

  std::string buffer_;
  const char* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
};

// 1,234,567
std::string Grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string PixelProblem(uint64_t width, uint64_t height, const std::string& what) {
  if (width * height <= kMaxImagePixels) return "";
  return what + "有 " + std::to_string(width) + " × " + std::to_string(height) + " = " +
         Grouped(width * height) + " 像素，超过上限 " + Grouped(kMaxImagePixels) +
         " 像素（A3 幅面 600 dpi 约 3,500 万像素）；请降低扫描分辨率后再归档";
}

// How many bytes the zlib data at the start of `raw` inflates to, counting at most `limit` + 1:
// the inflated bytes are thrown away chunk by chunk, so a bomb costs time, never memory.
uint64_t InflatedSize(std::string_view raw, uint64_t limit) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return 0;
  std::vector<unsigned char> sink(1 << 16);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(raw.data()));
  z.avail_in = static_cast<uInt>(std::min<size_t>(raw.size(), 1u << 30));
  uint64_t total = 0;
  for (int rc = Z_OK; rc == Z_OK && total <= limit;) {
    z.next_out = sink.data();
    z.avail_out = static_cast<uInt>(sink.size());
    rc = inflate(&z, Z_NO_FLUSH);
    total += sink.size() - z.avail_out;
    if (rc == Z_BUF_ERROR && z.avail_out != 0) break;  // input ran out: a damaged stream
  }
  inflateEnd(&z);
  return total;
}

// The integer after `key` in a PDF dictionary ("/Width 2480"), or 0.
uint64_t DictNumber(std::string_view dict, std::string_view key) {
  size_t at = dict.find(key);
  while (at != std::string_view::npos) {
    const size_t end = at + key.size();
    // "/Width" must not match "/WidthX"; a name ends at a delimiter or white space.
    if (end < dict.size() && !std::isalpha(static_cast<unsigned char>(dict[end]))) {
      size_t i = end;
      while (i < dict.size() && std::isspace(static_cast<unsigned char>(dict[i]))) ++i;
      return std::strtoull(std::string(dict.substr(i, 20)).c_str(), nullptr, 10);
    }
    at = dict.find(key, end);
  }
  return 0;
}

// The dictionary of the stream whose keyword is at `keyword`: the text back to its "obj".
// Object headers are short; 64 KB back covers any stream dictionary real files carry.
std::string_view StreamDictionary(std::string_view pdf, size_t keyword, std::string* object) {
  const size_t from = keyword > 65536 ? keyword - 65536 : 0;
  const std::string_view before = pdf.substr(from, keyword - from);
  const size_t obj = before.rfind(" obj");
  if (obj == std::string_view::npos) return {};
  size_t start = obj;
  while (start > 0 &&
         (std::isdigit(static_cast<unsigned char>(before[start - 1])) || before[start - 1] == ' '))
    --start;
  *object = std::string(before.substr(start, obj - start));
  return before.substr(obj);
}

}  // namespace

// Deflate's densest output: one compressed byte never inflates to more than 1032 bytes (zlib's
// technical notes). What could not exceed a limit even at that ratio need not be inflated.
constexpr uint64_t kMaxDeflateRatio = 1032;

std::string PdfInflateProblem(const std::string& path) {
  MappedFile file(path);
  const std::string_view pdf = file.bytes();
  // A stream holds at most the bytes from its start to the end of the file, so a small file
  // (a generated form: tens of KB) cannot hold a bomb and is not inflated at all.
  const bool total_within_limit = kMaxDeflateRatio * pdf.size() <= kMaxPdfInflatedBytes;
  uint64_t total = 0;
  for (size_t at = pdf.find("stream"); at != std::string_view::npos;
       at = pdf.find("stream", at + 6)) {
    // "endstream" ends a stream; only the keyword after a dictionary starts one.
    if (at >= 3 && pdf.compare(at - 3, 3, "end") == 0) continue;
    size_t data = at + 6;
    if (data < pdf.size() && pdf[data] == '\r') ++data;
    if (data >= pdf.size() || pdf[data] != '\n') continue;
    ++data;
    std::string object;
    const std::string_view dict = StreamDictionary(pdf, at, &object);
    object = object.substr(0, object.find(' '));
    if (dict.find("/Image") != std::string_view::npos) {
      // Decoders draw the whole image: its declared size bounds their work.
      const std::string problem =
          PixelProblem(DictNumber(dict, "/Width"), DictNumber(dict, "/Height"),
                       "PDF 对象 " + object + " 的图像");
      if (!problem.empty()) return problem;
      continue;
    }
    if (dict.find("/FlateDecode") == std::string_view::npos) continue;
    if (total_within_limit &&
        kMaxDeflateRatio * (pdf.size() - data) <= kMaxPdfStreamInflatedBytes) {
      continue;
    }
    const uint64_t inflated = InflatedSize(pdf.substr(data), kMaxPdfStreamInflatedBytes);
    if (inflated > kMaxPdfStreamInflatedBytes) {
      return "PDF 对象 " + object + " 的数据流只有 " + LimitBytesText(DictNumber(dict, "/Length")) +
             "，解压后超过上限 " + LimitBytesText(kMaxPdfStreamInflatedBytes) +
             "（压缩炸弹：为拖垮读取程序而构造的文件）";
    }
    total += inflated;
    if (total > kMaxPdfInflatedBytes) {
      return "PDF 文件的数据流解压后合计超过上限 " + LimitBytesText(kMaxPdfInflatedBytes);
    }
  }
  return "";
}

std::string ImageSizeProblem(const std::string& path, const std::string& media_type) {
  if (media_type == "image/tiff") {
    const uint64_t pixels = LargestTiffFramePixels(path);
    if (pixels <= kMaxImagePixels) return "";
    return "TIFF 图片有一页 " + Grouped(pixels) + " 像素，超过上限 " + Grouped(kMaxImagePixels) +
           " 像素；请降低扫描分辨率后再归档";
  }
  l_int32 format = 0, width = 0, height = 0, bps = 0, spp = 0, cmap = 0;
  // Only the header is read (PNG IHDR, JPEG SOF): nothing is decoded yet.
  if (pixReadHeader(path.c_str(), &format, &width, &height, &bps, &spp, &cmap) != 0) return "";
  return PixelProblem(static_cast<uint64_t>(width), static_cast<uint64_t>(height),
                      MediaTypeLabel(media_type));
}

std::string PageCountProblem(int pages, int max_pages, const std::string& what) {
  if (pages <= max_pages) return "";
  return what + "有 " + Grouped(pages) + " 页，超过上限 " + Grouped(max_pages) +
         " 页（可用 --max-pages 调整）";
}

}  // namespace dangan::intake
