// Changes to catalogued items: description (著录), retention (only longer), holds (冻结); and
// the list of items whose retention period has run out. Each change writes its audit entry in
// the same transaction.
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/records/danghao.h"
#include "item_rules.h"

namespace dangan::archive {
namespace {

using nlohmann::json;

struct EditableField {
  const char* column;
  const char* name;  // as the clerk says it
};

// The fields UpdateMetadata may change. The 档号 and its parts never change; retention and
// holds have their own calls with their own rules.
const EditableField kEditable[] = {{"title", "题名"},   {"responsible", "责任者"},
                                   {"doc_ref", "文号"}, {"date", "日期"},
                                   {"secrecy", "密级"}, {"notes", "备注"}};

const EditableField* FindEditable(const std::string& key) {
  for (const EditableField& f : kEditable) {
    if (key == f.column || key == f.name) return &f;
  }
  return nullptr;
}

void CheckField(const EditableField& f, const std::string& value, std::vector<Problem>* p) {
  std::string column = f.column;
  if (column == "title") CheckTitle(value, p);
  if (column == "date") CheckDate(value, p);
  if (column == "secrecy") CheckSecrecy(value, p);
}

// Maps the requested changes to columns, checking names and values; all problems at once.
Status ResolveChanges(const std::map<std::string, std::string>& changes,
                      std::map<std::string, std::string>* by_column) {
  std::vector<Problem> problems;
  for (const auto& [key, raw] : changes) {
    const EditableField* f = FindEditable(key);
    if (!f) {
      Problem p;
      p.code = problem_codes::kUnknownField;
      p.field = key;
      p.message = "不能修改（可改：题名、责任者、文号、日期、密级、备注）";
      problems.push_back(std::move(p));
      continue;
    }
    std::string value = Trim(raw);
    CheckField(*f, value, &problems);
    (*by_column)[f->column] = value;
  }
  if (problems.empty()) return Status::Ok();
  return Status::InvalidArgument("著录修改有误：", problems);
}

std::string CurrentValue(const ItemRecord& r, const std::string& column) {
  if (column == "title") return r.title;
  if (column == "responsible") return r.responsible;
  if (column == "doc_ref") return r.doc_ref;
  if (column == "date") return r.date;
  if (column == "secrecy") return r.secrecy;
  return r.notes;
}

std::string PeriodText(const std::string& code) {
  const std::optional<Retention> r = ParseRetentionCode(code);
  return (r ? std::string(RetentionName(*r)) : code) + "（" + code + "）";
}

}  // namespace

Status ArchiveImpl::UpdateMetadata(const std::string& danghao,
                                   const std::map<std::string, std::string>& changes,
                                   const std::string& reason) {
  std::map<std::string, std::string> by_column;
  DANGAN_RETURN_IF_ERROR(ResolveChanges(changes, &by_column));
  std::string d = NormalizeDanghao(danghao);
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  int64_t id = 0;
  ItemRecord rec;
  DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
  if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
  json old_values = json::object(), new_values = json::object();
  for (const auto& [column, value] : by_column) {
    std::string old = CurrentValue(rec, column);
    if (old == value) continue;
    old_values[column] = old;
    new_values[column] = value;
    // `column` comes from kEditable, never from the caller.
    DANGAN_RETURN_IF_ERROR(
        Query(*db_, "UPDATE items SET " + column + " = ? WHERE id = ?").Add(value).Add(id).Run());
  }
  if (new_values.empty()) return Status::Ok();
  json detail = {{"old", old_values}, {"new", new_values}};
  if (!reason.empty()) detail["reason"] = reason;
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "修改著录", d, Dump(detail)));
  return tx.Commit();
}

Status ArchiveImpl::SetRetention(const std::string& danghao, const std::string& retention) {
  std::vector<Problem> problems;
  CheckRetention(retention, &problems);
  if (!problems.empty()) return Status::InvalidArgument(problems.front());
  std::string d = NormalizeDanghao(danghao);
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  int64_t id = 0;
  ItemRecord rec;
  DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
  if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
  if (retention == rec.retention) return Status::Ok();
  const std::optional<Retention> wanted = ParseRetentionCode(retention);
  const std::optional<Retention> held = ParseRetentionCode(rec.retention);
  if (wanted && held && *wanted < *held) {
    return Status::InvalidArgument("保管期限只能延长，不能缩短：" + d + " 现为" +
                                   PeriodText(rec.retention) + "，不能改为" +
                                   PeriodText(retention));
  }
  DANGAN_RETURN_IF_ERROR(
      Query(*db_, "UPDATE items SET retention = ? WHERE id = ?").Add(retention).Add(id).Run());
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "调整保管期限", d,
                                     Dump({{"old", rec.retention}, {"new", retention}})));
  return tx.Commit();
}

Status ArchiveImpl::SetHold(const std::string& danghao, bool hold, const std::string& reason) {
  std::string why = Trim(reason);
  if (hold && why.empty()) return Status::InvalidArgument("冻结必须写明原因（如诉讼、审计、检查）");
  std::string d = NormalizeDanghao(danghao);
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  int64_t id = 0;
  ItemRecord rec;
  DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
  if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
  if (hold == rec.hold && (!hold || why == rec.hold_reason)) return Status::Ok();
  DANGAN_RETURN_IF_ERROR(Query(*db_, "UPDATE items SET hold = ?, hold_reason = ? WHERE id = ?")
                             .Add(hold ? 1 : 0)
                             .Add(hold ? why : std::string())
                             .Add(id)
                             .Run());
  json detail = {{"reason", why}};
  if (!rec.hold_reason.empty()) detail["previous_reason"] = rec.hold_reason;
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, hold ? "冻结" : "解除冻结", d, Dump(detail)));
  return tx.Commit();
}

Status ArchiveImpl::RetentionDue(const std::string& as_of, Secrecy clearance,
                                 std::vector<ItemRecord>* out) {
  out->clear();
  if (!IsValidDate(as_of)) {
    return Status::InvalidArgument("日期「" + as_of + "」无效，应写成 YYYY-MM-DD");
  }
  // The period runs from 1 January of 年度+1: a D10 item of 2013 is due on 2024-01-01, so on any
  // day of year Y the items due are those with 年度 <= Y - 1 - period.
  int64_t y = std::stoi(as_of.substr(0, 4));
  return ReadItems(
      "((retention = 'D10' AND year <= ?) OR (retention = 'D30' AND year <= ?))"
      " AND destroyed = 0 AND secrecy IN " +
          VisibleSecrecySql(clearance),
      {y - 1 - RetentionYears(Retention::kD10), y - 1 - RetentionYears(Retention::kD30)}, "", out);
}

}  // namespace dangan::archive
