// Archive: the catalogue (SQLite) and the file store of one archive directory.
//
//   DIR/catalogue.sqlite   items (件), their files, the audit log, schema version
//   DIR/store/ab/cdef…     every file once, named by its SHA-256, never changed
//   DIR/retention.txt      the company's retention table (kinds of record -> Y / D30 / D10)
//
// Filing is atomic: files are written to the store (temporary name, fsync, rename) before the
// catalogue transaction commits, so a crash leaves either the whole item or no item.
// 件号 are assigned inside an IMMEDIATE transaction, so concurrent processes never leave gaps.
// Every change appends to a hash-chained audit log in the same transaction.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dangan/archive/checkpoint.h"
#include "dangan/archive/use_rows.h"  // lending and use (issue 17)
#include "dangan/base/status.h"
#include "dangan/records/item_kinds.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"

namespace dangan {

struct ArchiveConfig {
  std::string fonds;    // 全宗号, e.g. Z109
  std::string company;  // 立档单位
  // 档号 pattern. Placeholders: {全宗号} {门类} {年度} {期限} {机构} {件号} ({件号} is 4 digits).
  std::string pattern = "{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}";
};

struct StoredFile {
  int64_t id = 0;
  FileRole role = FileRole::kOriginal;
  std::string name;  // file name as given (no directory)
  uint64_t size = 0;
  std::string
      media_type;  // application/pdf, image/png, image/jpeg, image/tiff, application/vnd…sheet
  std::string sha256;  // hex
  std::string sm3;     // hex (GB/T 32905-2016)
  int pages = 0;
  std::string text;      // text content (PDF text layer, OCR, generated text)
  std::string added_at;  // ISO 8601 local time
};

// What a filing names; 档号 and 件号 are assigned unless `danghao` is given (legacy codes).
struct NewItem {
  std::string category;          // 门类 code, e.g. WS
  int year = 0;                  // 年度
  std::string retention;         // Y / D30 / D10
  std::string department;        // 机构 code, e.g. BGS
  std::string title;             // 题名
  std::string responsible;       // 责任者
  std::string doc_ref;           // 文号
  std::string date;              // YYYY-MM-DD
  std::string secrecy = "内部";  // 公开 / 内部 / 秘密 / 机密
  std::string notes;             // 备注
  std::string source = "scan";   // generated / scan / import
  std::string template_id;       // generated forms
  std::string doc_number;        // generated forms: the number printed and in the QR code
  std::string danghao;           // explicit legacy 档号 (kept as given); empty = assign
  // An import of a legacy catalogue row: ImportKeyOf(the item), stored with it so that importing
  // the row again without its 档号 (or with none to begin with) finds the item (FindImported).
  // Empty for items not imported.
  std::string import_key;
  // 页数 as an old catalogue records it, for an item filed without original files (a legacy
  // entry whose paper is not scanned). With original files 页数 is always counted from them.
  int pages = 0;
};

struct NewFile {
  std::string path;  // file to store (read, never moved or changed)
  FileRole role = FileRole::kOriginal;
  std::string name;  // shown name; empty = base name of path
  std::string media_type;
  int pages = 0;
  std::string text;
};

// One item of a batch: what File takes.
struct Filing {
  NewItem item;
  std::vector<NewFile> files;
};

struct ItemRecord {
  std::string danghao;
  std::string fonds, category, department, retention;
  int year = 0;
  int piece = 0;  // 件号 (0 for a legacy 档号 that does not follow the pattern)
  std::string title, responsible, doc_ref, date, secrecy, notes;
  int pages = 0;  // 页数: sum of the pages of the original files
  std::string source, template_id, doc_number;
  bool hold = false;  // 冻结: blocks destruction
  std::string hold_reason;
  // 已销毁 (schema version 11, issue 16): the item stays in the catalogue with its metadata and
  // digests; its files are gone from the store and its text from the index.
  bool destroyed = false;
  std::string destroyed_at;      // YYYY-MM-DD
  std::string destruction_list;  // the 销毁清册's 档号
  // 开放审核 (schema version 13, issue 17): 开放 / 控制 ("" = not reviewed), the reason, when
  // (YYYY-MM-DD) and by whom. Set through Archive::SetOpenDecision only.
  std::string open_status, open_reason, open_reviewed_at, open_reviewed_by;
  std::string filed_at, filed_by;
  std::vector<StoredFile> files;
};

struct ListFilter {
  std::optional<int> year_from, year_to;
  std::string category, department, retention, secrecy, source, template_id;
  // The reader's clearance: items above it are left out inside the query (not listed, not
  // counted, not paged over). Unset: every item (the archive's own tools; jobs always set it).
  std::optional<Secrecy> clearance;
  size_t limit = 100;  // 0 = no limit
  size_t offset = 0;
};

// A full-text search. `query` is what the user typed (syntax in dangan/query.h); the filter's
// limit and offset page through the hits.
struct SearchRequest {
  std::string query;
  ListFilter filter;
  std::string date_from, date_to;  // YYYY-MM-DD, inclusive; "" = open
  // The highest 密级 the user may see. Records above it are left out inside the query: not
  // shown, not counted, not in a snippet.
  std::string clearance = "内部";
  // Count every hit even when there are more than kSearchExactLimit (slower on broad queries).
  bool exact_total = false;
};

// Up to this many hits a search ranks every hit (title, phrase, BM25, date) and counts them
// exactly. Beyond it, ranking every hit would cost a second or more on a large archive, so the
// hits come title hits first, each group most recently filed first, and `total` is a lower
// bound unless exact_total was asked for.
inline constexpr size_t kSearchExactLimit = 1000;

struct SearchHit {
  ItemRecord item;      // without files
  std::string snippet;  // of the body text (or the title when the body has no hit), hits in 【】
  bool title_hit = false;
};

struct SearchResults {
  size_t total = 0;                   // hits the user may see, over all pages
  bool total_is_lower_bound = false;  // more than kSearchExactLimit hits, not all counted
  bool ranked = true;                 // every hit ranked; false: filing order (see above)
  std::vector<std::string> terms;     // what was searched for, as typed
  std::vector<SearchHit> hits;
};

// A row of a register imported from a legacy spreadsheet (schema version 4). Registers are kept
// per template and volume (册, schema version 6: most registers start a new volume each year and
// number it from 1 again), numbered by 序号 without gaps within the volume, so that one can later
// be generated as PDF/XLSX and filed like any other; imported rows, like filed items, are never
// changed or deleted. The volume "" holds rows imported without one.
struct RegisterRow {
  int64_t row_no = 0;                         // 序号, within its volume
  std::map<std::string, std::string> values;  // column name -> checked text (序号 not included)
  std::string content_hash;                   // RegisterRowHash(values); filled in when stored
  std::string source;                         // where it came from: "旧台账.xls 第 5 行"
  std::string imported_at, imported_by;       // filled in when stored
  // A correction (schema version 10): this row voids the row `voids` of the same volume, for
  // `void_reason`. The voided row stays as it was, marked 作废 when printed (作废的序号注明"作废"
  // 并保留): rows are never changed in place.
  int64_t voids = 0;
  std::string void_reason;
  // Filled when read: the row that voids this one (0 = none) and that row's reason.
  int64_t voided_by = 0;
  std::string voided_reason;
};

// SHA-256 (hex) of a row's values, independent of the order they were given in: what tells a
// row imported again (same 序号, same hash) from a row changed in the source since.
std::string RegisterRowHash(const std::map<std::string, std::string>& values);

// What identifies a legacy catalogue entry that has no 档号: 年度, 门类, 机构, 题名, 责任者, 文号
// and 日期 (SHA-256, hex). 保管期限, 密级, 页数 and 备注 are left out, so that a row corrected in
// those since is found again and reported as changed rather than filed twice.
std::string ImportKeyOf(const NewItem& item);

// One volume of a register, as stored.
struct RegisterVolume {
  std::string volume;  // "" = rows imported without a volume
  int64_t rows = 0;
  int64_t first_row = 0, last_row = 0;  // 序号
  // Closed (封册, schema version 10): printed, filed as item `danghao`, no rows added since.
  bool closed = false;
  std::string closed_at, closed_by, danghao;
};

// A form a clerk is filling in the browser, saved as they type (schema version 10). A draft
// belongs to one account: every call names the account, and another account's draft answers
// NotFound exactly as a missing one. Drafts are not records: no audit entry.
struct DraftRow {
  int64_t id = 0;
  std::string account;  // account name
  std::string template_id;
  std::string title;        // what the desk lists (the form's title with its first values)
  std::string values_json;  // the values as the page sent them (JSON text)
  int64_t created_at = 0, updated_at = 0;  // Unix seconds
};

struct RegisterImportResult {
  int64_t added = 0;
  int64_t unchanged = 0;  // same 序号 and content already stored
};

struct AuditEntry {
  int64_t id = 0;
  std::string at, who, action, danghao, detail;  // detail: JSON text (old/new values …)
  std::string prev_hash, hash;
};

// A checkpoint file `audit verify` compared the log with (dangan/archive/checkpoint.h).
struct CheckedCheckpoint {
  std::string source;  // the file
  int64_t entries = 0;
  std::string at, public_key;
};

struct AuditReport {
  int64_t entries = 0;
  bool intact = true;
  int64_t first_broken_id = 0;  // 0 when intact, or when a checkpoint file itself is refused
  // The last entry the problem may lie at: a rewrite found against a checkpoint is known to lie
  // in first_broken_id..last_suspect_id; otherwise equal to first_broken_id.
  int64_t last_suspect_id = 0;
  // audit_chain_broken (the chain inside the catalogue), audit_entries_missing and
  // audit_rewritten (against a checkpoint), checkpoint_forged (bad signature),
  // checkpoint_foreign (another archive's or another key's checkpoint).
  std::string code;
  std::string problem;                         // Chinese, names the entry (or the checkpoint file)
  std::string problem_file;                    // the checkpoint file concerned, if any
  std::string public_key;                      // the archive's checkpoint key (hex), empty if none
  std::vector<CheckedCheckpoint> checkpoints;  // those the log was proven to extend
};

// One thing `check` found wrong, named by 档号 (or by store path for a file no item knows).
struct CheckProblem {
  std::string danghao;
  std::string problem;  // Chinese
};

// Space `gc` can give back: a store file no item refers to (left by a filing or an import
// interrupted before its commit; its content still matches its name), or a temporary copy in
// store/tmp that an interrupted filing never renamed into the store.
struct ReclaimableFile {
  std::string path;  // relative to the archive directory: store/ab/…, store/tmp/…
  uint64_t bytes = 0;
  bool temporary = false;  // in store/tmp
};

struct CheckReport {
  int64_t items = 0, files = 0;
  uint64_t bytes = 0;
  // Unreferenced store files (counted in `reclaimable` too). Harmless, so not a problem.
  int64_t unreferenced = 0;
  // Leftovers of interrupted filings, for information: not damage, `gc` removes them.
  std::vector<ReclaimableFile> reclaimable;
  std::vector<CheckProblem> problems;
  bool ok() const { return problems.empty(); }
};

// An appraisal (鉴定, schema version 11) as stored. The steps and their rules are those of
// dangan/jobs/destruction.h; the archive keeps the rows, writes each step's audit entry in the
// step's transaction, and destroys only the items of an appraisal whose every step is recorded.
struct AppraisalEntryRow {
  std::string danghao, title;  // title, 年度, period and 页数 as when the appraisal began
  int year = 0;
  std::string retention;
  int pages = 0;
  std::string decision, new_retention, reason;
  bool hold = false;  // filled when read: the item is held now
};

struct AppraisalRow {
  int64_t id = 0;
  std::string name, as_of, state, created_at, created_by;
  std::string group_members, group_opinion, opinion_at, opinion_by;
  std::string approver, approval_opinion, approved_at;
  std::string witness1, witness2, method, place, witnessed_at;
  std::string destroyed_at, list_danghao;
  std::vector<AppraisalEntryRow> items;  // in the order they were proposed
};

// The appraisal states the archive itself relies on (the same words as dangan/jobs/destruction.h).
inline constexpr char kAppraisalStateWitnessed[] = "待销毁";
inline constexpr char kAppraisalStateDestroyed[] = "已销毁";
inline constexpr char kAppraisalStateKept[] = "已完成";
inline constexpr char kAppraisalDecisionDestroy[] = "拟销毁";

struct DestructionCounts {
  int64_t destroyed = 0;      // items marked 已销毁
  int64_t files_removed = 0;  // store files removed
  int64_t files_kept = 0;     // contents of destroyed items that a live item still holds
  uint64_t bytes_removed = 0;
};

// Counts the pages of a stored file (PDF / image), so `check` can compare 页数. Returns -1 if
// it cannot tell. Supplied by the caller: the archive itself reads no PDFs.
using PageCounter = std::function<int(const std::string& path, const std::string& media_type)>;

// The rows behind dangan/accounts. The tables live here, in the catalogue, because an account
// change and its audit entry must commit in one transaction and the catalogue's connection is
// private to this part; the rules (roles, hashing, lockout, timeouts) live in dangan/accounts.
struct AccountRow {
  int64_t id = 0;
  std::string name, role, clearance, dept;
  std::string password_hash;  // an Argon2id string, never the password
  bool disabled = false;
  int64_t failures = 0, first_failure_at = 0, locked_until = 0, created_at = 0;  // Unix seconds
};
struct SessionRow {
  std::string token_sha256;  // hex SHA-256 of the token; the token itself is never stored
  int64_t account_id = 0, created_at = 0, last_seen = 0;
};
// The audit entry written with an account change; none when `action` is empty.
struct AccountAudit {
  std::string who, action, detail;
};

class Archive {
 public:
  // Creates DIR (must not hold an archive yet) with an empty catalogue and the default
  // retention table. DIR is private to its owner whatever the umask (directories 0700, files
  // 0600, store files 0400), or shared with `group` when one is named (0770 with setgid, 0660,
  // 0440, owned by that group); an unknown group is refused (InvalidArgument).
  static Status Create(const std::string& dir, const ArchiveConfig& config,
                       const std::string& group = "");
  // Opens an existing archive, migrating its schema to the current version. `user` is who acts
  // (recorded in the audit log).
  static Status Open(const std::string& dir, const std::string& user,
                     std::unique_ptr<Archive>* out);
  virtual ~Archive() = default;

