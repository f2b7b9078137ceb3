#include "dangan/accounts/roles.h"

#include <string>

#include "dangan/records/text.h"

namespace dangan::accounts {

namespace {
constexpr struct {
  Role role;
  const char* name;
} kRoleNames[] = {{Role::kClerk, "经办人"},
                  {Role::kArchivist, "档案员"},
                  {Role::kAuditor, "审计员"},
                  {Role::kAdministrator, "管理员"}};
}  // namespace

std::optional<Role> ParseRole(std::string_view word) {
  std::string w = Trim(std::string(word));
  for (const auto& r : kRoleNames) {
    if (w == r.name) return r.role;
  }
  return std::nullopt;
}

const char* RoleName(Role role) {
  for (const auto& r : kRoleNames) {
    if (r.role == role) return r.name;
  }
  return "?";
}

bool Allows(Role role, Action action) {
  switch (role) {
    case Role::kClerk:
      return action == Action::kSearchAndRead || action == Action::kGenerateForms ||
             action == Action::kFileOwnGenerated || action == Action::kApproveUse;
    case Role::kArchivist:
      // Everything about filing and the records; not the audit log's reading nor accounts.
      return action != Action::kReadAuditLog && action != Action::kRunChecks &&
             action != Action::kManageAccounts;
    case Role::kAuditor:
      // Reads only: the audit log and checks, which change nothing.
      return action == Action::kReadAuditLog || action == Action::kRunChecks;
    case Role::kAdministrator:
      return action == Action::kManageAccounts;
  }
  return false;
}

}  // namespace dangan::accounts
