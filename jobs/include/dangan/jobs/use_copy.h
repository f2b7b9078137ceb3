// A copy for use (利用副本): the item's PDF with the 归档章 drawn on page one; the original is
// never changed, and the look is written to the audit log.
#pragma once

#include <string>

#include "dangan/archive/archive.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

struct UseCopyResult {
  ItemRecord item;
  FileRole copied_role = FileRole::kOriginal;  // the signed scan if there is one, else the original
};

// The stored file is re-read first: one whose digests no longer match is refused, never stamped.
// The copy is logged as 出具利用副本 with the file and `reason`.
Status MakeUseCopy(const JobContext& ctx, const std::string& danghao, const std::string& out_path,
                   const std::string& reason, UseCopyResult* result);

}  // namespace dangan::jobs
