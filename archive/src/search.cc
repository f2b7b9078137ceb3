// Full-text search over the catalogue's index (schema versions 5 and 8). The query string is turned
// into a safe FTS5 expression by dangan/query.h; filters and the user's clearance are part of
// the same SQL statement, so a record the user may not see never reaches a count or a snippet.
#include "archive_impl.h"
#include "dangan/search/query.h"
#include "dangan/search/tokenizer.h"

namespace dangan {
namespace {

}  // namespace

namespace archive {
namespace {

const std::vector<search::ColumnAlias>& ColumnAliases() {
  static const std::vector<search::ColumnAlias> kAliases = {
      {"题名", "title"},   {"标题", "title"}, {"责任者", "people"}, {"人员", "people"},
      {"文号", "doc_ref"}, {"正文", "body"},  {"内容", "body"},     {"备注", "notes"}};
  return kAliases;
}

// Column weights for bm25(): title, people, doc_ref, body, notes, pinyin.
constexpr char kRank[] = "bm25(item_index, 10.0, 4.0, 4.0, 1.0, 2.0, 2.0)";
constexpr char kSnippetBody[] = "snippet(item_index, 3, '【', '】', '…', 24)";
constexpr char kSnippetTitle[] = "highlight(item_index, 0, '【', '】')";
// Title and people as the pinyin column holds them, for hits found by pinyin.
constexpr char kSnippetPinyin[] = "highlight(item_index, 5, '【', '】')";

// Everything after FROM: the index joined to the items the user may see under the filters.
Status HitSource(const SearchRequest& r, const std::string& match, std::string* sql,
                 std::vector<SqlArg>* args) {
  const std::optional<Secrecy> clearance = ParseSecrecy(r.clearance);
  if (!clearance) {
    return Status::InvalidArgument("密级「" + r.clearance + "」无效：应为公开、内部、秘密或机密");
  }
  // A clearance sees its own level and those below it.
  ListFilter filter = r.filter;
  filter.clearance = *clearance;
  std::string where;
  std::vector<SqlArg> filter_args;
  ListWhere(filter, &where, &filter_args);
  *sql =
      " FROM item_index JOIN items ON items.id = item_index.rowid"
      " WHERE item_index MATCH ? AND " +
      where;
  args->push_back(match);
  args->insert(args->end(), filter_args.begin(), filter_args.end());
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

// Hits of `match` the user may see, most recently filed first. FTS5 walks its posting lists
// backwards and stops at the limit, so this costs little however many records match.
Status ArchiveImpl::NewestHits(const SearchRequest& r, const std::string& match, size_t limit,
                               size_t offset, std::vector<int64_t>* ids) {
  std::string from;
  std::vector<SqlArg> args;
  DANGAN_RETURN_IF_ERROR(HitSource(r, match, &from, &args));
  args.push_back(static_cast<int64_t>(limit));
  args.push_back(static_cast<int64_t>(offset));
  Query q(*db_, "SELECT items.id" + from + " ORDER BY item_index.rowid DESC LIMIT ? OFFSET ?");
  BindAll(&q, args);
  while (q.Step()) ids->push_back(q.Int(0));
  return q.status();
}

Status ArchiveImpl::Search(const SearchRequest& r, SearchResults* out) {
  *out = SearchResults{};
  search::ParsedQuery parsed;
  DANGAN_RETURN_IF_ERROR(search::ParseQuery(r.query, ColumnAliases(), &parsed, "pinyin"));
  out->terms = parsed.terms;
  const std::string title_match = "title : (" + parsed.match + ")";
  const size_t limit = r.filter.limit == 0 ? SIZE_MAX / 2 : r.filter.limit;
  const size_t offset = r.filter.offset;

  std::vector<int64_t> newest;
  DANGAN_RETURN_IF_ERROR(NewestHits(r, parsed.match, kSearchExactLimit + 1, 0, &newest));
  std::vector<PageHit> page;
  if (newest.size() <= kSearchExactLimit) {
    out->total = newest.size();
    DANGAN_RETURN_IF_ERROR(RankedPage(r, parsed, title_match, &page));
  } else {
    out->ranked = false;
    out->total = newest.size();
    out->total_is_lower_bound = true;
    if (r.exact_total) {
      DANGAN_RETURN_IF_ERROR(CountHits(r, parsed.match, &out->total));
      out->total_is_lower_bound = false;
    }
    DANGAN_RETURN_IF_ERROR(NewestPage(r, parsed.match, title_match, limit, offset, &page));
  }
  for (const PageHit& p : page) {
    SearchHit hit;
    hit.title_hit = p.title_hit;
    DANGAN_RETURN_IF_ERROR(Snippet(parsed.match, p.id, &hit.snippet));
    std::vector<ItemRecord> items;
    DANGAN_RETURN_IF_ERROR(ReadItems("id = ?", {p.id}, "", &items, /*with_files=*/false));
    if (items.empty()) continue;
    hit.item = std::move(items[0]);
    out->hits.push_back(std::move(hit));
  }
  return Status::Ok();
}

Status ArchiveImpl::CountHits(const SearchRequest& r, const std::string& match, size_t* total) {
  std::string from;
  std::vector<SqlArg> args;
  DANGAN_RETURN_IF_ERROR(HitSource(r, match, &from, &args));
  Query count(*db_, "SELECT count(*)" + from);
  BindAll(&count, args);
  if (!count.Step()) return count.status();
  *total = static_cast<size_t>(count.Int(0));
  return Status::Ok();
}

// Few enough hits to rank them all: title hits first (the same expression restricted to the
// title column), then records holding the typed terms side by side as one phrase (合同 用印 →
// 合同用印) above those where they lie scattered, then weighted BM25, then the newest date.
Status ArchiveImpl::RankedPage(const SearchRequest& r, const search::ParsedQuery& parsed,
                               const std::string& title_match, std::vector<PageHit>* page) {
  std::string from;
  std::vector<SqlArg> args;
  DANGAN_RETURN_IF_ERROR(HitSource(r, parsed.match, &from, &args));
  std::vector<SqlArg> all = {title_match, WholePhrase(parsed)};
  all.insert(all.end(), args.begin(), args.end());
  all.push_back(r.filter.limit == 0 ? int64_t{-1} : static_cast<int64_t>(r.filter.limit));
  all.push_back(static_cast<int64_t>(r.filter.offset));
  Query q(*db_, std::string("SELECT items.id, ") +
                    "items.id IN (SELECT rowid FROM item_index WHERE item_index MATCH ?) "
                    "AS title_hit, "
                    "items.id IN (SELECT rowid FROM item_index WHERE item_index MATCH ?) "
                    "AS whole_phrase" +
                    from + " ORDER BY title_hit DESC, whole_phrase DESC, " + kRank +
                    ", items.date DESC, items.id DESC LIMIT ? OFFSET ?");
  BindAll(&q, all);
  while (q.Step()) page->push_back(PageHit{q.Int(0), q.Int(1) != 0});
  return q.status();
}

// Too many hits to rank: title hits, then the others, each most recently filed first.
Status ArchiveImpl::NewestPage(const SearchRequest& r, const std::string& match,
                               const std::string& title_match, size_t limit, size_t offset,
                               std::vector<PageHit>* page) {
  std::vector<int64_t> titled;
  DANGAN_RETURN_IF_ERROR(NewestHits(r, title_match, offset + limit, 0, &titled));
  for (size_t k = offset; k < titled.size(); ++k) page->push_back(PageHit{titled[k], true});
  if (page->size() >= limit) return Status::Ok();
  std::vector<int64_t> others;
  const size_t skip = offset > titled.size() ? offset - titled.size() : 0;
  DANGAN_RETURN_IF_ERROR(
      NewestHits(r, "(" + match + ") NOT " + title_match, limit - page->size(), skip, &others));
  for (int64_t id : others) page->push_back(PageHit{id, false});
  return Status::Ok();
}

// The body around the hits, else the title, else title and people as found by pinyin; on one
// line, hits in 【】.
Status ArchiveImpl::Snippet(const std::string& match, int64_t id, std::string* snippet) {
  Query q(*db_, std::string("SELECT ") + kSnippetBody + ", " + kSnippetTitle + ", " +
                    kSnippetPinyin + " FROM item_index WHERE item_index MATCH ? AND rowid = ?");
  q.Add(match).Add(id);
  if (q.Step()) {
    const auto marked = [](const std::string& s) { return s.find("【") != std::string::npos; };
    *snippet = q.Text(0);
    if (!marked(*snippet)) *snippet = q.Text(1);
    std::string pinyin = q.Text(2);
    if (!marked(*snippet) && marked(pinyin) && pinyin.rfind(search::kPinyinMarker, 0) == 0) {
      *snippet = pinyin.substr(sizeof(search::kPinyinMarker) - 1);
    }
    *snippet = OneLine(*snippet);
  }
  return q.status();
}

}  // namespace archive
}  // namespace dangan
