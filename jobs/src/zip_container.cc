#include "zip_container.h"

#include <zip.h>

#include <memory>

namespace dangan::jobs {
namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};

bool StartsWithZipHeader(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  char head[4] = {};
  return f && std::fread(head, 1, 4, f.get()) == 4 && std::string(head, 4) == "PK\x03\x04";
}

}  // namespace

ZipContents InspectZip(const std::string& path) {
  ZipContents out;
  if (!StartsWithZipHeader(path)) return out;
  out.kind = ZipKind::kOtherZip;
  int error = 0;
  // ZIP_CHECKCONS: a container cut short or with a damaged directory does not open.
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &error));
  if (!zip) {
    out.problem = "ZIP 容器已损坏或不完整，无法打开";
    return out;
  }
  bool ofd = false, workbook = false, document = false;
  const zip_int64_t entries = zip_get_num_entries(zip.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
      out.encrypted = true;
    const std::string name = st.name ? st.name : "";
    ofd = ofd || name == "OFD.xml";
    workbook = workbook || name == "xl/workbook.xml";
    document = document || name == "word/document.xml";
  }
  if (ofd)
    out.kind = ZipKind::kOfd;
  else if (workbook)
    out.kind = ZipKind::kXlsx;
  else if (document)
    out.kind = ZipKind::kDocx;
  return out;
}

}  // namespace dangan::jobs
