// Accounts of the archive as jobs: adding, listing, changing passwords, disabling, and checking
// a password (the command line's --as). The context's user is recorded as who made the change.
#pragma once

#include <string>
#include <vector>

#include "dangan/accounts/accounts.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"

namespace dangan::jobs {

struct NewAccount {
  std::string name;
  std::string role;       // 经办人 档案员 审计员 管理员
  std::string clearance;  // 公开 内部 秘密 机密
  std::string dept;       // 机构 (may be empty)
};

// Role and clearance are checked and named in the message when wrong; the password must have
// accounts::kMinPasswordChars characters.
Status AddAccount(const JobContext& ctx, const NewAccount& account, const std::string& password);
Status ListAccounts(const JobContext& ctx, std::vector<accounts::Account>* out);
Status ChangePassword(const JobContext& ctx, const std::string& name, const std::string& password);
// Also ends every session of the account.
Status DisableAccount(const JobContext& ctx, const std::string& name);
// The account when `password` is its password; a failure counts towards the lockout.
Status Authenticate(const JobContext& ctx, const std::string& name, const std::string& password,
                    accounts::Account* out);

// {"name", "role", "clearance", "dept", "disabled", "locked_until", "created_at"}
Json AccountJson(const accounts::Account& a);

}  // namespace dangan::jobs
