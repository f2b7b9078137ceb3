#include "xlsx/png.h"

#include <zlib.h>

#include <cstdint>

namespace dangan::xlsx {
namespace {

void AppendU32(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v >> 24));
  out->push_back(static_cast<char>(v >> 16));
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

// A chunk is length, type, data and a CRC over type + data.
void AppendChunk(std::string* out, const char type[4], const std::string& data) {
  AppendU32(out, static_cast<uint32_t>(data.size()));
  const size_t type_at = out->size();
  out->append(type, 4);
  out->append(data);
  uLong crc = crc32(0L, Z_NULL, 0);
  crc = crc32(crc, reinterpret_cast<const Bytef*>(out->data() + type_at), 4 + data.size());
  AppendU32(out, static_cast<uint32_t>(crc));
}

// Scanlines with filter type 0 (none); in 1-bit grayscale a set bit is white.
std::string Scanlines(int width, int height, const std::vector<bool>& dark) {
  const size_t row_bytes = (static_cast<size_t>(width) + 7) / 8;
  std::string raw;
  raw.reserve((row_bytes + 1) * height);
  for (int y = 0; y < height; ++y) {
    raw.push_back('\0');
    for (size_t b = 0; b < row_bytes; ++b) {
      unsigned char byte = 0;
      for (int bit = 0; bit < 8; ++bit) {
        const size_t x = b * 8 + bit;
        const bool white =
            x >= static_cast<size_t>(width) || !dark[y * static_cast<size_t>(width) + x];
        if (white) byte |= static_cast<unsigned char>(0x80 >> bit);
      }
      raw.push_back(static_cast<char>(byte));
    }
  }
  return raw;
}

}  // namespace

std::string EncodeMonochromePng(int width, int height, const std::vector<bool>& dark) {
  if (width <= 0 || height <= 0 || dark.size() != static_cast<size_t>(width) * height) return {};
  const std::string raw = Scanlines(width, height, dark);
  uLongf packed_size = compressBound(raw.size());
  std::string packed(packed_size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size,
                reinterpret_cast<const Bytef*>(raw.data()), raw.size(),
                Z_BEST_COMPRESSION) != Z_OK) {
    return {};
  }
  packed.resize(packed_size);

  std::string ihdr;
  AppendU32(&ihdr, static_cast<uint32_t>(width));
  AppendU32(&ihdr, static_cast<uint32_t>(height));
  ihdr +=
      std::string("\x01\x00\x00\x00\x00", 5);  // depth 1, grayscale, deflate, no filter/interlace

  std::string png("\x89PNG\r\n\x1a\n", 8);
  AppendChunk(&png, "IHDR", ihdr);
  AppendChunk(&png, "IDAT", packed);
  AppendChunk(&png, "IEND", "");
  return png;
}

}  // namespace dangan::xlsx
