#include "dangan/jobs/backup.h"

#include "dangan/records/secrecy.h"

namespace dangan::jobs {

namespace {

Status NeedHighestClearance(const JobContext& ctx, const std::string& what) {
  if (ctx.clearance == Secrecy::kSecret) return Status::Ok();
  return Status::InvalidArgument(what + "涉及全部档案，需要最高密级（--clearance " +
                                 SecrecyName(Secrecy::kSecret) + "）；当前密级为" +
                                 SecrecyName(ctx.clearance));
}

}  // namespace

Status Backup(const JobContext& ctx, const std::string& dest, bool verify_existing,
              BackupReport* report) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "备份"));
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"备份目录", dest}}));
  BackupOptions options;
  options.user = ctx.user;
  options.verify_existing = verify_existing;
  return BackupArchive(ctx.archive_dir, dest, options, report);
}

Status Restore(const JobContext& ctx, const std::string& backup_dir, RestoreReport* report) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "恢复"));
  DANGAN_RETURN_IF_ERROR(
      CheckGivenText({{"备份目录", backup_dir}, {"新档案目录", ctx.archive_dir}}));
  return RestoreArchive(backup_dir, ctx.archive_dir, ctx.user, report);
}

nlohmann::json BackupReportJson(const std::string& dest, const BackupReport& r) {
  return {{"backup", dest},
          {"items", r.manifest.items},
          {"schema_version", r.manifest.schema_version},
          {"taken_at", r.manifest.taken_at},
          {"copied", r.copied},
          {"skipped", r.skipped},
          {"removed", r.removed},
          {"bytes_copied", r.bytes_copied},
          {"bytes_skipped", r.bytes_skipped},
          {"bytes_removed", r.bytes_removed},
          {"bytes_total", r.bytes_total},
          {"files", r.manifest.files.size()}};
}

nlohmann::json RestoreReportJson(const std::string& backup_dir, const std::string& archive_dir,
                                 const RestoreReport& r) {
  return {{"backup", backup_dir},
          {"archive", archive_dir},
          {"items", r.manifest.items},
          {"schema_version", r.manifest.schema_version},
          {"taken_at", r.manifest.taken_at},
          {"files", r.files},
          {"bytes", r.bytes}};
}

}  // namespace dangan::jobs
