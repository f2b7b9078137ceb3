// The encodings of legacy CSV files: detection (BOM, then strict UTF-8, then GB18030 — GBK and
// GB2312 are subsets of it — with ICU's detector only as a hint) and streaming conversion to
// UTF-8 that stops at the first byte that does not belong to the encoding.
#pragma once

#include <unicode/ucnv.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace dangan::sheet {

// Offset of the first byte that is not strict UTF-8 (overlongs, surrogates and code points
// above U+10FFFF are errors), or npos. When `complete` is false, a sequence cut off at the end
// is not an error: the rest follows in the next chunk.
size_t FirstInvalidUtf8(std::string_view bytes, bool complete);

struct DetectedEncoding {
  std::string converter;  // ICU converter name ("UTF-8", "GB18030", "UTF-16LE" …)
  std::string label;      // for SpreadsheetInfo::encoding ("UTF-8 (BOM)", "GB18030")
  size_t bom = 0;         // bytes of byte-order mark to skip
  // When neither UTF-8 nor GB18030 fits: the offset of the first bad byte (as UTF-8).
  size_t invalid_at = std::string_view::npos;
};

// Detects the encoding of `prefix`, the first bytes of a file (all of it when `complete`).
DetectedEncoding DetectEncoding(std::string_view prefix, bool complete);

// True when `prefix` converts as `converter` without an illegal sequence.
bool ConvertsCleanly(const char* converter, std::string_view prefix, bool complete);

// ICU's guess, for a message: "可能是 Big5 编码（把握 45%）", or "".
std::string GuessEncodingHint(std::string_view prefix);

// Streams bytes of one encoding into UTF-8. UTF-8 input is only validated, not converted.
class Utf8Converter {
 public:
  ~Utf8Converter();
  // False if ICU has no converter of that name.
  bool Open(const std::string& converter);
  // Appends the UTF-8 of `in` to `out`. False at an invalid sequence; `error_at` is then its
  // offset in the whole input (all calls so far).
  bool Convert(std::string_view in, bool last, std::string* out, uint64_t* error_at);

 private:
  bool ConvertUtf8(std::string_view in, bool last, std::string* out, uint64_t* error_at);
  bool utf8_ = false;
  std::string pending_;  // UTF-8 input: a sequence cut off by the chunk boundary
  UConverter* source_ = nullptr;
  UConverter* target_ = nullptr;
  UChar pivot_[4096];
  UChar* pivot_source_ = pivot_;
  UChar* pivot_target_ = pivot_;
  bool started_ = false;
  uint64_t consumed_ = 0;  // input bytes handed to Convert so far
};

}  // namespace dangan::sheet
