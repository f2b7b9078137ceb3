#include "dangan/jobs/account_jobs.h"

#include <memory>

namespace dangan::jobs {
namespace {

Status WithAccounts(const JobContext& ctx, const std::function<Status(accounts::Accounts&)>& work) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  accounts::Accounts accounts(*archive, ctx.user);
  return work(accounts);
}

}  // namespace

Status AddAccount(const JobContext& ctx, const NewAccount& account, const std::string& password) {
  const auto role = accounts::ParseRole(account.role);
  if (!role) {
    return Status::InvalidArgument(
        MakeProblem("invalid_role", 0, "角色",
                    "「" + account.role + "」无效：应为经办人、档案员、审计员或管理员"));
  }
  const auto clearance = ParseSecrecy(account.clearance);
  if (!clearance) {
    return Status::InvalidArgument(
        MakeProblem("invalid_clearance", 0, "密级",
                    "「" + account.clearance + "」无效：应为公开、内部、秘密或机密"));
  }
  return WithAccounts(ctx, [&](accounts::Accounts& a) {
    return a.AddAccount(account.name, *role, *clearance, account.dept, password);
  });
}

Status ListAccounts(const JobContext& ctx, std::vector<accounts::Account>* out) {
  return WithAccounts(ctx, [&](accounts::Accounts& a) { return a.ListAccounts(out); });
}

Status ChangePassword(const JobContext& ctx, const std::string& name, const std::string& password) {
  return WithAccounts(ctx, [&](accounts::Accounts& a) { return a.ChangePassword(name, password); });
}

Status DisableAccount(const JobContext& ctx, const std::string& name) {
  return WithAccounts(ctx, [&](accounts::Accounts& a) { return a.DisableAccount(name); });
}

Status Authenticate(const JobContext& ctx, const std::string& name, const std::string& password,
                    accounts::Account* out) {
  return WithAccounts(ctx,
                      [&](accounts::Accounts& a) { return a.Authenticate(name, password, out); });
}

Json AccountJson(const accounts::Account& a) {
  return Json{{"name", a.name},
              {"role", accounts::RoleName(a.role)},
              {"clearance", SecrecyName(a.clearance)},
              {"dept", a.dept},
              {"disabled", a.disabled},
              {"locked_until", a.locked_until},
              {"created_at", a.created_at}};
}

}  // namespace dangan::jobs
