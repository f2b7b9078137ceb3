// Keeping the full-text index (schema version 5) in step with the catalogue, inside the caller's
// transaction.
#pragma once

#include <cstdint>

#include "sqlite_db.h"

namespace dangan::archive {

// Indexes an item as the catalogue now holds it (after its files are in).
Status IndexItem(Db& db, int64_t item_id);
// Drops an item's index entry, while the catalogue still holds the values it was indexed with.
Status UnindexItem(Db& db, int64_t item_id);

}  // namespace dangan::archive
