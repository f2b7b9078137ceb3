#include "xls_rich_strings.h"

#include <unicode/ucnv.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>

namespace dangan::sheet {
namespace {

constexpr uint32_t kEndOfChain = 0xFFFFFFFE;
constexpr uint16_t kBof = 0x0809, kBoundSheet = 0x0085, kRString = 0x00D6;

// Little-endian integers at `at`; 0 past the end (an offset read from the file may be anything).
uint16_t U16(const std::string& s, size_t at) {
  return at <= s.size() && s.size() - at >= 2 ? static_cast<uint16_t>(static_cast<unsigned char>(s[at]) |
                                                    static_cast<unsigned char>(s[at + 1]) << 8)
                            : 0;
}

uint32_t U32(const std::string& s, size_t at) {
  return at <= s.size() && s.size() - at >= 4 ? uint32_t{U16(s, at)} | uint32_t{U16(s, at + 2)} << 16 : 0;
}

// The sectors of an OLE2 compound file, followed along its FAT (cycles end the walk).
class CompoundFile {
 public:
  explicit CompoundFile(std::string bytes) : bytes_(std::move(bytes)) {}

  bool Open() {
    if (bytes_.size() < 512 || bytes_.compare(0, 4, "\xD0\xCF\x11\xE0") != 0) return false;
    const unsigned shift = U16(bytes_, 30);
    if (shift < 7 || shift > 16) return false;
    sector_ = size_t{1} << shift;
    std::vector<uint32_t> fat_sectors;
    for (size_t i = 0; i < 109; ++i) {
      const uint32_t s = U32(bytes_, 76 + 4 * i);
      if (s < kEndOfChain - 2) fat_sectors.push_back(s);
    }
    for (uint32_t d = U32(bytes_, 68), n = 0; d < kEndOfChain - 2 && n < 1000; ++n) {
      const std::string difat = Sector(d);
      if (difat.size() < 4) break;  // past the end of the file
      for (size_t i = 0; i + 4 < difat.size(); i += 4) {
        const uint32_t s = U32(difat, i);
        if (s < kEndOfChain - 2) fat_sectors.push_back(s);
      }
      d = U32(difat, difat.size() - 4);
    }
    // A FAT has one entry per sector of the file: a damaged DIFAT naming the same sectors over
    // and over must not build a table many times the file's size.
    const size_t max_entries = bytes_.size() / sector_ + 1;
    for (uint32_t s : fat_sectors) {
      const std::string sector = Sector(s);
      for (size_t i = 0; i + 4 <= sector.size() && fat_.size() < max_entries; i += 4)
        fat_.push_back(U32(sector, i));
    }
    return !fat_.empty();
  }

  std::string Chain(uint32_t start, uint64_t size) const {
    std::string out;
    // A chain visits each sector at most once; more steps mean a cycle (possibly through
    // sectors past the end of the file, which add nothing).
    size_t steps = 0;
    for (uint32_t s = start; s < fat_.size() && out.size() < size && steps <= fat_.size();
         s = fat_[s], ++steps) {
      out += Sector(s);
      if (out.size() > bytes_.size()) break;  // a cycle
    }
    if (out.size() > size) out.resize(size);
    return out;
  }

  // The workbook stream ("Book" in BIFF5, "Workbook" in BIFF8) when it lives in normal sectors.
  std::string WorkbookStream() const {
    const std::string dir = Chain(U32(bytes_, 48), bytes_.size());
    const uint32_t cutoff = U32(bytes_, 56);
    for (size_t e = 0; e + 128 <= dir.size(); e += 128) {
      const uint16_t name_bytes = U16(dir, e + 64);
      if (name_bytes < 2 || name_bytes > 64) continue;
      std::string name;
      for (size_t i = 0; i + 2 < name_bytes; i += 2) name += dir[e + i];
      if (name != "Book" && name != "Workbook") continue;
      const uint32_t size = U32(dir, e + 120);
      if (size < cutoff) return "";  // in the mini stream: too small to matter here
      return Chain(U32(dir, e + 116), size);
    }
    return "";
  }

 private:
  std::string Sector(uint32_t s) const {
    const uint64_t at = (uint64_t{s} + 1) * sector_;
    if (at >= bytes_.size()) return "";
    return bytes_.substr(static_cast<size_t>(at), sector_);
  }

  std::string bytes_;
  size_t sector_ = 512;
  std::vector<uint32_t> fat_;
};

std::string ConverterFor(unsigned codepage) {
  switch (codepage) {
    case 936:
      return "GBK";
    case 950:
      return "Big5";
    case 932:
      return "Shift_JIS";
    default:
      return "windows-" + std::to_string(codepage);
  }
}

std::string Decode(UConverter* converter, const std::string& bytes) {
  if (converter == nullptr) return bytes;
  UErrorCode status = U_ZERO_ERROR;
  std::vector<UChar> utf16(bytes.size() + 1);
  const int32_t n = ucnv_toUChars(converter, utf16.data(), static_cast<int32_t>(utf16.size()),
                                  bytes.data(), static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return "";
  std::string out;
  for (int32_t i = 0; i < n; ++i) {
    uint32_t c = utf16[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < n && utf16[i + 1] >= 0xDC00 && utf16[i + 1] < 0xE000) {
      c = 0x10000 + ((c - 0xD800) << 10) + (utf16[++i] - 0xDC00);
    } else if (c >= 0xD800 && c < 0xE000) {
      c = 0xFFFD;  // a lone surrogate (a UTF-16 code page with damaged text)
    }
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | c >> 6);
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | c >> 12);
      out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | c >> 18);
      out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
      out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

}  // namespace

bool ReadBiff5RichStrings(const std::string& path, unsigned codepage, RichCells* out) {
  out->clear();
  std::ifstream in(path, std::ios::binary);
  CompoundFile file(std::string(std::istreambuf_iterator<char>(in), {}));
  if (!file.Open()) return false;
  const std::string book = file.WorkbookStream();
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(ConverterFor(codepage).c_str(), &status);
  if (U_FAILURE(status)) converter = nullptr;
  std::map<uint32_t, size_t> sheet_at;  // BOF offset -> worksheet index
  int current = -1;
  for (size_t pos = 0; pos + 4 <= book.size();) {
    const uint16_t type = U16(book, pos), length = U16(book, pos + 2);
    const size_t body = pos + 4;
    if (body + length > book.size()) break;
    if (type == kBoundSheet && length >= 6 && book[body + 5] == 0) {  // a worksheet
      // Two sheets claiming one BOF offset: the first keeps it.
      sheet_at.emplace(U32(book, body), sheet_at.size());
      out->resize(sheet_at.size());
    } else if (type == kBof) {
      const auto sheet = sheet_at.find(static_cast<uint32_t>(pos));
      current = sheet == sheet_at.end() ? -1 : static_cast<int>(sheet->second);
    } else if (type == kRString && current >= 0 && length >= 8) {
      const uint16_t count = U16(book, body + 6);
      if (8u + count <= length) {
        (*out)[current][{U16(book, body), U16(book, body + 2)}] =
            Decode(converter, book.substr(body + 8, count));
      }
    }
    pos = body + length;
  }
  if (converter) ucnv_close(converter);
  return true;
}

}  // namespace dangan::sheet
