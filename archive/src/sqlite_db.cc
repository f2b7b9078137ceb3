#include "sqlite_db.h"

#include <sys/statvfs.h>

#include <algorithm>

#include "dangan/search/tokenizer.h"

namespace dangan::archive {
namespace {

// Long enough to wait out another process's filing (milliseconds per item), short enough that a
// clerk is told something when a process hangs holding the lock.
constexpr int kBusyTimeoutMs = 15000;

// The WAL index (catalogue.sqlite-shm) could not be made or grown: on a full disk a connection
// truncates it to a few bytes and then cannot extend it again.
bool IsSharedMemoryError(sqlite3* db) {
  switch (sqlite3_extended_errcode(db)) {
    case SQLITE_IOERR_SHMOPEN:
    case SQLITE_IOERR_SHMSIZE:
    case SQLITE_IOERR_SHMMAP:
    case SQLITE_IOERR_SHMLOCK:
      return true;
    default:
      return false;
  }
}

// Bytes free for this process on the file system holding `path`; -1 if unknown.
int64_t FreeBytesNear(const std::string& path) {
  struct statvfs fs;
  if (statvfs(path.c_str(), &fs) != 0) return -1;
  return static_cast<int64_t>(fs.f_bavail) * static_cast<int64_t>(fs.f_frsize);
}

// Less than this free is a full disk for the catalogue: SQLite grows its files in pages of up
// to 64 KB and the WAL index in 32 KB blocks.
constexpr int64_t kDiskFullBytes = 64 * 1024;

}  // namespace

Status Db::Open(const std::string& path, bool create, std::unique_ptr<Db>* out) {
  bool shm_failed = false;
  Status st = OpenWith(path, create, /*without_shared_memory=*/false, out, &shm_failed);
  if (st.ok() || !shm_failed) return st;
  // Reading must not need free space: with exclusive locking SQLite keeps the WAL index in
  // this process's memory and never touches the -shm file. Other processes wait meanwhile,
  // which costs little since nobody can write to a full disk anyway.
  return OpenWith(path, create, /*without_shared_memory=*/true, out, &shm_failed);
}

Status Db::OpenWith(const std::string& path, bool create, bool without_shared_memory,
                    std::unique_ptr<Db>* out, bool* shm_failed) {
  *shm_failed = false;
  std::unique_ptr<Db> db(new Db());
  db->path_ = path;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db->db_, flags, nullptr) != SQLITE_OK) {
    return db->Error("打开目录数据库");
  }
  sqlite3_busy_timeout(db->db_, kBusyTimeoutMs);
  // The full-text index uses it: without it on this connection, no filing could be indexed.
  DANGAN_RETURN_IF_ERROR(RegisterChineseTokenizer(db->db_));
  // Must come before the first read to keep SQLite off the -shm file (see Open).
  if (without_shared_memory) DANGAN_RETURN_IF_ERROR(db->Exec("PRAGMA locking_mode=EXCLUSIVE"));
  // WAL lets readers go on while one process files; NORMAL sync is durable against a killed
  // process (the WAL is synced at checkpoints), and store files are fsync'd separately.
  Status st =
      db->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
  if (!st.ok()) {
    *shm_failed = IsSharedMemoryError(db->db_);
    return st;
  }
  *out = std::move(db);
  return Status::Ok();
}

Db::~Db() {
  for (auto& entry : stmts_) sqlite3_finalize(entry.second);
  if (db_) sqlite3_close(db_);
}

Status Db::Exec(const std::string& sql) {
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Error("执行目录数据库语句");
  }
  return Status::Ok();
}

sqlite3_stmt* Db::Prepare(const std::string& sql, Status* st) {
  auto it = stmts_.find(sql);
  if (it != stmts_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
      SQLITE_OK) {
    *st = Error("准备目录数据库语句");
    return nullptr;
  }
  stmts_.emplace(sql, stmt);
  return stmt;
}

Status Db::Error(const std::string& what) const {
  int code = db_ ? sqlite3_errcode(db_) & 0xff : SQLITE_CANTOPEN;
  std::string detail = db_ ? sqlite3_errmsg(db_) : "无法分配连接";
  std::string where = "目录数据库 " + path_;
  // SQLite reports a failed write as a generic I/O error when the disk filled under it (the
  // WAL index, a journal page): say what the clerk can act on.
  if (code == SQLITE_IOERR || code == SQLITE_FULL) {
    const int64_t free_bytes = FreeBytesNear(path_);
    if (code == SQLITE_FULL || (free_bytes >= 0 && free_bytes < kDiskFullBytes)) {
      return Status::IoError(what + "失败：磁盘空间已满（" + where + " 所在磁盘剩余 " +
                             std::to_string(std::max<int64_t>(free_bytes, 0)) +
                             " 字节），请先释放磁盘空间（dangan gc 可清理中断的归档留下的文件）");
    }
  }
  switch (code) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::IoError(what + "失败：" + where +
                             " 正被其他程序占用，等待 15 秒后仍未释放，请稍后再试");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(what + "失败：" + where + " 已损坏或不是目录数据库（" + detail +
                                "）");
    case SQLITE_CANTOPEN:
      return Status::IoError(what + "失败：无法打开 " + where + "（" + detail + "）");
    case SQLITE_READONLY:
      return Status::IoError(what + "失败：" + where + " 只读，不能写入");
    case SQLITE_CONSTRAINT:
      return Status::InvalidArgument(what + "失败：违反目录约束（" + detail + "）");
    default:
      return Status::IoError(what + "失败：" + where + " 出错（" + detail + "）");
  }
}

Query::Query(Db& db, const std::string& sql) : db_(db) { stmt_ = db.Prepare(sql, &status_); }

Query::~Query() {
  if (!stmt_) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Query& Query::Add(const std::string& v) {
  if (stmt_)
    sqlite3_bind_text(stmt_, next_++, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Query& Query::Add(int64_t v) {
  if (stmt_) sqlite3_bind_int64(stmt_, next_++, v);
  return *this;
}

bool Query::Step() {
  if (!status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = db_.Error("读写目录数据库");
  return false;
}

Status Query::Run() {
  while (Step()) {
  }
  return status_;
}

std::string Query::Text(int col) const {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return std::string();
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, col));
}

int64_t Query::Int(int col) const { return sqlite3_column_int64(stmt_, col); }

bool Query::IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Transaction::Transaction(Db& db) : db_(db) {
  nested_ = sqlite3_get_autocommit(db_.handle()) == 0;
  status_ = db_.Exec(nested_ ? "SAVEPOINT dangan_write" : "BEGIN IMMEDIATE");
  open_ = status_.ok();
}

Transaction::~Transaction() {
  if (!open_) return;
  const char* undo = nested_ ? "ROLLBACK TO dangan_write; RELEASE dangan_write" : "ROLLBACK";
  sqlite3_exec(db_.handle(), undo, nullptr, nullptr, nullptr);
}

Status Transaction::Commit() {
  DANGAN_RETURN_IF_ERROR(db_.Exec(nested_ ? "RELEASE dangan_write" : "COMMIT"));
  open_ = false;
  return Status::Ok();
}

}  // namespace dangan::archive
