#include "schema.h"

#include <iterator>
#include <string>
#include <vector>

namespace dangan::archive {
namespace {

struct ColumnToAdd {
  const char* name;
  const char* declaration;
};

struct Migration {
  int version;
  const char* sql;
  std::vector<ColumnToAdd> item_columns = {};  // added to items before `sql` runs
};

// Version 1: items (件), their files, the audit log, the archive's settings.
// Triggers keep what must never change from being changed by mistake (a 档号, a file's digests,
// an audit entry); someone editing the file directly can drop them, which `check` and
// `audit verify` are there to catch.
const char kV1[] = R"sql(
CREATE TABLE config (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  danghao TEXT NOT NULL UNIQUE,
  class_key TEXT NOT NULL,          -- the 档号 with {件号} open; '' for a legacy 档号 off-pattern
  piece INTEGER NOT NULL,           -- 件号; 0 for a legacy 档号 off-pattern
  fonds TEXT NOT NULL, category TEXT NOT NULL, year INTEGER NOT NULL,
  retention TEXT NOT NULL,          -- current period (may be lengthened; the 档号 keeps the first)
  department TEXT NOT NULL,
  title TEXT NOT NULL, responsible TEXT NOT NULL, doc_ref TEXT NOT NULL, date TEXT NOT NULL,
  secrecy TEXT NOT NULL, notes TEXT NOT NULL,
  pages INTEGER NOT NULL,           -- 页数: sum of the pages of the item's original files
  source TEXT NOT NULL, template_id TEXT NOT NULL, doc_number TEXT NOT NULL,
  filed_at TEXT NOT NULL, filed_by TEXT NOT NULL);
CREATE UNIQUE INDEX items_class_piece ON items(class_key, piece) WHERE piece > 0;
CREATE INDEX items_year ON items(year, category);
CREATE TABLE files (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  role TEXT NOT NULL CHECK (role IN ('原件', '签字扫描件', '附件')),
  name TEXT NOT NULL, size INTEGER NOT NULL, media_type TEXT NOT NULL,
  sha256 TEXT NOT NULL, sm3 TEXT NOT NULL,
  pages INTEGER NOT NULL, text TEXT NOT NULL, added_at TEXT NOT NULL);
CREATE INDEX files_item ON files(item_id);
CREATE INDEX files_sha256 ON files(sha256);
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, danghao TEXT NOT NULL,
  detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE INDEX audit_danghao ON audit_log(danghao);
CREATE TRIGGER items_keep_danghao BEFORE UPDATE OF danghao, class_key, piece ON items
  BEGIN SELECT RAISE(ABORT, '档号一经给定不能更改'); END;
CREATE TRIGGER items_no_delete BEFORE DELETE ON items
  BEGIN SELECT RAISE(ABORT, '目录中的件不能删除'); END;
CREATE TRIGGER files_keep_content BEFORE UPDATE OF sha256, sm3, size ON files
  BEGIN SELECT RAISE(ABORT, '已归档文件的摘要不能更改'); END;
CREATE TRIGGER files_no_delete BEFORE DELETE ON files
  BEGIN SELECT RAISE(ABORT, '已归档文件不能删除'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, '审计日志只能追加'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, '审计日志只能追加'); END;
)sql";

// Version 2: holds (冻结) block destruction; generated forms are looked up by their number
// when their signed scan comes back.
const char kV2[] = R"sql(
ALTER TABLE items ADD COLUMN hold INTEGER NOT NULL DEFAULT 0;
ALTER TABLE items ADD COLUMN hold_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX items_doc_number ON items(doc_number) WHERE doc_number <> '';
)sql";

