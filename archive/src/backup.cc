// Backup and restore (dangan/archive/backup.h).
#include "dangan/archive/backup.h"

#include <dirent.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "archive_util.h"
#include "audit_log.h"
#include "file_store.h"
#include "sqlite_db.h"
#include "store_lock.h"

namespace dangan {

namespace {

using archive::Db;
using archive::Query;
using Json = nlohmann::json;

bool Exists(const std::string& path) {
  struct stat st;
  return lstat(path.c_str(), &st) == 0;
}

bool IsDirectory(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool IsEmptyDirectory(const std::string& path) {
  DIR* d = opendir(path.c_str());
  if (!d) return false;
  bool empty = true;
  while (struct dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name != "." && name != "..") {
      empty = false;
      break;
    }
  }
  closedir(d);
  return empty;
}

std::string ParentOf(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : p.substr(0, slash);
}

std::string BaseOf(const std::string& path) {
  std::string p = path;
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? p : p.substr(slash + 1);
}

std::string StoreRelative(const std::string& sha256) {
  return "store/" + sha256.substr(0, 2) + "/" + sha256;
}

// A directory of the backup or of a restored archive: 0700 whatever the umask.
Status MakePrivateDir(const std::string& dir) {
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    return Status::IoError("无法创建目录 " + dir + "：" + SystemErrorText(errno));
  }
  if (chmod(dir.c_str(), 0700) != 0) {
    return Status::IoError("无法设置目录 " + dir + " 的权限：" + SystemErrorText(errno));
  }
  return Status::Ok();
}

std::string Hex(const unsigned char* bytes, unsigned n) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (unsigned i = 0; i < n; ++i) {
    out += kDigits[bytes[i] >> 4];
    out += kDigits[bytes[i] & 15];
  }
  return out;
}

// Reads `src` once: its SHA-256 and size, and, when `dst` is given, a copy written there with
// `mode`, flushed to disk unless `sync` is false (the caller flushes many at once: one flush per
// file made a 20,000-file backup several times slower). `display` names the file in messages.
Status DigestAndCopy(const std::string& src, const std::string& dst, mode_t mode,
                     const std::string& display, std::string* sha256, uint64_t* size,
                     bool sync = true) {
  int in = open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    return Status::IoError("无法读取 " + display + "：" + SystemErrorText(errno));
  }
  int out = -1;
  if (!dst.empty()) {
    unlink(dst.c_str());
    out = open(dst.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0) {
      int err = errno;
      close(in);
      return Status::IoError("无法写入 " + dst + "：" + SystemErrorText(err));
    }
  }
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::vector<char> buffer(1 << 20);
  uint64_t total = 0;
  Status st;
  while (st.ok()) {
    ssize_t n = read(in, buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      st = Status::IoError("无法读取 " + display + "：" + SystemErrorText(errno));
      break;
    }
    if (n == 0) break;
    EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(n));
    total += static_cast<uint64_t>(n);
    for (ssize_t done = 0; out >= 0 && done < n;) {
      ssize_t w = write(out, buffer.data() + done, static_cast<size_t>(n - done));
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        st = Status::IoError("无法写入 " + dst + "：" + SystemErrorText(errno));
        break;
      }
      done += w;
    }
  }
  close(in);
  if (out >= 0) {
    if (st.ok() && (fchmod(out, mode) != 0 || (sync && fsync(out) != 0))) {
      st = Status::IoError("无法写入 " + dst + "：" + SystemErrorText(errno));
    }
    close(out);
    if (!st.ok()) unlink(dst.c_str());
  }
  if (!st.ok()) return st;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  *sha256 = Hex(md, len);
  *size = total;
  return Status::Ok();
}

Status RenameInto(const std::string& from, const std::string& to) {
  if (rename(from.c_str(), to.c_str()) != 0) {
    int err = errno;
    unlink(from.c_str());
    return Status::IoError("无法写入 " + to + "：" + SystemErrorText(err));
  }
  return Status::Ok();
}

Json ManifestJson(const BackupManifest& m) {
  Json files = Json::array();
  for (const BackupFileEntry& f : m.files) {
    files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  }
  return Json{{"format", kBackupFormat}, {"format_version", 1},
              {"complete", m.complete},  {"全宗号", m.fonds},
              {"立档单位", m.company},   {"schema_version", m.schema_version},
              {"items", m.items},        {"taken_at", m.taken_at},
              {"source", m.source},      {"files", files}};
}

