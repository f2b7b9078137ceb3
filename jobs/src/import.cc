#include "dangan/jobs/import.h"

#include <memory>

namespace dangan::jobs {
namespace {

Status ParseTarget(const JobContext& ctx, const std::string& into, ImportOptions* options,
                   Template* tmpl) {
  if (into == "catalogue" || into == "目录" || into == "档案目录") {
    options->target = ImportTarget::kCatalogue;
    return Status::Ok();
  }
  const std::string prefix = "register:";
  std::string id;
  if (into.compare(0, prefix.size(), prefix) == 0) id = into.substr(prefix.size());
  if (id.empty()) {
    return Status::InvalidArgument(
        "--into 应为 catalogue（档案目录）或 register:模板编号（如 register:S-04），而不是「" +
        into + "」");
  }
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, id, tmpl));
  options->target = ImportTarget::kRegister;
  options->register_template = tmpl;
  return Status::Ok();
}

}  // namespace

Status Import(const JobContext& ctx, const ImportRequest& request, Template* tmpl,
              ImportOptions* options, ImportReport* report) {
  *options = request.options;
  options->clearance = ctx.clearance;  // no front end can widen it
  if (request.into.empty()) {
    return Status::InvalidArgument("缺少 --into catalogue 或 --into register:模板编号");
  }
  DANGAN_RETURN_IF_ERROR(ParseTarget(ctx, request.into, options, tmpl));
  if (!request.mapping_path.empty()) {
    DANGAN_RETURN_IF_ERROR(LoadImportMapping(request.mapping_path, &options->mapping));
  }
  const bool catalogue = options->target == ImportTarget::kCatalogue;
  if (!options->files_dir.empty() && !catalogue) {
    return Status::InvalidArgument("--files 只用于导入档案目录（--into catalogue）");
  }
  if (options->assign_danghao && !catalogue) {
    return Status::InvalidArgument("--assign-danghao 只用于导入档案目录（--into catalogue）");
  }
  if (!options->volume.empty() && catalogue) {
    return Status::InvalidArgument("--volume 只用于导入登记表（--into register:模板编号）");
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return ImportSpreadsheet(request.path, *options, archive.get(), report);
}

}  // namespace dangan::jobs
