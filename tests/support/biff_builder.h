// Builds legacy workbooks byte by byte for the cases no program here writes (BIFF5 without a
// code page, the 1904 date system, encryption headers, string tables split across CONTINUE
// records, Chinese built-in number formats): BIFF records ([MS-XLS]) in a stream, wrapped in a
// compound file written with libgsf.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace dangan::test::biff {

std::string U8(uint8_t v);
std::string U16(uint16_t v);
std::string U32(uint32_t v);
std::string F64(double v);
// A record: type, length, body (a body over 8,224 bytes is the caller's mistake).
std::string Record(uint16_t type, const std::string& body);

// UTF-8 -> UTF-16LE code units as bytes; -> GBK bytes.
std::string Utf16Le(const std::string& utf8);
std::string Gbk(const std::string& utf8);
// XLUnicodeString: 16-bit count, option byte 0x01 (UTF-16), the characters.
std::string Biff8String(const std::string& utf8);

// A cell record's first six bytes: 0-based row and column, XF index.
std::string CellHead(uint16_t row, uint16_t column, uint16_t xf);

struct Sheet {
  std::string name;   // BIFF8: written as UTF-16; BIFF5: as the bytes given
  std::string cells;  // the records between the worksheet's BOF and EOF
};

// A workbook stream: the globals BOF, `globals` (records after the BOF: CODEPAGE, FORMAT, XF,
// SST …), a BOUNDSHEET for each sheet (offsets right), EOF, then each sheet's substream.
// `biff` is 5 or 8.
std::string Workbook(int biff, const std::string& globals, const std::vector<Sheet>& sheets);

// Sixteen XF records (all format 0) and then one for each of `formats`: XF 16 + i has format
// formats[i].
std::string Xfs(const std::vector<uint16_t>& formats);

// Writes a compound file holding `streams` (name, bytes) at `path`; returns path.
std::string WriteCompound(const std::string& path,
                          const std::vector<std::pair<std::string, std::string>>& streams);

}  // namespace dangan::test::biff
