#include <sqlite3.h>
#include <unicode/utf8.h>

#include <string>
#include <string_view>
#include <vector>

#include "dangan/search/tokenizer.h"
#include "fold.h"
#include "tokenize.h"

namespace dangan {
namespace {

// FTS5 hands out its API only through a pointer bound to "SELECT fts5(?1)".
fts5_api* GetFts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

}  // namespace

Status RegisterChineseTokenizer(sqlite3* db) {
  if (db == nullptr) return Status::InvalidArgument("注册中文分词器失败：数据库连接为空");
  fts5_api* api = GetFts5Api(db);
  if (api == nullptr) {
    return Status::Unsupported("注册中文分词器失败：SQLite 不支持 FTS5（" +
                               std::string(sqlite3_errmsg(db)) + "）");
  }
  int rc = search::internal::AddTokenizer(api);
  if (rc != SQLITE_OK) {
    return Status::Unsupported("注册中文分词器失败：" + std::string(sqlite3_errstr(rc)));
  }
  return Status::Ok();
}

namespace search {
namespace {

int Collect(void* ctx, int flags, const char* token, int n, int start, int end) {
  if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
  static_cast<std::vector<Token>*>(ctx)->push_back(
      Token{std::string(token, static_cast<size_t>(n)), start, end});
  return SQLITE_OK;
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  internal::TokenizeText(text.data(), static_cast<int>(text.size()), FTS5_TOKENIZE_DOCUMENT,
                         &tokens, &Collect);
  return tokens;
}

std::string FoldText(std::string_view text) {
  const internal::FoldTable& table = internal::FoldTable::Get();
  std::string out;
  out.reserve(text.size());
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(bytes, i, n, c);
    if (c < 0) {
      out += ' ';  // invalid UTF-8 separates, as in the tokenizer
      continue;
    }
    internal::Folded f = table.Fold(static_cast<char32_t>(c));
    const internal::Packed* p = f.begin();
    for (int k = 0; k < f.n; ++k) {
      char buf[4];
      int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, static_cast<UChar32>(internal::CodePoint(p[k])));
      out.append(buf, static_cast<size_t>(len));
    }
  }
  return out;
}

}  // namespace search
}  // namespace dangan
