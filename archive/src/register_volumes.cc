// Live registers: rows appended one at a time, corrections that void a row, closed volumes
// (schema version 10). PLACEHOLDER: replaced by the registers work of issue 15.
#include "archive_impl.h"

namespace dangan::archive {

Status ArchiveImpl::AppendRegisterRow(const std::string&, const std::string&, RegisterRow*) {
  return Status::Unsupported("登记表逐行登记尚未实现");
}
Status ArchiveImpl::CloseRegisterVolume(const std::string&, const std::string&,
                                        const std::string&) {
  return Status::Unsupported("登记表封册尚未实现");
}

}  // namespace dangan::archive
