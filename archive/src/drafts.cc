// Drafts of forms and the forms each account used recently (schema version 10). Every statement
// names the account in its WHERE clause, so that another account's draft is never read, changed
// or deleted: it answers NotFound exactly as a draft that does not exist.
#include <ctime>

#include "archive_impl.h"

namespace dangan::archive {
namespace {

Status NoSuchDraft(int64_t id) {
  return Status::NotFound("没有编号为 " + std::to_string(id) + " 的草稿");
}

}  // namespace

Status ArchiveImpl::SaveDraft(DraftRow* row) {
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  if (row->id == 0) {
    DANGAN_RETURN_IF_ERROR(Query(*db_,
                                 "INSERT INTO drafts (account, template_id, title, values_json, "
                                 "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)")
                               .Add(row->account)
                               .Add(row->template_id)
                               .Add(row->title)
                               .Add(row->values_json)
                               .Add(now)
                               .Add(now)
                               .Run());
    row->id = sqlite3_last_insert_rowid(db_->handle());
    row->created_at = now;
  } else {
    {
      Query q(*db_, "SELECT created_at FROM drafts WHERE id = ? AND account = ?");
      if (!q.Add(row->id).Add(row->account).Step()) {
        DANGAN_RETURN_IF_ERROR(q.status());
        return NoSuchDraft(row->id);
      }
      row->created_at = q.Int(0);
    }
    DANGAN_RETURN_IF_ERROR(Query(*db_,
                                 "UPDATE drafts SET template_id = ?, title = ?, values_json = ?, "
                                 "updated_at = ? WHERE id = ? AND account = ?")
                               .Add(row->template_id)
                               .Add(row->title)
                               .Add(row->values_json)
                               .Add(now)
                               .Add(row->id)
                               .Add(row->account)
                               .Run());
  }
  row->updated_at = now;
  return tx.Commit();
}

Status ArchiveImpl::ReadDraft(const std::string& account, int64_t id, DraftRow* out) {
  Query q(*db_,
          "SELECT template_id, title, values_json, created_at, updated_at FROM drafts "
          "WHERE id = ? AND account = ?");
  if (!q.Add(id).Add(account).Step()) {
    DANGAN_RETURN_IF_ERROR(q.status());
    return NoSuchDraft(id);
  }
  DraftRow row;
  row.id = id;
  row.account = account;
  row.template_id = q.Text(0);
  row.title = q.Text(1);
  row.values_json = q.Text(2);
  row.created_at = q.Int(3);
  row.updated_at = q.Int(4);
  *out = std::move(row);
  return Status::Ok();
}

Status ArchiveImpl::ListDrafts(const std::string& account, std::vector<DraftRow>* out) {
  out->clear();
  // The listing leaves the values out: the desk shows titles, and a draft may hold 1 MB.
  Query q(*db_,
          "SELECT id, template_id, title, created_at, updated_at FROM drafts WHERE account = ? "
          "ORDER BY updated_at DESC, id DESC");
  q.Add(account);
  while (q.Step()) {
    DraftRow row;
    row.id = q.Int(0);
    row.account = account;
    row.template_id = q.Text(1);
    row.title = q.Text(2);
    row.created_at = q.Int(3);
    row.updated_at = q.Int(4);
    out->push_back(std::move(row));
  }
  return q.status();
}

Status ArchiveImpl::DeleteDraft(const std::string& account, int64_t id) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  {
    Query q(*db_, "SELECT 1 FROM drafts WHERE id = ? AND account = ?");
    if (!q.Add(id).Add(account).Step()) {
      DANGAN_RETURN_IF_ERROR(q.status());
      return NoSuchDraft(id);
    }
  }
  DANGAN_RETURN_IF_ERROR(
      Query(*db_, "DELETE FROM drafts WHERE id = ? AND account = ?").Add(id).Add(account).Run());
  return tx.Commit();
}

Status ArchiveImpl::NoteFormUse(const std::string& account, const std::string& template_id,
                                int64_t at) {
  return Query(*db_,
               "INSERT INTO form_uses (account, template_id, used_at) VALUES (?, ?, ?) "
               "ON CONFLICT (account, template_id) DO UPDATE SET used_at = excluded.used_at")
      .Add(account)
      .Add(template_id)
      .Add(at)
      .Run();
}

Status ArchiveImpl::RecentForms(const std::string& account, size_t limit,
                                std::vector<std::string>* out) {
  out->clear();
  Query q(*db_,
          "SELECT template_id FROM form_uses WHERE account = ? "
          "ORDER BY used_at DESC, template_id LIMIT ?");
  q.Add(account).Add(static_cast<int64_t>(limit));
  while (q.Step()) out->push_back(q.Text(0));
  return q.status();
}

}  // namespace dangan::archive
