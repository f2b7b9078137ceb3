// Drafts of forms, saved per account as a clerk types (issue 15). Every job acts for ctx.user
// only: another account's draft answers NotFound exactly as a missing one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"

namespace dangan::jobs {

// The most a draft's values may take as JSON text.
inline constexpr size_t kMaxDraftBytes = 1 << 20;

// The desk's name of a draft: the form's title and its first non-empty header values, e.g.
// "办公用品申请单 · 市场部 · 2024年3月5日" (at most three values, each cut to 20 characters).
std::string DraftTitle(const Template& t, const Json& values);

// Saves `values` (a JSON object) as a draft of template `template_id`: a new one when `*id` is 0
// (and sets it), else replaces the account's draft `*id`. Notes the form as recently used.
// Refused: an unknown template, values that are not an object, over kMaxDraftBytes, or holding
// text that may not be stored (invalid UTF-8, control characters). `updated_at` gets the time.
Status SaveDraft(const JobContext& ctx, const std::string& template_id, const Json& values,
                 int64_t* id, int64_t* updated_at);
Status ListDrafts(const JobContext& ctx, std::vector<DraftRow>* out);  // newest first
Status ReadDraft(const JobContext& ctx, int64_t id, DraftRow* out);
Status DeleteDraft(const JobContext& ctx, int64_t id);
// The forms ctx.user used most recently, newest first.
Status RecentForms(const JobContext& ctx, size_t limit, std::vector<std::string>* out);

}  // namespace dangan::jobs
