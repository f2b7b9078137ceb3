#include "xlsx_package.h"

#include <expat.h>

#include <string>

#include "sheet_readers.h"

namespace dangan::sheet {
namespace {

constexpr int kChunk = 256 * 1024;
// The ratio limit is for large parts: a small part of repeated markup compresses far better
// than 200:1 and is harmless.
constexpr uint64_t kRatioCheckedAbove = 1 << 20;

std::string_view LocalName(const char* name) {
  std::string_view n(name);
  const size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

void OnStart(void* data, const char* name, const char** attributes) {
  static_cast<XmlHandler*>(data)->Start(LocalName(name), attributes);
}

void OnEnd(void* data, const char* name) { static_cast<XmlHandler*>(data)->End(LocalName(name)); }

void OnText(void* data, const char* text, int length) {
  static_cast<XmlHandler*>(data)->Text(text, length);
}

// A DOCTYPE has no place in OOXML; refusing it rules out entity tricks altogether.
void OnDoctype(void* data, const char*, const char*, const char*, int) {
  static_cast<XmlHandler*>(data)->Fail("含有 DOCTYPE 声明，不是 Excel 写出的文件");
}

struct ParserDeleter {
  void operator()(XML_Parser p) const { XML_ParserFree(p); }
};

std::string Ratio(uint64_t inflated, uint64_t compressed) {
  return std::to_string(compressed == 0 ? inflated : inflated / compressed) + ":1";
}

}  // namespace

void XmlHandler::Fail(std::string reason) {
  if (!failure_.empty()) return;
  failure_ = std::move(reason);
  if (parser_ != nullptr) XML_StopParser(static_cast<XML_Parser>(parser_), XML_FALSE);
}

const char* Attribute(const char** attributes, std::string_view name) {
  for (const char** a = attributes; *a != nullptr; a += 2) {
    if (LocalName(a[0]) == name) return a[1];
  }
  return nullptr;
}

Status XlsxPackage::Open() {
  int error = 0;
  zip_.reset(zip_open(path_.c_str(), ZIP_RDONLY, &error));
  if (!zip_) return Refuse(path_, "ZIP 压缩包已损坏或不完整（可能复制或上传时中断）");
  return Status::Ok();
}

bool XlsxPackage::Has(const std::string& part) const {
  return zip_name_locate(zip_.get(), part.c_str(), 0) >= 0;
}

Status XlsxPackage::CheckClaims(const std::string& part, const std::string& label,
                                zip_uint64_t index, uint64_t* compressed) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_.get(), index, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
      !(st.valid & ZIP_STAT_COMP_SIZE)) {
    return Refuse(path_, label + "（" + part + "）在 ZIP 目录中的记录已损坏");
  }
  *compressed = st.comp_size;
  const uint64_t budget = limits_.max_uncompressed_bytes - inflated_;
  if (st.size > budget) {
    return Refuse(path_, label + "（" + part + "）声称解压后有 " + ByteSize(st.size) +
                             "，超过读取上限 " + ByteSize(limits_.max_uncompressed_bytes) +
                             "（可能是恶意构造的“ZIP 炸弹”），拒绝读取");
  }
  if (st.size > kRatioCheckedAbove &&
      (st.comp_size == 0 || st.size / st.comp_size > limits_.max_compression_ratio)) {
    return Refuse(path_, label + "（" + part + "）的压缩比为 " + Ratio(st.size, st.comp_size) +
                             "，超过上限 " + std::to_string(limits_.max_compression_ratio) +
                             ":1（可能是恶意构造的“ZIP 炸弹”），拒绝读取");
  }
  return Status::Ok();
}

Status XlsxPackage::Parse(const std::string& part, const std::string& label, XmlHandler* handler,
                          bool optional) {
  const zip_int64_t index = zip_name_locate(zip_.get(), part.c_str(), 0);
  if (index < 0) {
    if (optional) return Status::Ok();
    return Refuse(path_, "工作簿缺少" + label + "（" + part + "），文件不完整或不是 Excel 写出的");
  }
  uint64_t compressed = 0;
  DANGAN_RETURN_IF_ERROR(CheckClaims(part, label, static_cast<zip_uint64_t>(index), &compressed));
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(
      zip_fopen_index(zip_.get(), static_cast<zip_uint64_t>(index), 0), zip_fclose);
  if (!file) {
    return Refuse(path_, label + "（" + part + "）无法解压（压缩方式不支持或数据已损坏）");
  }
  return Stream(file.get(), label, compressed, handler);
}

Status XlsxPackage::Stream(zip_file_t* file, const std::string& label, uint64_t compressed,
                           XmlHandler* handler) {
  std::unique_ptr<XML_ParserStruct, ParserDeleter> parser(XML_ParserCreate("UTF-8"));
  XML_Parser p = parser.get();
  XML_SetUserData(p, handler);
  XML_SetElementHandler(p, OnStart, OnEnd);
  XML_SetCharacterDataHandler(p, OnText);
  XML_SetStartDoctypeDeclHandler(p, OnDoctype);
  handler->parser_ = p;
  struct Detach {
    XmlHandler* h;
    ~Detach() { h->parser_ = nullptr; }
  } detach{handler};
  const uint64_t budget = limits_.max_uncompressed_bytes - inflated_;
  uint64_t read = 0;
  for (;;) {
    void* buffer = XML_GetBuffer(p, kChunk);
    if (buffer == nullptr) return Refuse(path_, label + "：内存不足");
    const zip_int64_t n = zip_fread(file, buffer, kChunk);
    if (n < 0) {
      return Refuse(path_, label + "的压缩数据已损坏或不完整（" +
                               (handler->Where().empty() ? "" : handler->Where() + "，") +
                               "可能复制或上传时中断）");
    }
    read += static_cast<uint64_t>(n);
    if (read > budget) {
      return Refuse(path_, label + "解压后超过读取上限 " +
                               ByteSize(limits_.max_uncompressed_bytes) +
                               "（可能是恶意构造的“ZIP 炸弹”），拒绝读取");
    }
    if (read > kRatioCheckedAbove &&
        read / (compressed ? compressed : 1) > limits_.max_compression_ratio) {
      return Refuse(path_, label + "的压缩比超过上限 " +
                               std::to_string(limits_.max_compression_ratio) +
                               ":1（可能是恶意构造的“ZIP 炸弹”），拒绝读取");
    }
    const bool last = n == 0;
    if (XML_ParseBuffer(p, static_cast<int>(n), last) != XML_STATUS_OK) {
      if (!handler->failure().empty()) {
        const std::string where = handler->Where();
        return Refuse(path_, (where.empty() ? label : where) + "：" + handler->failure());
      }
      const std::string where = handler->Where();
      return Refuse(path_, (where.empty() ? label : where) + "：XML 格式错误（XML 第 " +
                               std::to_string(XML_GetCurrentLineNumber(p)) + " 行第 " +
                               std::to_string(XML_GetCurrentColumnNumber(p) + 1) +
                               " 列），文件已损坏或不是 Excel 写出的");
    }
    if (!handler->failure().empty()) {
      return Refuse(
          path_, (handler->Where().empty() ? label : handler->Where()) + "：" + handler->failure());
    }
    if (last) break;
  }
  inflated_ += read;
  return Status::Ok();
}

}  // namespace dangan::sheet
