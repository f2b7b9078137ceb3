#include "audit_checkpoints.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "archive_impl.h"
#include "archive_util.h"
#include "audit_log.h"

namespace dangan::archive {
namespace {

const char kPublicKey[] = "audit_public_key";
const char kKeyPath[] = "audit_key_path";

std::string Entry(int64_t id) { return "第 " + std::to_string(id) + " 条"; }

void Refuse(AuditReport* r, const std::string& code, const AuditCheckpoint& c,
            const std::string& problem) {
  r->intact = false;
  r->code = code;
  r->first_broken_id = r->last_suspect_id = 0;
  r->problem_file = c.source;
  r->problem = "检查点文件 " + c.source + problem;
}

// The checkpoint file itself: signed, by this archive's key, for this 全宗. Its positions are
// signed too, so only their order and range need checking here.
bool Acceptable(const AuditCheckpoint& c, const std::string& fonds, const std::string& public_key,
                AuditReport* r) {
  if (!CheckpointSignatureValid(c)) {
    Refuse(r, "checkpoint_forged", c,
           "的签名无效：文件在签署后被改动过（条数、哈希或其他一行），或不是 dangan audit "
           "checkpoint 签发的");
    return false;
  }
  if (public_key.empty() || c.public_key != public_key || c.fonds != fonds) {
    Refuse(r, "checkpoint_foreign", c,
           "（全宗号 " + c.fonds + "，公钥 " + c.public_key + "）不是用本档案库（全宗号 " + fonds +
               "）记录的公钥 " + (public_key.empty() ? "（没有记录）" : public_key) +
               " 签发的：它属于另一个档案库或另一把密钥，或者目录数据库中记录的公钥被换过");
    return false;
  }
  int64_t previous = 0;
  for (const auto& anchor : c.anchors) {
    if (anchor.first <= previous || anchor.first > c.entries) {
      Refuse(r, "checkpoint_forged", c, "中的位置 " + Entry(anchor.first) + "不合顺序");
      return false;
    }
    previous = anchor.first;
  }
  return true;
}

struct Anchor {
  int64_t position;
  std::string hash;
  const AuditCheckpoint* from;
};

// Where the recomputed chain first departs from a signed hash. Every signed position below the
// first mismatch still agrees, so the change lies after the highest of them.
void FindRewrite(const std::vector<std::string>& hashes, std::vector<Anchor> anchors,
                 AuditReport* r) {
  std::sort(anchors.begin(), anchors.end(),
            [](const Anchor& a, const Anchor& b) { return a.position < b.position; });
  int64_t agrees = 0;
  const int64_t present = static_cast<int64_t>(hashes.size());
  for (const Anchor& a : anchors) {
    if (a.position > present) break;
    if (hashes[a.position - 1] == a.hash) {
      agrees = a.position;
      continue;
    }
    r->intact = false;
    r->code = "audit_rewritten";
    r->first_broken_id = agrees + 1;
    r->last_suspect_id = a.position;
    r->problem_file = a.from->source;
    const std::string where =
        agrees + 1 == a.position
            ? Entry(a.position) + "审计记录被改写"
            : (agrees == 0
                   ? "第 1 条至" + Entry(a.position) + "（含）之间的审计记录被改写"
                   : Entry(agrees) + "之后、" + Entry(a.position) + "及以前的审计记录被改写");
    r->problem = where + "（或有记录被删除、插入）：按记录内容重算的" + Entry(a.position) +
                 "哈希与检查点文件 " + a.from->source + " 签署的不符" +
                 (agrees == 0 ? "" : "，" + Entry(agrees) + "仍与检查点相符") +
                 "。更早的检查点可以进一步缩小范围";
    return;
  }
}

void FindCut(int64_t present, const std::vector<AuditCheckpoint>& checkpoints, AuditReport* r) {
  const AuditCheckpoint* longest = nullptr;
  for (const AuditCheckpoint& c : checkpoints) {
    if (longest == nullptr || c.entries > longest->entries) longest = &c;
  }
  if (longest == nullptr || longest->entries <= present) return;
  r->intact = false;
  r->code = "audit_entries_missing";
  r->first_broken_id = r->last_suspect_id = present + 1;
  r->problem_file = longest->source;
  r->problem = Entry(present + 1) + "审计记录缺失：检查点文件 " + longest->source + "（签署于 " +
               longest->at + "）证明当时已有 " + std::to_string(longest->entries) +
               " 条，现在只有 " + std::to_string(present) + " 条（末尾的记录被删除）";
}

std::string ConfigValue(Db& db, const char* key, Status* status) {
  Query q(db, "SELECT value FROM config WHERE key = ?");
  q.Add(key);
  std::string value = q.Step() ? q.Text(0) : "";
  *status = q.status();
  return value;
}

Status SetConfig(Db& db, const char* key, const std::string& value) {
  return Query(db, "INSERT OR REPLACE INTO config (key, value) VALUES (?, ?)")
      .Add(key)
      .Add(value)
      .Run();
}

// The recorded key's path unless one is given; the key must be the archive's.
Status ChooseKey(Db& db, const std::string& given, const std::string& public_key,
                 std::string* key_path) {
  Status s;
  *key_path = given.empty() ? ConfigValue(db, kKeyPath, &s) : given;
  DANGAN_RETURN_IF_ERROR(s);
  std::string key_public;
  DANGAN_RETURN_IF_ERROR(ReadPublicKey(*key_path, &key_public));
  if (key_public != public_key) {
    return Status::InvalidArgument("私钥 " + *key_path + " 的公钥 " + key_public +
                                   " 与档案库记录的检查点公钥 " + public_key +
                                   " 不符：不能用别的密钥签发本档案库的检查点");
  }
  return Status::Ok();
}

}  // namespace

void CompareWithCheckpoints(const std::vector<std::string>& hashes, const std::string& fonds,
                            const std::string& public_key,
                            const std::vector<AuditCheckpoint>& checkpoints, AuditReport* report) {
  std::vector<Anchor> anchors;
  for (const AuditCheckpoint& c : checkpoints) {
    if (!Acceptable(c, fonds, public_key, report)) return;
    for (const auto& [position, hash] : c.anchors) anchors.push_back({position, hash, &c});
  }
  AuditReport found;
  FindRewrite(hashes, anchors, &found);
  if (found.intact) FindCut(static_cast<int64_t>(hashes.size()), checkpoints, &found);
  // The chain inside the catalogue may already have named an entry; the earlier one is reported.
  if (!found.intact && (report->intact || found.first_broken_id < report->first_broken_id)) {
    report->intact = false;
    report->code = found.code;
    report->first_broken_id = found.first_broken_id;
    report->last_suspect_id = found.last_suspect_id;
    report->problem = found.problem;
    report->problem_file = found.problem_file;
  }
  if (!report->intact) return;
  for (const AuditCheckpoint& c : checkpoints) {
    report->checkpoints.push_back({c.source, c.entries, c.at, c.public_key});
  }
}

Status ArchiveImpl::VerifyAuditAgainst(const std::vector<AuditCheckpoint>& checkpoints,
                                       AuditReport* report) {
  DANGAN_RETURN_IF_ERROR(VerifyAuditChain(*db_, report));
  if (!report->intact) {
    report->code = "audit_chain_broken";
    report->last_suspect_id = report->first_broken_id;
  }
  Status s;
  report->public_key = ConfigValue(*db_, kPublicKey, &s);
  DANGAN_RETURN_IF_ERROR(s);
  if (checkpoints.empty()) return Status::Ok();
  std::vector<std::string> hashes;
  DANGAN_RETURN_IF_ERROR(RecomputeAuditChain(*db_, &hashes));
  CompareWithCheckpoints(hashes, config_.fonds, report->public_key, checkpoints, report);
  return Status::Ok();
}

Status ArchiveImpl::SetAuditKey(const std::string& key_path) {
  std::string public_key;
  DANGAN_RETURN_IF_ERROR(CreateOrReuseSigningKey(key_path, dir_, &public_key));
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  Status s;
  const std::string recorded = ConfigValue(*db_, kPublicKey, &s);
  DANGAN_RETURN_IF_ERROR(s);
  if (!recorded.empty() && recorded != public_key) {
    // Checkpoints already handed out name the old key; a second key would leave the auditor
    // unable to tell a replaced key from a legitimate one.
    return Status::InvalidArgument("档案库已有检查点公钥 " + recorded + "，私钥 " + key_path +
                                   " 的公钥是 " + public_key + "：一个档案库只用一把密钥");
  }
  DANGAN_RETURN_IF_ERROR(SetConfig(*db_, kKeyPath, ResolvedPath(key_path)));
  if (recorded.empty()) {
    DANGAN_RETURN_IF_ERROR(SetConfig(*db_, kPublicKey, public_key));
    const nlohmann::json detail = {{"public_key", public_key}};
    DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "设置检查点密钥", "", detail.dump()));
  }
  return tx.Commit();
}

