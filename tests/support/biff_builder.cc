#include "support/biff_builder.h"

#include <gsf/gsf-outfile-msole.h>
#include <gsf/gsf-outfile.h>
#include <gsf/gsf-output-stdio.h>
#include <gsf/gsf-utils.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <catch2/catch.hpp>
#include <cstring>

namespace dangan::test::biff {

std::string U8(uint8_t v) { return std::string(1, static_cast<char>(v)); }
std::string U16(uint16_t v) { return U8(v & 0xFF) + U8(v >> 8); }
std::string U32(uint32_t v) { return U16(v & 0xFFFF) + U16(v >> 16); }
std::string F64(double v) {
  std::string s(8, '\0');
  std::memcpy(s.data(), &v, 8);
  return s;
}

std::string Record(uint16_t type, const std::string& body) {
  return U16(type) + U16(static_cast<uint16_t>(body.size())) + body;
}

std::string Utf16Le(const std::string& utf8) {
  const icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
  std::string out;
  for (int32_t i = 0; i < s.length(); ++i) out += U16(s.charAt(i));
  return out;
}

std::string Gbk(const std::string& utf8) {
  std::string out(utf8.size() * 2 + 4, '\0');
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = ucnv_convert("GBK", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                                 utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  REQUIRE(U_SUCCESS(status));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string Biff8String(const std::string& utf8) {
  const std::string units = Utf16Le(utf8);
  return U16(static_cast<uint16_t>(units.size() / 2)) + U8(1) + units;
}

std::string CellHead(uint16_t row, uint16_t column, uint16_t xf) {
  return U16(row) + U16(column) + U16(xf);
}

namespace {

std::string Bof(int biff, uint16_t kind) {
  std::string body = U16(biff == 8 ? 0x0600 : 0x0500) + U16(kind) + U16(0x0DBB) + U16(0x07CC);
  if (biff == 8) body += U32(0) + U32(0);
  return Record(0x0809, body);
}

std::string BoundSheet(int biff, uint32_t offset, const std::string& name) {
  std::string body = U32(offset) + U8(0) + U8(0);
  if (biff == 8) {
    const std::string units = Utf16Le(name);
    body += U8(static_cast<uint8_t>(units.size() / 2)) + U8(1) + units;
  } else {
    body += U8(static_cast<uint8_t>(name.size())) + name;
  }
  return Record(0x0085, body);
}

}  // namespace

std::string Workbook(int biff, const std::string& globals, const std::vector<Sheet>& sheets) {
  const std::string eof = Record(0x000A, "");
  size_t globals_size = Bof(biff, 0x0005).size() + globals.size() + eof.size();
  for (const Sheet& s : sheets) globals_size += BoundSheet(biff, 0, s.name).size();
  std::string out = Bof(biff, 0x0005) + globals;
  size_t offset = globals_size;
  for (const Sheet& s : sheets) {
    out += BoundSheet(biff, static_cast<uint32_t>(offset), s.name);
    offset += Bof(biff, 0x0010).size() + s.cells.size() + eof.size();
  }
  out += eof;
  for (const Sheet& s : sheets) out += Bof(biff, 0x0010) + s.cells + eof;
  return out;
}

std::string Xfs(const std::vector<uint16_t>& formats) {
  std::string out;
  for (int i = 0; i < 16; ++i) out += Record(0x00E0, U16(0) + U16(0) + std::string(16, '\0'));
  for (uint16_t f : formats) out += Record(0x00E0, U16(0) + U16(f) + std::string(16, '\0'));
  return out;
}

std::string WriteCompound(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& streams) {
  gsf_init();
  GError* error = nullptr;
  GsfOutput* file = gsf_output_stdio_new(path.c_str(), &error);
  REQUIRE(file != nullptr);
  GsfOutfile* root = gsf_outfile_msole_new(file);
  REQUIRE(root != nullptr);
  for (const auto& [name, bytes] : streams) {
    GsfOutput* child = gsf_outfile_new_child(root, name.c_str(), FALSE);
    REQUIRE(child != nullptr);
    REQUIRE(gsf_output_write(child, bytes.size(), reinterpret_cast<const guint8*>(bytes.data())));
    gsf_output_close(child);
    g_object_unref(child);
  }
  gsf_output_close(GSF_OUTPUT(root));  // closes the file too
  g_object_unref(root);
  g_object_unref(file);
  return path;
}

}  // namespace dangan::test::biff
