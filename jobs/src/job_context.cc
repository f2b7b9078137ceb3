#include "dangan/jobs/job_context.h"

#include <unistd.h>

namespace dangan::jobs {

Status CheckGivenText(std::initializer_list<GivenText> values) {
  std::vector<Problem> problems;
  for (const GivenText& v : values) {
    Problem p = CheckText(v.field, v.value, v.lines);
    if (!p.code.empty()) problems.push_back(std::move(p));
  }
  if (problems.empty()) return Status::Ok();
  if (problems.size() == 1) return Status::InvalidArgument(std::move(problems.front()));
  return Status::InvalidArgument("输入的文字有误：", std::move(problems));
}

Status OpenArchive(const JobContext& ctx, std::unique_ptr<Archive>* out) {
  // The user name is written into every audit entry; a line break in it would forge lines
  // in `audit show`.
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"操作人", ctx.user}}));
  return Archive::Open(ctx.archive_dir, ctx.user, out);
}

namespace {

// Template IDs are letters, digits and hyphens (S-04, F-A04, GD-01): never a path.
bool IsTemplateId(const std::string& id) {
  if (id.empty() || id.size() > 32) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

Status FindTemplate(const JobContext& ctx, const std::string& id, Template* out) {
  if (!IsTemplateId(id)) {
    Problem p = MakeProblem("invalid_template_id", 0, "模板编号",
                            "应由字母、数字和 - 组成（如 S-04），而不是「" + id + "」");
    return Status::InvalidArgument(std::move(p));
  }
  const std::string path = ctx.templates_dir + "/" + id + ".yaml";
  if (access(path.c_str(), F_OK) != 0) return TemplateNotFound(ctx, id);
  return LoadTemplate(path, out);
}

Status TemplateNotFound(const JobContext& ctx, const std::string& id) {
  return Status::NotFound("没有编号为「" + id + "」的模板（" + ctx.templates_dir + "/" + id +
                          ".yaml）；用 dangan forms 查看全部");
}

}  // namespace dangan::jobs