  virtual const ArchiveConfig& config() const = 0;
  virtual const std::string& dir() const = 0;

  // Files a new item with its files, atomically. `out` receives the item as catalogued.
  virtual Status File(const NewItem& item, const std::vector<NewFile>& files, ItemRecord* out) = 0;
  // Files several items in one transaction: all of them, or on any error none (the message
  // names the item). Their files are flushed to disk together, which makes bulk filing (an
  // import, a run of generated forms) many times faster than one File call per item, whose
  // two flushes (file, directory) cost milliseconds on most disks. `out` follows `batch`.
  virtual Status FileBatch(const std::vector<Filing>& batch, std::vector<ItemRecord>* out) = 0;
  // An outer transaction around several writes (an import filing its rows in chunks): from
  // BeginImport to CommitImport every FileBatch and AddRegisterRows runs inside one BEGIN
  // IMMEDIATE transaction, each of them as a SAVEPOINT of it (a failed call leaves nothing of
  // itself, the calls before it stay pending). Nothing is visible to other connections, nor
  // survives a crash, until CommitImport; RollbackImport (or destroying the Archive, or the
  // process dying) undoes all of it. Store files written meanwhile stay behind as unreferenced
  // content-addressed files, which `check` counts and tolerates. Other writers wait for the
  // write lock while the transaction is open. Begin while one is open is refused.
  virtual Status BeginImport() = 0;
  virtual Status CommitImport() = 0;
  virtual void RollbackImport() = 0;
  // Adds files (e.g. the signed scan) to an existing item.
  virtual Status AddFiles(const std::string& danghao, const std::vector<NewFile>& files,
                          ItemRecord* out) = 0;