// Version 3: the full-text index (dangan's Chinese FTS5 tokenizer, see dangan/tokenizer.h).
// It reads its text from the view item_text (external content), so the text is stored once,
// in items and files. Filing indexes each new item once its files are in, and adding files
// re-indexes the item, both in the filing transaction (index.cc); the triggers here cover
// changes of the indexed fields, also when made from the sqlite3 shell with the extension
// loaded. An external-content index must be told the old values of a row it drops, hence the
// BEFORE trigger. The body is the text of every file of the item, separated by form feeds (a
// break for the tokenizer: no phrase runs from one file into the next).
const char kV3[] = R"sql(
CREATE VIEW item_text AS
  SELECT items.id AS id, items.title AS title, items.responsible AS people,
         items.doc_ref AS doc_ref,
         coalesce((SELECT group_concat(files.text, char(12)) FROM files
                   WHERE files.item_id = items.id AND files.text <> ''), '') AS body,
         items.notes AS notes
  FROM items;
CREATE VIRTUAL TABLE item_index USING fts5(title, people, doc_ref, body, notes,
  content='item_text', content_rowid='id', tokenize='dangan');
CREATE TRIGGER item_index_before_edit BEFORE UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(item_index, rowid, title, people, doc_ref, body, notes)
    SELECT 'delete', id, title, people, doc_ref, body, notes FROM item_text WHERE id = old.id;
END;
CREATE TRIGGER item_index_after_edit AFTER UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(rowid, title, people, doc_ref, body, notes)
    SELECT id, title, people, doc_ref, body, notes FROM item_text WHERE id = new.id;
END;
INSERT INTO item_index(item_index) VALUES ('rebuild');
)sql";

// Version 4: rows of registers imported from legacy spreadsheets, per template and 序号, so that
// a register can be generated (and filed) from them later. Like items, imported rows are records:
// never changed or deleted; a row changed in the source since is reported by the import, and the
// stored row stays. content_hash (SHA-256 of the values) tells a row imported again from one
// changed since.
const char kV4[] = R"sql(
CREATE TABLE register_rows (
  id INTEGER PRIMARY KEY,
  template_id TEXT NOT NULL,
  row_no INTEGER NOT NULL CHECK (row_no > 0),   -- 序号
  values_json TEXT NOT NULL,                    -- {"用印日期": "2024-03-05", …}, 序号 not included
  content_hash TEXT NOT NULL,
  source TEXT NOT NULL,                         -- file and row it came from
  imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,
  UNIQUE (template_id, row_no));
CREATE INDEX register_rows_hash ON register_rows(template_id, content_hash);
CREATE TRIGGER register_rows_no_update BEFORE UPDATE ON register_rows
  BEGIN SELECT RAISE(ABORT, '已导入的登记表行不能更改'); END;
CREATE TRIGGER register_rows_no_delete BEFORE DELETE ON register_rows
  BEGIN SELECT RAISE(ABORT, '已导入的登记表行不能删除'); END;
)sql";

// Version 5: the index gets a sixth column, pinyin: the title and the people once more, behind
// the tokenizer's pinyin marker (U+E000 U+E001, dangan/tokenizer.h), which makes the tokenizer
// index every reading and initial of their characters, so 张三 is found by zhangsan and zs. The
// tokenizer now also indexes bigrams, so the index is rebuilt.
const char kV5[] = R"sql(
DROP TRIGGER item_index_before_edit;
DROP TRIGGER item_index_after_edit;
DROP TABLE item_index;
DROP VIEW item_text;
CREATE VIEW item_text AS
  SELECT items.id AS id, items.title AS title, items.responsible AS people,
         items.doc_ref AS doc_ref,
         coalesce((SELECT group_concat(files.text, char(12)) FROM files
                   WHERE files.item_id = items.id AND files.text <> ''), '') AS body,
         items.notes AS notes,
         char(57344, 57345) || items.title || char(12) || items.responsible AS pinyin
  FROM items;
CREATE VIRTUAL TABLE item_index USING fts5(title, people, doc_ref, body, notes, pinyin,
  content='item_text', content_rowid='id', tokenize='dangan');
