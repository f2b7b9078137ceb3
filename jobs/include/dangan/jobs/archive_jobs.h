// Reading, searching and checking the archive, as the signed-in user. Every read applies the
// context's clearance: an item above it does not exist for the reader (not listed, not counted,
// not shown, no 档号 in a message; show answers as for a 档号 not in the catalogue).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

// The request's clearance is the context's: no front end can widen it.
Status Search(const JobContext& ctx, SearchRequest request, SearchResults* results);

// Items in 档号 order under the filter; `total` (may be null) counts only what the reader may see.
Status List(const JobContext& ctx, ListFilter filter, std::vector<ItemRecord>* items,
            size_t* total);

// One item with its files; the look is written to the audit log.
Status Show(const JobContext& ctx, const std::string& danghao, ItemRecord* item);

// File `n` (from 1, in the item's order) of an item, for a download: the item (with its files)
// and where the file is stored (read-only). The look is written to the audit log. An item above
// the clearance answers as a 档号 not in the catalogue, before the file number is looked at.
Status OpenStoredFile(const JobContext& ctx, const std::string& danghao, size_t n, ItemRecord* item,
                      std::string* path);

// The audit entries about one item (all entries when `danghao` is empty), leaving out those
// about items the reader may not see.
Status AuditShow(const JobContext& ctx, const std::string& danghao,
                 std::vector<AuditEntry>* entries);

// Items whose retention period has ended by `as_of` (YYYY-MM-DD).
Status RetentionDue(const JobContext& ctx, const std::string& as_of,
                    std::vector<ItemRecord>* items);

// Changes to one item. Each applies the clearance as the reads do: an item above it answers
// exactly as a 档号 not in the catalogue (NotFound, the same message) and nothing changes.
// Values are checked against the text rule first (备注 may have line breaks, nothing else).
// `changes` maps 著录项 (题名, 责任者, 文号, 日期, 密级, 备注) to their new values.
// `reason` (修改原因, may be empty) goes into the audit entry with the old and new values.
Status Edit(const JobContext& ctx, const std::string& danghao,
            const std::map<std::string, std::string>& changes, const std::string& reason = "");
// Lengthens the retention period (Y / D30 / D10); never shortens it.
Status SetRetention(const JobContext& ctx, const std::string& danghao,
                    const std::string& retention);
// Sets a hold (冻结) with its reason, or lifts it (`hold` false).
Status SetHold(const JobContext& ctx, const std::string& danghao, bool hold,
               const std::string& reason);

// The integrity tools below report on every item and entry, so they need the highest clearance
// (机密); a lower one is refused (InvalidArgument) before the archive is read.
Status VerifyAudit(const JobContext& ctx, AuditReport* report);
// The same, and proves the log extends each signed checkpoint file (Archive::VerifyAuditAgainst).
// A file that is no checkpoint is refused (InvalidArgument naming it).
Status VerifyAudit(const JobContext& ctx, const std::vector<std::string>& checkpoint_files,
                   AuditReport* report);
// Signs a checkpoint of the whole log with the key at `key_path` (empty: the recorded path).
Status SignAuditCheckpoint(const JobContext& ctx, const std::string& key_path,
                           AuditCheckpoint* checkpoint);

// Makes (or reuses) the checkpoint key at `key_path`, outside the archive folder, and records its
// public half in the archive.
Status SetAuditKey(const JobContext& ctx, const std::string& key_path);

// Re-reads every file (digests, pages counted by the intake) and the audit chain.
Status Check(const JobContext& ctx, CheckReport* report);

// How long `gc` waits for filings and imports in progress before it gives up.
inline constexpr int kGcWaitSeconds = 60;

// Removes the leftovers of interrupted filings (Archive::CollectGarbage); `dry_run` lists them.
// Names no item, so any clearance may run it.
Status CollectGarbage(const JobContext& ctx, bool dry_run, std::vector<ReclaimableFile>* removed);

}  // namespace dangan::jobs
