// The append-only audit log. Each entry's hash is SHA-256 over the previous entry's hash and the
// entry's own fields, so changing, removing or reordering any entry breaks the chain from that
// point on. The newest entry's id and hash are also kept in `config` (audit_head), which catches
// entries cut off the end; someone who rewrites the whole tail and the head together is beyond
// what a chain inside the same file can show (that needs a copy of the head kept elsewhere).
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

// Entries about `danghao`, oldest first; all entries when `danghao` is empty. Entries about items
// above `clearance` are left out.
Status ReadAudit(Db& db, const std::string& danghao, Secrecy clearance,
                 std::vector<AuditEntry>* out);

}  // namespace dangan::archive