  // Reads an item; `log_view` records the look in the audit log.
  virtual Status Get(const std::string& danghao, bool log_view, ItemRecord* out) = 0;
  // Get for a reader cleared for `clearance`: an item above it answers NotFound with the very
  // message of a 档号 not in the catalogue, and no look is logged.
  virtual Status GetFor(const std::string& danghao, Secrecy clearance, bool log_view,
                        ItemRecord* out) = 0;
  // Before a copy for use is made of a stored file: re-reads it, refuses it when its digests or
  // size differ from those recorded at filing (Corruption naming the item), else logs
  // 出具利用副本 with the file and `reason` in the audit log.
  virtual Status IssueCopy(const std::string& danghao, const StoredFile& file,
                           const std::string& reason) = 0;
  // The item a generated form was filed as (the earliest, should two share a number).
  virtual Status FindByDocNumber(const std::string& doc_number, ItemRecord* out) = 0;
  // Items in 档号 order; their files come without `text` (Get has it). `total` may be null.
  virtual Status List(const ListFilter& filter, std::vector<ItemRecord>* out, size_t* total) = 0;

  // Changes catalogue fields (题名, 责任者, 文号, 日期, 密级, 备注); the audit log keeps old and
  // new, and the reason for the change when one is given.
  virtual Status UpdateMetadata(const std::string& danghao,
                                const std::map<std::string, std::string>& changes,
                                const std::string& reason = "") = 0;
  // Lengthens the retention period; shortening is refused.
  virtual Status SetRetention(const std::string& danghao, const std::string& retention) = 0;
  virtual Status SetHold(const std::string& danghao, bool hold, const std::string& reason) = 0;
  // Items whose period has ended by `as_of` (YYYY-MM-DD): 1 January of 年度+1, plus the period.
  // Items above `clearance` are left out (Secrecy::kSecret: every item).
  virtual Status RetentionDue(const std::string& as_of, Secrecy clearance,
                              std::vector<ItemRecord>* out) = 0;
  // The period the archive's retention table gives a kind of record (template id, 门类 or
  // title keyword); empty if the table has no entry.
  virtual std::string RetentionFor(const std::string& template_id, const std::string& category,
                                   const std::string& title) = 0;

