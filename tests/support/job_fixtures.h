// The jobs' context the background-queue and register tests run as: an archive folder, the
// source tree's templates and a clerk cleared for everything (机密), so that only what a test
// checks can refuse it.
#pragma once

#include <string>

#include "dangan/jobs/job_context.h"
#include "dangan/records/secrecy.h"
#include "support/test_paths.h"

namespace dangan::test {

inline jobs::JobContext SecretClerk(const std::string& archive_dir,
                                    const std::string& name = "张档案") {
  jobs::JobContext ctx;
  ctx.archive_dir = archive_dir;
  ctx.user = name;
  ctx.templates_dir = SourcePath("templates");
  ctx.clearance = Secrecy::kSecret;
  return ctx;
}

}  // namespace dangan::test
