// The four roles of the issue and what each may do. The web application asks Allows() before
// every action; the command line is run by the archive's owner and asks nothing.
#pragma once

#include <optional>
#include <string_view>

namespace dangan::accounts {

enum class Role { kClerk, kArchivist, kAuditor, kAdministrator };  // 经办人 档案员 审计员 管理员

std::optional<Role> ParseRole(std::string_view word);  // the Chinese name, spaces around allowed
const char* RoleName(Role role);

enum class Action {
  kSearchAndRead,  // within the account's clearance
  kGenerateForms,
  kFileOwnGenerated,  // file what the account itself generated
  kFileAny,           // scans, imports of single documents, 档号 given by hand
  kEditRecords,
  kRetention,
  kHolds,
  kIssueCopies,
  kImport,
  kReadAuditLog,
  kRunChecks,
  kManageAccounts,
  kAppraise,  // 鉴定与销毁 (issue 16): an archivist's, whose role keeps the records
  // Issue 17. 借阅利用: an archivist records requests, hands out and takes back paper originals.
  kLend,
  // Approving a use request: any account that is not the requester and whose clearance covers
  // every item asked for (a leader often has the 经办人 role); not an auditor, who only reads.
  kApproveUse,
  kTransfer,    // 移交: export, verify and receive packages; an archivist's
  kOpenReview,  // 开放审核 decisions; an archivist's
};

bool Allows(Role role, Action action);

}  // namespace dangan::accounts
