// Lending and use (schema version 12, issue 17). The rules of each step are the jobs' (dangan/
// jobs/lending.h); what must hold whoever calls is held here, inside the write transaction: the
// items of a request exist and are not destroyed, a step never adds or drops an item, and every
// step and every registered use writes its audit entry in its own transaction.
#include <nlohmann/json.hpp>
#include <set>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/records/danghao.h"

namespace dangan::archive {
namespace {

using nlohmann::json;

std::string RequestLabel(int64_t id) { return "第 " + std::to_string(id) + " 号利用申请"; }

Status RequestNotFound(int64_t id) {
  return Status::NotFound("没有" + RequestLabel(id) + "（dangan use list 列出全部利用申请）");
}

// Every scalar column of use_requests with its field; the order of the SELECT and the UPDATE.
struct Column {
  const char* name;
  std::string UseRequestRow::*field;
};
const Column kColumns[] = {{"account", &UseRequestRow::account},
                           {"name", &UseRequestRow::name},
                           {"unit", &UseRequestRow::unit},
                           {"contact", &UseRequestRow::contact},
                           {"letter", &UseRequestRow::letter},
                           {"id_card", &UseRequestRow::id_card},
                           {"purpose", &UseRequestRow::purpose},
                           {"kind", &UseRequestRow::kind},
                           {"state", &UseRequestRow::state},
                           {"recorded_at", &UseRequestRow::recorded_at},
                           {"recorded_by", &UseRequestRow::recorded_by},
                           {"end_date", &UseRequestRow::end_date},
                           {"approver", &UseRequestRow::approver},
                           {"approval_opinion", &UseRequestRow::approval_opinion},
                           {"approved_at", &UseRequestRow::approved_at},
                           {"effect", &UseRequestRow::effect}};

std::string ColumnList() {
  std::string out = "id";
  for (const Column& c : kColumns) out += std::string(", ") + c.name;
  return out + ", (SELECT count(*) FROM use_events WHERE use_events.request_id = use_requests.id)";
}

Status ReadItems(Db& db, UseRequestRow* row) {
  row->items.clear();
  Query q(db,
          "SELECT danghao, title, secrecy, lent_at, due_at, renewals, returned_at, return_check "
          "FROM use_items WHERE request_id = ? ORDER BY position");
  q.Add(row->id);
  while (q.Step()) {
    UseItemRow i;
    i.danghao = q.Text(0);
    i.title = q.Text(1);
    i.secrecy = q.Text(2);
    i.lent_at = q.Text(3);
    i.due_at = q.Text(4);
    i.renewals = static_cast<int>(q.Int(5));
    i.returned_at = q.Text(6);
    i.return_check = q.Text(7);
    row->items.push_back(std::move(i));
  }
  return q.status();
}

Status ReadRows(Db& db, const std::string& where, const std::string& arg, int64_t id,
                std::vector<UseRequestRow>* out) {
  Query q(db, "SELECT " + ColumnList() + " FROM use_requests " + where);
  if (id > 0) q.Add(id);
  if (!arg.empty()) q.Add(arg);
  while (q.Step()) {
    UseRequestRow row;
    row.id = q.Int(0);
    int i = 1;
    for (const Column& c : kColumns) row.*(c.field) = q.Text(i++);
    row.uses = q.Int(i);
    out->push_back(std::move(row));
  }
  DANGAN_RETURN_IF_ERROR(q.status());
  for (UseRequestRow& row : *out) DANGAN_RETURN_IF_ERROR(ReadItems(db, &row));
  return Status::Ok();
}

Status ReadOne(Db& db, int64_t id, UseRequestRow* out) {
  std::vector<UseRequestRow> rows;
  DANGAN_RETURN_IF_ERROR(ReadRows(db, "WHERE id = ?", "", id, &rows));
  if (rows.empty()) return RequestNotFound(id);
  *out = std::move(rows.front());
  return Status::Ok();
}

json ItemJson(const UseItemRow& i) {
  json j = {{"档号", i.danghao}};
  if (!i.lent_at.empty()) j["lent_at"] = i.lent_at;
  if (!i.due_at.empty()) j["due_at"] = i.due_at;
  if (i.renewals > 0) j["renewals"] = i.renewals;
  if (!i.returned_at.empty()) j["returned_at"] = i.returned_at;
  if (!i.return_check.empty()) j["return_check"] = i.return_check;
  return j;
}

bool SameLoan(const UseItemRow& a, const UseItemRow& b) {
  return a.lent_at == b.lent_at && a.due_at == b.due_at && a.renewals == b.renewals &&
         a.returned_at == b.returned_at && a.return_check == b.return_check;
}

}  // namespace

Status ArchiveImpl::CreateUseRequest(UseRequestRow* row) {
  if (row->items.empty()) return Status::InvalidArgument("利用申请中没有一件档案（请给出档号）");
  if (!IsValidDate(row->end_date)) {
    return Status::InvalidArgument("利用截止日期「" + row->end_date + "」无效，应写成 YYYY-MM-DD");
  }
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  std::set<std::string> seen;
  json listed = json::array();
  for (UseItemRow& i : row->items) {
    const std::string d = NormalizeDanghao(i.danghao);
    if (!seen.insert(d).second) {
      return Status::InvalidArgument("档号 " + d + " 在这份利用申请中重复列出");
    }
    int64_t id = 0;
    ItemRecord rec;
    DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
    if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
    i = UseItemRow();
    i.danghao = d;
    i.title = rec.title;
    i.secrecy = rec.secrecy;
    listed.push_back(d);
  }
  row->recorded_at = NowIso().substr(0, 16);
  row->recorded_at[10] = ' ';
  row->recorded_by = user_;
  {
    std::string names = "", marks = "";
    for (const Column& c : kColumns) {
      names += std::string(names.empty() ? "" : ", ") + c.name;
      marks += marks.empty() ? "?" : ", ?";
    }
    Query q(*db_, "INSERT INTO use_requests (" + names + ") VALUES (" + marks + ")");
    for (const Column& c : kColumns) q.Add(row->*(c.field));
    DANGAN_RETURN_IF_ERROR(q.Run());
  }
  row->id = sqlite3_last_insert_rowid(db_->handle());
  int64_t position = 0;
  for (const UseItemRow& i : row->items) {
    Query q(*db_,
            "INSERT INTO use_items (request_id, position, danghao, title, secrecy) "
            "VALUES (?, ?, ?, ?, ?)");
    DANGAN_RETURN_IF_ERROR(
        q.Add(row->id).Add(++position).Add(i.danghao).Add(i.title).Add(i.secrecy).Run());
  }
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "登记利用申请", "",
                                     Dump({{"request", row->id},
                                           {"person", row->name},
                                           {"account", row->account},
                                           {"unit", row->unit},
                                           {"purpose", row->purpose},
                                           {"kind", row->kind},
                                           {"state", row->state},
                                           {"end_date", row->end_date},
                                           {"items", listed}})));
  return tx.Commit();
}

