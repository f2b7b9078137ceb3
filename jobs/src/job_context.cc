#include "dangan/jobs/job_context.h"

#include <unistd.h>

namespace dangan::jobs {

Status OpenArchive(const JobContext& ctx, std::unique_ptr<Archive>* out) {
  return Archive::Open(ctx.archive_dir, ctx.user, out);
}

Status FindTemplate(const JobContext& ctx, const std::string& id, Template* out) {
  const std::string path = ctx.templates_dir + "/" + id + ".yaml";
  if (access(path.c_str(), F_OK) != 0) {
    return Status::NotFound("没有编号为「" + id + "」的模板（" + path +
                            "）；用 dangan forms 查看全部");
  }
  return LoadTemplate(path, out);
}

}  // namespace dangan::jobs
