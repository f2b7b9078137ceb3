// Full-text search over the catalogue's index (schema version 3). The query string is turned
// into a safe FTS5 expression by dangan/query.h; filters and the user's clearance are part of
// the same SQL statement, so a record the user may not see never reaches a count or a snippet.
#include "archive_impl.h"
#include "dangan/query.h"

namespace dangan {
namespace {

// 密级, lowest first: a clearance sees its own level and those before it.
const char* const kSecrecyLevels[] = {"公开", "内部", "秘密", "机密"};

}  // namespace

int SecrecyRank(const std::string& secrecy) {
  for (int i = 0; i < 4; ++i) {
    if (secrecy == kSecrecyLevels[i]) return i;
  }
  return -1;
}

namespace archive {
namespace {

const std::vector<search::ColumnAlias>& ColumnAliases() {
  static const std::vector<search::ColumnAlias> kAliases = {
      {"题名", "title"},   {"标题", "title"}, {"责任者", "people"}, {"人员", "people"},
      {"文号", "doc_ref"}, {"正文", "body"},  {"内容", "body"},     {"备注", "notes"}};
  return kAliases;
}

// Column weights for bm25(): title, people, doc_ref, body, notes.
constexpr char kRank[] = "bm25(item_index, 10.0, 4.0, 4.0, 1.0, 2.0)";
constexpr char kSnippetBody[] = "snippet(item_index, 3, '【', '】', '…', 24)";
constexpr char kSnippetTitle[] = "highlight(item_index, 0, '【', '】')";

// Everything after FROM: the index joined to the items the user may see under the filters.
Status HitSource(const SearchRequest& r, const std::string& match, std::string* sql,
                 std::vector<SqlArg>* args) {
  const int clearance = SecrecyRank(r.clearance);
  if (clearance < 0) {
    return Status::InvalidArgument("密级「" + r.clearance + "」无效：应为公开、内部、秘密或机密");
  }
  std::string where;
  std::vector<SqlArg> filter_args;
  ListWhere(r.filter, &where, &filter_args);
  *sql =
      " FROM item_index JOIN items ON items.id = item_index.rowid"
      " WHERE item_index MATCH ? AND " +
      where + " AND items.secrecy IN (";
  args->push_back(match);
  args->insert(args->end(), filter_args.begin(), filter_args.end());
  for (int i = 0; i <= clearance; ++i) {
    *sql += i ? ", ?" : "?";
    args->push_back(std::string(kSecrecyLevels[i]));
  }
  *sql += ")";
  if (!r.date_from.empty()) {
    *sql += " AND items.date >= ?";
    args->push_back(r.date_from);
  }
  if (!r.date_to.empty()) {
    *sql += " AND items.date <= ?";
    args->push_back(r.date_to);
  }
  return Status::Ok();
}

// Line breaks, form feeds between files and runs of spaces read as one space in a one-line
// snippet.
std::string OneLine(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const bool space = c == '\n' || c == '\r' || c == '\f' || c == '\t' || c == ' ';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The positive terms run together as one FTS5 phrase; the query itself when there is only one.
std::string WholePhrase(const search::ParsedQuery& parsed) {
  if (parsed.terms.size() < 2) return parsed.match;
  std::string phrase = "\"";
  for (const std::string& term : parsed.terms) {
    for (char c : term) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return phrase + "\"";
}

}  // namespace

Status ArchiveImpl::Search(const SearchRequest& r, SearchResults* out) {
  *out = SearchResults{};
  search::ParsedQuery parsed;
  DANGAN_RETURN_IF_ERROR(search::ParseQuery(r.query, ColumnAliases(), &parsed));
  out->terms = parsed.terms;
  std::string from;
  std::vector<SqlArg> args;
  DANGAN_RETURN_IF_ERROR(HitSource(r, parsed.match, &from, &args));
  {
    Query count(*db_, "SELECT count(*)" + from);
    BindAll(&count, args);
    if (!count.Step()) return count.status();
    out->total = static_cast<size_t>(count.Int(0));
  }
  // Title hits rank first: the same expression restricted to the title column. Then records
  // holding the typed terms side by side, as one phrase (合同 用印 → 合同用印), above those where
  // they lie scattered.
  std::vector<SqlArg> page = {"title : (" + parsed.match + ")", WholePhrase(parsed)};
  page.insert(page.end(), args.begin(), args.end());
  page.push_back(r.filter.limit == 0 ? int64_t{-1} : static_cast<int64_t>(r.filter.limit));
  page.push_back(static_cast<int64_t>(r.filter.offset));
  std::vector<std::pair<int64_t, SearchHit>> rows;
  {
    Query q(*db_, std::string("SELECT items.id, ") + kSnippetBody + ", " + kSnippetTitle +
                      ", items.id IN (SELECT rowid FROM item_index WHERE item_index MATCH ?) "
                      "AS title_hit, "
                      "items.id IN (SELECT rowid FROM item_index WHERE item_index MATCH ?) "
                      "AS whole_phrase" +
                      from + " ORDER BY title_hit DESC, whole_phrase DESC, " + kRank +
                      ", items.date DESC, items.id DESC LIMIT ? OFFSET ?");
    BindAll(&q, page);
    while (q.Step()) {
      SearchHit hit;
      hit.title_hit = q.Int(3) != 0;
      hit.snippet = q.Text(1);
      if (hit.snippet.find("【") == std::string::npos) hit.snippet = q.Text(2);
      hit.snippet = OneLine(hit.snippet);
      rows.emplace_back(q.Int(0), std::move(hit));
    }
    DANGAN_RETURN_IF_ERROR(q.status());
  }
  for (auto& [id, hit] : rows) {
    std::vector<ItemRecord> items;
    DANGAN_RETURN_IF_ERROR(ReadItems("id = ?", {id}, "", &items, /*with_files=*/false));
    if (items.empty()) continue;
    hit.item = std::move(items[0]);
    out->hits.push_back(std::move(hit));
  }
  return Status::Ok();
}

}  // namespace archive
}  // namespace dangan
