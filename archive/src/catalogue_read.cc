// Reading the catalogue: single items, lists with filters, items due for appraisal.
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "digest.h"
#include "dangan/records/danghao.h"

namespace dangan {

namespace archive {
namespace {

const char kFileColumns[] = "id, role, name, size, media_type, sha256, sm3, pages, added_at, ";

// Appends `column = value` to the filter when the value is given.
void Filter(const char* column, const std::string& value, std::string* where,
            std::vector<SqlArg>* args) {
  if (value.empty()) return;
  *where += std::string(" AND ") + column + " = ?";
  args->push_back(value);
}

}  // namespace

void BindAll(Query* q, const std::vector<SqlArg>& args) {
  for (const SqlArg& a : args) {
    if (std::holds_alternative<int64_t>(a)) {
      q->Add(std::get<int64_t>(a));
    } else {
      q->Add(std::get<std::string>(a));
    }
  }
}

void ListWhere(const ListFilter& f, std::string* where, std::vector<SqlArg>* args) {
  *where = "1";
  if (f.year_from) {
    *where += " AND year >= ?";
    args->push_back(static_cast<int64_t>(*f.year_from));
  }
  if (f.year_to) {
    *where += " AND year <= ?";
    args->push_back(static_cast<int64_t>(*f.year_to));
  }
  Filter("category", f.category, where, args);
  Filter("department", f.department, where, args);
  Filter("retention", f.retention, where, args);
  Filter("secrecy", f.secrecy, where, args);
  Filter("source", f.source, where, args);
  Filter("template_id", f.template_id, where, args);
  if (f.clearance) *where += " AND secrecy IN " + VisibleSecrecySql(*f.clearance);
}

const char kItemColumns[] =
    "id, danghao, piece, fonds, category, year, retention, department, title, responsible, "
    "doc_ref, date, secrecy, notes, pages, source, template_id, doc_number, hold, hold_reason, "
    "filed_at, filed_by, destroyed, destroyed_at, destruction_list, open_status, open_reason, "
    "open_reviewed_at, open_reviewed_by";

ItemRecord ReadItemRow(const Query& q, int64_t* id) {
  ItemRecord r;
  *id = q.Int(0);
  r.danghao = q.Text(1);
  r.piece = static_cast<int>(q.Int(2));
  r.fonds = q.Text(3);
  r.category = q.Text(4);
  r.year = static_cast<int>(q.Int(5));
  r.retention = q.Text(6);
  r.department = q.Text(7);
  r.title = q.Text(8);
  r.responsible = q.Text(9);
  r.doc_ref = q.Text(10);
  r.date = q.Text(11);
  r.secrecy = q.Text(12);
  r.notes = q.Text(13);
  r.pages = static_cast<int>(q.Int(14));
  r.source = q.Text(15);
  r.template_id = q.Text(16);
  r.doc_number = q.Text(17);
  r.hold = q.Int(18) != 0;
  r.hold_reason = q.Text(19);
  r.filed_at = q.Text(20);
  r.filed_by = q.Text(21);
  r.destroyed = q.Int(22) != 0;
  r.destroyed_at = q.Text(23);
  r.destruction_list = q.Text(24);
  r.open_status = q.Text(25);
  r.open_reason = q.Text(26);
  r.open_reviewed_at = q.Text(27);
  r.open_reviewed_by = q.Text(28);
  return r;
}

FileRole RoleFromName(const std::string& name) {
  if (name == "签字扫描件") return FileRole::kSignedScan;
  if (name == "附件") return FileRole::kAttachment;
  return FileRole::kOriginal;
}

std::string NotFoundMessage(const std::string& danghao) {
  return "档号 " + danghao + " 不在目录中";
}

std::string DestroyedMessage(const ItemRecord& rec) {
  return "档号 " + rec.danghao + " 已于 " + rec.destroyed_at + " 按销毁清册 " +
         rec.destruction_list + " 销毁，只留目录记录，文件已不在档案库中";
}

Status ArchiveImpl::FindItem(const std::string& danghao, int64_t* id, ItemRecord* out) {
  Query q(*db_, std::string("SELECT ") + kItemColumns + " FROM items WHERE danghao = ?");
  if (q.Add(danghao).Step()) {
    *out = ReadItemRow(q, id);
    return Status::Ok();
  }
  DANGAN_RETURN_IF_ERROR(q.status());
  return Status::NotFound(NotFoundMessage(danghao));
}

Status ArchiveImpl::LoadFiles(int64_t item_id, bool with_text, std::vector<StoredFile>* out) {
  out->clear();
  // Text can be long (a whole scanned report): lists leave it out.
  Query q(*db_, std::string("SELECT ") + kFileColumns + (with_text ? "text" : "''") +
                    " FROM files WHERE item_id = ? ORDER BY id");
  q.Add(item_id);
  while (q.Step()) {
    StoredFile f;
    f.id = q.Int(0);
    f.role = RoleFromName(q.Text(1));
    f.name = q.Text(2);
    f.size = static_cast<uint64_t>(q.Int(3));
    f.media_type = q.Text(4);
    f.sha256 = q.Text(5);
    f.sm3 = q.Text(6);
    f.pages = static_cast<int>(q.Int(7));
    f.added_at = q.Text(8);
    f.text = q.Text(9);
    out->push_back(std::move(f));
  }
  return q.status();
}

Status ArchiveImpl::Get(const std::string& danghao, bool log_view, ItemRecord* out) {
  return GetFor(danghao, Secrecy::kSecret, log_view, out);
}

Status ArchiveImpl::GetFor(const std::string& danghao, Secrecy clearance, bool log_view,
                           ItemRecord* out) {
  std::string d = NormalizeDanghao(danghao);
  int64_t id = 0;
  ItemRecord rec;
  DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
  const std::optional<Secrecy> level = ParseSecrecy(rec.secrecy);
  if (!level || !MaySee(clearance, *level)) return Status::NotFound(NotFoundMessage(d));
  DANGAN_RETURN_IF_ERROR(LoadFiles(id, true, &rec.files));
  if (log_view) {
    Transaction tx(*db_);
    DANGAN_RETURN_IF_ERROR(tx.status());
    DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "查看", d, "{}"));
    DANGAN_RETURN_IF_ERROR(tx.Commit());
  }
  if (out) *out = std::move(rec);
  return Status::Ok();
}

