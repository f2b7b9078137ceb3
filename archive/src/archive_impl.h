// The Archive behind the interface in dangan/archive.h. One object per thread: it holds one
// SQLite connection and its prepared statements. Several processes may share an archive; they
// meet in SQLite's locks (BEGIN IMMEDIATE) and in the store's atomic renames.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "dangan/archive/archive.h"
#include "digest.h"
#include "file_store.h"
#include "retention_table.h"
#include "source_file.h"
#include "sqlite_db.h"
#include "store_lock.h"

namespace dangan::search {
struct ParsedQuery;
}

namespace dangan::archive {

using SqlArg = std::variant<std::string, int64_t>;

// A file checked and copied into the store, waiting for the catalogue transaction.
struct StagedFile {
  NewFile source;
  SourceInfo info;
  Digests digests;
};

class ArchiveImpl : public Archive {
 public:
  ArchiveImpl(std::string dir, std::string user, std::unique_ptr<Db> db);

  Status Load();  // config and retention table

  const ArchiveConfig& config() const override { return config_; }
  const std::string& dir() const override { return dir_; }
  Status File(const NewItem& item, const std::vector<NewFile>& files, ItemRecord* out) override;
  Status FileBatch(const std::vector<Filing>& batch, std::vector<ItemRecord>* out) override;
  Status AddFiles(const std::string& danghao, const std::vector<NewFile>& files,
                  ItemRecord* out) override;
  Status BeginImport() override;
  Status CommitImport() override;
  void RollbackImport() override;
  Status Get(const std::string& danghao, bool log_view, ItemRecord* out) override;
  Status GetFor(const std::string& danghao, Secrecy clearance, bool log_view,
                ItemRecord* out) override;
  Status IssueCopy(const std::string& danghao, const StoredFile& file,
                   const std::string& reason) override;
  Status FindByDocNumber(const std::string& doc_number, ItemRecord* out) override;
  Status List(const ListFilter& filter, std::vector<ItemRecord>* out, size_t* total) override;
  Status UpdateMetadata(const std::string& danghao,
                        const std::map<std::string, std::string>& changes,
                        const std::string& reason) override;
  Status SetRetention(const std::string& danghao, const std::string& retention) override;
  Status SetHold(const std::string& danghao, bool hold, const std::string& reason) override;
  Status InsertAccount(const AccountRow& row, const AccountAudit& audit) override;
  Status ReadAccount(const std::string& name, AccountRow* out) override;
  Status ReadAccounts(std::vector<AccountRow>* out) override;
  Status UpdateAccount(const AccountRow& row, bool end_sessions,
                       const AccountAudit& audit) override;
  Status InsertSession(const SessionRow& session, const AccountAudit& audit) override;
  Status ReadSession(const std::string& token_sha256, SessionRow* session,
                     AccountRow* account) override;
  Status TouchSession(const std::string& token_sha256, int64_t last_seen) override;
  Status DeleteSession(const std::string& token_sha256) override;
  Status RetentionDue(const std::string& as_of, Secrecy clearance,
                      std::vector<ItemRecord>* out) override;
  std::string RetentionFor(const std::string& template_id, const std::string& category,
                           const std::string& title) override;
  Status AuditLog(const std::string& danghao, Secrecy clearance,
                  std::vector<AuditEntry>* out) override;
  Status VerifyAudit(AuditReport* report) override;
  Status VerifyAuditAgainst(const std::vector<AuditCheckpoint>& checkpoints,
                            AuditReport* report) override;
  Status SetAuditKey(const std::string& key_path) override;
  Status SignAuditCheckpoint(const std::string& key_path, AuditCheckpoint* out) override;
  Status Check(const PageCounter& count_pages, CheckReport* report) override;
  Status CollectGarbage(bool dry_run, int wait_seconds,
                        std::vector<ReclaimableFile>* removed) override;
  Status Reindex(int64_t* items) override;
  Status Search(const SearchRequest& request, SearchResults* out) override;
  std::string StoredPath(const StoredFile& file) const override;
  Status CheckNewItem(const NewItem& item) override;
  Status AddRegisterRows(const std::string& template_id, const std::string& volume,
                         const std::vector<RegisterRow>& rows, const std::string& source,
                         RegisterImportResult* result) override;
  Status ReadRegisterRows(const std::string& template_id, const std::string& volume, int64_t from,
                          int64_t to, std::vector<RegisterRow>* out) override;
  Status ListRegisterVolumes(const std::string& template_id,
                             std::vector<RegisterVolume>* out) override;
  Status AppendRegisterRow(const std::string& template_id, const std::string& volume,
                           RegisterRow* row) override;
  Status CloseRegisterVolume(const std::string& template_id, const std::string& volume,
                             const std::string& danghao) override;
  Status SaveDraft(DraftRow* row) override;
  Status ReadDraft(const std::string& account, int64_t id, DraftRow* out) override;
  Status ListDrafts(const std::string& account, std::vector<DraftRow>* out) override;
  Status DeleteDraft(const std::string& account, int64_t id) override;
  Status NoteFormUse(const std::string& account, const std::string& template_id,
                     int64_t at) override;
  Status RecentForms(const std::string& account, size_t limit,
                     std::vector<std::string>* out) override;
  Status FindImported(const std::string& import_key, std::string* danghao) override;
  Status CreateAppraisal(AppraisalRow* row) override;
  Status ReadAppraisal(int64_t id, AppraisalRow* out) override;
  Status ListAppraisals(std::vector<AppraisalRow>* out) override;
  Status UpdateAppraisal(int64_t id, const std::string& action,
                         const std::function<Status(AppraisalRow*)>& change) override;
  Status DestroyAppraised(int64_t id, const std::string& list_danghao, const std::string& date,
                          DestructionCounts* counts) override;
  Status PurgeDestroyedFiles(int wait_seconds, DestructionCounts* counts) override;
  // Lending and use (lending.cc, issue 17).
  Status CreateUseRequest(UseRequestRow* row) override;
  Status ReadUseRequest(int64_t id, UseRequestRow* out) override;
  Status ListUseRequests(const std::string& state, std::vector<UseRequestRow>* out) override;
  Status UpdateUseRequest(int64_t id, const std::string& action,
                          const std::function<Status(UseRequestRow*)>& change) override;
  Status FindUseGrant(const std::string& account, const std::string& danghao,
                      const std::string& date, int64_t* request_id) override;
  Status RecordUse(int64_t id, const std::string& danghao, const std::string& how) override;
  // 开放审核 (open_review.cc, issue 17).
  Status SetOpenDecision(const std::string& danghao, const std::string& status,
                         const std::string& reason, const std::string& reviewed_by) override;
  // Transfer (transfer.cc, issue 17).
  Status ReceiveItems(const std::vector<ReceivedItem>& items,
                      std::vector<ItemRecord>* out) override;
  Status LogTransferExport(const std::string& detail) override;

