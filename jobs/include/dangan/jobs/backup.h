// Backing an archive up and bringing a backup back (dangan/archive/backup.h), for the command
// line. A backup holds every item, so taking one needs the highest clearance (机密), as `check`
// does; so does a restore, which makes an archive of every item.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "dangan/archive/backup.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

// Backs the context's archive up into `dest`; the context's user is recorded in its audit log.
Status Backup(const JobContext& ctx, const std::string& dest, bool verify_existing,
              BackupReport* report);

// Restores the backup at `backup_dir` as the new archive folder ctx.archive_dir (must not exist).
Status Restore(const JobContext& ctx, const std::string& backup_dir, RestoreReport* report);

// {"backup", "items", "schema_version", "taken_at", "copied", "skipped", "removed",
// "bytes_copied", "bytes_skipped", "bytes_removed", "bytes_total", "files"}
nlohmann::json BackupReportJson(const std::string& dest, const BackupReport& report);
// {"backup", "archive", "items", "schema_version", "taken_at", "files", "bytes"}
nlohmann::json RestoreReportJson(const std::string& backup_dir, const std::string& archive_dir,
                                 const RestoreReport& report);

}  // namespace dangan::jobs