  // Entries about one item, oldest first; the whole log when `danghao` is empty. Entries about
  // items above `clearance` are left out (Secrecy::kSecret: every entry).
  virtual Status AuditLog(const std::string& danghao, Secrecy clearance,
                          std::vector<AuditEntry>* out) = 0;
  virtual Status VerifyAudit(AuditReport* report) = 0;
  // VerifyAudit, and then proves against each signed checkpoint that the log still holds its
  // entries unchanged (dangan/archive/checkpoint.h): a cut log names its first missing entry, a
  // rewritten one the span between the checkpoints' positions it must lie in.
  virtual Status VerifyAuditAgainst(const std::vector<AuditCheckpoint>& checkpoints,
                                    AuditReport* report) = 0;
  // Records the public half of the checkpoint key at `key_path` (made there with mode 0600 if
  // no file exists; never inside the archive folder) and logs it. An archive keeps one key: a
  // different one is refused.
  virtual Status SetAuditKey(const std::string& key_path) = 0;
  // Signs a checkpoint of the whole log with the key at `key_path` (empty: the path recorded
  // with the key), which must be the archive's key, then logs the signing (as the next entry).
  // A log whose chain is broken is not signed.
  virtual Status SignAuditCheckpoint(const std::string& key_path, AuditCheckpoint* out) = 0;

