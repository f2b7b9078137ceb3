// Creating and opening an archive directory.
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/search/bulk_index.h"
#include "dangan/records/danghao.h"
#include "item_rules.h"
#include "schema.h"

namespace dangan {

using archive::ArchiveImpl;
using archive::Db;

namespace {

constexpr long kStaleTemporarySeconds = 24 * 3600;

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

Status MakeDirs(const std::string& dir) {
  for (size_t pos = 1; pos <= dir.size(); ++pos) {
    if (pos != dir.size() && dir[pos] != '/') continue;
    std::string part = dir.substr(0, pos);
    if (mkdir(part.c_str(), 0755) != 0 && errno != EEXIST) {
      return Status::IoError("无法创建目录 " + part + "：" + SystemErrorText(errno));
    }
  }
  return Status::Ok();
}

Status SetFileMode(const std::string& path, mode_t mode) {
  if (chmod(path.c_str(), mode) == 0) return Status::Ok();
  return Status::IoError("无法设置 " + path + " 的权限：" + SystemErrorText(errno));
}

// The group named by `init --group`; an unknown name is refused.
Status FindGroup(const std::string& name, gid_t* gid) {
  struct group* g = getgrnam(name.c_str());
  if (g == nullptr) {
    return Status::InvalidArgument("没有名为「" + name + "」的用户组（--group 应为系统中已有的组）");
  }
  *gid = g->gr_gid;
  return Status::Ok();
}

// The archive directory itself: private, or owned by the group and shared with it.
Status MakeArchiveRoot(const std::string& dir, const std::string& group) {
  gid_t gid = 0;
  if (!group.empty()) DANGAN_RETURN_IF_ERROR(FindGroup(group, &gid));
  DANGAN_RETURN_IF_ERROR(MakeDirs(dir));
  if (!group.empty() && chown(dir.c_str(), static_cast<uid_t>(-1), gid) != 0) {
    return Status::IoError("无法把目录 " + dir + " 交给用户组 " + group + "：" +
                           SystemErrorText(errno));
  }
  return SetFileMode(dir, group.empty() ? 0700 : (S_ISGID | 0770));
}

// Writes the default table unless the company has put its own there already (then it must parse).
Status EnsureRetentionTable(const std::string& path, bool shared) {
  archive::RetentionTable table;
  if (Exists(path)) return archive::RetentionTable::Load(path, &table);
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << archive::RetentionTable::DefaultText();
    if (!out.flush()) return Status::IoError("无法写入保管期限表 " + path);
  }
  DANGAN_RETURN_IF_ERROR(SetFileMode(tmp, archive::ArchiveFileMode(shared, 0600)));
  if (rename(tmp.c_str(), path.c_str()) != 0) {
    return Status::IoError("无法写入保管期限表 " + path + "：" + SystemErrorText(errno));
  }
  return Status::Ok();
}

Status WriteConfig(Db& db, const ArchiveConfig& config) {
  const std::pair<const char*, std::string> rows[] = {{"fonds", config.fonds},
                                                      {"company", config.company},
                                                      {"pattern", config.pattern},
                                                      {"created_at", archive::NowIso()}};
  for (const auto& [key, value] : rows) {
    DANGAN_RETURN_IF_ERROR(archive::Query(db, "INSERT INTO config (key, value) VALUES (?, ?)")
                               .Add(key)
                               .Add(value)
                               .Run());
  }
  return Status::Ok();
}

// Builds the catalogue under a temporary name and links it into place, so a half-made
// catalogue never looks like an archive and two simultaneous Creates cannot both succeed.
Status CreateCatalogue(const std::string& dir, const ArchiveConfig& config, bool shared) {
  std::string final_path = dir + "/catalogue.sqlite";
  std::string tmp = dir + "/catalogue.sqlite.new-" + std::to_string(getpid());
  unlink(tmp.c_str());
  {
    std::unique_ptr<Db> db;
    DANGAN_RETURN_IF_ERROR(Db::Open(tmp, true, &db));
    DANGAN_RETURN_IF_ERROR(archive::MigrateSchema(*db));
    DANGAN_RETURN_IF_ERROR(WriteConfig(*db, config));
  }
  // SQLite gives its WAL and shared-memory files the catalogue's mode.
  DANGAN_RETURN_IF_ERROR(SetFileMode(tmp, archive::ArchiveFileMode(shared, 0600)));
  int rc = link(tmp.c_str(), final_path.c_str());
  int err = errno;
  unlink(tmp.c_str());
  if (rc != 0 && err == EEXIST) {
    return Status::InvalidArgument("目录 " + dir +
                                   " 已经是一个档案（已有 catalogue.sqlite），不能重复创建");
  }
  if (rc != 0) return Status::IoError("无法创建 " + final_path + "：" + SystemErrorText(err));
  return archive::SyncDirectory(dir);
}

}  // namespace

