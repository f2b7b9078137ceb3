// What a file is, by its first bytes and by its name. The name is only a claim: filing trusts the
// bytes, and refuses a file whose name claims something else (a clerk who renamed a photo to
// .pdf should hear what the file really is).
#include <cstdio>
#include <cstring>
#include <memory>

#include "dangan/intake/usability.h"
#include "intake_internal.h"

namespace dangan::intake {
namespace {

bool StartsWith(const std::string& s, const char* prefix, size_t n) {
  return s.size() >= n && std::memcmp(s.data(), prefix, n) == 0;
}

bool IsPdf(const std::string& head) {
  // Readers accept the header anywhere in the first 1024 bytes (some mailers prepend junk).
  return head.substr(0, 1024).find("%PDF-") != std::string::npos;
}

bool IsTiff(const std::string& head) {
  return StartsWith(head, "II*\0", 4) || StartsWith(head, "MM\0*", 4);
}

// Plain text: valid-looking UTF-8 without control bytes other than whitespace.
bool LooksLikeText(const std::string& head) {
  if (head.empty()) return false;
  for (unsigned char c : head) {
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') return false;
  }
  return true;
}

struct Signature {
  size_t offset;
  const char* bytes;
  size_t size;
  const char* label;
};

// Formats people try to file by mistake, so the refusal can say what the file is.
constexpr Signature kOtherFormats[] = {
    {0, "PK\x03\x04", 4, "ZIP 压缩包（或 Office 文档 docx/xlsx、OFD 文件）"},
    {0, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "旧版 Office 文档（doc/xls）"},
    {0, "GIF87a", 6, "GIF 图片"},
    {0, "GIF89a", 6, "GIF 图片"},
    {8, "WEBP", 4, "WebP 图片"},
    {4, "ftypheic", 8, "HEIC 图片（手机照片格式）"},
    {4, "ftypmif1", 8, "HEIF 图片（手机照片格式）"},
    {4, "ftyp", 4, "视频或 MP4 类文件"},
    {0, "II+\0", 4, "BigTIFF 图片（不支持）"},
    {0, "MM\0+", 4, "BigTIFF 图片（不支持）"},
    {0, "BM", 2, "BMP 图片"},
    {0, "{\\rtf", 5, "RTF 文档"},
    {0, "%!PS", 4, "PostScript 文件"},
    {0, "Rar!", 4, "RAR 压缩包"},
    {0, "7z\xBC\xAF\x27\x1C", 6, "7z 压缩包"},
    {0, "\x1F\x8B", 2, "gzip 压缩文件"},
    {0, "\xEF\xBB\xBF", 3, "文本文件"},
};

}  // namespace

std::string Refusal(const std::string& path, const std::string& reason) {
  return "无法归档「" + path + "」：" + reason;
}

std::string ReadBytes(const std::string& path, long offset, size_t count) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return "";
  if (offset < 0) {
    if (std::fseek(f.get(), 0, SEEK_END) != 0) return "";
    const long size = std::ftell(f.get());
    offset = size + offset < 0 ? 0 : size + offset;
  }
  if (std::fseek(f.get(), offset, SEEK_SET) != 0) return "";
  std::string out(count, '\0');
  out.resize(std::fread(out.data(), 1, count, f.get()));
  return out;
}

std::string MediaTypeOfBytes(const std::string& head) {
  if (IsPdf(head)) return "application/pdf";
  if (StartsWith(head, "\x89PNG\r\n\x1A\n", 8)) return "image/png";
  if (StartsWith(head, "\xFF\xD8\xFF", 3)) return "image/jpeg";
  if (IsTiff(head)) return "image/tiff";
  return "";
}

std::string DescribeBytes(const std::string& head) {
  const std::string accepted = MediaTypeOfBytes(head);
  if (!accepted.empty()) return MediaTypeLabel(accepted);
  for (const Signature& s : kOtherFormats) {
    if (head.size() >= s.offset + s.size && head.compare(s.offset, s.size, s.bytes, s.size) == 0)
      return s.label;
  }
  const std::string start = head.substr(0, 256);
  if (start.find("<html") != std::string::npos || start.find("<!DOCTYPE") != std::string::npos)
    return "网页（HTML）";
  if (LooksLikeText(head)) return "文本文件";
  return "无法识别的内容";
}

std::string Extension(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string ext = path.substr(dot);
  for (char& c : ext) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return ext;
}

std::string MediaTypeOfName(const std::string& path) {
  const std::string ext = Extension(path);
  if (ext == ".pdf") return "application/pdf";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg" || ext == ".jpe" || ext == ".jfif") return "image/jpeg";
  if (ext == ".tif" || ext == ".tiff") return "image/tiff";
  return "";
}

std::string MediaTypeLabel(const std::string& media_type) {
  if (media_type == "application/pdf") return "PDF 文件";
  if (media_type == "image/png") return "PNG 图片";
  if (media_type == "image/jpeg") return "JPEG 图片";
  if (media_type == "image/tiff") return "TIFF 图片";
  return media_type;
}

}  // namespace dangan::intake

namespace dangan {

std::string SniffMediaType(const std::string& path) {
  return intake::MediaTypeOfBytes(intake::ReadBytes(path, 0, 1024));
}

std::string DescribeContent(const std::string& path) {
  return intake::DescribeBytes(intake::ReadBytes(path, 0, 1024));
}

}  // namespace dangan
