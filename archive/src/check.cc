// `check`: everything the catalogue says is compared with what is really there. Every stored
// file is re-read and both digests recomputed; 件号 sequences and 页数 are checked; and the audit
// log is replayed (audit_replay.h) and every item's fields and files compared with it, so edits
// made behind the program's back show up even when they were made consistently in one table.
#include <unistd.h>

#include <map>
#include <unordered_map>
#include <unordered_set>

#include "archive_impl.h"
#include "audit_log.h"
#include "audit_replay.h"
#include "dangan/records/danghao.h"

namespace dangan::archive {
namespace {

struct ItemRow {
  std::string danghao, class_key;
  int piece = 0, pages = 0;
  int catalogue_pages = 0;  // sum of its original files' pages as the files table has them
  int originals = 0;        // an item without original files keeps the 页数 it was filed with
  bool destroyed = false;   // its files were removed by the destruction: not looked for
};

// One read of one stored content, shared by every file row naming it.
struct ContentResult {
  bool exists = false;
  Status read;
  Digests digests;
};

bool IsSha256Hex(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

class Checker {
 public:
  Checker(Db& db, const FileStore& store, const PageCounter& count_pages, CheckReport* report)
      : db_(db), store_(store), count_pages_(count_pages), report_(report) {}

  Status Run() {
    DANGAN_RETURN_IF_ERROR(LoadItems());
    DANGAN_RETURN_IF_ERROR(CheckFiles());
    CheckItemPages();
    DANGAN_RETURN_IF_ERROR(CheckSequences());
    DANGAN_RETURN_IF_ERROR(CheckAgainstAuditLog());
    DANGAN_RETURN_IF_ERROR(CheckUnreferenced());
    return CheckAuditChain();
  }

 private:
  void Problem(const std::string& danghao, const std::string& text) {
    report_->problems.push_back({danghao, text});
  }

  std::string DanghaoOf(int64_t item_id) const {
    auto it = items_.find(item_id);
    return it == items_.end() ? std::string() : it->second.danghao;
  }

  Status LoadItems() {
    Query q(db_,
            "SELECT id, danghao, class_key, piece, pages, destroyed FROM items ORDER BY id");
    while (q.Step()) {
      ItemRow& r = items_[q.Int(0)];
      r.danghao = q.Text(1);
      r.class_key = q.Text(2);
      r.piece = static_cast<int>(q.Int(3));
      r.pages = static_cast<int>(q.Int(4));
      r.destroyed = q.Int(5) != 0;
    }
    report_->items = static_cast<int64_t>(items_.size());
    return q.status();
  }

  Status CheckFiles() {
    Query q(db_,
            "SELECT id, item_id, name, role, size, media_type, sha256, sm3, pages FROM files "
            "ORDER BY id");
    while (q.Step()) {
      CatalogueFile f;
      f.id = q.Int(0);
      f.item_id = q.Int(1);
      f.name = q.Text(2);
      f.role = q.Text(3);
      f.size = static_cast<uint64_t>(q.Int(4));
      f.media_type = q.Text(5);
      f.sha256 = q.Text(6);
      f.sm3 = q.Text(7);
      f.pages = static_cast<int>(q.Int(8));
      CheckFile(f);
      files_[f.id] = std::move(f);
    }
    return q.status();
  }

  const ContentResult& ReadContent(const std::string& sha256) {
    auto it = contents_.find(sha256);
    if (it != contents_.end()) return it->second;
    ContentResult& r = contents_[sha256];
    std::string path = store_.PathFor(sha256);
    r.exists = access(path.c_str(), F_OK) == 0;
    if (r.exists) {
      r.read = DigestFile(path, FileStore::RelativePath(sha256), &hasher_, &r.digests);
      report_->bytes += r.digests.size;
    }
    return r;
  }

  void CheckFile(const CatalogueFile& f) {
    ++report_->files;
    std::string danghao = DanghaoOf(f.item_id);
    std::string what = "文件「" + f.name + "」（" + f.role + "）";
    if (danghao.empty()) Problem("", what + "的记录不属于任何件（目录被改动）");
    if (f.role == "原件" && items_.count(f.item_id)) {
      items_[f.item_id].catalogue_pages += f.pages;
      ++items_[f.item_id].originals;
    }
    // A destroyed item keeps its files' rows and digests, but the content is gone on purpose
    // (its 件号 stays in the catalogue too, so its class shows no gap either).
    auto owner = items_.find(f.item_id);
    if (owner != items_.end() && owner->second.destroyed) return;
    if (!IsSha256Hex(f.sha256)) {
      Problem(danghao, what + "在目录中的 SHA-256 摘要格式不对（目录被改动）");
      return;
    }
    const ContentResult& c = ReadContent(f.sha256);
    std::string where = FileStore::RelativePath(f.sha256);
    if (!c.exists) return Problem(danghao, what + "在档案库中找不到（" + where + "）");
    if (!c.read.ok()) return Problem(danghao, what + c.read.message());
    if (c.digests.size != f.size) {
      return Problem(danghao, what + "大小不符：目录记为 " + std::to_string(f.size) +
                                  " 字节，档案库中为 " + std::to_string(c.digests.size) +
                                  " 字节（文件被截断或改动）");
    }
    if (c.digests.sha256 != f.sha256) {
      return Problem(danghao,
                     what + "的内容与 SHA-256 摘要不符（文件被改动，或目录中的摘要被改动）");
    }
    if (c.digests.sm3 != f.sm3) {
      return Problem(danghao, what + "的内容与 SM3 摘要不符（目录中的 SM3 摘要被改动）");
    }
    CountPages(f, danghao, what);
  }

  void CountPages(const CatalogueFile& f, const std::string& danghao, const std::string& what) {
    if (!count_pages_) return;
    int n = count_pages_(store_.PathFor(f.sha256), f.media_type);
    if (n >= 0 && n != f.pages) {
      Problem(danghao, what + "实有 " + std::to_string(n) + " 页，目录记为 " +
                           std::to_string(f.pages) + " 页");
    }
  }

  void CheckItemPages() {
    for (const auto& [id, r] : items_) {
      if (r.originals > 0 && r.pages != r.catalogue_pages) {
        Problem(r.danghao, "页数不符：目录记为 " + std::to_string(r.pages) + " 页，原件共 " +
                               std::to_string(r.catalogue_pages) + " 页");
        pages_named_.insert(r.danghao);
      }
    }
  }

  void Gap(const std::string& class_key, int from, int to) {
    std::string first = DanghaoFor(class_key, from);
    if (from == to) return Problem(first, "件号缺号：该件不在目录中（同类的件号应连续）");
    Problem(first, "件号缺号：" + first + " 至 " + DanghaoFor(class_key, to) + " 共 " +
                       std::to_string(to - from + 1) + " 件不在目录中（同类的件号应连续）");
  }

  Status CheckSequences() {
    Query q(db_,
            "SELECT class_key, piece, danghao, source FROM items WHERE piece > 0 "
            "ORDER BY class_key, piece, id");
    std::string key, prev_danghao;
    int expected = 1;
    while (q.Step()) {
      std::string k = q.Text(0), danghao = q.Text(2);
      int piece = static_cast<int>(q.Int(1));
      if (k != key) {
        key = k;
        // An imported legacy catalogue starts where its old numbering starts (older schemes
        // numbered a year's items across retention periods); gaps inside it still count.
        expected = q.Text(3) == "import" ? piece : 1;
        prev_danghao.clear();
      }
      if (DanghaoFor(k, piece) != danghao) {
        Problem(danghao, "档号与其类别、件号（" + PieceText(piece) + "）不一致（目录被改动）");
      }
      if (piece < expected) {
        Problem(danghao, "件号重复：与 " + prev_danghao + " 相同");
        continue;
      }
      if (piece > expected) Gap(k, expected, piece - 1);
      expected = piece + 1;
      prev_danghao = danghao;
    }
    return q.status();
  }

  // The catalogue must be what the audit log, replayed from the first entry, says it is.
  Status CheckAgainstAuditLog() {
    LoggedCatalogue logged;
    DANGAN_RETURN_IF_ERROR(ReplayAuditLog(db_, &logged, &report_->problems));
    return CompareWithLog(db_, logged, files_, pages_named_, &report_->problems);
  }

  // Store files no item refers to are what an interrupted filing leaves; harmless as long as
  // each still holds the content its name says.
  Status CheckUnreferenced() {
    std::vector<std::string> names;
    DANGAN_RETURN_IF_ERROR(store_.ListAll(&names));
    for (const std::string& sha256 : names) {
      if (contents_.count(sha256)) continue;
      const ContentResult& c = ReadContent(sha256);
      if (c.read.ok() && c.digests.sha256 == sha256) {
        ++report_->unreferenced;
        report_->reclaimable.push_back({FileStore::RelativePath(sha256), c.digests.size, false});
      } else {
        Problem(FileStore::RelativePath(sha256),
                "档案库中的文件内容与其名称（SHA-256）不符，且不属于任何件");
      }
    }
    return store_.ListTemporaries(&report_->reclaimable);
  }

  Status CheckAuditChain() {
    AuditReport audit;
    DANGAN_RETURN_IF_ERROR(VerifyAuditChain(db_, &audit));
    if (!audit.intact) Problem("", "审计日志：" + audit.problem);
    return Status::Ok();
  }

  Db& db_;
  const FileStore& store_;
  const PageCounter& count_pages_;
  CheckReport* report_;
  DualHasher hasher_;
  std::map<int64_t, ItemRow> items_;
  std::map<int64_t, CatalogueFile> files_;
  std::unordered_map<std::string, ContentResult> contents_;
  std::unordered_set<std::string> pages_named_;  // items whose 页数 is already a problem
};

}  // namespace

Status ArchiveImpl::Check(const PageCounter& count_pages, CheckReport* report) {
  *report = CheckReport();
  // One read transaction for the whole check: a consistent view while others go on filing.
  DANGAN_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  const Status st = Checker(*db_, store_, count_pages, report).Run();
  // The read transaction ends either way; the check's own failure is the one to report.
  const Status commit = db_->Exec("COMMIT");
  DANGAN_RETURN_IF_ERROR(st);
  return commit;
}

}  // namespace dangan::archive
