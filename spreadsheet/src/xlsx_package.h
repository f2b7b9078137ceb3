// An .xlsx package opened for streaming its XML parts through expat, inside the limits that stop
// a zip bomb: no part is inflated into memory whole, and no part is read past what the zip
// directory claims, the byte budget or the compression-ratio limit allow.
#pragma once

#include <zip.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "dangan/spreadsheet/spreadsheet.h"

namespace dangan::sheet {

// Receives the elements of one part. Names arrive without a namespace prefix ("x:c" -> "c").
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void Start(std::string_view name, const char** attributes) = 0;
  virtual void End(std::string_view name) = 0;
  virtual void Text(const char* /*text*/, int /*length*/) {}
  // Where the parse is, for messages ("工作表「2019」第 12 行"); "" outside sheets.
  virtual std::string Where() const { return ""; }

  // A handler stops the parse by failing: the reason (Chinese, without the file name).
  void Fail(std::string reason);
  const std::string& failure() const { return failure_; }

 private:
  friend class XlsxPackage;
  void* parser_ = nullptr;  // the expat parser while a part is parsed, to stop it
  std::string failure_;
};

// The value of attribute `name` (matched without prefix), or nullptr.
const char* Attribute(const char** attributes, std::string_view name);

class XlsxPackage {
 public:
  XlsxPackage(std::string path, const SpreadsheetLimits& limits)
      : path_(std::move(path)), limits_(limits) {}

  Status Open();
  bool Has(const std::string& part) const;
  // Streams `part` through `handler`. `label` names the part in messages
  // ("共享字符串表", "工作表「2019」"). A missing part is an error unless `optional`.
  Status Parse(const std::string& part, const std::string& label, XmlHandler* handler,
               bool optional = false);

 private:
  Status CheckClaims(const std::string& part, const std::string& label, zip_uint64_t index,
                     uint64_t* compressed);
  Status Stream(zip_file_t* file, const std::string& label, uint64_t compressed,
                XmlHandler* handler);

  std::string path_;
  SpreadsheetLimits limits_;
  std::unique_ptr<zip_t, decltype(&zip_discard)> zip_{nullptr, zip_discard};
  uint64_t inflated_ = 0;  // all parts read so far, against max_uncompressed_bytes
};

}  // namespace dangan::sheet