Status ArchiveImpl::IssueCopy(const std::string& danghao, const StoredFile& file,
                              const std::string& reason) {
  const std::string d = NormalizeDanghao(danghao);
  {
    int64_t id = 0;
    ItemRecord rec;
    DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
    if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
  }
  DualHasher hasher;
  Digests read;
  DANGAN_RETURN_IF_ERROR(DigestFile(StoredPath(file), file.name, &hasher, &read));
  if (read.sha256 != file.sha256 || read.sm3 != file.sm3 || read.size != file.size) {
    return Status::Corruption("档号 " + d + " 的文件「" + file.name +
                              "」与归档时记录的摘要不符（已被改动或损坏），不能出具利用副本；"
                              "请用 dangan check 检查档案库");
  }
  const nlohmann::json detail = {{"文件", file.name}, {"sha256", file.sha256}, {"事由", reason}};
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  DANGAN_RETURN_IF_ERROR(
      AppendAudit(*db_, user_, "出具利用副本", d,
                  detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
  return tx.Commit();
}

Status ArchiveImpl::FindByDocNumber(const std::string& doc_number, ItemRecord* out) {
  if (doc_number.empty()) return Status::InvalidArgument("没有给出文档编号");
  std::string danghao;
  {
    // Numbers are unique per form; should two forms share one, the earliest filing answers.
    // (The "<> ''" lets SQLite use the partial index on doc_number.)
    Query q(
        *db_,
        "SELECT danghao FROM items WHERE doc_number = ? AND doc_number <> '' ORDER BY id LIMIT 1");
    if (!q.Add(doc_number).Step()) {
      DANGAN_RETURN_IF_ERROR(q.status());
      return Status::NotFound("编号为 " + doc_number + " 的文件不在目录中");
    }
    danghao = q.Text(0);
  }
  return Get(danghao, false, out);
}

Status ArchiveImpl::ReadItems(const std::string& where, const std::vector<SqlArg>& args,
                              const std::string& tail, std::vector<ItemRecord>* out,
                              bool with_files) {
  std::vector<std::pair<int64_t, ItemRecord>> rows;
  {
    Query q(*db_, std::string("SELECT ") + kItemColumns + " FROM items WHERE " + where +
                      " ORDER BY year, class_key, piece, danghao" + tail);
    BindAll(&q, args);
    while (q.Step()) {
      int64_t id = 0;
      ItemRecord r = ReadItemRow(q, &id);
      rows.emplace_back(id, std::move(r));
    }
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  for (auto& [id, rec] : rows) {
    if (with_files) DANGAN_RETURN_IF_ERROR(LoadFiles(id, false, &rec.files));
    out->push_back(std::move(rec));
  }
  return Status::Ok();
}

Status ArchiveImpl::List(const ListFilter& f, std::vector<ItemRecord>* out, size_t* total) {
  out->clear();
  std::string where;
  std::vector<SqlArg> args;
  ListWhere(f, &where, &args);
  if (total) {
    Query count(*db_, "SELECT COUNT(*) FROM items WHERE " + where);
    BindAll(&count, args);
    if (!count.Step()) return count.status();
    *total = static_cast<size_t>(count.Int(0));
  }
  std::vector<SqlArg> page = args;
  // 0 = no limit (SQLite reads a negative LIMIT as none).
  page.push_back(f.limit == 0 ? int64_t{-1} : static_cast<int64_t>(f.limit));
  page.push_back(static_cast<int64_t>(f.offset));
  return ReadItems(where, page, " LIMIT ? OFFSET ?", out);
}

Status ArchiveImpl::AuditLog(const std::string& danghao, Secrecy clearance,
                             std::vector<AuditEntry>* out) {
  return ReadAudit(*db_, danghao.empty() ? danghao : NormalizeDanghao(danghao), clearance, out);
}

}  // namespace archive
}  // namespace dangan
