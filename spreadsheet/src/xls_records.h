// The BIFF record stream of a legacy workbook ([MS-XLS] 2.1.4): records of a type and a body of
// at most 8,224 bytes, a long one continued in CONTINUE records. Records are handed out with their
// continuations joined and the joins remembered, because a string split by a join starts its
// second part with a fresh option byte (compressed or UTF-16) that must be read, not kept.
#pragma once

#include <unicode/ucnv.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace dangan::sheet::biff {

// Record types read by the reader.
enum : uint16_t {
  kFormula = 0x0006,
  kEof = 0x000A,
  kDateMode = 0x0022,
  kFilePass = 0x002F,
  kContinue = 0x003C,
  kCodePage = 0x0042,
  kBoundSheet = 0x0085,
  kMulRk = 0x00BD,
  kXf = 0x00E0,
  kMergedCells = 0x00E5,
  kSst = 0x00FC,
  kLabelSst = 0x00FD,
  kRString = 0x00D6,
  kNumber = 0x0203,
  kLabel = 0x0204,
  kBoolErr = 0x0205,
  kString = 0x0207,
  kArray = 0x0221,
  kTable = 0x0236,
  kRk = 0x027E,
  kFormat = 0x041E,
  kShrFmla = 0x04BC,
  kBof = 0x0809,
};

struct Record {
  uint16_t type = 0;
  size_t offset = 0;           // of the record's header in the stream
  std::string body;            // with its CONTINUE records' bodies appended
  std::vector<size_t> joins;   // offsets in body where a CONTINUE's body begins
};

class RecordReader {
 public:
  explicit RecordReader(std::string_view stream, size_t start = 0)
      : stream_(stream), position_(start) {}
  // The next record; false at the end of the stream (truncated() tells a record cut off).
  bool Next(Record* record);
  bool truncated() const { return truncated_; }
  size_t position() const { return position_; }

 private:
  std::string_view stream_;
  size_t position_;
  bool truncated_ = false;
};

// Decodes the byte strings of a BIFF5 workbook by its code page (GBK when it names none).
class CodePage {
 public:
  CodePage() = default;
  ~CodePage();
  CodePage(const CodePage&) = delete;
  CodePage& operator=(const CodePage&) = delete;
  // False when ICU has no converter for the code page.
  bool Open(unsigned codepage);
  unsigned number() const { return number_; }
  std::string Decode(std::string_view bytes) const;

 private:
  UConverter* converter_ = nullptr;
  unsigned number_ = 0;
};

// Reads a record's fields in order. Reading past the end yields zeros and sets failed().
class Cursor {
 public:
  Cursor(const Record& record, int biff, const CodePage* codepage)
      : r_(record), biff_(biff), codepage_(codepage) {}
  uint8_t U8();
  uint16_t U16();
  uint32_t U32();
  double F64();
  void Skip(size_t n);
  size_t left() const { return position_ <= r_.body.size() ? r_.body.size() - position_ : 0; }
  bool failed() const { return failed_; }
  void set_position(size_t p) { position_ = p; }
  size_t position() const { return position_; }
  const Record& record() const { return r_; }

  // A string with a 16-bit character count (XLUnicodeString; BIFF5: count and code-page bytes).
  std::string LongString();
  // With an 8-bit count (ShortXLUnicodeString; BIFF5: the same with code-page bytes).
  std::string ShortString();
  // The option byte and characters of a BIFF8 string of `count` characters, with its rich-text
  // runs and phonetic data skipped; BIFF5: `count` code-page bytes.
  std::string StringBody(size_t count);

 private:
  bool AtJoin() const;
  std::string Characters(size_t count, bool utf16);

  const Record& r_;
  int biff_;
  const CodePage* codepage_;
  size_t position_ = 0;
  bool failed_ = false;
};

// UTF-16 code units as UTF-8; a lone surrogate becomes U+FFFD.
void AppendUtf16(const std::u16string& units, std::string* out);

}  // namespace dangan::sheet::biff
