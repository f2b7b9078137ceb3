#include "dangan/jobs/archive_jobs.h"

#include <memory>

#include "dangan/intake/intake.h"
#include "dangan/jobs/lending.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"

namespace dangan::jobs {

namespace {

// A 密级 or 保管期限 given as a filter or a new value, in any spelling a clerk uses (機密,
// 定期30年, ３０年), as the catalogue stores it; refused when it is none.
Status NormalizeSecrecyWord(std::string* word) {
  if (word->empty()) return Status::Ok();
  const std::optional<Secrecy> level = ParseSecrecy(*word);
  if (!level) return Status::InvalidArgument("密级：" + SecrecyRefusal(*word));
  *word = SecrecyName(*level);
  return Status::Ok();
}

Status NormalizeRetentionWord(std::string* word) {
  if (word->empty()) return Status::Ok();
  const RetentionReading reading = ReadRetention(*word);
  if (reading.kind != RetentionReading::Kind::kCode) {
    return Status::InvalidArgument("保管期限：" + reading.reason);
  }
  *word = RetentionCode(reading.code);
  return Status::Ok();
}

Status NormalizeFilter(ListFilter* filter) {
  DANGAN_RETURN_IF_ERROR(NormalizeSecrecyWord(&filter->secrecy));
  return NormalizeRetentionWord(&filter->retention);
}

}  // namespace

Status Search(const JobContext& ctx, SearchRequest request, SearchResults* results) {
  DANGAN_RETURN_IF_ERROR(NormalizeFilter(&request.filter));
  request.clearance = SecrecyName(ctx.clearance);
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->Search(request, results);
}

Status List(const JobContext& ctx, ListFilter filter, std::vector<ItemRecord>* items,
            size_t* total) {
  DANGAN_RETURN_IF_ERROR(NormalizeFilter(&filter));
  filter.clearance = ctx.clearance;
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->List(filter, items, total);
}

Status Show(const JobContext& ctx, const std::string& danghao, ItemRecord* item) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  int64_t grant = 0;  // an approved use request (lending.h) may open an item above clearance
  DANGAN_RETURN_IF_ERROR(GetWithGrant(ctx, *archive, danghao, /*log_view=*/true, item, &grant));
  return RegisterUse(*archive, grant, item->danghao, "查看");
}

Status OpenStoredFile(const JobContext& ctx, const std::string& danghao, size_t n, ItemRecord* item,
                      std::string* path) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  int64_t grant = 0;  // an approved use request (lending.h) may open an item above clearance
  DANGAN_RETURN_IF_ERROR(GetWithGrant(ctx, *archive, danghao, /*log_view=*/true, item, &grant));
  // A destroyed item keeps its files' digests, not their content (issue 16).
  if (item->destroyed) {
    return Status::NotFound(item->danghao + " 已于 " + item->destroyed_at + " 按销毁清册 " +
                            item->destruction_list + " 销毁，文件已不在档案库中");
  }
  if (n < 1 || n > item->files.size()) {
    return Status::NotFound(item->danghao + " 没有第 " + std::to_string(n) + " 个文件（共 " +
                            std::to_string(item->files.size()) + " 个）");
  }
  *path = archive->StoredPath(item->files[n - 1]);
  return RegisterUse(*archive, grant, item->danghao, "打开文件");
}

Status AuditShow(const JobContext& ctx, const std::string& danghao,
                 std::vector<AuditEntry>* entries) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->AuditLog(danghao, ctx.clearance, entries);
}

Status RetentionDue(const JobContext& ctx, const std::string& as_of,
                    std::vector<ItemRecord>* items) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->RetentionDue(as_of, ctx.clearance, items);
}

namespace {

// The archive, open, with `danghao` an item the reader may see; else the very NotFound of a
// 档号 not in the catalogue (Archive::GetFor), so a change reveals no more than a read.
Status OpenForChange(const JobContext& ctx, const std::string& danghao,
                     std::unique_ptr<Archive>* archive) {
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, archive));
  return (*archive)->GetFor(danghao, ctx.clearance, /*log_view=*/false, nullptr);
}