Status WriteManifest(const std::string& dest, const BackupManifest& m) {
  const std::string path = dest + "/" + kBackupManifest;
  const std::string tmp = path + ".new";
  std::string text = ManifestJson(m).dump(1, ' ', false, Json::error_handler_t::replace) + "\n";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("无法写入 " + tmp + "：" + SystemErrorText(errno));
  bool ok = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            fchmod(fd, 0600) == 0 && fsync(fd) == 0;
  int err = errno;
  close(fd);
  if (!ok) {
    unlink(tmp.c_str());
    return Status::IoError("无法写入 " + path + "：" + SystemErrorText(err));
  }
  DANGAN_RETURN_IF_ERROR(RenameInto(tmp, path));
  return archive::SyncDirectory(dest);
}

// A manifest path may only name a file inside the backup folder.
bool SafeRelativePath(const std::string& p) {
  if (p.empty() || p[0] == '/' || p.find('\0') != std::string::npos) return false;
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    std::string part = p.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

// The live catalogue copied into `tmp_path` in one read transaction, so that it is one moment of
// the catalogue however many filings commit meanwhile.
Status CopyCatalogue(const std::string& source, const std::string& tmp_path) {
  unlink(tmp_path.c_str());
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  auto close_both = [&] {
    sqlite3_close(src);
    sqlite3_close(dst);
  };
  if (sqlite3_open_v2(source.c_str(), &src, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    Status st = Status::IoError("无法打开目录数据库 " + source + "：" + sqlite3_errmsg(src));
    close_both();
    return st;
  }
  sqlite3_busy_timeout(src, 30000);
  if (sqlite3_open_v2(tmp_path.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    Status st = Status::IoError("无法创建 " + tmp_path + "：" + sqlite3_errmsg(dst));
    close_both();
    return st;
  }
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  if (!b) {
    Status st = Status::IoError("无法开始复制目录数据库：" + std::string(sqlite3_errmsg(dst)));
    close_both();
    return st;
  }
  int rc;
  // All pages in one step: a step of part of the pages would restart whenever a filing commits.
  for (int tries = 0;; ++tries) {
    rc = sqlite3_backup_step(b, -1);
    if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || tries > 600) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(b);
  if (rc != SQLITE_DONE) {
    Status st = Status::IoError("复制目录数据库失败：" + std::string(sqlite3_errstr(rc)));
    close_both();
    unlink(tmp_path.c_str());
    return st;
  }
  // The copy is one self-contained file: no write-ahead log beside it.
  sqlite3_exec(dst, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  close_both();
  if (chmod(tmp_path.c_str(), 0600) != 0) {
    return Status::IoError("无法设置 " + tmp_path + " 的权限：" + SystemErrorText(errno));
  }
  return archive::SyncAll({tmp_path}, false);
}

struct Referenced {
  uint64_t size = 0;
  std::string danghao;  // one item holding it, for messages
};

// What the copied catalogue says: schema version, items, and the store files it references.
// Items marked destroyed (schema version 11) hold no files any more.
Status ReadCopiedCatalogue(const std::string& path, BackupManifest* m,
                           std::map<std::string, Referenced>* files) {
  std::unique_ptr<Db> db;
  DANGAN_RETURN_IF_ERROR(Db::Open(path, false, &db));
  {
    Query q(*db, "PRAGMA user_version");
    if (!q.Step()) return q.status();
    m->schema_version = static_cast<int>(q.Int(0));
  }
  {
    Query q(*db, "SELECT count(*) FROM items");
    if (!q.Step()) return q.status();
    m->items = q.Int(0);
  }
  {
    Query q(*db, "SELECT key, value FROM config WHERE key IN ('fonds', 'company')");
    while (q.Step()) (q.Text(0) == "fonds" ? m->fonds : m->company) = q.Text(1);
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  bool has_destroyed = false;
  {
    Query q(*db, "SELECT count(*) FROM pragma_table_info('items') WHERE name = 'destroyed'");
    if (!q.Step()) return q.status();
    has_destroyed = q.Int(0) > 0;
  }
  {
    Query q(*db, std::string("SELECT f.sha256, f.size, i.danghao FROM files f JOIN items i ON "
                             "i.id = f.item_id") +
                     (has_destroyed ? " WHERE i.destroyed = 0" : ""));
    while (q.Step()) {
      Referenced& r = (*files)[q.Text(0)];
      r.size = static_cast<uint64_t>(q.Int(1));
      if (r.danghao.empty()) r.danghao = q.Text(2);
    }
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  db.reset();
  // Db::Open put the copy in WAL mode; back to one file.
  sqlite3* raw = nullptr;
  if (sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_exec(raw, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
  }
  sqlite3_close(raw);
  unlink((path + "-wal").c_str());
  unlink((path + "-shm").c_str());
  return Status::Ok();
}

// Everything under DEST/store that is not `keep`: files of items destroyed since the last backup
// and leftovers of an interrupted one.
void RemoveUnreferenced(const std::string& dest, const std::set<std::string>& keep,
                        BackupReport* report) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path store = fs::path(dest) / "store";
  if (!fs::is_directory(store, ec)) return;
  std::vector<fs::path> doomed, dirs;
  for (auto it = fs::recursive_directory_iterator(store, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory(ec)) {
      dirs.push_back(it->path());
      continue;
    }
    std::string rel = "store/" + fs::relative(it->path(), store, ec).generic_string();
    if (!keep.count(rel)) doomed.push_back(it->path());
  }
  for (const fs::path& p : doomed) {
    uint64_t bytes = fs::file_size(p, ec);
    if (ec) bytes = 0;
    if (fs::remove(p, ec)) {
      ++report->removed;
      report->bytes_removed += bytes;
    }
  }
  for (const fs::path& d : dirs) {
    if (fs::is_empty(d, ec)) fs::remove(d, ec);
  }
}

Status LogBackup(const std::string& archive_dir, const std::string& dest, const std::string& user,
                 const BackupReport& r) {
  std::unique_ptr<Db> db;
  DANGAN_RETURN_IF_ERROR(Db::Open(archive_dir + "/catalogue.sqlite", false, &db));
  archive::Transaction tx(*db);
  DANGAN_RETURN_IF_ERROR(tx.status());
  Json detail = {
      {"备份目录", dest},   {"件数", r.manifest.items}, {"taken_at", r.manifest.taken_at},
      {"copied", r.copied}, {"skipped", r.skipped},     {"removed", r.removed}};
  DANGAN_RETURN_IF_ERROR(
      archive::AppendAudit(*db, user.empty() ? "未署名用户" : user, "备份档案库", "",
                           detail.dump(-1, ' ', false, Json::error_handler_t::replace)));
  return tx.Commit();
}

}  // namespace

Status ReadBackupManifest(const std::string& dest, BackupManifest* out) {
  const std::string path = dest + "/" + kBackupManifest;
  std::string text;
  {
    FILE* f = fopen(path.c_str(), "rb");
    if (!f) {
      return Status::NotFound("目录 " + dest + " 不是 dangan 的备份（没有 " + kBackupManifest +
                              "）");
    }
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    fclose(f);
  }
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != kBackupFormat) {
    return Status::InvalidArgument("目录 " + dest + " 的 " + kBackupManifest +
                                   " 不是 dangan 的备份清单（无法读取或格式不符）");
  }
  BackupManifest m;
  try {
    m.complete = j.value("complete", false);
    m.fonds = j.value("全宗号", "");
    m.company = j.value("立档单位", "");
    m.schema_version = j.value("schema_version", 0);
    m.items = j.value("items", int64_t{0});
    m.taken_at = j.value("taken_at", "");
    m.source = j.value("source", "");
    for (const Json& f : j.at("files")) {
      BackupFileEntry e{f.at("path").get<std::string>(), f.at("size").get<uint64_t>(),
                        f.at("sha256").get<std::string>()};
      if (!SafeRelativePath(e.path) || e.sha256.size() != 64) {
        return Status::InvalidArgument("备份清单 " + path + " 中的文件「" + e.path +
                                       "」不合规（路径须在备份目录之内，并有 SHA-256）");
      }
      m.files.push_back(std::move(e));
    }
  } catch (const Json::exception&) {
    return Status::InvalidArgument("备份清单 " + path + " 缺少必需的项目或类型不符");
  }
  *out = std::move(m);
  return Status::Ok();
}

Status BackupArchive(const std::string& archive_dir, const std::string& dest,
                     const BackupOptions& options, BackupReport* report) {
  const std::string catalogue = archive_dir + "/catalogue.sqlite";
  if (!Exists(catalogue)) {
    return Status::NotFound("目录 " + archive_dir + " 不是档案（没有 catalogue.sqlite）");
  }
  if (dest.empty()) return Status::InvalidArgument("请给出备份目录");
  BackupManifest previous;
  bool have_previous = false;
  if (Exists(dest)) {
    if (!IsDirectory(dest)) {
      return Status::InvalidArgument("备份目录 " + dest + " 已存在且不是文件夹");
    }
    if (Exists(dest + "/" + kBackupManifest)) {
      DANGAN_RETURN_IF_ERROR(ReadBackupManifest(dest, &previous));
      have_previous = true;
    } else if (!IsEmptyDirectory(dest)) {
      return Status::InvalidArgument("目录 " + dest + " 不是 dangan 的备份（没有 " +
                                     kBackupManifest +
                                     "）且不是空目录：为免覆盖其中的文件，不能备份到这里");
    }
  }
  DANGAN_RETURN_IF_ERROR(MakePrivateDir(dest));
  if (!have_previous) {
    // Marks the folder as a backup from the first byte on, so that a first backup interrupted
    // half-way can be completed by the next one instead of being refused as a foreign folder.
    BackupManifest started;
    started.source = archive_dir;
    DANGAN_RETURN_IF_ERROR(WriteManifest(dest, started));
  }
  std::map<std::string, const BackupFileEntry*> known;
  for (const BackupFileEntry& f : previous.files) known[f.path] = &f;

  // Held shared, as by a filing, so that `gc` removes no store file while it is being copied.
  archive::StoreLock lock;
  DANGAN_RETURN_IF_ERROR(archive::StoreLock::ForFiling(archive_dir + "/store", &lock));

  BackupReport r;
  BackupManifest& m = r.manifest;
  m.source = archive_dir;
  m.taken_at = archive::NowIso();
  const std::string tmp_catalogue = dest + "/catalogue.sqlite.new";
  DANGAN_RETURN_IF_ERROR(CopyCatalogue(catalogue, tmp_catalogue));
  std::map<std::string, Referenced> referenced;
  Status st = ReadCopiedCatalogue(tmp_catalogue, &m, &referenced);
  if (!st.ok()) {
    unlink(tmp_catalogue.c_str());
    return st;
  }

  std::set<std::string> keep;
  std::set<std::string> dirs;
  // Copies waiting under their temporary names: flushed together, then renamed into place, so
  // that a name in the backup's store always means complete content.
  std::vector<std::pair<std::string, std::string>> pending;
  auto install = [&]() -> Status {
    std::vector<std::string> tmps;
    for (const auto& p : pending) tmps.push_back(p.first);
    Status s = archive::SyncAll(tmps, false);
    for (const auto& [tmp, target] : pending) {
      if (s.ok()) {
        s = RenameInto(tmp, target);
      } else {
        unlink(tmp.c_str());
      }
    }
    pending.clear();
    return s;
  };
  DANGAN_RETURN_IF_ERROR(MakePrivateDir(dest + "/store"));
  for (const auto& [sha, ref] : referenced) {
    const std::string rel = StoreRelative(sha);
    const std::string target = dest + "/" + rel;
    keep.insert(rel);
    m.files.push_back({rel, ref.size, sha});
    struct stat st_target;
    if (stat(target.c_str(), &st_target) == 0 &&
        static_cast<uint64_t>(st_target.st_size) == ref.size) {
      bool good = false;
      if (options.verify_existing) {
        std::string digest;
        uint64_t size = 0;
        good = DigestAndCopy(target, "", 0, target, &digest, &size).ok() && digest == sha;
      } else {
        auto it = known.find(rel);
        good = it != known.end() && it->second->sha256 == sha;
      }
      if (good) {
        ++r.skipped;
        r.bytes_skipped += ref.size;
        continue;
      }
    }
    const std::string dir = dest + "/store/" + sha.substr(0, 2);
    if (!dirs.count(dir)) {
      DANGAN_RETURN_IF_ERROR(MakePrivateDir(dir));
      dirs.insert(dir);
    }
    std::string digest;
    uint64_t size = 0;
    const std::string source = archive_dir + "/" + rel;
    const std::string tmp = target + ".tmp";
    st = DigestAndCopy(source, tmp, 0600, "档案 " + ref.danghao + " 的文件 " + rel, &digest, &size,
                       /*sync=*/false);
    if (st.ok() && digest != sha) {
      unlink(tmp.c_str());
      st = Status::Corruption("档案 " + ref.danghao + " 的文件 " + rel +
                              " 已损坏（内容与归档时的 SHA-256 不符），备份中止；请先运行 "
                              "dangan check");
    }
    if (st.ok()) {
      pending.emplace_back(tmp, target);
      if (pending.size() >= 256) st = install();
    }
    if (!st.ok()) {
      for (const auto& p : pending) unlink(p.first.c_str());
      unlink(tmp_catalogue.c_str());
      return st;
    }
    ++r.copied;
    r.bytes_copied += size;
  }
  st = install();
  if (!st.ok()) {
    unlink(tmp_catalogue.c_str());
    return st;
  }
  lock.Release();
  DANGAN_RETURN_IF_ERROR(
      archive::SyncAll(std::vector<std::string>(dirs.begin(), dirs.end()), true));

  // retention.txt is small: copied every time, so that a change to it is never missed.
  const std::string retention_tmp = dest + "/retention.txt.new";
  BackupFileEntry retention{"retention.txt", 0, ""};
  DANGAN_RETURN_IF_ERROR(DigestAndCopy(archive_dir + "/retention.txt", retention_tmp, 0600,
                                       "保管期限表 retention.txt", &retention.sha256,
                                       &retention.size));
  BackupFileEntry cat{"catalogue.sqlite", 0, ""};
  DANGAN_RETURN_IF_ERROR(
      DigestAndCopy(tmp_catalogue, "", 0, tmp_catalogue, &cat.sha256, &cat.size));
  DANGAN_RETURN_IF_ERROR(RenameInto(retention_tmp, dest + "/retention.txt"));
  DANGAN_RETURN_IF_ERROR(RenameInto(tmp_catalogue, dest + "/catalogue.sqlite"));
  m.files.insert(m.files.begin(), {cat, retention});
  m.complete = true;
  for (const BackupFileEntry& f : m.files) r.bytes_total += f.size;
  DANGAN_RETURN_IF_ERROR(WriteManifest(dest, m));
  // Only now, with the new manifest in place: a crash before it leaves the old backup whole.
  RemoveUnreferenced(dest, keep, &r);
  // The backup is done whatever happens to its record in the log: a refusal here would only
  // hide a good backup from the archivist.
  (void)LogBackup(archive_dir, dest, options.user, r);
  if (report) *report = std::move(r);
  return Status::Ok();
}

Status VerifyBackup(const std::string& backup_dir, BackupManifest* manifest) {
  BackupManifest m;
  DANGAN_RETURN_IF_ERROR(ReadBackupManifest(backup_dir, &m));
  if (!m.complete) {
    return Status::InvalidArgument("备份 " + backup_dir +
                                   " 没有完成（上次备份中断），不能恢复；请重新运行 dangan backup");
  }
  bool has_catalogue = false, has_retention = false;
  for (const BackupFileEntry& f : m.files) {
    has_catalogue |= f.path == "catalogue.sqlite";
    has_retention |= f.path == "retention.txt";
  }
  if (!has_catalogue || !has_retention) {
    return Status::InvalidArgument("备份清单 " + backup_dir + "/" + kBackupManifest +
                                   " 缺少 catalogue.sqlite 或 retention.txt");
  }
  for (const BackupFileEntry& f : m.files) {
    const std::string path = backup_dir + "/" + f.path;
    if (!Exists(path)) {
      return Status::Corruption("备份文件 " + f.path + " 缺失（" + backup_dir +
                                "），备份已不完整，不能恢复");
    }
    std::string digest;
    uint64_t size = 0;
    DANGAN_RETURN_IF_ERROR(DigestAndCopy(path, "", 0, "备份文件 " + f.path, &digest, &size));
    if (digest != f.sha256 || size != f.size) {
      return Status::Corruption("备份文件 " + f.path + " 已损坏（大小或 SHA-256 与备份清单不符，" +
                                backup_dir + "），不能恢复");
    }
  }
  if (manifest) *manifest = std::move(m);
  return Status::Ok();
}

Status RestoreArchive(const std::string& backup_dir, const std::string& new_dir,
                      const std::string& user, RestoreReport* report) {
  if (new_dir.empty()) return Status::InvalidArgument("请用 --archive 给出恢复到的新档案目录");
  if (Exists(new_dir)) {
    return Status::InvalidArgument("目标 " + new_dir +
                                   " 已存在：恢复只写入一个尚不存在的新目录，不覆盖任何已有内容");
  }
  const std::string parent = ParentOf(new_dir);
  if (!IsDirectory(parent)) {
    return Status::NotFound("目标 " + new_dir + " 的上级目录 " + parent + " 不存在");
  }
  RestoreReport r;
  DANGAN_RETURN_IF_ERROR(VerifyBackup(backup_dir, &r.manifest));

  const std::string tmp =
      parent + "/." + BaseOf(new_dir) + ".restoring-" + std::to_string(getpid());
  std::error_code ec;
  std::filesystem::remove_all(tmp, ec);
  auto fail = [&](Status s) {
    std::filesystem::remove_all(tmp, ec);
    return s;
  };
  Status st = MakePrivateDir(tmp);
  if (st.ok()) st = MakePrivateDir(tmp + "/store");
  if (st.ok()) st = MakePrivateDir(tmp + "/store/tmp");
  if (!st.ok()) return fail(st);
  std::set<std::string> dirs = {tmp, tmp + "/store"};
  std::vector<std::string> files;
  for (const BackupFileEntry& f : r.manifest.files) {
    const std::string target = tmp + "/" + f.path;
    const std::string dir = ParentOf(target);
    if (!dirs.count(dir)) {
      st = MakePrivateDir(dir);
      if (!st.ok()) return fail(st);
      dirs.insert(dir);
    }
    const bool stored = f.path.rfind("store/", 0) == 0;
    std::string digest;
    uint64_t size = 0;
    // Digested again while copying: the file may have changed since it was verified.
    st = DigestAndCopy(backup_dir + "/" + f.path, target, stored ? 0400 : 0600,
                       "备份文件 " + f.path, &digest, &size, /*sync=*/false);
    if (st.ok() && (digest != f.sha256 || size != f.size)) {
      st = Status::Corruption("备份文件 " + f.path + " 在恢复过程中发生变化，不能恢复");
    }
    if (!st.ok()) return fail(st);
    files.push_back(target);
    ++r.files;
    r.bytes += size;
  }
  // Everything on disk before the archive gets its name.
  st = archive::SyncAll(files, false);
  if (st.ok()) st = archive::SyncAll(std::vector<std::string>(dirs.begin(), dirs.end()), true);
  if (!st.ok()) return fail(st);
  {
    // The restored catalogue records where it came from, in its own audit chain.
    std::unique_ptr<Db> db;
    st = Db::Open(tmp + "/catalogue.sqlite", false, &db);
    if (st.ok()) {
      archive::Transaction tx(*db);
      st = tx.status();
      Json detail = {
          {"备份目录", backup_dir}, {"taken_at", r.manifest.taken_at}, {"件数", r.manifest.items}};
      if (st.ok()) {
        st = archive::AppendAudit(*db, user.empty() ? "未署名用户" : user, "从备份恢复", "",
                                  detail.dump(-1, ' ', false, Json::error_handler_t::replace));
      }
      if (st.ok()) st = tx.Commit();
    }
    if (!st.ok()) return fail(st);
  }
  if (chmod((tmp + "/catalogue.sqlite").c_str(), 0600) != 0) {
    return fail(Status::IoError("无法设置恢复的目录数据库的权限：" + SystemErrorText(errno)));
  }
  if (renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, new_dir.c_str(), RENAME_NOREPLACE) != 0) {
    int err = errno;
    if (err == EEXIST || err == ENOTEMPTY) {
      return fail(Status::InvalidArgument("目标 " + new_dir + " 在恢复过程中被创建，恢复已放弃"));
    }
    return fail(Status::IoError("无法把恢复的档案移到 " + new_dir + "：" + SystemErrorText(err)));
  }
  (void)archive::SyncDirectory(parent);
  if (report) *report = std::move(r);
  return Status::Ok();
}

}  // namespace dangan
