// Replaying the audit log: the 归档 entry of each item gives its first values, and every later
// entry that changes an item (修改著录, 调整保管期限, 冻结, 解除冻结, 增加文件, 销毁) applies its change,
// in log order. What comes out is the catalogue as the program left it; `check` compares it with
// the catalogue as it is, so an edit made behind the program's back (the sqlite3 shell) is named
// by item and field even when it was made consistently.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "dangan/archive/archive.h"
#include "sqlite_db.h"

namespace dangan::archive {

// One row of the files table, as `check` reads it.
struct CatalogueFile {
  int64_t id = 0, item_id = 0;
  std::string name, role, media_type, sha256, sm3;
  uint64_t size = 0;
  int pages = 0;
};

// A file as the log recorded it. A value the entry did not carry (logs written before every
// field was recorded) is unset and not compared.
struct LoggedFile {
  std::optional<std::string> name, role, media_type, sha256, sm3;
  std::optional<uint64_t> size;
  std::optional<int> pages;
};

// An item's catalogue fields as the log tells them, as text (numbers in decimal, 冻结 "0"/"1"),
// indexed like ItemFields(); unset where no entry carried the field.
struct LoggedItem {
  std::vector<std::optional<std::string>> fields;
  std::map<int64_t, LoggedFile> files;  // by file id
  int64_t filed_entry = 0;              // id of its 归档 entry
};

using LoggedCatalogue = std::map<std::string, LoggedItem>;  // by 档号, in order for the report

struct ItemField {
  const char* column;  // in the items table and in the 归档 entry
  const char* name;    // as the clerk says it
};

// Every catalogue field of an item the log records (the 档号 is the entry's own).
const std::vector<ItemField>& ItemFields();

// Reads the log once, oldest entry first. An entry that cannot be read, or that changes an item
// filed nowhere before it, is a problem; the rest of the log is still replayed.
Status ReplayAuditLog(Db& db, LoggedCatalogue* out, std::vector<CheckProblem>* problems);

// Compares every item row and every file row with the replayed log: one problem per field that
// differs, and items or files only one of the two knows. `files` are all rows of the files table.
// Items in `pages_named` already have their 页数 named as a problem (it disagrees with their
// files): it is not named a second time.
Status CompareWithLog(Db& db, const LoggedCatalogue& logged,
                      const std::map<int64_t, CatalogueFile>& files,
                      const std::unordered_set<std::string>& pages_named,
                      std::vector<CheckProblem>* problems);

}  // namespace dangan::archive