CREATE TRIGGER item_index_before_edit BEFORE UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(item_index, rowid, title, people, doc_ref, body, notes, pinyin)
    SELECT 'delete', id, title, people, doc_ref, body, notes, pinyin FROM item_text
    WHERE id = old.id;
END;
CREATE TRIGGER item_index_after_edit AFTER UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(rowid, title, people, doc_ref, body, notes, pinyin)
    SELECT id, title, people, doc_ref, body, notes, pinyin FROM item_text WHERE id = new.id;
END;
INSERT INTO item_index(item_index) VALUES ('rebuild');
)sql";

// Version 6: register rows get a volume (册). Paper registers are kept in volumes, most often one
// a year, and many restart their 序号 with each: 用印登记表 2019 and 2020 both have a row 1. The
// rows imported before are in the volume '' (no volume). SQLite cannot change a UNIQUE
// constraint in place, so the table is copied (its triggers go with the old one).
const char kV6[] = R"sql(
CREATE TABLE register_rows_v6 (
  id INTEGER PRIMARY KEY,
  template_id TEXT NOT NULL,
  volume TEXT NOT NULL DEFAULT '',              -- 册: "2019", "第2册"; '' = none given
  row_no INTEGER NOT NULL CHECK (row_no > 0),   -- 序号, within the volume
  values_json TEXT NOT NULL,
  content_hash TEXT NOT NULL,
  source TEXT NOT NULL,
  imported_at TEXT NOT NULL, imported_by TEXT NOT NULL,
  UNIQUE (template_id, volume, row_no));
INSERT INTO register_rows_v6 (id, template_id, volume, row_no, values_json, content_hash, source,
                              imported_at, imported_by)
  SELECT id, template_id, '', row_no, values_json, content_hash, source, imported_at, imported_by
  FROM register_rows;
DROP TABLE register_rows;
ALTER TABLE register_rows_v6 RENAME TO register_rows;
CREATE INDEX register_rows_hash ON register_rows(template_id, volume, content_hash);
CREATE TRIGGER register_rows_no_update BEFORE UPDATE ON register_rows
  BEGIN SELECT RAISE(ABORT, '已导入的登记表行不能更改'); END;
CREATE TRIGGER register_rows_no_delete BEFORE DELETE ON register_rows
  BEGIN SELECT RAISE(ABORT, '已导入的登记表行不能删除'); END;
)sql";

// Version 7: items imported from a legacy catalogue keep the row's import key (ImportKeyOf in
// archive.h), by which an import of a row without 档号 finds them again: a row that had none got
// its 档号 here, so the 档号 cannot.
const char kV7[] = R"sql(
ALTER TABLE items ADD COLUMN import_key TEXT NOT NULL DEFAULT '';
CREATE INDEX items_import_key ON items(import_key) WHERE import_key <> '';
)sql";

// Version 8: the tokenizer joins a phrase across a line break where a line of Chinese text was
// wrapped (管理制\n度 is 管理制度) and indexes the parts of words of letters and digits (3571 in
// HT20243571), both described in dangan/search/tokenizer.h, so the index is rebuilt from the
// text. It gets prefix indexes of 4 and 5 characters: a part of 3 or 4 characters is looked up
// as a prefix behind its 1-character marker, and without them FTS5 would merge the posting
// lists of every part that starts so (one per contract number: 201 → 2019xxxx, 2018xxxx …).
const char kV8[] = R"sql(
DROP TRIGGER item_index_before_edit;
DROP TRIGGER item_index_after_edit;
DROP TABLE item_index;
CREATE VIRTUAL TABLE item_index USING fts5(title, people, doc_ref, body, notes, pinyin,
  content='item_text', content_rowid='id', tokenize='dangan', prefix='4 5');
CREATE TRIGGER item_index_before_edit BEFORE UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(item_index, rowid, title, people, doc_ref, body, notes, pinyin)
    SELECT 'delete', id, title, people, doc_ref, body, notes, pinyin FROM item_text
    WHERE id = old.id;
