// Big-endian reads and writes for the sfnt (TrueType) format. Callers check bounds first.
#pragma once

#include <cstdint>
#include <string>

namespace dangan::pdf {

inline uint16_t Be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
inline int16_t BeS16(const uint8_t* p) { return static_cast<int16_t>(Be16(p)); }
inline uint32_t Be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}

inline void PutBe16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v & 0xff));
}
inline void PutBe32(std::string* out, uint32_t v) {
  PutBe16(out, static_cast<uint16_t>(v >> 16));
  PutBe16(out, static_cast<uint16_t>(v & 0xffff));
}
inline void SetBe16(std::string* out, size_t at, uint16_t v) {
  (*out)[at] = static_cast<char>(v >> 8);
  (*out)[at + 1] = static_cast<char>(v & 0xff);
}
inline void SetBe32(std::string* out, size_t at, uint32_t v) {
  SetBe16(out, at, static_cast<uint16_t>(v >> 16));
  SetBe16(out, at + 2, static_cast<uint16_t>(v & 0xffff));
}

constexpr uint32_t SfntTag(const char (&s)[5]) {
  return static_cast<uint32_t>(static_cast<uint8_t>(s[0])) << 24 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[1])) << 16 |
         static_cast<uint32_t>(static_cast<uint8_t>(s[2])) << 8 | static_cast<uint8_t>(s[3]);
}

}  // namespace dangan::pdf
