// Appraisal and destruction (schema version 11). The rules of each step are the jobs' (dangan/
// jobs/destruction.h); what must hold whoever calls is held here, inside the write transaction:
// only due, unheld items are appraised, in one unfinished appraisal at a time, and nothing is
// destroyed unless its appraisal has every step recorded and none of its items is held now.
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <set>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/records/danghao.h"
#include "dangan/records/retention.h"
#include "index.h"
#include "store_lock.h"

namespace dangan::archive {
namespace {

using nlohmann::json;

std::string AppraisalLabel(int64_t id) { return "第 " + std::to_string(id) + " 号鉴定"; }

Status AppraisalNotFound(int64_t id) {
  return Status::NotFound("没有" + AppraisalLabel(id) + "（dangan appraisal list 列出全部鉴定）");
}

// Every scalar column of appraisals with its field; the order of the SELECT and the UPDATE.
struct Column {
  const char* name;
  std::string AppraisalRow::*field;
};
const Column kColumns[] = {{"name", &AppraisalRow::name},
                           {"as_of", &AppraisalRow::as_of},
                           {"state", &AppraisalRow::state},
                           {"created_at", &AppraisalRow::created_at},
                           {"created_by", &AppraisalRow::created_by},
                           {"group_members", &AppraisalRow::group_members},
                           {"group_opinion", &AppraisalRow::group_opinion},
                           {"opinion_at", &AppraisalRow::opinion_at},
                           {"opinion_by", &AppraisalRow::opinion_by},
                           {"approver", &AppraisalRow::approver},
                           {"approval_opinion", &AppraisalRow::approval_opinion},
                           {"approved_at", &AppraisalRow::approved_at},
                           {"witness1", &AppraisalRow::witness1},
                           {"witness2", &AppraisalRow::witness2},
                           {"method", &AppraisalRow::method},
                           {"place", &AppraisalRow::place},
                           {"witnessed_at", &AppraisalRow::witnessed_at},
                           {"destroyed_at", &AppraisalRow::destroyed_at},
                           {"list_danghao", &AppraisalRow::list_danghao}};

std::string ColumnList() {
  std::string out = "id";
  for (const Column& c : kColumns) out += std::string(", ") + c.name;
  return out;
}

Status ReadRows(Db& db, const std::string& where, int64_t id, std::vector<AppraisalRow>* out) {
  Query q(db, "SELECT " + ColumnList() + " FROM appraisals " + where);
  if (id > 0) q.Add(id);
  while (q.Step()) {
    AppraisalRow row;
    row.id = q.Int(0);
    int i = 1;
    for (const Column& c : kColumns) row.*(c.field) = q.Text(i++);
    out->push_back(std::move(row));
  }
  return q.status();
}

Status ReadEntries(Db& db, AppraisalRow* row) {
  row->items.clear();
  Query q(db,
          "SELECT a.danghao, a.title, a.year, a.retention, a.pages, a.decision, a.new_retention, "
          "a.reason, coalesce(items.hold, 0) FROM appraisal_items a "
          "LEFT JOIN items ON items.danghao = a.danghao "
          "WHERE a.appraisal_id = ? ORDER BY a.position");
  q.Add(row->id);
  while (q.Step()) {
    AppraisalEntryRow e;
    e.danghao = q.Text(0);
    e.title = q.Text(1);
    e.year = static_cast<int>(q.Int(2));
    e.retention = q.Text(3);
    e.pages = static_cast<int>(q.Int(4));
    e.decision = q.Text(5);
    e.new_retention = q.Text(6);
    e.reason = q.Text(7);
    e.hold = q.Int(8) != 0;
    row->items.push_back(std::move(e));
  }
  return q.status();
}

Status ReadOne(Db& db, int64_t id, AppraisalRow* out) {
  std::vector<AppraisalRow> rows;
  DANGAN_RETURN_IF_ERROR(ReadRows(db, "WHERE id = ?", id, &rows));
  if (rows.empty()) return AppraisalNotFound(id);
  *out = std::move(rows.front());
  return ReadEntries(db, out);
}

// Due by `as_of` under RetentionDue's rule: the period runs from 1 January of 年度+1.
bool IsDue(const ItemRecord& rec, const std::string& as_of) {
  const std::optional<Retention> r = ParseRetentionCode(rec.retention);
  if (!r || RetentionYears(*r) == 0) return false;
  const int year = std::stoi(as_of.substr(0, 4));
  return rec.year <= year - 1 - RetentionYears(*r);
}

std::string PeriodName(const std::string& code) {
  const std::optional<Retention> r = ParseRetentionCode(code);
  return r ? std::string(RetentionName(*r)) : code;
}

json EntryJson(const AppraisalEntryRow& e) {
  json j = {{"档号", e.danghao}, {"decision", e.decision}};
  if (!e.new_retention.empty()) j["new_retention"] = e.new_retention;
  if (!e.reason.empty()) j["reason"] = e.reason;
  return j;
}

}  // namespace

Status ArchiveImpl::CreateAppraisal(AppraisalRow* row) {
  if (row->items.empty()) return Status::InvalidArgument("鉴定中没有一件档案，不能开始鉴定");
  if (!IsValidDate(row->as_of)) {
    return Status::InvalidArgument("鉴定基准日期「" + row->as_of + "」无效，应写成 YYYY-MM-DD");
  }
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  std::set<std::string> seen;
  json listed = json::array();
  for (AppraisalEntryRow& e : row->items) {
    const std::string d = NormalizeDanghao(e.danghao);
    if (!seen.insert(d).second) {
      return Status::InvalidArgument("档号 " + d + " 在这次鉴定中重复列出");
    }
    int64_t id = 0;
    ItemRecord rec;
    DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
    if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
    if (rec.hold) {
      return Status::InvalidArgument("档号 " + d + " 已冻结（" + rec.hold_reason +
                                     "），冻结的档案不能列入鉴定");
    }
    if (!IsDue(rec, row->as_of)) {
      return Status::InvalidArgument("档号 " + d + "（" + std::to_string(rec.year) + " 年度，" +
                                     PeriodName(rec.retention) + "）到 " + row->as_of +
                                     " 保管期限未满，不能列入鉴定");
    }
    {
      Query other(*db_,
                  "SELECT appraisals.id, appraisals.state FROM appraisal_items "
                  "JOIN appraisals ON appraisals.id = appraisal_items.appraisal_id "
                  "WHERE appraisal_items.danghao = ? AND appraisals.state NOT IN (?, ?)");
      if (other.Add(d).Add(kAppraisalStateDestroyed).Add(kAppraisalStateKept).Step()) {
        return Status::InvalidArgument("档号 " + d + " 已在" + AppraisalLabel(other.Int(0)) +
                                       "中（" + other.Text(1) + "），不能同时列入两次鉴定");
      }
      DANGAN_RETURN_IF_ERROR(other.status());
    }
    e.danghao = d;
    e.title = rec.title;
    e.year = rec.year;
    e.retention = rec.retention;
    e.pages = rec.pages;
    e.decision.clear();
    e.new_retention.clear();
    e.reason.clear();
    e.hold = false;
    listed.push_back(d);
  }
  row->created_at = NowIso();
  row->created_by = user_;
  {
    Query q(*db_,
            "INSERT INTO appraisals (name, as_of, state, created_at, created_by) "
            "VALUES (?, ?, ?, ?, ?)");
    DANGAN_RETURN_IF_ERROR(q.Add(row->name)
                               .Add(row->as_of)
                               .Add(row->state)
                               .Add(row->created_at)
                               .Add(row->created_by)
                               .Run());
  }
  row->id = sqlite3_last_insert_rowid(db_->handle());
  int64_t position = 0;
  for (const AppraisalEntryRow& e : row->items) {
    Query q(*db_,
            "INSERT INTO appraisal_items (appraisal_id, position, danghao, title, year, "
            "retention, pages) VALUES (?, ?, ?, ?, ?, ?, ?)");
    DANGAN_RETURN_IF_ERROR(q.Add(row->id)
                               .Add(++position)
                               .Add(e.danghao)
                               .Add(e.title)
                               .Add(e.year)
                               .Add(e.retention)
                               .Add(e.pages)
                               .Run());
  }
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "开始鉴定", "",
                                     Dump({{"appraisal", row->id},
                                           {"name", row->name},
                                           {"as_of", row->as_of},
                                           {"items", listed}})));
  return tx.Commit();
}