END;
CREATE TRIGGER item_index_after_edit AFTER UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(rowid, title, people, doc_ref, body, notes, pinyin)
    SELECT id, title, people, doc_ref, body, notes, pinyin FROM item_text WHERE id = new.id;
END;
INSERT INTO item_index(item_index) VALUES ('rebuild');
)sql";

// Version 9: accounts and their sign-in sessions (dangan/accounts). Only the SHA-256 of a session
// token is kept, so a copy of the catalogue signs nobody in; times are Unix seconds. IF NOT
// EXISTS because a catalogue set back to an older user_version (tests of older migrations) keeps
// these tables.
constexpr const char* kV9 = R"sql(
CREATE TABLE IF NOT EXISTS accounts (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  clearance TEXT NOT NULL,
  dept TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  failures INTEGER NOT NULL DEFAULT 0,
  first_failure_at INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
  token_sha256 TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account_id);
)sql";

// Version 10: the clerk's desk. Register rows typed one at a time may void an earlier row
// (a correction, never an edit: register_voids, beside the rows, which stay as they were); a volume
// is closed once printed and filed; drafts of forms and the forms each account used recently. IF
// NOT EXISTS as for version 9.
constexpr const char* kV10 = R"sql(
CREATE TABLE IF NOT EXISTS register_voids (
  template_id TEXT NOT NULL,
  volume TEXT NOT NULL,
  row_no INTEGER NOT NULL,     -- the row voided
  by_row_no INTEGER NOT NULL,  -- the correction that voids it
  reason TEXT NOT NULL,
  PRIMARY KEY (template_id, volume, row_no)
);
CREATE TABLE IF NOT EXISTS register_volumes (
  template_id TEXT NOT NULL,
  volume TEXT NOT NULL,
  closed_at TEXT NOT NULL,
  closed_by TEXT NOT NULL,
  danghao TEXT NOT NULL,
  PRIMARY KEY (template_id, volume)
);
CREATE TABLE IF NOT EXISTS drafts (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL,
  template_id TEXT NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  values_json TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS drafts_by_account ON drafts(account, updated_at);
CREATE TABLE IF NOT EXISTS form_uses (
  account TEXT NOT NULL,
  template_id TEXT NOT NULL,
  used_at INTEGER NOT NULL,
  PRIMARY KEY (account, template_id)
);
)sql";

// Version 11: appraisal and destruction (鉴定与销毁, issue 16). A destroyed item stays in the
// catalogue (metadata, digests, the 销毁清册's 档号 and the date) but leaves the index: the view
// the index reads from leaves it out, so `reindex` never brings it back. An appraisal is a batch
// of items whose period has ended, each kept longer (续存) or proposed (拟销毁), with the steps
// the rules require recorded in its row. The item's title, 年度, period and 页数 are kept as they
// were when the appraisal began: the 清册 lists what was appraised. The new columns of items are
// added by kV11Columns (only when missing: ALTER TABLE has no IF NOT EXISTS, and a catalogue set
// back to an older user_version keeps them).
const ColumnToAdd kV11Columns[] = {{"destroyed", "INTEGER NOT NULL DEFAULT 0"},
                                   {"destroyed_at", "TEXT NOT NULL DEFAULT ''"},
                                   {"destruction_list", "TEXT NOT NULL DEFAULT ''"}};
constexpr const char* kV11 = R"sql(
CREATE TRIGGER IF NOT EXISTS items_stay_destroyed BEFORE UPDATE OF destroyed ON items
  WHEN old.destroyed <> 0 AND new.destroyed = 0
  BEGIN SELECT RAISE(ABORT, '已销毁的件不能恢复'); END;