const std::string& ValueOf(const std::map<std::string, std::string>& changes, const char* key) {
  static const std::string kNone;
  auto it = changes.find(key);
  return it == changes.end() ? kNone : it->second;
}

}  // namespace

Status Edit(const JobContext& ctx, const std::string& danghao,
            const std::map<std::string, std::string>& changes, const std::string& reason) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"题名", ValueOf(changes, "题名")},
                                         {"责任者", ValueOf(changes, "责任者")},
                                         {"文号", ValueOf(changes, "文号")},
                                         {"日期", ValueOf(changes, "日期")},
                                         {"密级", ValueOf(changes, "密级")},
                                         {"备注", ValueOf(changes, "备注"), TextLines::kMany},
                                         {"修改原因", reason}}));
  // Nobody classifies a record above what they may read themselves: the item would vanish from
  // their sight with a 密级 they are not cleared to judge.
  const std::optional<Secrecy> level = ParseSecrecy(ValueOf(changes, "密级"));
  if (level && !MaySee(ctx.clearance, *level)) {
    return Status::InvalidArgument("密级：不能定为" + std::string(SecrecyName(*level)) +
                                   "，高于本人可看的密级（" + SecrecyName(ctx.clearance) + "）");
  }
  std::map<std::string, std::string> normalized = changes;
  if (level) normalized["密级"] = SecrecyName(*level);  // 機密 as typed in traditional characters
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenForChange(ctx, danghao, &archive));
  return archive->UpdateMetadata(danghao, normalized, reason);
}

Status SetRetention(const JobContext& ctx, const std::string& danghao,
                    const std::string& retention) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"保管期限", retention}}));
  std::string code = retention;
  DANGAN_RETURN_IF_ERROR(NormalizeRetentionWord(&code));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenForChange(ctx, danghao, &archive));
  return archive->SetRetention(danghao, code);
}

Status SetHold(const JobContext& ctx, const std::string& danghao, bool hold,
               const std::string& reason) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"冻结原因", reason}}));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenForChange(ctx, danghao, &archive));
  return archive->SetHold(danghao, hold, reason);
}

namespace {

Status NeedHighestClearance(const JobContext& ctx, const std::string& what) {
  if (ctx.clearance == Secrecy::kSecret) return Status::Ok();
  return Status::InvalidArgument(what + "涉及全部档案，需要最高密级（--clearance " +
                                 SecrecyName(Secrecy::kSecret) + "）；当前密级为" +
                                 SecrecyName(ctx.clearance));
}

}  // namespace

Status VerifyAudit(const JobContext& ctx, AuditReport* report) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "验证审计日志"));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->VerifyAudit(report);
}

Status VerifyAudit(const JobContext& ctx, const std::vector<std::string>& checkpoint_files,
                   AuditReport* report) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "验证审计日志"));
  std::vector<AuditCheckpoint> checkpoints(checkpoint_files.size());
  for (size_t i = 0; i < checkpoint_files.size(); ++i) {
    DANGAN_RETURN_IF_ERROR(ReadCheckpointFile(checkpoint_files[i], &checkpoints[i]));
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->VerifyAuditAgainst(checkpoints, report);
}

// A checkpoint covers every entry, so signing one is an archivist's act like verifying.
Status SignAuditCheckpoint(const JobContext& ctx, const std::string& key_path,
                           AuditCheckpoint* checkpoint) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "签发审计检查点"));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->SignAuditCheckpoint(key_path, checkpoint);
}

Status SetAuditKey(const JobContext& ctx, const std::string& key_path) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->SetAuditKey(key_path);
}

Status Check(const JobContext& ctx, CheckReport* report) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx, "检查档案库"));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->Check(CountPages, report);
}

Status CollectGarbage(const JobContext& ctx, bool dry_run, std::vector<ReclaimableFile>* removed) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->CollectGarbage(dry_run, kGcWaitSeconds, removed);
}

}  // namespace dangan::jobs