Status ArchiveImpl::ReadAppraisal(int64_t id, AppraisalRow* out) { return ReadOne(*db_, id, out); }

Status ArchiveImpl::ListAppraisals(std::vector<AppraisalRow>* out) {
  out->clear();
  return ReadRows(*db_, "ORDER BY id DESC", 0, out);
}

Status ArchiveImpl::UpdateAppraisal(int64_t id, const std::string& action,
                                    const std::function<Status(AppraisalRow*)>& change) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  AppraisalRow before;
  DANGAN_RETURN_IF_ERROR(ReadOne(*db_, id, &before));
  AppraisalRow after = before;
  DANGAN_RETURN_IF_ERROR(change(&after));
  if (after.state == kAppraisalStateDestroyed || after.list_danghao != before.list_danghao ||
      after.destroyed_at != before.destroyed_at) {
    return Status::InvalidArgument(AppraisalLabel(id) + "只能由销毁这一步标为已销毁");
  }
  if (after.items.size() != before.items.size()) {
    return Status::InvalidArgument(AppraisalLabel(id) + "开始后不能增减其中的档案");
  }
  json changed = json::object(), decisions = json::array();
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
    Query q(*db_, "UPDATE appraisals SET " + set + " WHERE id = ?");
    for (const std::string& v : values) q.Add(v);
    DANGAN_RETURN_IF_ERROR(q.Add(id).Run());
  }
  for (size_t i = 0; i < after.items.size(); ++i) {
    const AppraisalEntryRow& a = after.items[i];
    const AppraisalEntryRow& b = before.items[i];
    if (a.danghao != b.danghao) {
      return Status::InvalidArgument(AppraisalLabel(id) + "开始后不能增减其中的档案");
    }
    if (a.decision == b.decision && a.new_retention == b.new_retention && a.reason == b.reason) {
      continue;
    }
    Query q(*db_,
            "UPDATE appraisal_items SET decision = ?, new_retention = ?, reason = ? "
            "WHERE appraisal_id = ? AND danghao = ?");
    DANGAN_RETURN_IF_ERROR(
        q.Add(a.decision).Add(a.new_retention).Add(a.reason).Add(id).Add(a.danghao).Run());
    decisions.push_back(EntryJson(a));
  }
  if (changed.empty() && decisions.empty()) return Status::Ok();
  json detail = {{"appraisal", id}};
  if (!changed.empty()) detail["changed"] = changed;
  if (!decisions.empty()) detail["items"] = decisions;
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, action, "", Dump(detail)));
  return tx.Commit();
}