Status ArchiveImpl::ReadUseRequest(int64_t id, UseRequestRow* out) {
  return ReadOne(*db_, id, out);
}

Status ArchiveImpl::ListUseRequests(const std::string& state, std::vector<UseRequestRow>* out) {
  out->clear();
  return ReadRows(*db_, state.empty() ? "ORDER BY id DESC" : "WHERE state = ? ORDER BY id DESC",
                  state, 0, out);
}

Status ArchiveImpl::UpdateUseRequest(int64_t id, const std::string& action,
                                     const std::function<Status(UseRequestRow*)>& change) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  UseRequestRow before;
  DANGAN_RETURN_IF_ERROR(ReadOne(*db_, id, &before));
  UseRequestRow after = before;
  DANGAN_RETURN_IF_ERROR(change(&after));
  if (after.items.size() != before.items.size()) {
    return Status::InvalidArgument(RequestLabel(id) + "登记后不能增减其中的档案");
  }
  json changed = json::object(), loans = json::array();
  std::string set = "";
  std::vector<std::string> values;
  for (const Column& c : kColumns) {
    if (after.*(c.field) == before.*(c.field)) continue;
    changed[c.name] = after.*(c.field);
    set += std::string(set.empty() ? "" : ", ") + c.name + " = ?";
    values.push_back(after.*(c.field));
  }
  if (!set.empty()) {
    // Column names come from kColumns, never from the caller.
    Query q(*db_, "UPDATE use_requests SET " + set + " WHERE id = ?");
    for (const std::string& v : values) q.Add(v);
    DANGAN_RETURN_IF_ERROR(q.Add(id).Run());
  }
  for (size_t n = 0; n < after.items.size(); ++n) {
    const UseItemRow& a = after.items[n];
    if (a.danghao != before.items[n].danghao) {
      return Status::InvalidArgument(RequestLabel(id) + "登记后不能增减其中的档案");
    }
    if (SameLoan(a, before.items[n])) continue;
    Query q(*db_,
            "UPDATE use_items SET lent_at = ?, due_at = ?, renewals = ?, returned_at = ?, "
            "return_check = ? WHERE request_id = ? AND danghao = ?");
    DANGAN_RETURN_IF_ERROR(q.Add(a.lent_at)
                               .Add(a.due_at)
                               .Add(a.renewals)
                               .Add(a.returned_at)
                               .Add(a.return_check)
                               .Add(id)
                               .Add(a.danghao)
                               .Run());
    loans.push_back(ItemJson(a));
  }
  if (changed.empty() && loans.empty()) return Status::Ok();
  json detail = {{"request", id}};
  if (!changed.empty()) detail["changed"] = changed;
  if (!loans.empty()) detail["items"] = loans;
  // One item's loan names it, so the item's own audit trail shows it went out and came back.
  const std::string danghao = loans.size() == 1 ? loans[0]["档号"].get<std::string>() : "";
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, action, danghao, Dump(detail)));
  return tx.Commit();
}