Status Archive::Create(const std::string& dir, const ArchiveConfig& config,
                       const std::string& group) {
  DANGAN_RETURN_IF_ERROR(archive::ValidateConfig(config));
  if (Exists(dir + "/catalogue.sqlite")) {
    return Status::InvalidArgument("目录 " + dir +
                                   " 已经是一个档案（已有 catalogue.sqlite），不能重复创建");
  }
  DANGAN_RETURN_IF_ERROR(MakeArchiveRoot(dir, group));
  const bool shared = !group.empty();
  DANGAN_RETURN_IF_ERROR(archive::FileStore::Prepare(dir + "/store"));
  DANGAN_RETURN_IF_ERROR(EnsureRetentionTable(dir + "/retention.txt", shared));
  return CreateCatalogue(dir, config, shared);
}

Status Archive::Open(const std::string& dir, const std::string& user,
                     std::unique_ptr<Archive>* out) {
  std::string path = dir + "/catalogue.sqlite";
  if (!Exists(path)) {
    return Status::NotFound("目录 " + dir +
                            " 不是档案（没有 catalogue.sqlite），请先用 dangan init 创建");
  }
  std::unique_ptr<Db> db;
  DANGAN_RETURN_IF_ERROR(Db::Open(path, false, &db));
  DANGAN_RETURN_IF_ERROR(archive::MigrateSchema(*db));
  auto impl = std::make_unique<ArchiveImpl>(dir, user, std::move(db));
  DANGAN_RETURN_IF_ERROR(impl->Load());
  *out = std::move(impl);
  return Status::Ok();
}

namespace archive {

ArchiveImpl::ArchiveImpl(std::string dir, std::string user, std::unique_ptr<Db> db)
    : dir_(std::move(dir)),
      user_(user.empty() ? "未署名用户" : std::move(user)),
      db_(std::move(db)),
      store_(dir_ + "/store") {}

Status ArchiveImpl::Load() {
  Query q(*db_, "SELECT key, value FROM config");
  while (q.Step()) {
    std::string key = q.Text(0);
    if (key == "fonds") config_.fonds = q.Text(1);
    if (key == "company") config_.company = q.Text(1);
    if (key == "pattern") config_.pattern = q.Text(1);
  }
  DANGAN_RETURN_IF_ERROR(q.status());
  if (config_.fonds.empty() || !ValidateDanghaoPattern(config_.pattern).ok()) {
    return Status::Corruption("目录数据库 " + db_->path() + " 缺少全宗号或档号格式设置");
  }
  DANGAN_RETURN_IF_ERROR(RetentionTable::Load(dir_ + "/retention.txt", &retention_));
  DANGAN_RETURN_IF_ERROR(FileStore::Prepare(dir_ + "/store"));
  store_.RemoveStaleTemporaries(kStaleTemporarySeconds);
  return Status::Ok();
}

std::string ArchiveImpl::StoredPath(const StoredFile& file) const {
  return store_.PathFor(file.sha256);
}

std::string ArchiveImpl::RetentionFor(const std::string& template_id, const std::string& category,
                                      const std::string& title) {
  return retention_.For(template_id, category, title);
}

Status ArchiveImpl::VerifyAudit(AuditReport* report) { return VerifyAuditChain(*db_, report); }

Status ArchiveImpl::Reindex(int64_t* items) {
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  // The whole index is written again: merging segments once at the end is far cheaper than
  // FTS5's merging as it goes (dangan/bulk_index.h).
  DANGAN_RETURN_IF_ERROR(search::BeginBulkIndexing(db_->handle(), "item_index"));
  DANGAN_RETURN_IF_ERROR(db_->Exec("INSERT INTO item_index(item_index) VALUES ('rebuild')"));
  DANGAN_RETURN_IF_ERROR(search::EndBulkIndexing(db_->handle(), "item_index"));
  if (items != nullptr) {
    Query q(*db_, "SELECT count(*) FROM items");
    if (!q.Step()) return q.status();
    *items = q.Int(0);
  }
  return tx.Commit();
}

}  // namespace archive
}  // namespace dangan