Status ArchiveImpl::DestroyAppraised(int64_t id, const std::string& list_danghao,
                                     const std::string& date, DestructionCounts* counts) {
  if (!IsValidDate(date)) {
    return Status::InvalidArgument("销毁日期「" + date + "」无效，应写成 YYYY-MM-DD");
  }
  *counts = DestructionCounts();
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  AppraisalRow row;
  DANGAN_RETURN_IF_ERROR(ReadOne(*db_, id, &row));
  const std::string label = AppraisalLabel(id);
  // The steps again, whoever calls: nothing is destroyed without every one recorded.
  if (row.state != kAppraisalStateWitnessed) {
    return Status::InvalidArgument(label + "现为“" + row.state + "”，只有“" +
                                   kAppraisalStateWitnessed + "”的鉴定才能销毁");
  }
  if (row.group_opinion.empty()) return Status::InvalidArgument(label + "没有鉴定小组意见");
  if (row.approver.empty() || row.approved_at.empty()) {
    return Status::InvalidArgument(label + "没有批准人的批准");
  }
  if (row.witness1.empty() || row.witness2.empty() || row.witness1 == row.witness2 ||
      row.witness1 == row.approver || row.witness2 == row.approver) {
    return Status::InvalidArgument(label + "没有两名不同的监销人（批准人不能兼任监销人）");
  }
  std::vector<std::pair<int64_t, std::string>> doomed;
  for (const AppraisalEntryRow& e : row.items) {
    if (e.decision != kAppraisalDecisionDestroy) continue;
    int64_t item_id = 0;
    ItemRecord rec;
    DANGAN_RETURN_IF_ERROR(FindItem(e.danghao, &item_id, &rec));
    if (rec.hold) {
      return Status::InvalidArgument("档号 " + e.danghao + " 已冻结（" + rec.hold_reason + "），" +
                                     label + "整批不能销毁；解除冻结或重新鉴定后再办");
    }
    if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
    doomed.emplace_back(item_id, e.danghao);
  }
  if (doomed.empty()) return Status::InvalidArgument(label + "中没有拟销毁的档案");
  {
    int64_t list_id = 0;
    ItemRecord list;
    DANGAN_RETURN_IF_ERROR(FindItem(NormalizeDanghao(list_danghao), &list_id, &list));
  }
  std::set<std::string> contents;
  for (const auto& [item_id, danghao] : doomed) {
    // Out of the index first, while the view still shows the text it was indexed with.
    DANGAN_RETURN_IF_ERROR(UnindexItem(*db_, item_id));
    DANGAN_RETURN_IF_ERROR(
        Query(*db_,
              "UPDATE items SET destroyed = 1, destroyed_at = ?, destruction_list = ? WHERE id = ?")
            .Add(date)
            .Add(list_danghao)
            .Add(item_id)
            .Run());
    // The content is what is destroyed; its text is content too. Digests stay as the proof of
    // what was there.
    DANGAN_RETURN_IF_ERROR(
        Query(*db_, "UPDATE files SET text = '' WHERE item_id = ?").Add(item_id).Run());
    json files = json::array();
    {
      Query q(*db_, "SELECT name, sha256 FROM files WHERE item_id = ? ORDER BY id");
      q.Add(item_id);
      while (q.Step()) {
        files.push_back({{"name", q.Text(0)}, {"sha256", q.Text(1)}});
        contents.insert(q.Text(1));
      }
      DANGAN_RETURN_IF_ERROR(q.status());
    }
    DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "销毁", danghao,
                                       Dump({{"destroyed_at", date},
                                             {"destruction_list", list_danghao},
                                             {"appraisal", id},
                                             {"files", files}})));
    ++counts->destroyed;
  }
  for (const std::string& sha256 : contents) {
    Query q(*db_,
            "SELECT 1 FROM files JOIN items ON items.id = files.item_id "
            "WHERE files.sha256 = ? AND items.destroyed = 0 LIMIT 1");
    if (q.Add(sha256).Step()) ++counts->files_kept;
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  DANGAN_RETURN_IF_ERROR(
      Query(*db_,
            "UPDATE appraisals SET state = ?, destroyed_at = ?, list_danghao = ? WHERE id = ?")
          .Add(kAppraisalStateDestroyed)
          .Add(date)
          .Add(list_danghao)
          .Add(id)
          .Run());
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "完成销毁", list_danghao,
                                     Dump({{"appraisal", id},
                                           {"name", row.name},
                                           {"destroyed", counts->destroyed},
                                           {"destroyed_at", date},
                                           {"approver", row.approver},
                                           {"witnesses", {row.witness1, row.witness2}}})));
  FaultPoint("destruction: committing");
  return tx.Commit();
}

