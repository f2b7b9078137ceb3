// Filling an FTS5 index with much text in one go (dangan reindex, a large import, the search
// bench).
//
// By default FTS5 writes its pending terms out as a new segment every 1 MB and merges segments
// as they pile up (automerge 4, crisismerge 16). Over a whole archive that rewrites the index
// several times: at 1,000,000 items (1 GB of text) indexing ran at 4.8 MB/s, and at 10 MB/s with
// the settings below (bench/run_search.sh).
//
//   BeginBulkIndexing(db, "item_index");   // inside the caller's transaction
//   … many INSERTs, or 'rebuild' …
//   EndBulkIndexing(db, "item_index");     // one 'optimize', settings back to FTS5's defaults
//
// The settings are rows of the table's %_config, so they are part of the transaction: a rollback
// restores the defaults together with the index.
#pragma once

#include <string_view>

#include "dangan/base/status.h"

struct sqlite3;

namespace dangan::search {

// Pending terms are written out every 64 MB instead of every 1 MB, and segments are not merged.
Status BeginBulkIndexing(sqlite3* db, std::string_view fts_table);

// Merges every segment into one, then restores FTS5's default hashsize, automerge and
// crisismerge. The cost is one pass over the whole index, so it is for work on the scale of the
// index itself.
Status EndBulkIndexing(sqlite3* db, std::string_view fts_table);

}  // namespace dangan::search