  // Re-reads every stored file and compares both digests; checks that every item's files exist,
  // that 件号 run without gaps in each class and that 页数 matches the files.
  virtual Status Check(const PageCounter& count_pages, CheckReport* report) = 0;

  // Removes what `check` lists as reclaimable: store files no item refers to and temporary
  // files of interrupted filings (`removed` names them; `dry_run` only lists). Safe while other
  // processes file: it waits up to `wait_seconds` for filings and imports in progress to end,
  // and new ones wait for it. Logged in the audit log (回收存储空间) unless nothing was removed.
  virtual Status CollectGarbage(bool dry_run, int wait_seconds,
                                std::vector<ReclaimableFile>* removed) = 0;

  // Rebuilds the full-text index from the catalogue (the index is kept in step by every filing
  // and change; this is for an index damaged or built by an older tokenizer). `items` may be null.
  virtual Status Reindex(int64_t* items) = 0;
  // Title hits first, then BM25 (title weighted above people and numbers, above the body), ties
  // newest first. A query with nothing to search for is refused (InvalidArgument).
  virtual Status Search(const SearchRequest& request, SearchResults* out) = 0;

  // Imports (registers.cc).
  // Checks an item as FileBatch would check it (every field; a legacy 档号 against the fields,
  // and whether it is catalogued already) without filing anything, so that an import can name
  // the row at fault before it files the batch.
  virtual Status CheckNewItem(const NewItem& item) = 0;
  // Stores register rows into one volume in one transaction with one audit entry ("导入登记表",
  // the template, volume and `source`). A row stored already in the volume with the same 序号 and
  // content is counted as unchanged; one whose 序号 holds other content is refused, and then
  // nothing is added.
  virtual Status AddRegisterRows(const std::string& template_id, const std::string& volume,
                                 const std::vector<RegisterRow>& rows, const std::string& source,
                                 RegisterImportResult* result) = 0;
  // The 档号 of the item imported with `import_key` (NewItem::import_key); NotFound if none.
  virtual Status FindImported(const std::string& import_key, std::string* danghao) = 0;
  // A volume's rows in 序号 order, `from`..`to` inclusive (0 = open end).
  virtual Status ReadRegisterRows(const std::string& template_id, const std::string& volume,
                                  int64_t from, int64_t to, std::vector<RegisterRow>* out) = 0;
  // The volumes of a register that hold rows, in order of their names.
  virtual Status ListRegisterVolumes(const std::string& template_id,
                                     std::vector<RegisterVolume>* out) = 0;

