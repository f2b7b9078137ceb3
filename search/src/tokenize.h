// The tokenizer proper, free of any SQLite library call so that both dangan_search (linked
// with libsqlite3) and the loadable extension (which must reach SQLite only through the
// sqlite3_api table it is given) use the same code.
#pragma once

#include <sqlite3.h>

namespace dangan::search::internal {

// FTS5's xToken callback: (ctx, flags, token, n, start, end) → SQLite result code.
using TokenCallback = int (*)(void*, int, const char*, int, int, int);

// Calls `emit` for every token of text[0, n) as FTS5 would for `flags` (FTS5_TOKENIZE_*);
// stops at and returns the first non-OK result.
int TokenizeText(const char* text, int n, int flags, void* ctx, TokenCallback emit);

// Adds the tokenizer to FTS5 under kChineseTokenizerName.
int AddTokenizer(fts5_api* api);

}  // namespace dangan::search::internal
