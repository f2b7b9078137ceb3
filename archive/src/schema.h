// The catalogue's schema, versioned by PRAGMA user_version. Each migration takes the catalogue
// from version N-1 to N in one transaction; Open runs the missing ones, so an archive made by an
// older dangan opens with a newer one. Never edit a released migration: append a new one.
#pragma once

#include "sqlite_db.h"

namespace dangan::archive {

constexpr int kSchemaVersion = 13;

// Runs the migrations up to `target` (tests build older catalogues with a lower target).
Status MigrateSchema(Db& db, int target = kSchemaVersion);
Status ReadSchemaVersion(Db& db, int* version);

}  // namespace dangan::archive