  // Live registers (registers.cc): rows typed one at a time. Appends `row` to a volume that is
  // not closed, numbered next after the volume's last 序号 inside one IMMEDIATE transaction (two
  // clerks at once never get the same number nor leave a gap); sets row->row_no and the stored
  // fields. A correction names in `voids` a row of the same volume that is not voided already,
  // with a non-empty void_reason. Audit entry 登记表添加行 (template, volume, 序号, voids).
  virtual Status AppendRegisterRow(const std::string& template_id, const std::string& volume,
                                   RegisterRow* row) = 0;
  // Closes a volume that holds rows: nothing is added to it afterwards (AppendRegisterRow and
  // AddRegisterRows refuse). `danghao` is the item its printed pages were filed as. Audit entry
  // 登记表封册. Between BeginImport and CommitImport it joins that transaction, so that the
  // volume's item and its closing commit together or not at all.
  virtual Status CloseRegisterVolume(const std::string& template_id, const std::string& volume,
                                     const std::string& danghao) = 0;

  // Drafts and recently used forms (drafts.cc). SaveDraft inserts when row->id is 0 (and sets
  // id, created_at, updated_at) and otherwise replaces title and values of the account's draft
  // row->id (NotFound when it is not the account's).
  virtual Status SaveDraft(DraftRow* row) = 0;
  virtual Status ReadDraft(const std::string& account, int64_t id, DraftRow* out) = 0;
  virtual Status ListDrafts(const std::string& account,
                            std::vector<DraftRow>* out) = 0;  // newest first
  virtual Status DeleteDraft(const std::string& account, int64_t id) = 0;
  // The forms an account used (generated, or saved a draft of), most recent first.
  virtual Status NoteFormUse(const std::string& account, const std::string& template_id,
                             int64_t at) = 0;
  virtual Status RecentForms(const std::string& account, size_t limit,
                             std::vector<std::string>* out) = 0;

