#include "xlsx/sheet_view.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace dangan::xlsx {
namespace {

constexpr size_t kHeadBytes = 64 * 1024;  // <sheetView> comes within the first few hundred bytes

// A libzip source that reads `part` from the original package and inserts the attribute into its
// first <sheetView> tag on the way.
class PatchingSource {
 public:
  PatchingSource(zip_t* from, std::string part, std::string attribute)
      : from_(from), part_(std::move(part)), attribute_(std::move(attribute)) {
    zip_error_init(&error_);
  }
  ~PatchingSource() {
    if (file_ != nullptr) zip_fclose(file_);
    zip_error_fini(&error_);
  }

  static zip_int64_t Callback(void* self, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    return static_cast<PatchingSource*>(self)->Handle(data, len, cmd);
  }

  bool patched() const { return patched_; }

 private:
  zip_int64_t Handle(void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
    switch (cmd) {
      case ZIP_SOURCE_OPEN:
        return Open();
      case ZIP_SOURCE_READ:
        return Read(static_cast<char*>(data), len);
      case ZIP_SOURCE_CLOSE:
        if (file_ != nullptr) zip_fclose(file_);
        file_ = nullptr;
        return 0;
      case ZIP_SOURCE_STAT: {
        if (len < sizeof(zip_stat_t)) return -1;
        zip_stat_t* st = static_cast<zip_stat_t*>(data);
        zip_stat_init(st);
        st->size = size_;
        st->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&error_, data, len);
      case ZIP_SOURCE_FREE:
        return 0;
      case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                              ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
                                              -1);
      default:
        zip_error_set(&error_, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
  }

  zip_int64_t Open() {
    if (fresh_) {
      fresh_ = false;
      return 0;
    }
    if (file_ != nullptr) zip_fclose(file_);
    file_ = nullptr;
    return Prepare() ? 0 : -1;
  }

 public:
  // Opens the part and patches its head. Done before libzip asks, so that the entry's size is
  // known: an entry of unknown size gets Zip64 headers, which not every spreadsheet reads.
  bool Prepare() {
    zip_stat_t st;
    if (zip_stat(from_, part_.c_str(), 0, &st) < 0 || (st.valid & ZIP_STAT_SIZE) == 0) {
      zip_error_set(&error_, ZIP_ER_NOENT, 0);
      return false;
    }
    file_ = zip_fopen(from_, part_.c_str(), 0);
    if (file_ == nullptr) {
      zip_error_set(&error_, ZIP_ER_NOENT, 0);
      return false;
    }
    head_.resize(kHeadBytes);
    zip_int64_t n = zip_fread(file_, head_.data(), head_.size());
    if (n < 0) {
      zip_error_set(&error_, ZIP_ER_READ, 0);
      return false;
    }
    head_.resize(static_cast<size_t>(n));
    size_ = st.size;
    size_t tag = head_.find("<sheetView ");
    if (tag == std::string::npos) tag = head_.find("<sheetView>");
    if (tag != std::string::npos && head_.find("topLeftCell", tag) > head_.find('>', tag)) {
      head_.insert(tag + std::strlen("<sheetView"), " " + attribute_);
      size_ += attribute_.size() + 1;
      patched_ = true;
    }
    head_at_ = 0;
    fresh_ = true;
    return true;
  }

 private:
  zip_int64_t Read(char* out, zip_uint64_t len) {
    if (head_at_ < head_.size()) {
      size_t n = std::min<size_t>(len, head_.size() - head_at_);
      std::memcpy(out, head_.data() + head_at_, n);
      head_at_ += n;
      return static_cast<zip_int64_t>(n);
    }
    zip_int64_t n = zip_fread(file_, out, len);
    if (n < 0) zip_error_set(&error_, ZIP_ER_READ, 0);
    return n;
  }

  zip_t* from_;
  std::string part_, attribute_;
  zip_error_t error_;
  zip_file_t* file_ = nullptr;
  std::string head_;
  size_t head_at_ = 0;
  zip_uint64_t size_ = 0;
  bool fresh_ = false;  // prepared and not yet read
  bool patched_ = false;
};

Status ZipError(const std::string& path, const char* what) {
  return Status::IoError("无法调整 XLSX 文件 " + path + " 的窗口位置（" + what + "）");
}

}  // namespace

Status SetSheetViewTopRow(const std::string& path, const std::string& part, uint32_t row) {
  int error = 0;
  // Read from one handle, write through another: libzip writes the new package to a temporary
  // file and renames it over `path` on close, while `from` still reads the old one.
  std::unique_ptr<zip_t, decltype(&zip_discard)> from(zip_open(path.c_str(), ZIP_RDONLY, &error),
                                                      &zip_discard);
  if (!from) return ZipError(path, "打开");
  zip_t* to = zip_open(path.c_str(), 0, &error);
  if (to == nullptr) return ZipError(path, "打开");
  const zip_int64_t index = zip_name_locate(to, part.c_str(), 0);
  PatchingSource patcher(from.get(), part, "topLeftCell=\"A" + std::to_string(row + 1) + "\"");
  if (index < 0 || !patcher.Prepare() || !patcher.patched()) {
    zip_discard(to);
    return ZipError(path, "找不到 sheetView");
  }
  zip_source_t* source = zip_source_function(to, &PatchingSource::Callback, &patcher);
  if (source == nullptr || zip_file_replace(to, static_cast<zip_uint64_t>(index), source, 0) < 0) {
    if (source != nullptr) zip_source_free(source);
    zip_discard(to);
    return ZipError(path, part.c_str());
  }
  if (zip_close(to) < 0) {
    zip_discard(to);
    return ZipError(path, "保存");
  }
  return Status::Ok();
}

}  // namespace dangan::xlsx