CREATE TABLE IF NOT EXISTS appraisals (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL, as_of TEXT NOT NULL, state TEXT NOT NULL,
  created_at TEXT NOT NULL, created_by TEXT NOT NULL,
  group_members TEXT NOT NULL DEFAULT '', group_opinion TEXT NOT NULL DEFAULT '',
  opinion_at TEXT NOT NULL DEFAULT '', opinion_by TEXT NOT NULL DEFAULT '',
  approver TEXT NOT NULL DEFAULT '', approval_opinion TEXT NOT NULL DEFAULT '',
  approved_at TEXT NOT NULL DEFAULT '',
  witness1 TEXT NOT NULL DEFAULT '', witness2 TEXT NOT NULL DEFAULT '',
  method TEXT NOT NULL DEFAULT '', place TEXT NOT NULL DEFAULT '',
  witnessed_at TEXT NOT NULL DEFAULT '',
  destroyed_at TEXT NOT NULL DEFAULT '', list_danghao TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS appraisal_items (
  appraisal_id INTEGER NOT NULL REFERENCES appraisals(id),
  position INTEGER NOT NULL,
  danghao TEXT NOT NULL,
  title TEXT NOT NULL, year INTEGER NOT NULL, retention TEXT NOT NULL, pages INTEGER NOT NULL,
  decision TEXT NOT NULL DEFAULT '', new_retention TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (appraisal_id, danghao)
);
CREATE INDEX IF NOT EXISTS appraisal_items_danghao ON appraisal_items(danghao);
DROP TRIGGER item_index_before_edit;
DROP TRIGGER item_index_after_edit;
DROP VIEW item_text;
CREATE VIEW item_text AS
  SELECT items.id AS id, items.title AS title, items.responsible AS people,
         items.doc_ref AS doc_ref,
         coalesce((SELECT group_concat(files.text, char(12)) FROM files
                   WHERE files.item_id = items.id AND files.text <> ''), '') AS body,
         items.notes AS notes,
         char(57344, 57345) || items.title || char(12) || items.responsible AS pinyin
  FROM items WHERE items.destroyed = 0;
CREATE TRIGGER item_index_before_edit BEFORE UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(item_index, rowid, title, people, doc_ref, body, notes, pinyin)
    SELECT 'delete', id, title, people, doc_ref, body, notes, pinyin FROM item_text
    WHERE id = old.id;
END;
CREATE TRIGGER item_index_after_edit AFTER UPDATE OF title, responsible, doc_ref, notes ON items
BEGIN
  INSERT INTO item_index(rowid, title, people, doc_ref, body, notes, pinyin)
    SELECT id, title, people, doc_ref, body, notes, pinyin FROM item_text WHERE id = new.id;
END;
)sql";

// Version 12: lending and use (借阅利用, issue 17): requests, their items, approvals, loans of
// paper originals and the uses registered against them. Filled by the lending work.
constexpr const char* kV12 = R"sql(
CREATE TABLE IF NOT EXISTS use_requests (
  id INTEGER PRIMARY KEY,
  account TEXT NOT NULL DEFAULT '', name TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '', letter TEXT NOT NULL DEFAULT '',
  id_card TEXT NOT NULL DEFAULT '',
  purpose TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,
  recorded_at TEXT NOT NULL, recorded_by TEXT NOT NULL, end_date TEXT NOT NULL,
  approver TEXT NOT NULL DEFAULT '', approval_opinion TEXT NOT NULL DEFAULT '',
  approved_at TEXT NOT NULL DEFAULT '', effect TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS use_requests_account ON use_requests(account, state);
-- The items of a request; for 外借 each row is also the loan of that paper original.
CREATE TABLE IF NOT EXISTS use_items (
  request_id INTEGER NOT NULL REFERENCES use_requests(id),
  position INTEGER NOT NULL,
  danghao TEXT NOT NULL, title TEXT NOT NULL, secrecy TEXT NOT NULL,
  lent_at TEXT NOT NULL DEFAULT '', due_at TEXT NOT NULL DEFAULT '',
  renewals INTEGER NOT NULL DEFAULT 0,
  returned_at TEXT NOT NULL DEFAULT '', return_check TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (request_id, danghao)
);
CREATE INDEX IF NOT EXISTS use_items_danghao ON use_items(danghao);
-- Electronic uses (a look, a file opened, a copy) registered against the request granting them.
CREATE TABLE IF NOT EXISTS use_events (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES use_requests(id),
  danghao TEXT NOT NULL, at TEXT NOT NULL, by TEXT NOT NULL, how TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS use_events_request ON use_events(request_id);
)sql";

// Version 13: transfer (移交, issue 17). The 开放审核 decision of an item reaching 25 years
// (档案法 2020 第二十七条) is kept on the item (kV13Columns) so that it travels with it: in the
// transfer package, through a backup and into a receiving archive. Tables of the transfer work
// (packages exported or received) are added here by that work.
const ColumnToAdd kV13Columns[] = {{"open_status", "TEXT NOT NULL DEFAULT ''"},
                                   {"open_reason", "TEXT NOT NULL DEFAULT ''"},
                                   {"open_reviewed_at", "TEXT NOT NULL DEFAULT ''"},
                                   {"open_reviewed_by", "TEXT NOT NULL DEFAULT ''"}};
constexpr const char* kV13 = R"sql(
)sql";

