// The append-only audit log. Each entry's hash is SHA-256 over the previous entry's hash and the
// entry's own fields, so changing, removing or reordering any entry breaks the chain from that
// point on. The newest entry's id and hash are also kept in `config` (audit_head), which catches
// entries cut off the end; someone who rewrites the whole tail and the head together is beyond
// what a chain inside the same file can show: that needs a copy of the head kept elsewhere, which
// is what a signed checkpoint is (dangan/archive/checkpoint.h, audit_checkpoints.h).
#pragma once

#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "sqlite_db.h"

namespace dangan::archive {

// Appends one entry; call inside the transaction that makes the change.
Status AppendAudit(Db& db, const std::string& who, const std::string& action,
                   const std::string& danghao, const std::string& detail);

// The hash an entry must carry given the previous entry's hash.
std::string AuditHash(const std::string& prev_hash, const AuditEntry& e);

Status VerifyAuditChain(Db& db, AuditReport* report);

// The hash each entry must carry, recomputed from the rows' fields alone (the stored hash and
// prev_hash columns are not read): element i belongs to the (i+1)-th entry in id order. This is
// what a signed checkpoint is compared with, so a log re-hashed consistently after a change
// still shows the change.
Status RecomputeAuditChain(Db& db, std::vector<std::string>* hashes);

// Entries about `danghao`, oldest first; all entries when `danghao` is empty. Entries about items
// above `clearance` are left out.
Status ReadAudit(Db& db, const std::string& danghao, Secrecy clearance,
                 std::vector<AuditEntry>* out);

}  // namespace dangan::archive
