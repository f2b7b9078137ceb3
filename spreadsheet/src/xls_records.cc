#include "xls_records.h"

#include <algorithm>
#include <cstring>

namespace dangan::sheet::biff {
namespace {

uint16_t Get16(std::string_view s, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(s[at]) |
                               static_cast<unsigned char>(s[at + 1]) << 8);
}

void AppendCodePoint(uint32_t c, std::string* out) {
  if (c < 0x80) {
    *out += static_cast<char>(c);
  } else if (c < 0x800) {
    *out += static_cast<char>(0xC0 | c >> 6);
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    *out += static_cast<char>(0xE0 | c >> 12);
    *out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | c >> 18);
    *out += static_cast<char>(0x80 | (c >> 12 & 0x3F));
    *out += static_cast<char>(0x80 | (c >> 6 & 0x3F));
    *out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

// The ICU converter of a Windows code page as BIFF's CODEPAGE record names it.
std::string ConverterName(unsigned codepage) {
  switch (codepage) {
    case 936:
      return "GBK";
    case 950:
      return "Big5";
    case 932:
      return "Shift_JIS";
    case 949:
      return "windows-949";
    case 367:
      return "US-ASCII";
    case 10000:
    case 32768:
      return "macintosh";
    case 32769:
      return "windows-1252";
    default:
      return "windows-" + std::to_string(codepage);
  }
}

}  // namespace

void AppendUtf16(const std::u16string& units, std::string* out) {
  for (size_t i = 0; i < units.size(); ++i) {
    uint32_t c = units[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < units.size() && units[i + 1] >= 0xDC00 &&
        units[i + 1] < 0xE000) {
      c = 0x10000 + ((c - 0xD800) << 10) + (units[++i] - 0xDC00);
    } else if (c >= 0xD800 && c < 0xE000) {
      c = 0xFFFD;
    }
    AppendCodePoint(c, out);
  }
}

// --- records -------------------------------------------------------------------------------------

bool RecordReader::Next(Record* record) {
  // Fewer than four bytes left: padding after the last record, not a record cut off.
  if (position_ > stream_.size() || stream_.size() - position_ < 4) return false;
  record->type = Get16(stream_, position_);
  record->offset = position_;
  record->body.clear();
  record->joins.clear();
  bool first = true;
  while (stream_.size() - position_ >= 4) {
    const uint16_t type = Get16(stream_, position_);
    if (!first && type != kContinue) break;
    const size_t length = Get16(stream_, position_ + 2);
    if (stream_.size() - position_ - 4 < length) {
      truncated_ = true;
      position_ = stream_.size();
      return !first;
    }
    if (!first) record->joins.push_back(record->body.size());
    record->body.append(stream_.substr(position_ + 4, length));
    position_ += 4 + length;
    first = false;
    // BOF and EOF are never continued; a CONTINUE after them belongs to nothing here.
    if (type == kBof || type == kEof) break;
  }
  return true;
}

// --- code pages ----------------------------------------------------------------------------------

CodePage::~CodePage() {
  if (converter_ != nullptr) ucnv_close(converter_);
}

bool CodePage::Open(unsigned codepage) {
  if (converter_ != nullptr) ucnv_close(converter_);
  converter_ = nullptr;
  number_ = codepage;
  UErrorCode status = U_ZERO_ERROR;
  converter_ = ucnv_open(ConverterName(codepage).c_str(), &status);
  if (U_FAILURE(status)) {
    if (converter_ != nullptr) ucnv_close(converter_);
    converter_ = nullptr;
    return false;
  }
  return true;
}

std::string CodePage::Decode(std::string_view bytes) const {
  std::string out;
  if (converter_ == nullptr) {  // unknown code page: ASCII kept, the rest replaced
    for (unsigned char c : bytes) AppendCodePoint(c < 0x80 ? c : 0xFFFD, &out);
    return out;
  }
  std::u16string units(bytes.size() * 2 + 2, u'\0');
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n =
      ucnv_toUChars(converter_, units.data(), static_cast<int32_t>(units.size()), bytes.data(),
                    static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) return out;
  units.resize(static_cast<size_t>(n));
  AppendUtf16(units, &out);
  return out;
}

// --- fields --------------------------------------------------------------------------------------

uint8_t Cursor::U8() {
  if (left() < 1) {
    failed_ = true;
    position_ = r_.body.size();
    return 0;
  }
  return static_cast<uint8_t>(r_.body[position_++]);
}

uint16_t Cursor::U16() {
  if (left() < 2) {
    failed_ = true;
    position_ = r_.body.size();
    return 0;
  }
  const uint16_t v = Get16(r_.body, position_);
  position_ += 2;
  return v;
}

uint32_t Cursor::U32() {
  const uint32_t low = U16();
  return low | uint32_t{U16()} << 16;
}

double Cursor::F64() {
  if (left() < 8) {
    failed_ = true;
    position_ = r_.body.size();
    return 0;
  }
  double v;
  std::memcpy(&v, r_.body.data() + position_, 8);  // little-endian hosts only (x86, arm64)
  position_ += 8;
  return v;
}

void Cursor::Skip(size_t n) {
  if (left() < n) {
    failed_ = true;
    position_ = r_.body.size();
    return;
  }
  position_ += n;
}

bool Cursor::AtJoin() const {
  return std::binary_search(r_.joins.begin(), r_.joins.end(), position_);
}

std::string Cursor::Characters(size_t count, bool utf16) {
  std::u16string units;
  units.reserve(std::min(count, left()));
  for (size_t i = 0; i < count && !failed_; ++i) {
    // A string continued in a CONTINUE record: its rest has an option byte of its own.
    if (AtJoin()) utf16 = (U8() & 0x01) != 0;
    const char16_t unit = utf16 ? static_cast<char16_t>(U16()) : static_cast<char16_t>(U8());
    if (failed_) break;  // the record ends before the count says: keep what is there
    units += unit;
  }
  std::string out;
  AppendUtf16(units, &out);
  return out;
}

std::string Cursor::StringBody(size_t count) {
  if (biff_ < 8) {
    const size_t n = std::min(count, left());
    if (n < count) failed_ = true;
    const std::string_view bytes = std::string_view(r_.body).substr(position_, n);
    position_ += n;
    return codepage_ != nullptr ? codepage_->Decode(bytes) : std::string(bytes);
  }
  const uint8_t options = U8();
  const uint16_t runs = (options & 0x08) ? U16() : 0;
  const uint32_t phonetic = (options & 0x04) ? U32() : 0;
  std::string text = Characters(count, (options & 0x01) != 0);
  Skip(4 * size_t{runs});
  Skip(phonetic);
  return text;
}

std::string Cursor::LongString() {
  const uint16_t count = U16();
  return StringBody(count);
}

std::string Cursor::ShortString() {
  const uint8_t count = U8();
  return StringBody(count);
}

}  // namespace dangan::sheet::biff