Status ArchiveImpl::SignAuditCheckpoint(const std::string& key_path, AuditCheckpoint* out) {
  // The write lock from the start: no entry can slip in between the hashes read and the entry
  // that logs the signing.
  Transaction tx(*db_);
  DANGAN_RETURN_IF_ERROR(tx.status());
  Status s;
  const std::string public_key = ConfigValue(*db_, kPublicKey, &s);
  DANGAN_RETURN_IF_ERROR(s);
  if (public_key.empty()) {
    return Status::InvalidArgument("档案库 " + dir_ +
                                   " 还没有检查点密钥：先用 dangan audit key --key 私钥路径 设置"
                                   "（私钥放在档案库目录之外）");
  }
  std::string key;
  DANGAN_RETURN_IF_ERROR(ChooseKey(*db_, key_path, public_key, &key));
  AuditReport chain;
  DANGAN_RETURN_IF_ERROR(VerifyAuditChain(*db_, &chain));
  if (!chain.intact) {
    return Status::Corruption("审计日志已被改动，不能为它签发检查点：" + chain.problem);
  }
  std::vector<std::string> hashes;
  DANGAN_RETURN_IF_ERROR(RecomputeAuditChain(*db_, &hashes));
  if (hashes.empty()) return Status::InvalidArgument("审计日志还没有记录，无需签发检查点");
  *out = AuditCheckpoint();
  out->fonds = config_.fonds;
  out->company = config_.company;
  out->entries = static_cast<int64_t>(hashes.size());
  for (int64_t k : CheckpointPositions(out->entries)) out->anchors.emplace_back(k, hashes[k - 1]);
  out->at = NowIso();
  DANGAN_RETURN_IF_ERROR(SignCheckpoint(key, out));
  const nlohmann::json detail = {
      {"entries", out->entries}, {"head", out->head()}, {"signature", out->signature}};
  DANGAN_RETURN_IF_ERROR(AppendAudit(*db_, user_, "签发检查点", "", detail.dump()));
  return tx.Commit();
}

}  // namespace dangan::archive