  // Accounts (dangan/accounts holds the rules). InsertAccount refuses a name already taken.
  virtual Status InsertAccount(const AccountRow& row, const AccountAudit& audit) = 0;
  virtual Status ReadAccount(const std::string& name, AccountRow* out) = 0;  // NotFound if none
  virtual Status ReadAccounts(std::vector<AccountRow>* out) = 0;             // by name
  // Writes the changeable fields of row.id (hash, disabled, failure count, lock).
  virtual Status UpdateAccount(const AccountRow& row, bool end_sessions,
                               const AccountAudit& audit) = 0;
  virtual Status InsertSession(const SessionRow& session, const AccountAudit& audit) = 0;
  // The session and its account; NotFound if no such session.
  virtual Status ReadSession(const std::string& token_sha256, SessionRow* session,
                             AccountRow* account) = 0;
  virtual Status TouchSession(const std::string& token_sha256, int64_t last_seen) = 0;
  virtual Status DeleteSession(const std::string& token_sha256) = 0;

  // Appraisal and destruction (destruction.cc, schema version 11).
  // Begins an appraisal of row->items (danghao only; the rest is read from the catalogue) with
  // row->name, as_of and state. Refused, naming the item, when one is not in the catalogue, is
  // destroyed, held, not due by as_of (Archive::RetentionDue's rule) or in another appraisal
  // that is not finished. Sets id, created_at, created_by and the items' fields. Audit 开始鉴定.
  virtual Status CreateAppraisal(AppraisalRow* row) = 0;
  virtual Status ReadAppraisal(int64_t id, AppraisalRow* out) = 0;  // NotFound names the id
  virtual Status ListAppraisals(std::vector<AppraisalRow>* out) = 0;  // newest first, no items
  // One step of an appraisal: reads it under the write lock, lets `change` check and change it
  // (it may call this archive's other methods, e.g. SetRetention; they join the transaction),
  // then stores it with the audit entry `action` naming what changed. `change` may neither add
  // nor remove items, nor reach the state 已销毁 (only DestroyAppraised does); a refusal from it
  // changes nothing.
  virtual Status UpdateAppraisal(int64_t id, const std::string& action,
                                 const std::function<Status(AppraisalRow*)>& change) = 0;
  // The only way anything is destroyed: every 拟销毁 item of appraisal `id`, which must be 待销毁
  // with the group's opinion, the approval and two different 监销人 (neither the approver)
  // recorded. Refused whole, naming the item, when one is held or destroyed already. Each item is
  // marked 已销毁 on `date` by the 清册 `list_danghao` (an item in the catalogue), its text leaves
  // the index and its files' text the catalogue, and each gets an audit entry 销毁; the appraisal
  // becomes 已销毁. Between BeginImport and CommitImport it joins that transaction (the 清册 is
  // filed in it). Files are not removed here: PurgeDestroyedFiles does, after the commit.
  virtual Status DestroyAppraised(int64_t id, const std::string& list_danghao,
                                  const std::string& date, DestructionCounts* counts) = 0;
  // Removes from the store every content that only destroyed items hold (a content another item
  // holds stays). Waits up to `wait_seconds` for filings in progress, as `gc` does. Audit entry
  // 删除已销毁档案的文件 unless nothing was removed. Adds to counts->files_removed and bytes_removed.
  virtual Status PurgeDestroyedFiles(int wait_seconds, DestructionCounts* counts) = 0;

