#include "dangan/jobs/drafts.h"

#include <ctime>
#include <memory>

#include "dangan/jobs/forms.h"
#include "dangan/records/text.h"

namespace dangan::jobs {
namespace {

constexpr size_t kTitleValues = 3;
constexpr size_t kTitleValueChars = 20;

// Every key and string of a draft's values as text that may be stored (many lines allowed: a
// draft holds multi-line fields); a draft is half typed, so the template's checks wait for
// checking and filing.
void CheckDraftText(const Json& j, const std::string& field, std::vector<Problem>* problems) {
  if (problems->size() >= 20) return;
  if (j.is_string()) {
    Problem p = CheckText(field, j.get_ref<const std::string&>(), TextLines::kMany);
    if (!p.code.empty()) problems->push_back(std::move(p));
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      Problem p = CheckText("字段名", key, TextLines::kOne);
      if (!p.code.empty()) problems->push_back(std::move(p));
      CheckDraftText(value, key, problems);
    }
  } else if (j.is_array()) {
    for (const Json& value : j) CheckDraftText(value, field, problems);
  }
}

// The first `n` characters of UTF-8 `text`.
std::string FirstChars(const std::string& text, size_t n) {
  size_t i = 0, chars = 0;
  while (i < text.size() && chars < n) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    ++chars;
  }
  return i < text.size() ? text.substr(0, i) + "…" : text;
}

Status ArchiveFor(const JobContext& ctx, std::unique_ptr<Archive>* archive) {
  return OpenArchive(ctx, archive);
}

}  // namespace

std::string DraftTitle(const Template& t, const Json& values) {
  std::string title = t.DisplayTitle();
  size_t added = 0;
  for (const Field& f : t.fields) {  // in the template's order: 申请部门 before 申请日期
    if (added == kTitleValues) break;
    auto it = values.find(f.name);
    if (it == values.end() || !(it->is_string() || it->is_number())) continue;
    std::string value = Trim(it->is_string() ? it->get<std::string>() : it->dump());
    if (value.empty()) continue;
    value = JoinLines(value);
    title += " · " + FirstChars(value, kTitleValueChars);
    ++added;
  }
  return title;
}

Status SaveDraft(const JobContext& ctx, const std::string& template_id, const Json& values,
                 int64_t* id, int64_t* updated_at) {
  std::shared_ptr<const Template> t;
  DANGAN_RETURN_IF_ERROR(CachedTemplate(ctx, template_id, &t));
  if (!values.is_object()) {
    return Status::InvalidArgument(
        MakeProblem("invalid_data", 0, "values", "草稿的值应为 JSON 对象（字段名: 值）"));
  }
  std::vector<Problem> problems;
  CheckDraftText(values, "values", &problems);
  if (!problems.empty()) return Status::InvalidArgument("草稿中的文字有误：", problems);
  DraftRow row;
  row.id = *id;
  row.account = ctx.user;
  row.template_id = t->id;
  row.title = DraftTitle(*t, values);
  row.values_json = DumpJson(values, -1);
  if (row.values_json.size() > kMaxDraftBytes) {
    return Status::InvalidArgument(MakeProblem("too_long", 0, "values", "草稿超过 1 MB，无法保存"));
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(ArchiveFor(ctx, &archive));
  DANGAN_RETURN_IF_ERROR(archive->SaveDraft(&row));
  DANGAN_RETURN_IF_ERROR(archive->NoteFormUse(ctx.user, t->id, row.updated_at));
  *id = row.id;
  *updated_at = row.updated_at;
  return Status::Ok();
}

Status ListDrafts(const JobContext& ctx, std::vector<DraftRow>* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(ArchiveFor(ctx, &archive));
  return archive->ListDrafts(ctx.user, out);
}

Status ReadDraft(const JobContext& ctx, int64_t id, DraftRow* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(ArchiveFor(ctx, &archive));
  return archive->ReadDraft(ctx.user, id, out);
}

Status DeleteDraft(const JobContext& ctx, int64_t id) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(ArchiveFor(ctx, &archive));
  return archive->DeleteDraft(ctx.user, id);
}

Status RecentForms(const JobContext& ctx, size_t limit, std::vector<std::string>* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(ArchiveFor(ctx, &archive));
  return archive->RecentForms(ctx.user, limit, out);
}

}  // namespace dangan::jobs
