// Importing a legacy spreadsheet into the archive (catalogue items or a register's rows).
#pragma once

#include <string>

#include "dangan/importers/import.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

struct ImportRequest {
  std::string path;
  std::string into;          // "catalogue" (目录, 档案目录) or "register:ID"
  std::string mapping_path;  // YAML or JSON mapping file; "" = by column names
  ImportOptions options;     // everything but target, register template and mapping
};

// `tmpl` holds the register's template for as long as `report` refers to it.
Status Import(const JobContext& ctx, const ImportRequest& request, Template* tmpl,
              ImportOptions* options, ImportReport* report);

}  // namespace dangan::jobs
