// A thin SQLite wrapper: one connection, statements prepared once and reused (filing thousands
// of items spends most of its SQL time preparing otherwise), errors turned into Chinese Status.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "dangan/base/status.h"

namespace dangan::archive {

class Db {
 public:
  // Opens `path` (creating it only if `create`), with WAL, foreign keys and a busy timeout long
  // enough for several processes filing at once.
  // When the disk is full and the WAL index cannot be grown, the catalogue is opened in
  // exclusive locking mode instead (no -shm file needed), so that reading still works.
  static Status Open(const std::string& path, bool create, std::unique_ptr<Db>* out);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  sqlite3* handle() const { return db_; }
  const std::string& path() const { return path_; }
  // Runs one or more statements without results.
  Status Exec(const std::string& sql);
  // The cached prepared statement for `sql`, reset; null with `*st` set on error.
  sqlite3_stmt* Prepare(const std::string& sql, Status* st);
  // Turns the connection's last error into a Status; `what` says what was being done.
  Status Error(const std::string& what) const;

 private:
  Db() = default;
  static Status OpenWith(const std::string& path, bool create, bool without_shared_memory,
                         std::unique_ptr<Db>* out, bool* shm_failed);
  sqlite3* db_ = nullptr;
  std::string path_;
  std::unordered_map<std::string, sqlite3_stmt*> stmts_;
};

// One use of a cached statement: bind in order with Add, then Step (rows) or Run (no rows).
// The statement is reset when the Query ends, so it never holds a read transaction open.
class Query {
 public:
  Query(Db& db, const std::string& sql);
  ~Query();
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;

  Query& Add(const std::string& v);
  Query& Add(const char* v) { return Add(std::string(v)); }
  Query& Add(int64_t v);
  Query& Add(int v) { return Add(static_cast<int64_t>(v)); }

  // True when a row is ready; false at the end or on error (see status()).
  bool Step();
  // Steps to the end; for statements without rows.
  Status Run();
  const Status& status() const { return status_; }

  std::string Text(int col) const;
  int64_t Int(int col) const;
  bool IsNull(int col) const;

 private:
  Db& db_;
  sqlite3_stmt* stmt_ = nullptr;
  Status status_;
  int next_ = 1;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so the read of the next 件号
// and the insert cannot interleave with another process); rolls back unless committed. Inside
// an open transaction (Archive::BeginImport) it is a SAVEPOINT instead: Commit releases it into
// the outer transaction, the destructor rolls back to it.
class Transaction {
 public:
  explicit Transaction(Db& db);
  ~Transaction();
  const Status& status() const { return status_; }
  Status Commit();

 private:
  Db& db_;
  Status status_;
  bool open_ = false;
  bool nested_ = false;
};

}  // namespace dangan::archive
