// The accounts and sessions tables of the catalogue; every change commits with its audit entry.
#include "archive_impl.h"
#include "audit_log.h"

namespace dangan::archive {
namespace {

constexpr const char* kAccountColumns =
    "id, name, role, clearance, dept, password_hash, disabled, failures, first_failure_at, "
    "locked_until, created_at";

AccountRow ReadAccountRow(const Query& q, int first) {
  AccountRow r;
  r.id = q.Int(first);
  r.name = q.Text(first + 1);
  r.role = q.Text(first + 2);
  r.clearance = q.Text(first + 3);
  r.dept = q.Text(first + 4);
  r.password_hash = q.Text(first + 5);
  r.disabled = q.Int(first + 6) != 0;
  r.failures = q.Int(first + 7);
  r.first_failure_at = q.Int(first + 8);
  r.locked_until = q.Int(first + 9);
  r.created_at = q.Int(first + 10);
  return r;
}

Status AppendAccountAudit(Db& db, const AccountAudit& audit) {
  if (audit.action.empty()) return Status::Ok();
  return AppendAudit(db, audit.who, audit.action, "", audit.detail);
}

}  // namespace

Status ArchiveImpl::InsertAccount(const AccountRow& row, const AccountAudit& audit) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  {
    Query taken(*db_, "SELECT 1 FROM accounts WHERE name = ?");
    taken.Add(row.name);
    if (taken.Step()) return Status::InvalidArgument("用户名「" + row.name + "」已被使用");
    DANGAN_RETURN_IF_ERROR(taken.status());
  }
  DANGAN_RETURN_IF_ERROR(
      Query(*db_,
            "INSERT INTO accounts (name, role, clearance, dept, password_hash, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)")
          .Add(row.name)
          .Add(row.role)
          .Add(row.clearance)
          .Add(row.dept)
          .Add(row.password_hash)
          .Add(row.created_at)
          .Run());
  DANGAN_RETURN_IF_ERROR(AppendAccountAudit(*db_, audit));
  return tx.Commit();
}

Status ArchiveImpl::ReadAccount(const std::string& name, AccountRow* out) {
  Query q(*db_, std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE name = ?");
  q.Add(name);
  if (!q.Step()) {
    DANGAN_RETURN_IF_ERROR(q.status());
    return Status::NotFound("没有名为「" + name + "」的账户");
  }
  *out = ReadAccountRow(q, 0);
  return Status::Ok();
}

Status ArchiveImpl::ReadAccounts(std::vector<AccountRow>* out) {
  out->clear();
  Query q(*db_, std::string("SELECT ") + kAccountColumns + " FROM accounts ORDER BY name");
  while (q.Step()) out->push_back(ReadAccountRow(q, 0));
  return q.status();
}

Status ArchiveImpl::UpdateAccount(const AccountRow& row, bool end_sessions,
                                  const AccountAudit& audit) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  DANGAN_RETURN_IF_ERROR(Query(*db_,
                               "UPDATE accounts SET password_hash = ?, disabled = ?, failures = ?, "
                               "first_failure_at = ?, locked_until = ? WHERE id = ?")
                             .Add(row.password_hash)
                             .Add(row.disabled ? 1 : 0)
                             .Add(row.failures)
                             .Add(row.first_failure_at)
                             .Add(row.locked_until)
                             .Add(row.id)
                             .Run());
  if (end_sessions) {
    DANGAN_RETURN_IF_ERROR(
        Query(*db_, "DELETE FROM sessions WHERE account_id = ?").Add(row.id).Run());
  }
  DANGAN_RETURN_IF_ERROR(AppendAccountAudit(*db_, audit));
  return tx.Commit();
}

Status ArchiveImpl::InsertSession(const SessionRow& session, const AccountAudit& audit) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  DANGAN_RETURN_IF_ERROR(Query(*db_,
                               "INSERT INTO sessions (token_sha256, account_id, created_at, "
                               "last_seen) VALUES (?, ?, ?, ?)")
                             .Add(session.token_sha256)
                             .Add(session.account_id)
                             .Add(session.created_at)
                             .Add(session.last_seen)
                             .Run());
  DANGAN_RETURN_IF_ERROR(AppendAccountAudit(*db_, audit));
  return tx.Commit();
}

Status ArchiveImpl::ReadSession(const std::string& token_sha256, SessionRow* session,
                                AccountRow* account) {
  Query q(*db_, std::string("SELECT s.created_at, s.last_seen, a.") +
                    "id, a.name, a.role, a.clearance, a.dept, a.password_hash, a.disabled, "
                    "a.failures, a.first_failure_at, a.locked_until, a.created_at "
                    "FROM sessions s JOIN accounts a ON a.id = s.account_id "
                    "WHERE s.token_sha256 = ?");
  q.Add(token_sha256);
  if (!q.Step()) {
    DANGAN_RETURN_IF_ERROR(q.status());
    return Status::NotFound("会话不存在或已结束，请重新登录");
  }
  session->token_sha256 = token_sha256;
  session->created_at = q.Int(0);
  session->last_seen = q.Int(1);
  *account = ReadAccountRow(q, 2);
  session->account_id = account->id;
  return Status::Ok();
}

Status ArchiveImpl::TouchSession(const std::string& token_sha256, int64_t last_seen) {
  return Query(*db_, "UPDATE sessions SET last_seen = ? WHERE token_sha256 = ?")
      .Add(last_seen)
      .Add(token_sha256)
      .Run();
}

Status ArchiveImpl::DeleteSession(const std::string& token_sha256) {
  return Query(*db_, "DELETE FROM sessions WHERE token_sha256 = ?").Add(token_sha256).Run();
}

}  // namespace dangan::archive