Status ArchiveImpl::PurgeDestroyedFiles(int wait_seconds, DestructionCounts* counts) {
  if (import_tx_) return Status::InvalidArgument("导入事务进行中，不能删除已销毁档案的文件");
  // As `gc`: no filing may be between finding a content already stored and committing its item,
  // or the content it relies on could go.
  StoreLock lock;
  DANGAN_RETURN_IF_ERROR(StoreLock::ForCollecting(dir_ + "/store", wait_seconds, &lock));
  std::vector<std::string> gone;
  {
    Query q(*db_,
            "SELECT DISTINCT f.sha256 FROM files f JOIN items i ON i.id = f.item_id "
            "WHERE i.destroyed = 1 AND NOT EXISTS (SELECT 1 FROM files g JOIN items j ON "
            "j.id = g.item_id WHERE g.sha256 = f.sha256 AND j.destroyed = 0)");
    while (q.Step()) {
      const std::string sha256 = q.Text(0);
      if (access(store_.PathFor(sha256).c_str(), F_OK) == 0) gone.push_back(sha256);
    }
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  if (gone.empty()) return Status::Ok();
  uint64_t bytes = 0;
  for (const std::string& sha256 : gone) bytes += store_.SizeOf(sha256);
  // Logged first, as `gc` does: nothing leaves the store unrecorded.
  {
    Transaction tx(*db_);
    DANGAN_RETURN_IF_ERROR(tx.status());
    DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "删除已销毁档案的文件", "",
                                       Dump({{"files", gone}, {"bytes", bytes}})));
    DANGAN_RETURN_IF_ERROR(tx.Commit());
  }
  for (const std::string& sha256 : gone) {
    const uint64_t size = store_.SizeOf(sha256);
    DANGAN_RETURN_IF_ERROR(store_.RemoveLeftover(FileStore::RelativePath(sha256)));
    ++counts->files_removed;
    counts->bytes_removed += size;
  }
  return Status::Ok();
}

}  // namespace dangan::archive
