// What imports of legacy spreadsheets need from the archive: register rows (schema version 4),
// stored per template, volume (册, version 6) and 序号, and a check of an item before it is filed,
// so that an import can name the row at fault and file the whole batch or nothing.
#include <cstdint>
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/records/danghao.h"
#include "item_rules.h"
#include "register_rows.h"

namespace dangan {

std::string RegisterRowHash(const std::map<std::string, std::string>& values) {
  // std::map iterates in key order, so the JSON text (and its hash) does not depend on the
  // order the columns came in.
  nlohmann::json j(values);
  return archive::Sha256Hex(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string ImportKeyOf(const NewItem& item) {
  return RegisterRowHash({{"年度", std::to_string(item.year)},
                          {"门类", item.category},
                          {"机构", item.department},
                          {"题名", item.title},
                          {"责任者", item.responsible},
                          {"文号", item.doc_ref},
                          {"日期", item.date}});
}

namespace archive {
namespace {

using nlohmann::json;

std::string ValuesJson(const std::map<std::string, std::string>& values) {
  return json(values).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::map<std::string, std::string> ValuesFromJson(const std::string& text) {
  std::map<std::string, std::string> values;
  json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return values;
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (it.value().is_string()) values[it.key()] = it.value().get<std::string>();
  }
  return values;
}

struct StoredRow {
  bool exists = false;
  std::string hash;
};

// "S-04（2019 册）" or "S-04": how messages name a register's volume.
std::string VolumeName(const std::string& template_id, const std::string& volume) {
  return volume.empty() ? template_id : template_id + "（" + volume + " 册）";
}

}  // namespace

Status InsertRegisterRow(Db& db, const std::string& template_id, const std::string& volume,
                         const RegisterRow& row, const std::string& hash, const std::string& at,
                         const std::string& by) {
  return Query(db,
               "INSERT INTO register_rows (template_id, volume, row_no, values_json, "
               "content_hash, source, imported_at, imported_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .Add(template_id)
      .Add(volume)
      .Add(row.row_no)
      .Add(ValuesJson(row.values))
      .Add(hash)
      .Add(row.source)
      .Add(at)
      .Add(by)
      .Run();
}

Status RefuseClosedVolume(Db& db, const std::string& template_id, const std::string& volume);

Status ArchiveImpl::CheckNewItem(const NewItem& in) {
  NewItem item = NormalizedItem(in);
  DANGAN_RETURN_IF_ERROR(ValidateNewItem(item, config_.pattern));
  if (item.pages < 0)
    return Status::InvalidArgument("页数：「" + std::to_string(item.pages) + "」不能为负");
  if (item.danghao.empty()) return Status::Ok();
  DanghaoParts parts{config_.fonds, item.category, item.retention, item.department, item.year};
  int piece = 0;
  DANGAN_RETURN_IF_ERROR(
      CheckLegacyDanghao(config_.pattern, Danghao::Parse(item.danghao), parts, &piece));
  Query same(*db_, "SELECT danghao FROM items WHERE danghao = ?");
  if (same.Add(item.danghao).Step()) {
    return Status::InvalidArgument("档号 " + item.danghao + " 已在目录中，不能重复归档");
  }
  return same.status();
}

Status ArchiveImpl::AddRegisterRows(const std::string& template_id, const std::string& volume,
                                    const std::vector<RegisterRow>& rows, const std::string& source,
                                    RegisterImportResult* result) {
  RegisterImportResult counts;
  std::string now = NowIso();
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  DANGAN_RETURN_IF_ERROR(RefuseClosedVolume(*db_, template_id, volume));
  int64_t first = 0, last = 0;
  for (const RegisterRow& row : rows) {
    if (row.row_no <= 0) {
      return Status::InvalidArgument("登记表 " + VolumeName(template_id, volume) + " 的序号「" +
                                     std::to_string(row.row_no) + "」应为正整数");
    }
    std::string hash = RegisterRowHash(row.values);
    StoredRow stored;
    {
      Query q(*db_,
              "SELECT content_hash FROM register_rows "
              "WHERE template_id = ? AND volume = ? AND row_no = ?");
      if (q.Add(template_id).Add(volume).Add(row.row_no).Step()) stored = {true, q.Text(0)};
      DANGAN_RETURN_IF_ERROR(q.status());
    }
    if (stored.exists && stored.hash == hash) {
      ++counts.unchanged;
      continue;
    }
    if (stored.exists) {
      return Status::InvalidArgument(
          "登记表 " + VolumeName(template_id, volume) + " 第 " + std::to_string(row.row_no) +
          " 号已导入过另一内容，已导入的行不能更改（" + row.source + "）");
    }
    DANGAN_RETURN_IF_ERROR(InsertRegisterRow(*db_, template_id, volume, row, hash, now, user_));
    if (counts.added++ == 0) first = row.row_no;
    last = row.row_no;
  }
  if (counts.added > 0) {
    json detail = {{"template_id", template_id},   {"volume", volume},   {"source", source},
                   {"rows", counts.added},         {"first_row", first}, {"last_row", last},
                   {"unchanged", counts.unchanged}};
    DANGAN_RETURN_IF_ERROR(
        AppendAudit(*db_, user_, "导入登记表", "",
                    detail.dump(-1, ' ', false, json::error_handler_t::replace)));
  }
  DANGAN_RETURN_IF_ERROR(tx.Commit());
  if (result) *result = counts;
  return Status::Ok();
}

Status ArchiveImpl::ReadRegisterRows(const std::string& template_id, const std::string& volume,
                                     int64_t from, int64_t to, std::vector<RegisterRow>* out) {
  out->clear();
  // A row is voided by a later row, and voids an earlier one: both sides come from
  // register_voids, joined once each way.
  Query q(*db_,
          "SELECT r.row_no, r.values_json, r.content_hash, r.source, r.imported_at, "
          "r.imported_by, vb.by_row_no, vb.reason, vv.row_no, vv.reason "
          "FROM register_rows r "
          "LEFT JOIN register_voids vb ON vb.template_id = r.template_id AND "
          "vb.volume = r.volume AND vb.row_no = r.row_no "
          "LEFT JOIN register_voids vv ON vv.template_id = r.template_id AND "
          "vv.volume = r.volume AND vv.by_row_no = r.row_no "
          "WHERE r.template_id = ? AND r.volume = ? AND r.row_no >= ? "
          "AND r.row_no <= ? ORDER BY r.row_no");
  q.Add(template_id).Add(volume).Add(from > 0 ? from : 1).Add(to > 0 ? to : INT64_MAX);
  while (q.Step()) {
    RegisterRow row;
    row.row_no = q.Int(0);
    row.values = ValuesFromJson(q.Text(1));
    row.content_hash = q.Text(2);
    row.source = q.Text(3);
    row.imported_at = q.Text(4);
    row.imported_by = q.Text(5);
    if (!q.IsNull(6)) {
      row.voided_by = q.Int(6);
      row.voided_reason = q.Text(7);
    }
    if (!q.IsNull(8)) {
      row.voids = q.Int(8);
      row.void_reason = q.Text(9);
    }
    out->push_back(std::move(row));
  }
  return q.status();
}

Status ArchiveImpl::FindImported(const std::string& import_key, std::string* danghao) {
  Query q(*db_, "SELECT danghao FROM items WHERE import_key = ? AND import_key <> ''");
  if (q.Add(import_key).Step()) {
    *danghao = q.Text(0);
    return Status::Ok();
  }
  DANGAN_RETURN_IF_ERROR(q.status());
  return Status::NotFound("档案库中没有以此导入键导入的件");
}

Status ArchiveImpl::ListRegisterVolumes(const std::string& template_id,
                                        std::vector<RegisterVolume>* out) {
  out->clear();
  Query q(*db_,
          "SELECT r.volume, count(*), min(r.row_no), max(r.row_no), c.closed_at, c.closed_by, "
          "c.danghao FROM register_rows r LEFT JOIN register_volumes c ON "
          "c.template_id = r.template_id AND c.volume = r.volume "
          "WHERE r.template_id = ? GROUP BY r.volume ORDER BY r.volume");
  q.Add(template_id);
  while (q.Step()) {
    RegisterVolume v;
    v.volume = q.Text(0);
    v.rows = q.Int(1);
    v.first_row = q.Int(2);
    v.last_row = q.Int(3);
    if (!q.IsNull(4)) {
      v.closed = true;
      v.closed_at = q.Text(4);
      v.closed_by = q.Text(5);
      v.danghao = q.Text(6);
    }
    out->push_back(std::move(v));
  }
  return q.status();
}

}  // namespace archive
}  // namespace dangan
