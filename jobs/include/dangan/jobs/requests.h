// Requests built from the words a user gives (the command's options, the web API's query
// parameters and form fields): one set of checks and messages for every front end, so that a
// search or a filing means the same wherever it is typed.
#pragma once

#include <map>
#include <string>

#include "dangan/archive/archive.h"
#include "dangan/jobs/filing.h"

namespace dangan::jobs {

// Each word by its name without dashes ("year", "dept", "limit", …); a name not present is
// not given. `prefix` is put before a name in messages: "--" on the command line ("--year 应为
// …"), "" in the web API ("year 应为 …").
struct Words {
  std::map<std::string, std::string> values;
  std::string prefix;
  bool Has(const std::string& name) const { return values.count(name) > 0; }
  std::string Get(const std::string& name, const std::string& fallback = "") const;
};

// Digits only (at most 9): "-1", "+5", "1e3" and "" are not counts.
bool ParseCount(const std::string& text, size_t* out);
// Four digits within the years a record may have.
bool ParseYear(const std::string& text, int* out);

// The filters `list` and `search` share: year (2024 or 2020-2024), category, dept, retention,
// secrecy, source, form, limit, offset. The filter's other fields are left as they are.
Status FilterFromWords(const Words& words, ListFilter* filter);
// A search: the filters, from and to (dates in any form NormalizeDate reads), 20 hits a page
// unless limit is given. The query text is the caller's (positional words, or q).
Status SearchRequestFromWords(const Words& words, SearchRequest* request);
// A filing of scans (`dangan file`, POST /api/files): title, category (default WS), dept,
// year, retention, secrecy (default 内部), date, responsible, doc-ref, notes, danghao, item,
// ocr-lang, max-pages. The paths and whether to OCR are the caller's.
Status FileScansRequestFromWords(const Words& words, FileScansRequest* request);

}  // namespace dangan::jobs
