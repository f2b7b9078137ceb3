// Drafts of forms and the forms each account used recently (schema version 10).
// PLACEHOLDER: replaced by the forms work of issue 15.
#include "archive_impl.h"

namespace dangan::archive {

Status ArchiveImpl::SaveDraft(DraftRow*) { return Status::Unsupported("草稿尚未实现"); }
Status ArchiveImpl::ReadDraft(const std::string&, int64_t, DraftRow*) {
  return Status::Unsupported("草稿尚未实现");
}
Status ArchiveImpl::ListDrafts(const std::string&, std::vector<DraftRow>*) {
  return Status::Unsupported("草稿尚未实现");
}
Status ArchiveImpl::DeleteDraft(const std::string&, int64_t) {
  return Status::Unsupported("草稿尚未实现");
}
Status ArchiveImpl::NoteFormUse(const std::string&, const std::string&, int64_t) {
  return Status::Unsupported("草稿尚未实现");
}
Status ArchiveImpl::RecentForms(const std::string&, size_t, std::vector<std::string>*) {
  return Status::Unsupported("草稿尚未实现");
}

}  // namespace dangan::archive
