// Compound files built here byte by byte, in the damaged shapes the fuzzer found in the old
// FreeXL-era reader or that follow the same paths (fuzz/regressions/xls_reader holds the
// originals): the BIFF reader opens them through libgsf and refuses them cleanly, naming the file.
#include <catch2/catch.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"

namespace dangan::sheet {
namespace {

constexpr uint32_t kFree = 0xFFFFFFFF, kEnd = 0xFFFFFFFE, kFatSector = 0xFFFFFFFD;

void Put16(std::string* s, size_t at, uint16_t v) {
  (*s)[at] = static_cast<char>(v & 0xFF);
  (*s)[at + 1] = static_cast<char>(v >> 8);
}
void Put32(std::string* s, size_t at, uint32_t v) {
  Put16(s, at, static_cast<uint16_t>(v & 0xFFFF));
  Put16(s, at + 2, static_cast<uint16_t>(v >> 16));
}
std::string Record(uint16_t type, const std::string& body) {
  std::string r(4, '\0');
  Put16(&r, 0, type);
  Put16(&r, 2, static_cast<uint16_t>(body.size()));
  return r + body;
}

// A BIFF5 "Book" stream: BOUNDSHEET records for `sheets` worksheets whose BOF all lie at
// `bof_offsets`, then a BOF and an RSTRING at row 2, column 3 holding "ABC" (code page 1252).
std::string BookStream(const std::vector<uint32_t>& bof_offsets) {
  std::string book;
  for (uint32_t offset : bof_offsets) {
    std::string body(6, '\0');
    Put32(&body, 0, offset);
    book += Record(0x0085, body + "\x05Sheet");
  }
  const uint32_t bof = static_cast<uint32_t>(book.size());
  book += Record(0x0809, std::string(8, '\0'));
  std::string rstring(8, '\0');
  Put16(&rstring, 0, 2);
  Put16(&rstring, 2, 3);
  Put16(&rstring, 6, 3);
  book += Record(0x00D6, rstring + "ABC");
  book.resize(4096, '\0');  // at the mini-stream cutoff: kept in normal sectors
  // Point every BOUNDSHEET given offset 0 at the BOF actually written.
  for (size_t i = 0, at = 4; i < bof_offsets.size(); ++i, at += 4 + 12) {
    if (bof_offsets[i] == 0) Put32(&book, at, bof);
  }
  return book;
}

// A compound file of 512-byte sectors: FAT in sector 0, directory in sector 1, the stream from
// sector 2 on. `edit` may damage the header, FAT or directory before the bytes are written.
struct Compound {
  std::string bytes;
  size_t Sector(uint32_t s) const { return (s + 1) * 512; }
  size_t FatEntry(uint32_t index) const { return Sector(0) + 4 * index; }
};

Compound BuildCompound(const std::string& book) {
  const uint32_t stream_sectors = static_cast<uint32_t>((book.size() + 511) / 512);
  Compound c;
  c.bytes.assign(512 * (3 + stream_sectors), '\0');
  c.bytes.replace(0, 8, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1");
  Put16(&c.bytes, 30, 9);       // 512-byte sectors
  Put32(&c.bytes, 44, 1);       // one FAT sector
  Put32(&c.bytes, 48, 1);       // directory in sector 1
  Put32(&c.bytes, 56, 4096);    // mini-stream cutoff
  Put32(&c.bytes, 68, kEnd);    // no DIFAT sectors
  Put32(&c.bytes, 76, 0);       // the FAT is sector 0
  for (size_t i = 1; i < 109; ++i) Put32(&c.bytes, 76 + 4 * i, kFree);
  for (uint32_t i = 0; i < 128; ++i) Put32(&c.bytes, c.FatEntry(i), kFree);
  Put32(&c.bytes, c.FatEntry(0), kFatSector);
  Put32(&c.bytes, c.FatEntry(1), kEnd);
  for (uint32_t s = 2; s < 2 + stream_sectors; ++s)
    Put32(&c.bytes, c.FatEntry(s), s + 1 < 2 + stream_sectors ? s + 1 : kEnd);
  const size_t entry = c.Sector(1);
  for (int i = 0; i < 4; ++i) c.bytes[entry + 2 * i] = "Book"[i];
  Put16(&c.bytes, entry + 64, 10);  // name bytes, with the terminating NUL
  Put32(&c.bytes, entry + 116, 2);  // first sector of the stream
  Put32(&c.bytes, entry + 120, static_cast<uint32_t>(book.size()));
  c.bytes.replace(c.Sector(2), book.size(), book);
  return c;
}

// Reads the compound file through the public interface: refused, in words naming the file.
void CheckRefusedCleanly(const Compound& c, const std::string& name) {
  const std::string path =
      test::WriteFile(test::ScratchDir("damaged-compound") + "/" + name + ".xls", c.bytes);
  const test::ReadResult r = test::ReadAll(path);
  INFO(r.status.ToString());
  CHECK_FALSE(r.status.ok());
  CHECK(r.status.ToString().find(name + ".xls") != std::string::npos);
}

TEST_CASE("a compound file whose Book stream has no workbook globals is refused", "[xls]") {
  CheckRefusedCleanly(BuildCompound(BookStream({0})), "sound");
}

TEST_CASE("two sheets claiming one BOF offset are refused cleanly", "[xls]") {
  CheckRefusedCleanly(BuildCompound(BookStream({0, 0})), "same-offset");
}

TEST_CASE("a DIFAT sector past the end of the file is refused cleanly", "[xls]") {
  Compound c = BuildCompound(BookStream({0}));
  Put32(&c.bytes, 68, 1000);  // first DIFAT sector: far past the end
  CheckRefusedCleanly(c, "difat-past-end");
}

TEST_CASE("a stream whose sector chain loops through a sector past the end is refused",
          "[xls]") {
  Compound c = BuildCompound(BookStream({0}));
  // The stream starts at the sector just past the end, whose FAT entry names itself.
  const uint32_t past_end = static_cast<uint32_t>(c.bytes.size() / 512 - 1);
  Put32(&c.bytes, c.FatEntry(past_end), past_end);
  Put32(&c.bytes, c.Sector(1) + 116, past_end);
  CheckRefusedCleanly(c, "chain-cycle");
}

}  // namespace
}  // namespace dangan::sheet