Status ArchiveImpl::FindUseGrant(const std::string& account, const std::string& danghao,
                                 const std::string& date, int64_t* request_id) {
  *request_id = 0;
  if (account.empty()) return Status::Ok();
  Query q(*db_,
          "SELECT r.id FROM use_requests r JOIN use_items i ON i.request_id = r.id "
          "WHERE r.account = ? AND r.state = ? AND i.danghao = ? AND r.end_date >= ? "
          "ORDER BY r.id DESC LIMIT 1");
  if (q.Add(account).Add(kUseStateApproved).Add(NormalizeDanghao(danghao)).Add(date).Step()) {
    *request_id = q.Int(0);
  }
  return q.status();
}

Status ArchiveImpl::RecordUse(int64_t id, const std::string& danghao, const std::string& how) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  UseRequestRow row;
  DANGAN_RETURN_IF_ERROR(ReadOne(*db_, id, &row));
  const std::string d = NormalizeDanghao(danghao);
  bool listed = false;
  for (const UseItemRow& i : row.items) listed = listed || i.danghao == d;
  if (!listed) return Status::InvalidArgument("档号 " + d + " 不在" + RequestLabel(id) + "中");
  std::string at = NowIso().substr(0, 16);
  at[10] = ' ';
  DANGAN_RETURN_IF_ERROR(
      Query(*db_,
            "INSERT INTO use_events (request_id, danghao, at, by, how) VALUES (?, ?, ?, ?, ?)")
          .Add(id)
          .Add(d)
          .Add(at)
          .Add(user_)
          .Add(how)
          .Run());
  DANGAN_RETURN_IF_ERROR(
      AppendAudit(*db_, user_, "利用登记", d, Dump({{"request", id}, {"how", how}})));
  return tx.Commit();
}

}  // namespace dangan::archive
