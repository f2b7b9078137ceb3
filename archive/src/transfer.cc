// Receiving a transfer package (archive.h: ReceiveItems) and the digests a package's manifest
// carries (file_digest.h). The package itself is read and checked by the jobs layer
// (jobs/src/transfer.cc); here the items are filed in one transaction, so that a package is
// received whole or not at all.
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/archive/file_digest.h"
#include "index.h"

namespace dangan {

Status DigestOfFile(const std::string& path, const std::string& display, FileDigests* out) {
  archive::DualHasher hasher;
  archive::Digests d;
  DANGAN_RETURN_IF_ERROR(archive::DigestFile(path, display, &hasher, &d));
  out->sha256 = d.sha256;
  out->sm3 = d.sm3;
  out->size = d.size;
  return Status::Ok();
}

namespace archive {
namespace {

using nlohmann::json;

Status ItemId(Db& db, const std::string& danghao, int64_t* id) {
  Query q(db, "SELECT id FROM items WHERE danghao = ?");
  if (!q.Add(danghao).Step()) {
    DANGAN_RETURN_IF_ERROR(q.status());
    return Status::Internal("刚接收的档号 " + danghao + " 不在目录中");
  }
  *id = q.Int(0);
  return Status::Ok();
}

}  // namespace

Status ArchiveImpl::ReceiveItems(const std::vector<ReceivedItem>& items,
                                 std::vector<ItemRecord>* out) {
  std::vector<Filing> batch;
  batch.reserve(items.size());
  for (const ReceivedItem& r : items) batch.push_back(r.filing);
  DANGAN_RETURN_IF_ERROR(BeginImport());
  auto receive = [&]() -> Status {
    DANGAN_RETURN_IF_ERROR(FileBatch(batch, out));
    for (size_t i = 0; i < items.size(); ++i) {
      const ReceivedItem& r = items[i];
      ItemRecord& rec = (*out)[i];
      int64_t id = 0;
      DANGAN_RETURN_IF_ERROR(ItemId(*db_, rec.danghao, &id));
      DANGAN_RETURN_IF_ERROR(Query(*db_,
                                   "UPDATE items SET open_status = ?, open_reason = ?, "
                                   "open_reviewed_at = ?, open_reviewed_by = ? WHERE id = ?")
                                 .Add(r.open_status)
                                 .Add(r.open_reason)
                                 .Add(r.open_reviewed_at)
                                 .Add(r.open_reviewed_by)
                                 .Add(id)
                                 .Run());
      rec.open_status = r.open_status;
      rec.open_reason = r.open_reason;
      rec.open_reviewed_at = r.open_reviewed_at;
      rec.open_reviewed_by = r.open_reviewed_by;
      if (r.destroyed) {
        // Destroyed before the transfer: the entry keeps its 件号 (no gap in its class), as
        // DestroyAppraised leaves one, and the log says so in the words replay reads (销毁).
        DANGAN_RETURN_IF_ERROR(UnindexItem(*db_, id));
        DANGAN_RETURN_IF_ERROR(
            Query(*db_,
                  "UPDATE items SET destroyed = 1, destroyed_at = ?, destruction_list = ? "
                  "WHERE id = ?")
                .Add(r.destroyed_at)
                .Add(r.destruction_list)
                .Add(id)
                .Run());
        DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "销毁", rec.danghao,
                                           Dump({{"destroyed_at", r.destroyed_at},
                                                 {"destruction_list", r.destruction_list},
                                                 {"received", true},
                                                 {"files", json::array()}})));
        rec.destroyed = true;
        rec.destroyed_at = r.destroyed_at;
        rec.destruction_list = r.destruction_list;
      }
      json history = json::parse(r.history, nullptr, false);
      if (history.is_discarded()) history = r.history;
      DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "移交接收", rec.danghao,
                                         Dump({{"open_status", r.open_status},
                                               {"open_reason", r.open_reason},
                                               {"open_reviewed_at", r.open_reviewed_at},
                                               {"open_reviewed_by", r.open_reviewed_by},
                                               {"destroyed", r.destroyed},
                                               {"history", history}})));
    }
    return Status::Ok();
  };
  Status st = receive();
  if (!st.ok()) {
    RollbackImport();
    return st;
  }
  return CommitImport();
}

Status ArchiveImpl::LogTransferExport(const std::string& detail) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "移交导出", "", detail));
  return tx.Commit();
}

}  // namespace archive
}  // namespace dangan
