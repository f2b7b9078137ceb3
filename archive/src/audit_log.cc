#include "audit_log.h"

#include <cstdlib>

#include "archive_util.h"
#include "digest.h"

namespace dangan::archive {
namespace {

const std::string kGenesis(64, '0');
const char kHeadKey[] = "audit_head";

// Length-prefixed fields: unambiguous for any bytes, and independent of any JSON library's
// formatting choices.
void AddField(std::string* out, const std::string& field) {
  *out += std::to_string(field.size());
  *out += ':';
  *out += field;
  *out += ';';
}

AuditEntry ReadEntry(const Query& q) {
  AuditEntry e;
  e.id = q.Int(0);
  e.at = q.Text(1);
  e.who = q.Text(2);
  e.action = q.Text(3);
  e.danghao = q.Text(4);
  e.detail = q.Text(5);
  e.prev_hash = q.Text(6);
  e.hash = q.Text(7);
  return e;
}

const char kSelect[] =
    "SELECT id, at, who, action, danghao, detail, prev_hash, hash FROM audit_log";

void Broken(AuditReport* r, int64_t id, const std::string& problem) {
  r->intact = false;
  r->first_broken_id = id;
  r->problem = problem;
}

std::string EntryName(int64_t id) { return "第 " + std::to_string(id) + " 条审计记录"; }

// "ID HASH" with ID a positive number and HASH 64 lower-case hex digits.
bool ParseHead(const std::string& head, int64_t* id, std::string* hash) {
  const size_t space = head.find(' ');
  if (space == 0 || space == std::string::npos || space > 18) return false;
  const std::string digits = head.substr(0, space);
  *hash = head.substr(space + 1);
  if (digits.find_first_not_of("0123456789") != std::string::npos || hash->size() != 64 ||
      hash->find_first_not_of("0123456789abcdef") != std::string::npos) {
    return false;
  }
  *id = std::strtoll(digits.c_str(), nullptr, 10);
  return *id > 0;
}

// Compares the chain's end with the head kept in config.
void CheckHead(Db& db, int64_t last_id, const std::string& last_hash, AuditReport* r) {
  Query q(db, "SELECT value FROM config WHERE key = ?");
  q.Add(kHeadKey);
  if (!q.Step()) {
    if (last_id != 0) Broken(r, last_id, "审计日志的链尾记录丢失，无法确认末尾是否完整");
    return;
  }
  const std::string head = q.Text(0);
  int64_t head_id = 0;
  std::string head_hash;
  if (!ParseHead(head, &head_id, &head_hash)) {
    // Written only by AppendAudit as "ID HASH"; anything else was put there by hand.
    Broken(r, last_id, "审计日志的链尾记录「" + head + "」格式不对（被改动）");
    return;
  }
  if (last_id < head_id) {
    Broken(r, last_id + 1,
           "审计日志末尾缺少记录：最后一条应为" + EntryName(head_id) + "，现在只到第 " +
               std::to_string(last_id) + " 条（记录被删除）");
  } else if (last_id > head_id) {
    Broken(r, head_id + 1, EntryName(head_id + 1) + "不是由本程序写入的（链尾之后多出记录）");
  } else if (last_hash != head_hash) {
    Broken(r, last_id, EntryName(last_id) + "与记录的链尾哈希不符（被改动或替换）");
  }
}

}  // namespace

std::string AuditHash(const std::string& prev_hash, const AuditEntry& e) {
  std::string canonical = prev_hash;
  AddField(&canonical, std::to_string(e.id));
  AddField(&canonical, e.at);
  AddField(&canonical, e.who);
  AddField(&canonical, e.action);
  AddField(&canonical, e.danghao);
  AddField(&canonical, e.detail);
  return Sha256Hex(canonical);
}

Status AppendAudit(Db& db, const std::string& who, const std::string& action,
                   const std::string& danghao, const std::string& detail) {
  AuditEntry e;
  e.prev_hash = kGenesis;
  {
    Query last(db, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (last.Step()) {
      e.id = last.Int(0);
      e.prev_hash = last.Text(1);
    }
    DANGAN_RETURN_IF_ERROR(last.status());
  }
  e.id += 1;
  e.at = NowIso();
  e.who = who;
  e.action = action;
  e.danghao = danghao;
  e.detail = detail;
  e.hash = AuditHash(e.prev_hash, e);
  DANGAN_RETURN_IF_ERROR(Query(db,
                               "INSERT INTO audit_log (id, at, who, action, danghao, detail, "
                               "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                             .Add(e.id)
                             .Add(e.at)
                             .Add(e.who)
                             .Add(e.action)
                             .Add(e.danghao)
                             .Add(e.detail)
                             .Add(e.prev_hash)
                             .Add(e.hash)
                             .Run());
  return Query(db, "INSERT OR REPLACE INTO config (key, value) VALUES (?, ?)")
      .Add(kHeadKey)
      .Add(std::to_string(e.id) + " " + e.hash)
      .Run();
}

Status VerifyAuditChain(Db& db, AuditReport* report) {
  *report = AuditReport();
  std::string prev = kGenesis;
  int64_t last_id = 0;
  Query q(db, std::string(kSelect) + " ORDER BY id");
  while (q.Step()) {
    AuditEntry e = ReadEntry(q);
    ++report->entries;
    if (!report->intact) continue;
    if (e.prev_hash != prev) {
      Broken(report, e.id,
             EntryName(e.id) + "与前一条接不上（前面的记录被删除、改动或调换了顺序）");
    } else if (AuditHash(prev, e) != e.hash) {
      Broken(report, e.id, EntryName(e.id) + "的内容被改动（哈希不符）");
    }
    prev = e.hash;
    last_id = e.id;
  }
  DANGAN_RETURN_IF_ERROR(q.status());
  if (report->intact) CheckHead(db, last_id, prev, report);
  return Status::Ok();
}

Status RecomputeAuditChain(Db& db, std::vector<std::string>* hashes) {
  hashes->clear();
  std::string prev = kGenesis;
  Query q(db, std::string(kSelect) + " ORDER BY id");
  while (q.Step()) {
    prev = AuditHash(prev, ReadEntry(q));
    hashes->push_back(prev);
  }
  return q.status();
}

Status ReadAudit(Db& db, const std::string& danghao, Secrecy clearance,
                 std::vector<AuditEntry>* out) {
  out->clear();
  // An entry about an item the reader may not see is left out, as the item is.
  const std::string hidden = "danghao NOT IN (SELECT danghao FROM items WHERE secrecy NOT IN " +
                             VisibleSecrecySql(clearance) + ")";
  std::string sql = std::string(kSelect) + " WHERE " + hidden +
                    (danghao.empty() ? "" : " AND danghao = ?") + " ORDER BY id";
  Query q(db, sql);
  if (!danghao.empty()) q.Add(danghao);
  while (q.Step()) out->push_back(ReadEntry(q));
  return q.status();
}

}  // namespace dangan::archive
