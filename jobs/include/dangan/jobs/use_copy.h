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

Status MakeUseCopy(const JobContext& ctx, const std::string& danghao, const std::string& out_path,
                   UseCopyResult* result);

}  // namespace dangan::jobs
