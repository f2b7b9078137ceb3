// 开放审核 beside the jobs of transfer.h (ListOpenReviewDue, DecideOpen): the register of the
// decisions (template GD-06 档案开放审核登记表) and the JSON the command line and the web
// application print for an item under review.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

// The first day an item of `year` is due for review: 1 January of 年度 + 1 + 25.
std::string OpenReviewDueOn(int year);

// DecideOpen for several items at once (the page's ticked rows, the command's 档号 …): every
// item is checked first, and a refusal names its item with nothing recorded; then each decision
// is recorded. `decided` (may be null) gets the items as they now stand.
Status DecideOpenItems(const JobContext& ctx, const std::vector<std::string>& danghaos,
                       const std::string& status, const std::string& reason,
                       std::vector<ItemRecord>* decided);

// The register of every item due by `as_of` ("" = today) that the context may see, decided or
// not (undecided ones print blank), as `out_base`.pdf and `out_base`.xlsx. Refused when no item
// is due.
Status RenderOpenReviewRegister(const JobContext& ctx, const std::string& as_of,
                                const std::string& out_base, GeneratedDocument* out);

// {"档号", "题名", "年度", "密级", "保管期限", "due_on", "status", "reason", "reviewed_at",
//  "reviewed_by"}
nlohmann::json OpenReviewItemJson(const ItemRecord& item);

}  // namespace dangan::jobs
