// 开放审核 (issue 17): the decision whether an item reaching 25 years may be opened (档案法 2020
// 第二十七条). The rules of who may decide and when an item is due are the jobs'
// (dangan/jobs/transfer.h); what must hold whoever calls is held here: a known word, a reason for
// 控制, no decision on a destroyed item, and the audit entry in the same transaction.
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/records/danghao.h"

namespace dangan::archive {
namespace {

using nlohmann::json;

// The words the catalogue keeps (dangan/jobs/transfer.h: kOpenStatus…).
constexpr char kOpen[] = "开放";
constexpr char kControlled[] = "控制";

// The four columns as the audit entry records them (the replay reads them by column).
json Fields(const std::string& status, const std::string& reason, const std::string& at,
            const std::string& by) {
  return {{"open_status", status},
          {"open_reason", reason},
          {"open_reviewed_at", at},
          {"open_reviewed_by", by}};
}

}  // namespace

Status ArchiveImpl::SetOpenDecision(const std::string& danghao, const std::string& status,
                                    const std::string& reason, const std::string& reviewed_by) {
  const std::string d = NormalizeDanghao(danghao);
  const std::string why = Trim(reason);
  if (status != kOpen && status != kControlled) {
    return Status::InvalidArgument("档号 " + d + " 的开放审核结论「" + status +
                                   "」无效，应为“开放”或“控制”");
  }
  if (status == kControlled && why.empty()) {
    return Status::InvalidArgument("档号 " + d + " 控制使用须写明理由");
  }
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  int64_t id = 0;
  ItemRecord rec;
  DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
  if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
  const std::string at = NowIso().substr(0, 10);  // YYYY-MM-DD, as ItemRecord says
  DANGAN_RETURN_IF_ERROR(Query(*db_,
                               "UPDATE items SET open_status = ?, open_reason = ?, "
                               "open_reviewed_at = ?, open_reviewed_by = ? WHERE id = ?")
                             .Add(status)
                             .Add(why)
                             .Add(at)
                             .Add(reviewed_by)
                             .Add(id)
                             .Run());
  DANGAN_RETURN_IF_ERROR(AppendAudit(
      *db_, user_, "开放审核", d,
      Dump({{"old",
             Fields(rec.open_status, rec.open_reason, rec.open_reviewed_at, rec.open_reviewed_by)},
            {"new", Fields(status, why, at, reviewed_by)}})));
  return tx.Commit();
}

}  // namespace dangan::archive