const std::vector<Migration>& Migrations() {
  static const std::vector<Migration> kMigrations = {
      {1, kV1},
      {2, kV2},
      {3, kV3},
      {4, kV4},
      {5, kV5},
      {6, kV6},
      {7, kV7},
      {8, kV8},
      {9, kV9},
      {10, kV10},
      {11, kV11, {std::begin(kV11Columns), std::end(kV11Columns)}},
      {12, kV12},
      {13, kV13, {std::begin(kV13Columns), std::end(kV13Columns)}}};
  return kMigrations;
}

Status RunMigration(Db& db, const Migration& m) {
  Transaction tx(db);
  DANGAN_RETURN_IF_ERROR(tx.status());
  int version = 0;
  // Read inside the write transaction: another process may have migrated meanwhile.
  DANGAN_RETURN_IF_ERROR(ReadSchemaVersion(db, &version));
  if (version >= m.version) return Status::Ok();
  for (const ColumnToAdd& c : m.item_columns) {
    bool present = false;
    {
      Query q(db, "SELECT 1 FROM pragma_table_info('items') WHERE name = ?");
      present = q.Add(c.name).Step();
      DANGAN_RETURN_IF_ERROR(q.status());
    }
    if (present) continue;
    DANGAN_RETURN_IF_ERROR(
        db.Exec(std::string("ALTER TABLE items ADD COLUMN ") + c.name + " " + c.declaration));
  }
  DANGAN_RETURN_IF_ERROR(db.Exec(m.sql));
  DANGAN_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(m.version)));
  return tx.Commit();
}

}  // namespace

Status ReadSchemaVersion(Db& db, int* version) {
  Query q(db, "PRAGMA user_version");
  if (!q.Step()) return q.status();
  *version = static_cast<int>(q.Int(0));
  return Status::Ok();
}

Status MigrateSchema(Db& db, int target) {
  int version = 0;
  DANGAN_RETURN_IF_ERROR(ReadSchemaVersion(db, &version));
  if (version > kSchemaVersion) {
    return Status::Unsupported("目录数据库 " + db.path() + " 的版本（" + std::to_string(version) +
                               "）比本程序支持的（" + std::to_string(kSchemaVersion) +
                               "）新，请升级 dangan");
  }
  for (const Migration& m : Migrations()) {
    if (m.version > version && m.version <= target) {
      Status st = RunMigration(db, m);
      if (!st.ok()) {
        return Status::IoError("升级目录数据库到第 " + std::to_string(m.version) + " 版失败：" +
                               st.message());
      }
    }
  }
  return Status::Ok();
}

}  // namespace dangan::archive
