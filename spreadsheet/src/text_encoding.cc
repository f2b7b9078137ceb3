#include "text_encoding.h"

#include <unicode/ucsdet.h>

#include <algorithm>
#include <cstring>

namespace dangan::sheet {
namespace {

bool IsUtf8Name(const std::string& name) {
  std::string n;
  for (char c : name) {
    if (c != '-' && c != '_') n += static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  }
  return n == "UTF8";
}

void SetStopCallbacks(UConverter* source, UConverter* target) {
  UErrorCode status = U_ZERO_ERROR;
  ucnv_setToUCallBack(source, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  status = U_ZERO_ERROR;
  ucnv_setFromUCallBack(target, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
}

}  // namespace

size_t FirstInvalidUtf8(std::string_view bytes, bool complete) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    // ASCII runs dominate CSV files: skip them eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, s + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned min_second = 0x80, max_second = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) min_second = 0xA0;  // overlong
      if (c == 0xED) max_second = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) min_second = 0x90;
      if (c == 0xF4) max_second = 0x8F;  // above U+10FFFF
    } else {
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      if (i + k >= n) return complete ? i : std::string_view::npos;
      const unsigned char t = s[i + k];
      if (k == 1 ? (t < min_second || t > max_second) : (t < 0x80 || t > 0xBF)) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool ConvertsCleanly(const char* converter, std::string_view prefix, bool complete) {
  Utf8Converter c;
  if (!c.Open(converter)) return false;
  std::string out;
  uint64_t error_at = 0;
  // Chunks keep the scratch output small; only the verdict matters.
  constexpr size_t kChunk = 256 * 1024;
  size_t pos = 0;
  do {
    const size_t n = std::min(prefix.size() - pos, kChunk);
    out.clear();
    if (!c.Convert(prefix.substr(pos, n), complete && pos + n == prefix.size(), &out, &error_at)) {
      return false;
    }
    pos += n;
  } while (pos < prefix.size());
  return true;
}

DetectedEncoding DetectEncoding(std::string_view prefix, bool complete) {
  DetectedEncoding d;
  if (prefix.substr(0, 3) == "\xEF\xBB\xBF") return {"UTF-8", "UTF-8 (BOM)", 3};
  if (prefix.substr(0, 2) == "\xFF\xFE") return {"UTF-16LE", "UTF-16LE (BOM)", 2};
  if (prefix.substr(0, 2) == "\xFE\xFF") return {"UTF-16BE", "UTF-16BE (BOM)", 2};
  d.invalid_at = FirstInvalidUtf8(prefix, complete);
  if (d.invalid_at == std::string_view::npos) return {"UTF-8", "UTF-8", 0};
  if (ConvertsCleanly("GB18030", prefix, complete)) return {"GB18030", "GB18030", 0};
  return d;
}

std::string GuessEncodingHint(std::string_view prefix) {
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return "";
  const std::string_view sample = prefix.substr(0, 64 * 1024);
  ucsdet_setText(detector, sample.data(), static_cast<int32_t>(sample.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(detector, &status);
  std::string hint;
  if (U_SUCCESS(status) && match != nullptr) {
    const char* name = ucsdet_getName(match, &status);
    const int confidence = ucsdet_getConfidence(match, &status);
    if (U_SUCCESS(status) && name != nullptr && confidence > 0) {
      hint = "可能是 " + std::string(name) + " 编码（把握 " + std::to_string(confidence) + "%）";
    }
  }
  ucsdet_close(detector);
  return hint;
}

Utf8Converter::~Utf8Converter() {
  if (source_) ucnv_close(source_);
  if (target_) ucnv_close(target_);
}

bool Utf8Converter::Open(const std::string& converter) {
  utf8_ = IsUtf8Name(converter);
  if (utf8_) return true;
  UErrorCode status = U_ZERO_ERROR;
  source_ = ucnv_open(converter.c_str(), &status);
  if (U_FAILURE(status) || source_ == nullptr) return false;
  target_ = ucnv_open("UTF-8", &status);
  if (U_FAILURE(status)) return false;
  SetStopCallbacks(source_, target_);
  return true;
}

bool Utf8Converter::ConvertUtf8(std::string_view in, bool last, std::string* out,
                                uint64_t* error_at) {
  const uint64_t base = consumed_ - in.size() - pending_.size();
  std::string joined;
  if (!pending_.empty()) {
    joined = pending_;
    joined.append(in);
    in = joined;
  }
  const size_t bad = FirstInvalidUtf8(in, last);
  if (bad != std::string_view::npos) {
    out->append(in.data(), bad);  // the good part, so that lines can be counted up to the error
    *error_at = base + bad;
    return false;
  }
  // Keep a sequence cut off at the end for the next chunk.
  size_t keep = 0;
  if (!last) {
    size_t i = in.size();
    while (i > 0 && in.size() - i < 4 && (static_cast<unsigned char>(in[i - 1]) & 0xC0) == 0x80)
      --i;
    if (i > 0 && static_cast<unsigned char>(in[i - 1]) >= 0xC0) keep = in.size() - (i - 1);
  }
  out->append(in.data(), in.size() - keep);
  pending_.assign(in.data() + in.size() - keep, keep);
  return true;
}

bool Utf8Converter::Convert(std::string_view in, bool last, std::string* out, uint64_t* error_at) {
  consumed_ += in.size();
  if (utf8_) return ConvertUtf8(in, last, out, error_at);
  const char* source = in.data();
  const char* source_end = in.data() + in.size();
  const size_t start = out->size();
  out->resize(start + in.size() * 2 + 64);
  char* target = &(*out)[start];
  for (;;) {
    UErrorCode status = U_ZERO_ERROR;
    char* target_end = &(*out)[0] + out->size();
    ucnv_convertEx(target_, source_, &target, target_end, &source, source_end, pivot_,
                   &pivot_source_, &pivot_target_, pivot_ + sizeof pivot_ / sizeof pivot_[0],
                   !started_, last, &status);
    started_ = true;
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      const size_t used = static_cast<size_t>(target - out->data());
      out->resize(out->size() * 2);
      target = &(*out)[used];
      continue;
    }
    out->resize(static_cast<size_t>(target - out->data()));
    if (U_FAILURE(status)) {
      char bad[32];
      int8_t bad_len = sizeof bad;
      UErrorCode ignored = U_ZERO_ERROR;
      ucnv_getInvalidChars(source_, bad, &bad_len, &ignored);
      *error_at = consumed_ - static_cast<uint64_t>(source_end - source) -
                  static_cast<uint64_t>(U_SUCCESS(ignored) ? bad_len : 0);
      return false;
    }
    return true;
  }
}

}  // namespace dangan::sheet
