// The rows of lending and use (借阅利用, schema version 12, issue 17) as the catalogue keeps them.
// The rules of each step are the jobs' (dangan/jobs/lending.h); the archive keeps the rows,
// writes each step's audit entry in the step's transaction and answers which approved request
// grants an account an item (FindUseGrant).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dangan {

struct UseItemRow {
  std::string danghao, title, secrecy;  // title and 密级 as when requested
  std::string lent_at, due_at;          // 外借 only, YYYY-MM-DD
  int renewals = 0;
  std::string returned_at, return_check;
};

struct UseRequestRow {
  int64_t id = 0;
  // The requester: an account (name) or an outside person.
  std::string account, name, unit, contact, letter, id_card;
  std::string purpose, kind, state, recorded_at, recorded_by, end_date;
  std::string approver, approval_opinion, approved_at, effect;
  std::vector<UseItemRow> items;  // in the order they were asked for
  int64_t uses = 0;               // filled when read: uses registered against the request
};

// The states the archive itself relies on (the same words as dangan/jobs/lending.h): only an
// approved request grants anything.
inline constexpr char kUseStateApproved[] = "已批准";

}  // namespace dangan
