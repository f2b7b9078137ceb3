// The archive's side of signed checkpoints: comparing the recomputed chain with checkpoints, and
// the archive's checkpoint key in `config`.
#pragma once

#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/archive/checkpoint.h"

namespace dangan::archive {

// Compares the hashes recomputed from the log's rows (RecomputeAuditChain) with checkpoints
// signed for the archive of `fonds` with `public_key`. Fills the report's problem (the first
// refused checkpoint file, else the earliest entry found cut or rewritten) and, when all agree,
// its `checkpoints`.
void CompareWithCheckpoints(const std::vector<std::string>& hashes, const std::string& fonds,
                            const std::string& public_key,
                            const std::vector<AuditCheckpoint>& checkpoints, AuditReport* report);

}  // namespace dangan::archive
