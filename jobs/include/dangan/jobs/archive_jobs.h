// Reading, searching and checking the archive, as the signed-in user. Every read applies the
// context's clearance: an item above it does not exist for the reader (not listed, not counted,
// not shown, no 档号 in a message; show answers as for a 档号 not in the catalogue).
#pragma once

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

// The audit entries about one item (all entries when `danghao` is empty), leaving out those
// about items the reader may not see.
Status AuditShow(const JobContext& ctx, const std::string& danghao,
                 std::vector<AuditEntry>* entries);

// Items whose retention period has ended by `as_of` (YYYY-MM-DD).
Status RetentionDue(const JobContext& ctx, const std::string& as_of,
                    std::vector<ItemRecord>* items);

// The integrity tools below report on every item and entry, so they need the highest clearance
// (机密); a lower one is refused (InvalidArgument) before the archive is read.
Status VerifyAudit(const JobContext& ctx, AuditReport* report);

// Re-reads every file (digests, pages counted by the intake) and the audit chain.
Status Check(const JobContext& ctx, CheckReport* report);

// How long `gc` waits for filings and imports in progress before it gives up.
inline constexpr int kGcWaitSeconds = 60;

// Removes the leftovers of interrupted filings (Archive::CollectGarbage); `dry_run` lists them.
// Names no item, so any clearance may run it.
Status CollectGarbage(const JobContext& ctx, bool dry_run, std::vector<ReclaimableFile>* removed);

}  // namespace dangan::jobs
