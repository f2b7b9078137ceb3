#include "dangan/jobs/archive_jobs.h"

#include <memory>

#include "dangan/intake/intake.h"

namespace dangan::jobs {

Status Search(const JobContext& ctx, SearchRequest request, SearchResults* results) {
  request.clearance = SecrecyName(ctx.clearance);
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->Search(request, results);
}

Status List(const JobContext& ctx, ListFilter filter, std::vector<ItemRecord>* items,
            size_t* total) {
  filter.clearance = ctx.clearance;
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->List(filter, items, total);
}

Status Show(const JobContext& ctx, const std::string& danghao, ItemRecord* item) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->GetFor(danghao, ctx.clearance, /*log_view=*/true, item);
}

Status AuditShow(const JobContext& ctx, const std::string& danghao,
                 std::vector<AuditEntry>* entries) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->AuditLog(danghao, ctx.clearance, entries);
}

Status RetentionDue(const JobContext& ctx, const std::string& as_of,
                    std::vector<ItemRecord>* items) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->RetentionDue(as_of, ctx.clearance, items);
}

namespace {

Status NeedHighestClearance(const JobContext& ctx, const std::string& what) {
  if (ctx.clearance == Secrecy::kSecret) return Status::Ok();
  return Status::InvalidArgument(what + "涉及全部档案，需要最高密级（--clearance " +
                                 SecrecyName(Secrecy::kSecret) + "）；当前密级为" +
                                 SecrecyName(ctx.clearance));
}

}  // namespace

Status VerifyAudit(const JobContext& ctx, AuditReport* report) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "验证审计日志"));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->VerifyAudit(report);
}

Status Check(const JobContext& ctx, CheckReport* report) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "检查档案库"));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->Check(CountPages, report);
}

Status CollectGarbage(const JobContext& ctx, bool dry_run, std::vector<ReclaimableFile>* removed) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->CollectGarbage(dry_run, kGcWaitSeconds, removed);
}

}  // namespace dangan::jobs
