// Shared by the lending jobs (lending.cc) and their registers (use_registers.cc).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dangan/jobs/lending.h"

namespace dangan::jobs {

UseRequest FromUseRow(const UseRequestRow& row);
// The requests ctx may see, newest first: those whose every item is within ctx.clearance, and
// the acting account's own. `state` "" = all.
Status VisibleUseRequests(const JobContext& ctx, Archive& archive, const std::string& state,
                          std::vector<UseRequest>* out);
// YYYY-MM-DD plus `days`.
std::string AddDays(const std::string& date, int days);
// Whole days from `from` to `to` (both YYYY-MM-DD).
int DaysBetween(const std::string& from, const std::string& to);

}  // namespace dangan::jobs
