// The one INSERT of a register row, shared by rows imported from a legacy register and rows a
// clerk adds one at a time, so that both store the same columns and the same JSON of the values.
#pragma once

#include <string>

#include "dangan/archive/archive.h"
#include "dangan/base/status.h"
#include "sqlite_db.h"

namespace dangan::archive {

// `row`'s row_no, values and source; `hash` is RegisterRowHash(row.values); `at`, `by` the time
// and account that stored it.
Status InsertRegisterRow(Db& db, const std::string& template_id, const std::string& volume,
                         const RegisterRow& row, const std::string& hash, const std::string& at,
                         const std::string& by);

}  // namespace dangan::archive
