#include "dangan/search/bulk_index.h"

#include <sqlite3.h>

#include <string>

namespace dangan::search {
namespace {

// FTS5's own defaults (fts5_config.c, SQLite 3.40).
constexpr int kDefaultHashSize = 1024 * 1024;
constexpr int kDefaultAutomerge = 4;
constexpr int kDefaultCrisisMerge = 16;

constexpr int kBulkHashSize = 64 * 1024 * 1024;
// FTS5 keeps at most 2,000 segments and clamps crisismerge below that; at 64 MB a segment this
// is never reached.
constexpr int kBulkCrisisMerge = 1999;

std::string Quoted(std::string_view name) {
  std::string q = "\"";
  for (char c : name) {
    q += c;
    if (c == '"') q += '"';
  }
  return q + '"';
}

Status Run(sqlite3* db, std::string_view table, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return Status::Ok();
  std::string message = "全文索引 " + std::string(table) + " 批量写入失败：" + (err ? err : "?");
  sqlite3_free(err);
  return Status::IoError(message);
}

Status SetOption(sqlite3* db, std::string_view table, const char* key, int value) {
  const std::string t = Quoted(table);
  return Run(db, table,
             "INSERT INTO " + t + " (" + t + ", rank) VALUES ('" + key + "', " +
                 std::to_string(value) + ")");
}

}  // namespace

Status BeginBulkIndexing(sqlite3* db, std::string_view fts_table) {
  DANGAN_RETURN_IF_ERROR(SetOption(db, fts_table, "hashsize", kBulkHashSize));
  DANGAN_RETURN_IF_ERROR(SetOption(db, fts_table, "automerge", 0));
  return SetOption(db, fts_table, "crisismerge", kBulkCrisisMerge);
}

Status EndBulkIndexing(sqlite3* db, std::string_view fts_table) {
  const std::string t = Quoted(fts_table);
  DANGAN_RETURN_IF_ERROR(
      Run(db, fts_table, "INSERT INTO " + t + " (" + t + ") VALUES ('optimize')"));
  DANGAN_RETURN_IF_ERROR(SetOption(db, fts_table, "hashsize", kDefaultHashSize));
  DANGAN_RETURN_IF_ERROR(SetOption(db, fts_table, "automerge", kDefaultAutomerge));
  return SetOption(db, fts_table, "crisismerge", kDefaultCrisisMerge);
}

}  // namespace dangan::search
