// Live registers (schema version 10): rows appended one at a time, corrections that void a row,
// closed volumes. Rows are never changed in place; a void is a row of its own in register_voids,
// so the printed register keeps the voided 序号 marked 作废 as the regulations require.
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "register_rows.h"

namespace dangan::archive {
namespace {

using nlohmann::json;

std::string VolumeLabel(const std::string& template_id, const std::string& volume) {
  return volume.empty() ? template_id : template_id + "（" + volume + " 册）";
}

}  // namespace

// Closed volumes refuse rows, whichever way they come (typed or imported).
Status RefuseClosedVolume(Db& db, const std::string& template_id, const std::string& volume) {
  Query q(db, "SELECT danghao FROM register_volumes WHERE template_id = ? AND volume = ?");
  if (q.Add(template_id).Add(volume).Step()) {
    return Status::InvalidArgument("登记表 " + VolumeLabel(template_id, volume) +
                                   " 已封册（归档为 " + q.Text(0) + "），不能再添加行");
  }
  return q.status();
}

Status ArchiveImpl::AppendRegisterRow(const std::string& template_id, const std::string& volume,
                                      RegisterRow* row) {
  if (row->voids < 0) return Status::InvalidArgument("作废的序号应为正整数");
  if (row->voids > 0 && row->void_reason.empty()) {
    return Status::InvalidArgument("作废第 " + std::to_string(row->voids) + " 号须写明作废原因");
  }
  // BEGIN IMMEDIATE takes the write lock before the last 序号 is read, so two clerks appending
  // at once are serialised and neither shares nor skips a number.
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  DANGAN_RETURN_IF_ERROR(RefuseClosedVolume(*db_, template_id, volume));
  int64_t last = 0;
  {
    Query q(*db_, "SELECT max(row_no) FROM register_rows WHERE template_id = ? AND volume = ?");
    if (q.Add(template_id).Add(volume).Step() && !q.IsNull(0)) last = q.Int(0);
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  const int64_t row_no = last + 1;
  if (row->voids > 0) {
    const std::string target =
        VolumeLabel(template_id, volume) + " 第 " + std::to_string(row->voids) + " 号";
    Query exists(*db_,
                 "SELECT 1 FROM register_rows WHERE template_id = ? AND volume = ? AND row_no = ?");
    if (!exists.Add(template_id).Add(volume).Add(row->voids).Step()) {
      DANGAN_RETURN_IF_ERROR(exists.status());
      return Status::InvalidArgument("登记表 " + target + "不存在，无法作废");
    }
    Query voided(*db_,
                 "SELECT by_row_no FROM register_voids "
                 "WHERE template_id = ? AND volume = ? AND row_no = ?");
    if (voided.Add(template_id).Add(volume).Add(row->voids).Step()) {
      return Status::InvalidArgument("登记表 " + target + "已由第 " +
                                     std::to_string(voided.Int(0)) + " 号作废，不能再次作废");
    }
    DANGAN_RETURN_IF_ERROR(voided.status());
  }
  const std::string now = NowIso();
  row->row_no = row_no;
  row->content_hash = RegisterRowHash(row->values);
  row->imported_at = now;
  row->imported_by = user_;
  if (row->source.empty()) row->source = "逐行登记";
  DANGAN_RETURN_IF_ERROR(
      InsertRegisterRow(*db_, template_id, volume, *row, row->content_hash, now, user_));
  json detail = {{"template_id", template_id}, {"volume", volume}, {"row_no", row_no}};
  if (row->voids > 0) {
    DANGAN_RETURN_IF_ERROR(Query(*db_,
                                 "INSERT INTO register_voids (template_id, volume, row_no, "
                                 "by_row_no, reason) VALUES (?, ?, ?, ?, ?)")
                               .Add(template_id)
                               .Add(volume)
                               .Add(row->voids)
                               .Add(row_no)
                               .Add(row->void_reason)
                               .Run());
    detail["voids"] = row->voids;
    detail["reason"] = row->void_reason;
  }
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "登记表添加行", "", Dump(detail)));
  return tx.Commit();
}

Status ArchiveImpl::CloseRegisterVolume(const std::string& template_id, const std::string& volume,
                                        const std::string& danghao) {
  if (danghao.empty()) return Status::InvalidArgument("封册须给出归档的档号");
  // Inside BeginImport this is a SAVEPOINT of the import's transaction: the volume's item and
  // its closing commit together.
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  {
    Query q(*db_, "SELECT count(*) FROM register_rows WHERE template_id = ? AND volume = ?");
    q.Add(template_id).Add(volume).Step();
    DANGAN_RETURN_IF_ERROR(q.status());
    if (q.Int(0) == 0) {
      return Status::NotFound("登记表 " + VolumeLabel(template_id, volume) + " 没有行，无法封册");
    }
  }
  {
    Query q(*db_, "SELECT danghao FROM register_volumes WHERE template_id = ? AND volume = ?");
    if (q.Add(template_id).Add(volume).Step()) {
      return Status::InvalidArgument("登记表 " + VolumeLabel(template_id, volume) +
                                     " 已封册（归档为 " + q.Text(0) + "）");
    }
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  DANGAN_RETURN_IF_ERROR(Query(*db_,
                               "INSERT INTO register_volumes (template_id, volume, closed_at, "
                               "closed_by, danghao) VALUES (?, ?, ?, ?, ?)")
                             .Add(template_id)
                             .Add(volume)
                             .Add(NowIso())
                             .Add(user_)
                             .Add(danghao)
                             .Run());
  json detail = {{"template_id", template_id}, {"volume", volume}};
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "登记表封册", danghao, Dump(detail)));
  FaultPoint("register: closing");
  return tx.Commit();
}

}  // namespace dangan::archive
