// Entry point of libdangan_fts5.so, the tokenizer as a loadable SQLite extension. SQLite
// derives the entry point's name from the file name (libdangan_fts5 → sqlite3_danganfts_init).
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "tokenize.h"

namespace {

// The same lookup as in register.cc, written again on purpose: here sqlite3ext.h turns every
// sqlite3_* call into a call through the host's API table, which the library build must not do.
fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

int Init(sqlite3* db, char** error, const sqlite3_api_routines* routines) {
  SQLITE_EXTENSION_INIT2(routines);
  fts5_api* api = GetFts5Api(db);
  if (api == nullptr) {
    if (error) *error = sqlite3_mprintf("dangan: 此 SQLite 不支持 FTS5");
    return SQLITE_ERROR;
  }
  int rc = dangan::search::internal::AddTokenizer(api);
  if (rc != SQLITE_OK && error) *error = sqlite3_mprintf("dangan: 注册中文分词器失败");
  return rc;
}

}  // namespace

extern "C" {

__attribute__((visibility("default"))) int sqlite3_danganfts_init(
    sqlite3* db, char** error, const sqlite3_api_routines* routines) {
  return Init(db, error, routines);
}

// The generic name, for loaders given an explicit file without an entry point.
__attribute__((visibility("default"))) int sqlite3_extension_init(
    sqlite3* db, char** error, const sqlite3_api_routines* routines) {
  return Init(db, error, routines);
}
}
