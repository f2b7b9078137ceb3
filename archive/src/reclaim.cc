// `gc`: gives back the space interrupted filings left behind (see store_lock.h for why it is
// safe while others file).
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "archive_impl.h"
#include "audit_log.h"
#include "store_lock.h"

namespace dangan::archive {
namespace {

Status ReferencedContents(Db& db, std::unordered_set<std::string>* out) {
  // A destroyed item's content is not kept for it: if no live item holds it, it is reclaimable
  // (what a destruction interrupted before removing its files leaves).
  Query q(db,
          "SELECT DISTINCT files.sha256 FROM files JOIN items ON items.id = files.item_id "
          "WHERE items.destroyed = 0");
  while (q.Step()) out->insert(q.Text(0));
  return q.status();
}

// Under the exclusive store lock no filing is between writing a store file and committing it,
// so whatever no catalogued file names now is left over for good.
Status FindLeftovers(Db& db, const FileStore& store, std::vector<ReclaimableFile>* out) {
  std::unordered_set<std::string> referenced;
  DANGAN_RETURN_IF_ERROR(ReferencedContents(db, &referenced));
  std::vector<std::string> stored;
  DANGAN_RETURN_IF_ERROR(store.ListAll(&stored));
  for (const std::string& sha256 : stored) {
    if (referenced.count(sha256)) continue;
    out->push_back({FileStore::RelativePath(sha256), store.SizeOf(sha256), false});
  }
  return store.ListTemporaries(out);
}

std::string GcDetail(const std::vector<ReclaimableFile>& removed) {
  uint64_t bytes = 0;
  int64_t temporaries = 0;
  for (const ReclaimableFile& f : removed) {
    bytes += f.bytes;
    temporaries += f.temporary ? 1 : 0;
  }
  const nlohmann::json detail = {
      {"unreferenced", static_cast<int64_t>(removed.size()) - temporaries},
      {"temporaries", temporaries},
      {"bytes", bytes}};
  return detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

Status ArchiveImpl::CollectGarbage(bool dry_run, int wait_seconds,
                                   std::vector<ReclaimableFile>* removed) {
  removed->clear();
  if (import_tx_) return Status::InvalidArgument("导入事务进行中，不能清理档案库");
  StoreLock lock;
  DANGAN_RETURN_IF_ERROR(StoreLock::ForCollecting(dir_ + "/store", wait_seconds, &lock));
  std::vector<ReclaimableFile> leftovers;
  DANGAN_RETURN_IF_ERROR(FindLeftovers(*db_, store_, &leftovers));
  if (dry_run || leftovers.empty()) {
    *removed = std::move(leftovers);
    return Status::Ok();
  }
  // Logged first: should the disk be too full to log, nothing is removed unrecorded.
  {
    Transaction tx(*db_);
    DANGAN_RETURN_IF_ERROR(tx.status());
    DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "回收存储空间", "", GcDetail(leftovers)));
    DANGAN_RETURN_IF_ERROR(tx.Commit());
  }
  for (const ReclaimableFile& f : leftovers) {
    DANGAN_RETURN_IF_ERROR(store_.RemoveLeftover(f.path));
    removed->push_back(f);
  }
  return Status::Ok();
}

}  // namespace dangan::archive
