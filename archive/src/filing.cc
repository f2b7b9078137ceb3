// Filing: new items and files added to items. Files go into the store first (outside the
// catalogue's write lock, so other processes keep filing meanwhile); then one IMMEDIATE
// transaction assigns the 件号, inserts the item, its files and the audit entry. A crash before
// the commit leaves only store files no item refers to, which `check` counts and ignores.
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"
#include "dangan/records/danghao.h"
#include "index.h"
#include "item_rules.h"

namespace dangan::archive {
namespace {

using nlohmann::json;

constexpr int kMaxPiece = 9999;  // 件号 has four digits

ItemRecord RecordFor(const NewItem& item, const std::string& fonds, const std::string& user) {
  ItemRecord rec;
  rec.fonds = fonds;
  rec.category = item.category;
  rec.department = item.department;
  rec.retention = item.retention;
  rec.year = item.year;
  rec.title = item.title;
  rec.responsible = item.responsible;
  rec.doc_ref = item.doc_ref;
  rec.date = item.date;
  rec.secrecy = item.secrecy;
  rec.notes = item.notes;
  rec.source = item.source;
  rec.template_id = item.template_id;
  rec.doc_number = item.doc_number;
  rec.filed_at = NowIso();
  rec.filed_by = user;
  return rec;
}

// 页数 is the pages of the item's original files (原件): the 件 itself, as the 归档章 counts it.
// A signed scan is a second copy of the same pages and attachments (the generated XLSX, say)
// are not pages of the paper record, so neither adds to 页数.
int OriginalPages(const std::vector<StagedFile>& staged) {
  int pages = 0;
  for (const StagedFile& f : staged) {
    if (f.source.role == FileRole::kOriginal) pages += f.source.pages;
  }
  return pages;
}

bool HasOriginal(const std::vector<StagedFile>& staged) {
  for (const StagedFile& f : staged) {
    if (f.source.role == FileRole::kOriginal) return true;
  }
  return false;
}

json FileJson(const StoredFile& f) {
  return {{"id", f.id},
          {"role", FileRoleName(f.role)},
          {"name", f.name},
          {"size", f.size},
          {"media_type", f.media_type},
          {"sha256", f.sha256},
          {"sm3", f.sm3},
          {"pages", f.pages}};
}

// The 归档 entry carries every catalogue field of the item and every file, so that the log alone
// rebuilds the item and `check` can replay it against the catalogue (audit_replay.h). The keys are
// the items table's columns; the 档号 is the entry's own.
std::string FiledDetail(const ItemRecord& rec, const std::string& class_key,
                        const std::string& import_key) {
  json files = json::array();
  for (const StoredFile& f : rec.files) files.push_back(FileJson(f));
  return Dump({{"fonds", rec.fonds},
               {"category", rec.category},
               {"year", rec.year},
               {"department", rec.department},
               {"class_key", class_key},
               {"piece", rec.piece},
               {"retention", rec.retention},
               {"title", rec.title},
               {"responsible", rec.responsible},
               {"doc_ref", rec.doc_ref},
               {"date", rec.date},
               {"secrecy", rec.secrecy},
               {"notes", rec.notes},
               {"pages", rec.pages},
               {"source", rec.source},
               {"template_id", rec.template_id},
               {"doc_number", rec.doc_number},
               {"hold", rec.hold},
               {"hold_reason", rec.hold_reason},
               {"filed_at", rec.filed_at},
               {"filed_by", rec.filed_by},
               {"import_key", import_key},
               {"files", files}});
}

Status DuplicateContent(const std::string& a, const std::string& b) {
  return Status::InvalidArgument("文件 " + a + " 与「" + b + "」内容相同，同一件中不必重复归档");
}

// Puts "第 N 件：" before the message when the status is about one item of a larger batch.
Status InItem(const Status& st, size_t index, size_t batch_size) {
  if (st.ok() || batch_size <= 1) return st;
  std::string msg = "第 " + std::to_string(index + 1) + " 件：" + st.message();
  switch (st.code()) {
    case Status::Code::kNotFound:
      return Status::NotFound(msg);
    case Status::Code::kCorruption:
      return Status::Corruption(msg);
    case Status::Code::kIoError:
      return Status::IoError(msg);
    case Status::Code::kUnsupported:
      return Status::Unsupported(msg);
    default:
      return Status::InvalidArgument(msg, st.problems());
  }
}

}  // namespace

Status ArchiveImpl::StageFiles(const std::vector<const std::vector<NewFile>*>& groups,
                               std::vector<std::vector<StagedFile>>* staged) {
  // Every file is checked before any is stored, so a bad one leaves nothing behind.
  std::vector<std::string> paths;
  staged->assign(groups.size(), {});
  for (size_t g = 0; g < groups.size(); ++g) {
    for (const NewFile& f : *groups[g]) {
      StagedFile s;
      s.source = f;
      DANGAN_RETURN_IF_ERROR(InItem(InspectSource(f, &s.info), g, groups.size()));
      paths.push_back(f.path);
      (*staged)[g].push_back(std::move(s));
    }
  }
  std::vector<Digests> digests;
  DANGAN_RETURN_IF_ERROR(store_.PutAll(paths, &hasher_, &digests));
  size_t next = 0;
  for (size_t g = 0; g < staged->size(); ++g) {
    std::vector<StagedFile>& files = (*staged)[g];
    for (size_t i = 0; i < files.size(); ++i) {
      files[i].digests = std::move(digests[next++]);
      for (size_t j = 0; j < i; ++j) {
        if (files[j].digests.sha256 == files[i].digests.sha256) {
          return InItem(DuplicateContent(files[i].source.path, files[j].info.name), g,
                        groups.size());
        }
      }
    }
  }
  return Status::Ok();
}

Status ArchiveImpl::AssignDanghao(const NewItem& item, ItemRecord* rec, std::string* class_key) {
  DanghaoParts parts{rec->fonds, rec->category, rec->retention, rec->department, rec->year};
  std::string key = DanghaoClassKey(config_.pattern, parts);
  if (!item.danghao.empty()) {
    DANGAN_RETURN_IF_ERROR(CheckLegacyDanghao(config_.pattern, Danghao::Parse(item.danghao), parts, &rec->piece));
    rec->danghao = item.danghao;
    *class_key = rec->piece > 0 ? key : "";
    Query same(*db_, "SELECT danghao FROM items WHERE danghao = ?");
    if (same.Add(item.danghao).Step()) {
      return Status::InvalidArgument("档号 " + item.danghao + " 已在目录中，不能重复归档");
    }
    DANGAN_RETURN_IF_ERROR(same.status());
    if (rec->piece == 0) return Status::Ok();
    Query q(*db_, "SELECT danghao FROM items WHERE class_key = ? AND piece = ? AND piece > 0");
    if (q.Add(key).Add(rec->piece).Step()) {
      // The other item is not named: it may be above the clearance of whoever files this one.
      return Status::InvalidArgument("档号 " + item.danghao + " 的件号 " +
                                     std::to_string(rec->piece) +
                                     " 在同一类中已被另一件使用，不能重复归档");
    }
    return q.status();
  }
  // "piece > 0" matches the partial unique index, which makes this a single index probe.
  Query q(*db_, "SELECT COALESCE(MAX(piece), 0) FROM items WHERE class_key = ? AND piece > 0");
  if (!q.Add(key).Step()) return q.status();
  int next = static_cast<int>(q.Int(0)) + 1;
  if (next > kMaxPiece) {
    return Status::InvalidArgument("类别 " + key + " 的件号已用到 9999，无法再编号");
  }
  rec->piece = next;
  rec->danghao = DanghaoFor(key, next);
  *class_key = key;
  return Status::Ok();
}

Status ArchiveImpl::InsertItem(const ItemRecord& r, const std::string& class_key,
                               const std::string& import_key, int64_t* id) {
  Query q(*db_,
          "INSERT INTO items (danghao, class_key, piece, fonds, category, year, retention, "
          "department, title, responsible, doc_ref, date, secrecy, notes, pages, source, "
          "template_id, doc_number, filed_at, filed_by, import_key) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  q.Add(r.danghao).Add(class_key).Add(r.piece).Add(r.fonds).Add(r.category).Add(r.year);
  q.Add(r.retention).Add(r.department).Add(r.title).Add(r.responsible).Add(r.doc_ref);
  q.Add(r.date).Add(r.secrecy).Add(r.notes).Add(r.pages).Add(r.source).Add(r.template_id);
  q.Add(r.doc_number).Add(r.filed_at).Add(r.filed_by).Add(import_key);
  DANGAN_RETURN_IF_ERROR(q.Run());
  *id = sqlite3_last_insert_rowid(db_->handle());
  return Status::Ok();
}

Status ArchiveImpl::InsertFiles(int64_t item_id, const std::vector<StagedFile>& staged,
                                ItemRecord* rec) {
  std::string now = NowIso();
  for (const StagedFile& s : staged) {
    StoredFile f;
    f.role = s.source.role;
    f.name = s.info.name;
    f.size = s.digests.size;
    f.media_type = s.info.media_type;
    f.sha256 = s.digests.sha256;
    f.sm3 = s.digests.sm3;
    f.pages = s.source.pages;
    f.text = s.source.text;
    f.added_at = now;
    Query q(*db_,
            "INSERT INTO files (item_id, role, name, size, media_type, sha256, sm3, pages, text, "
            "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    q.Add(item_id).Add(FileRoleName(f.role)).Add(f.name).Add(static_cast<int64_t>(f.size));
    q.Add(f.media_type).Add(f.sha256).Add(f.sm3).Add(f.pages).Add(f.text).Add(f.added_at);
    DANGAN_RETURN_IF_ERROR(q.Run());
    f.id = sqlite3_last_insert_rowid(db_->handle());
    rec->files.push_back(std::move(f));
  }
  return Status::Ok();
}

Status ArchiveImpl::File(const NewItem& item, const std::vector<NewFile>& files, ItemRecord* out) {
  std::vector<ItemRecord> recs;
  DANGAN_RETURN_IF_ERROR(FileBatch({Filing{item, files}}, &recs));
  if (out) *out = std::move(recs.front());
  return Status::Ok();
}

Status ArchiveImpl::FileBatch(const std::vector<Filing>& batch, std::vector<ItemRecord>* out) {
  std::vector<NewItem> items;
  std::vector<const std::vector<NewFile>*> groups;
  for (size_t i = 0; i < batch.size(); ++i) {
    items.push_back(NormalizedItem(batch[i].item));
    DANGAN_RETURN_IF_ERROR(InItem(ValidateNewItem(items.back(), config_.pattern), i, batch.size()));
    groups.push_back(&batch[i].files);
  }
  StoreLock store_lock;  // until the commit: `gc` must not take the files staged here
  DANGAN_RETURN_IF_ERROR(StoreLock::ForFiling(dir_ + "/store", &store_lock));
  std::vector<std::vector<StagedFile>> staged;
  DANGAN_RETURN_IF_ERROR(StageFiles(groups, &staged));
  std::vector<ItemRecord> recs;
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  FaultPoint("filing: begun");
  for (size_t i = 0; i < items.size(); ++i) {
    recs.push_back(RecordFor(items[i], config_.fonds, user_));
    recs.back().pages = HasOriginal(staged[i]) ? OriginalPages(staged[i]) : items[i].pages;
    DANGAN_RETURN_IF_ERROR(InItem(Catalogue(items[i], staged[i], &recs.back()), i, batch.size()));
  }
  FaultPoint("filing: committing");
  DANGAN_RETURN_IF_ERROR(tx.Commit());
  FaultPoint("filing: committed");
  if (out) *out = std::move(recs);
  return Status::Ok();
}

Status ArchiveImpl::Catalogue(const NewItem& item, const std::vector<StagedFile>& staged,
                              ItemRecord* rec) {
  std::string class_key;
  DANGAN_RETURN_IF_ERROR(AssignDanghao(item, rec, &class_key));
  int64_t id = 0;
  DANGAN_RETURN_IF_ERROR(InsertItem(*rec, class_key, item.import_key, &id));
  FaultPoint("filing: item inserted");
  DANGAN_RETURN_IF_ERROR(InsertFiles(id, staged, rec));
  FaultPoint("filing: files inserted");
  DANGAN_RETURN_IF_ERROR(IndexItem(*db_, id));
  FaultPoint("filing: indexed");
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "归档", rec->danghao,
                                     FiledDetail(*rec, class_key, item.import_key)));
  FaultPoint("filing: audited");
  return Status::Ok();
}

Status ArchiveImpl::RefreshPages(int64_t item_id, ItemRecord* rec) {
  Query sum(*db_,
            "SELECT COUNT(*), COALESCE(SUM(pages), 0) FROM files "
            "WHERE item_id = ? AND role = '原件'");
  if (!sum.Add(item_id).Step()) return sum.status();
  // Without original files an item keeps the 页数 it was catalogued with (see NewItem::pages).
  if (sum.Int(0) == 0) return Status::Ok();
  rec->pages = static_cast<int>(sum.Int(1));
  return Query(*db_, "UPDATE items SET pages = ? WHERE id = ?").Add(rec->pages).Add(item_id).Run();
}

Status ArchiveImpl::AddFiles(const std::string& danghao, const std::vector<NewFile>& files,
                             ItemRecord* out) {
  std::string d = NormalizeDanghao(danghao);
  if (files.empty()) return Status::InvalidArgument("没有给出要增加到 " + d + " 的文件");
  int64_t id = 0;
  ItemRecord rec;
  DANGAN_RETURN_IF_ERROR(FindItem(d, &id, &rec));
  if (rec.destroyed) return Status::InvalidArgument(DestroyedMessage(rec));
  StoreLock store_lock;  // until the commit, as in FileBatch
  DANGAN_RETURN_IF_ERROR(StoreLock::ForFiling(dir_ + "/store", &store_lock));
  std::vector<std::vector<StagedFile>> groups;
  DANGAN_RETURN_IF_ERROR(StageFiles({&files}, &groups));
  const std::vector<StagedFile>& staged = groups.front();
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  DANGAN_RETURN_IF_ERROR(LoadFiles(id, false, &rec.files));
  for (const StagedFile& s : staged) {
    for (const StoredFile& have : rec.files) {
      if (have.sha256 == s.digests.sha256) return DuplicateContent(s.source.path, have.name);
    }
  }
  int old_pages = rec.pages;
  size_t first_new = rec.files.size();
  DANGAN_RETURN_IF_ERROR(UnindexItem(*db_, id));
  FaultPoint("adding: unindexed");
  DANGAN_RETURN_IF_ERROR(InsertFiles(id, staged, &rec));
  DANGAN_RETURN_IF_ERROR(IndexItem(*db_, id));
  DANGAN_RETURN_IF_ERROR(RefreshPages(id, &rec));
  FaultPoint("adding: files inserted");
  json added = json::array();
  for (size_t i = first_new; i < rec.files.size(); ++i) added.push_back(FileJson(rec.files[i]));
  json detail = {{"files", added}};
  if (rec.pages != old_pages) detail["pages"] = {{"old", old_pages}, {"new", rec.pages}};
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "增加文件", d, Dump(detail)));
  FaultPoint("adding: committing");
  DANGAN_RETURN_IF_ERROR(tx.Commit());
  FaultPoint("adding: committed");
  return out ? Get(d, false, out) : Status::Ok();
}

}  // namespace dangan::archive

namespace dangan::archive {

Status ArchiveImpl::BeginImport() {
  if (import_tx_) return Status::InvalidArgument("档案库已有一个进行中的导入事务");
  // Files stored during the import are referenced only once it commits.
  DANGAN_RETURN_IF_ERROR(StoreLock::ForFiling(dir_ + "/store", &import_store_lock_));
  auto tx = std::make_unique<Transaction>(*db_);
  if (!tx->status().ok()) {
    import_store_lock_.Release();
    return tx->status();
  }
  import_tx_ = std::move(tx);
  FaultPoint("import: begun");
  return Status::Ok();
}

Status ArchiveImpl::CommitImport() {
  if (!import_tx_) return Status::InvalidArgument("档案库没有进行中的导入事务");
  FaultPoint("import: committing");
  Status st = import_tx_->Commit();
  import_tx_.reset();  // rolls back if the commit failed
  import_store_lock_.Release();
  return st;
}

void ArchiveImpl::RollbackImport() {
  import_tx_.reset();
  import_store_lock_.Release();
}

}  // namespace dangan::archive
