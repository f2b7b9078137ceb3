#include "xls_cfb.h"

#include <gsf/gsf-infile-msole.h>
#include <gsf/gsf-infile.h>
#include <gsf/gsf-input-stdio.h>
#include <gsf/gsf-utils.h>

#include <memory>
#include <mutex>
#include <strings.h>

#include "sheet_readers.h"

namespace dangan::sheet {
namespace {

struct GObjectUnref {
  void operator()(void* object) const {
    if (object != nullptr) g_object_unref(object);
  }
};
using InputPtr = std::unique_ptr<GsfInput, GObjectUnref>;
using InfilePtr = std::unique_ptr<GsfInfile, GObjectUnref>;

void InitGsfOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    gsf_init();
    // libgsf complains on stderr about the damage it meets (an allocation table pointing past
    // the end, an unknown entry type) and then fails or reads past it; what matters reaches the
    // clerk as a refusal, not as console noise.
    g_log_set_handler("libgsf:msole", static_cast<GLogLevelFlags>(G_LOG_LEVEL_CRITICAL |
                                                                  G_LOG_LEVEL_WARNING |
                                                                  G_LOG_LEVEL_MESSAGE),
                      [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
  });
}

bool HasChild(GsfInfile* root, const char* name) {
  for (int i = 0; i < gsf_infile_num_children(root); ++i) {
    const char* child = gsf_infile_name_by_index(root, i);
    if (child != nullptr && strcasecmp(child, name) == 0) return true;
  }
  return false;
}

// The index of the BIFF stream: "Workbook" (BIFF8), else "Book" (BIFF5); names match without case
// as Excel's do. -1 if neither is there.
int WorkbookIndex(GsfInfile* root) {
  for (const char* wanted : {"Workbook", "Book"}) {
    for (int i = 0; i < gsf_infile_num_children(root); ++i) {
      const char* child = gsf_infile_name_by_index(root, i);
      if (child != nullptr && strcasecmp(child, wanted) == 0) return i;
    }
  }
  return -1;
}

// Why a compound file without a workbook stream is not an .xls, in words for the clerk.
std::string NoWorkbookReason(GsfInfile* root) {
  if (HasChild(root, "EncryptionInfo") || HasChild(root, "EncryptedPackage")) {
    return "设有打开密码（加密的 Office 2007 及以后格式工作簿，如 .xlsx）；请在 Excel 或 WPS "
           "中取消密码后另存再导入";
  }
  if (HasChild(root, "WordDocument")) return "这是 Word 97-2003 文档（.doc），不是电子表格";
  if (HasChild(root, "PowerPoint Document")) {
    return "这是 PowerPoint 97-2003 演示文稿（.ppt），不是电子表格";
  }
  return "这是 Office 97-2003 格式的文件，但其中没有 Excel 工作簿";
}

}  // namespace

Status ReadWorkbookStream(const std::string& path, uint64_t max_bytes, std::string* stream) {
  InitGsfOnce();
  GError* error = nullptr;
  InputPtr file(gsf_input_stdio_new(path.c_str(), &error));
  if (error != nullptr) g_error_free(error);
  if (!file) return Refuse(path, "无法打开文件");
  error = nullptr;
  InfilePtr root(gsf_infile_msole_new(file.get(), &error));
  if (error != nullptr) g_error_free(error);
  if (!root) {
    return Refuse(path, "文件已损坏或不完整（可能复制或上传时中断），无法作为 .xls 读取");
  }
  const int index = WorkbookIndex(root.get());
  if (index < 0) return Refuse(path, NoWorkbookReason(root.get()));
  InputPtr book(gsf_infile_child_by_index(root.get(), index));
  if (!book) return Refuse(path, "文件已损坏，工作簿无法读取");
  const gsf_off_t size = gsf_input_size(book.get());
  // A stream cannot be larger than the file holding it: a damaged directory claiming so must
  // not make us allocate what it claims.
  if (size < 0 || size > gsf_input_size(file.get())) {
    return Refuse(path, "文件已损坏或不完整（工作簿的长度超出文件本身），无法作为 .xls 读取");
  }
  if (static_cast<uint64_t>(size) > max_bytes) {
    return Refuse(path, "工作簿超过 " + ByteSize(max_bytes) + "，超出上限");
  }
  stream->assign(static_cast<size_t>(size), '\0');
  constexpr size_t kChunk = 1 << 16;
  for (size_t done = 0; done < stream->size();) {
    const size_t n = std::min(kChunk, stream->size() - done);
    if (gsf_input_read(book.get(), n, reinterpret_cast<guint8*>(&(*stream)[done])) == nullptr) {
      return Refuse(path, "文件已损坏或不完整（工作簿数据缺失），无法作为 .xls 读取");
    }
    done += n;
  }
  return Status::Ok();
}

}  // namespace dangan::sheet