 private:
  // Filing (filing.cc).
  // Checks and stores the files of several items at once; `staged` follows `groups`.
  Status StageFiles(const std::vector<const std::vector<NewFile>*>& groups,
                    std::vector<std::vector<StagedFile>>* staged);
  Status Catalogue(const NewItem& item, const std::vector<StagedFile>& staged, ItemRecord* rec);
  Status AssignDanghao(const NewItem& item, ItemRecord* rec, std::string* class_key);
  Status InsertItem(const ItemRecord& rec, const std::string& class_key,
                    const std::string& import_key, int64_t* id);
  Status InsertFiles(int64_t item_id, const std::vector<StagedFile>& staged, ItemRecord* rec);
  Status RefreshPages(int64_t item_id, ItemRecord* rec);

  // Searching (search.cc).
  struct PageHit {
    int64_t id = 0;
    bool title_hit = false;
  };
  Status NewestHits(const SearchRequest& r, const std::string& match, size_t limit, size_t offset,
                    std::vector<int64_t>* ids);
  Status CountHits(const SearchRequest& r, const std::string& match, size_t* total);
  Status RankedPage(const SearchRequest& r, const search::ParsedQuery& parsed,
                    const std::string& title_match, std::vector<PageHit>* page);
  Status NewestPage(const SearchRequest& r, const std::string& match,
                    const std::string& title_match, size_t limit, size_t offset,
                    std::vector<PageHit>* page);
  Status Snippet(const std::string& match, int64_t id, std::string* snippet);

  // Reading (catalogue_read.cc).
  Status FindItem(const std::string& danghao, int64_t* id, ItemRecord* out);
  Status LoadFiles(int64_t item_id, bool with_text, std::vector<StoredFile>* out);
  // Items matching `where`, with their files (without text) unless `with_files` is false.
  Status ReadItems(const std::string& where, const std::vector<SqlArg>& args,
                   const std::string& tail, std::vector<ItemRecord>* out, bool with_files = true);

  std::string dir_, user_;
  std::unique_ptr<Db> db_;
  ArchiveConfig config_;
  FileStore store_;
  RetentionTable retention_;
  DualHasher hasher_;
  // BeginImport's transaction; declared after db_ so that it rolls back before db_ closes.
  std::unique_ptr<Transaction> import_tx_;
  StoreLock import_store_lock_;  // held from BeginImport to its end (store_lock.h)
};

// Shared by the .cc files of the implementation.
void BindAll(Query* q, const std::vector<SqlArg>& args);
// The WHERE clause (unqualified columns of items) and its arguments for a filter.
void ListWhere(const ListFilter& f, std::string* where, std::vector<SqlArg>* args);
extern const char kItemColumns[];  // the SELECT list ReadItemRow expects
ItemRecord ReadItemRow(const Query& q, int64_t* id);
FileRole RoleFromName(const std::string& name);
std::string NotFoundMessage(const std::string& danghao);
// Why a destroyed item cannot be changed or copied: when, and by which 销毁清册 (destruction.cc).
std::string DestroyedMessage(const ItemRecord& rec);

}  // namespace dangan::archive