  // Lending and use (lending.cc, schema version 12, issue 17).
  // Records a request of row->items (danghao only; title and 密级 are read from the catalogue)
  // with the requester, purpose, kind, state and end_date given. Refused, naming the item, when
  // one is not in the catalogue, is destroyed or listed twice. Sets id, recorded_at (YYYY-MM-DD
  // HH:MM), recorded_by and the items' fields. Audit 登记利用申请.
  virtual Status CreateUseRequest(UseRequestRow* row) = 0;
  virtual Status ReadUseRequest(int64_t id, UseRequestRow* out) = 0;  // NotFound names the id
  // Newest first, with their items; `state` "" = all.
  virtual Status ListUseRequests(const std::string& state, std::vector<UseRequestRow>* out) = 0;
  // One step of a request: reads it under the write lock, lets `change` check and change it,
  // then stores it with the audit entry `action` naming what changed (the items' danghao stay).
  // A refusal from `change` changes nothing.
  virtual Status UpdateUseRequest(int64_t id, const std::string& action,
                                  const std::function<Status(UseRequestRow*)>& change) = 0;
  // The approved request that grants `account` the item `danghao` on `date` (YYYY-MM-DD, not
  // after its end_date); 0 in *request_id when none.
  virtual Status FindUseGrant(const std::string& account, const std::string& danghao,
                              const std::string& date, int64_t* request_id) = 0;
  // Registers one electronic use (`how`: 查看, 打开文件, 利用副本) of `danghao` against request
  // `id`. Audit 利用登记.
  virtual Status RecordUse(int64_t id, const std::string& danghao, const std::string& how) = 0;
  // (end of lending)

  // 开放审核 and transfer (open_review.cc, transfer.cc, schema version 13, issue 17).
  // Records the 开放审核 decision of one item: `status` 开放 or 控制 (a reason required for 控制),
  // reviewed now by `reviewed_by`. Refused, naming the item, when it is not in the catalogue or
  // is destroyed; deciding again replaces the decision. One transaction with the audit entry
  // 开放审核 (the four fields, old and new), which `check` replays.
  virtual Status SetOpenDecision(const std::string& danghao, const std::string& status,
                                 const std::string& reason, const std::string& reviewed_by) = 0;
  // (end of open review)
  // Receiving a transfer package (transfer.cc, issue 17): each item filed with its own 档号 and
  // metadata (Filing::item.danghao set), its 开放审核 decision, and, for an item destroyed
  // before the transfer (a catalogue entry without files), its destruction; `history` (JSON text,
  // the package's 业务实体块) is kept in the item's audit entry 移交接收. All in one transaction:
  // every item, or on any refusal (naming the item) none.
  struct ReceivedItem {
    Filing filing;
    std::string open_status, open_reason, open_reviewed_at, open_reviewed_by;
    bool destroyed = false;
    std::string destroyed_at, destruction_list;
    std::string history;
  };
  virtual Status ReceiveItems(const std::vector<ReceivedItem>& items,
                              std::vector<ItemRecord>* out) = 0;
  // The audit entry 移交导出 of a package written (detail: JSON text naming the folder, the
  // selection and the counts); an export changes nothing else.
  virtual Status LogTransferExport(const std::string& detail) = 0;
  // (end of transfer)

  // Where a stored file lives (read-only: never write to it).
  virtual std::string StoredPath(const StoredFile& file) const = 0;
};

}  // namespace dangan
