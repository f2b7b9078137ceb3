// Searching and checking the archive, as the signed-in user.
#pragma once

#include "dangan/archive/archive.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

// The request's clearance is the context's: no front end can widen it.
Status Search(const JobContext& ctx, SearchRequest request, SearchResults* results);

// Re-reads every file (digests, pages counted by the intake) and the audit chain.
Status Check(const JobContext& ctx, CheckReport* report);

}  // namespace dangan::jobs
