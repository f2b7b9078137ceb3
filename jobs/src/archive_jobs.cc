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

Status Check(const JobContext& ctx, CheckReport* report) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->Check(CountPages, report);
}

}  // namespace dangan::jobs
