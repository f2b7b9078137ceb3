// The recall set: an archive built from the regulation texts (samples/seeds, both scripts), split
// into items, plus the typeset PDFs of tests/data/wrapped (lines wrapped mid-phrase by Pango,
// read by the intake as filing reads them), and the queries of tests/data/search_recall_queries.tsv, each checked against a
// reference evaluator that reads the records directly, not through the index. Every record a
// query must return is returned (recall 100%); what else comes back is counted as precision.
#include <sqlite3.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/intake/intake.h"
#include "dangan/search/tokenizer.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;

struct Record {
  std::string danghao, title, people, body, dept, secrecy;
  int year = 0;
  std::string pdf;  // a typeset PDF of tests/data/wrapped whose text is the body; "" for seeds
};

constexpr size_t kLinesPerItem = 8;

// Chunks of the seed texts, with metadata spread over years, departments, 密级 and people.
std::vector<Record> SeedRecords() {
  const char* const files[] = {"000_da79b9fb516bdeca.txt", "001_448e2d37cbb7b815.txt",
                               "002_bdcd44a46466e00e.txt", "003_9f8bdc9385a5f78e.txt",
                               "004_ba43bf377ea6ab1d.txt"};
  const char* const people[] = {"张三", "李娜", "王建国", "陈国强",
                                "赵四", "張三", "周松",   "行政部"};
  const char* const depts[] = {"BGS", "RSB", "XZB", "CWB"};
  const char* const levels[] = {"公开", "内部", "内部", "秘密", "内部", "机密"};
  std::vector<Record> out;
  for (const char* name : files) {
    std::ifstream in(test::SourcePath(std::string("samples/seeds/") + name));
    REQUIRE(in.good());
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
      if (line.find_first_not_of(" \t\r") != std::string::npos) lines.push_back(line);
    }
    for (size_t first = 0; first < lines.size(); first += kLinesPerItem) {
      Record r;
      const size_t n = out.size();
      r.title = lines[first].substr(0, 90);  // about 30 characters
      for (size_t k = first + 1; k < std::min(lines.size(), first + kLinesPerItem); ++k) {
        r.body += lines[k] + "\n";
      }
      r.people = people[n % 8];
      r.dept = depts[n % 4];
      r.secrecy = levels[n % 6];
      r.year = 2021 + static_cast<int>(n / 3 % 4);  // not in step with the departments
      out.push_back(r);
    }
  }
  return out;
}

// The typeset PDFs (tests/data/wrapped/make_pdfs.sh), with the text the intake reads from them.
constexpr const char* kWrappedPdfs[] = {"regulation-justified.pdf", "regulation-ragged.pdf"};

void AddWrappedRecords(std::vector<Record>* records) {
  for (const char* name : kWrappedPdfs) {
    Record r;
    r.pdf = test::SourcePath(std::string("tests/data/wrapped/") + name);
    IntakeOptions options;
    options.ocr = false;
    IntakeResult read;
    const Status st = ReadForFiling(r.pdf, options, &read);
    INFO(r.pdf << ": " << st.ToString());
    REQUIRE(st.ok());
    r.title = std::string("排版文本 ") + name;
    r.body = read.text;
    const size_t n = records->size();
    r.people = "周松";
    r.dept = n % 2 ? "BGS" : "XZB";
    r.secrecy = "内部";
    r.year = 2024;
    records->push_back(r);
  }
}

// The text Pango was given, folded: a `wrapped` query must occur in it as typed.
std::string WrappedSource() {
  std::ifstream in(test::SourcePath("tests/data/wrapped/regulation.txt"));
  REQUIRE(in.good());
  std::stringstream all;
  all << in.rdbuf();
  return search::FoldText(all.str());
}

// ---- The reference evaluator: a term is in a field when its tokens occur there in a row; a
// word of 3 characters or more at either end of a term may be a part of a longer word (the end
// of one for the first token, the start of one for the last, any part for a term of one word).

bool IsPart(const std::string& token) {
  size_t chars = 0;
  for (unsigned char c : token) chars += (c & 0xC0) != 0x80;
  return chars >= search::kMinPartChars;  // Han tokens are one character, breaks ","
}

bool TokenMatches(const std::string& field, const std::string& term, bool first, bool last) {
  if (!IsPart(term)) return field == term;
  if (first && last) return field.find(term) != std::string::npos;
  if (first) {
    return field.size() >= term.size() &&
           field.compare(field.size() - term.size(), term.size(), term) == 0;
  }
  if (last) return field.rfind(term, 0) == 0;
  return field == term;
}


std::vector<std::string> Tokens(const std::string& text) {
  std::vector<std::string> out;
  for (const search::Token& t : search::Tokenize(text)) out.push_back(t.text);
  return out;
}

bool Contains(const std::vector<std::string>& field, const std::vector<std::string>& term) {
  if (term.empty() || term.size() > field.size()) return false;
  for (size_t p = 0; p + term.size() <= field.size(); ++p) {
    bool all = true;
    for (size_t k = 0; k < term.size() && all; ++k) {
      all = TokenMatches(field[p + k], term[k], k == 0, k + 1 == term.size());
    }
    if (all) return true;
  }
  return false;
}

struct RefTerm {
  std::vector<std::string> tokens;
  std::string column;  // "", title, people
  std::string raw;     // as typed, without the column prefix
};

struct RefQuery {
  std::vector<std::vector<RefTerm>> clauses;  // AND of ORs
  std::vector<RefTerm> excluded;
};

RefTerm MakeRefTerm(std::string text) {
  RefTerm t;
  for (const auto& [prefix, column] : std::vector<std::pair<std::string, std::string>>{
           {"题名:", "title"}, {"题名：", "title"}, {"題名:", "title"}, {"责任者:", "people"}}) {
    if (text.rfind(prefix, 0) == 0) {
      t.column = column;
      text = text.substr(prefix.size());
    }
  }
  t.raw = text;
  std::vector<std::string> tokens = Tokens(text);
  while (!tokens.empty() && tokens.front() == search::kBreakToken) tokens.erase(tokens.begin());
  while (!tokens.empty() && tokens.back() == search::kBreakToken) tokens.pop_back();
  t.tokens = tokens;
  return t;
}

// The syntax of dangan/query.h, as far as the recall set uses it.
RefQuery ParseRef(const std::string& typed) {
  RefQuery q;
  std::vector<std::string> words;
  std::string s = typed;
  for (const char* quote : {"“", "”"}) {
    for (size_t at; (at = s.find(quote)) != std::string::npos;) s.replace(at, 3, "\"");
  }
  std::string current;
  bool in_quotes = false;
  for (char c : s) {
    if (c == '"') {
      in_quotes = !in_quotes;
      continue;
    }
    if (c == ' ' && !in_quotes) {
      if (!current.empty()) words.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) words.push_back(current);
  bool join = false;
  for (std::string w : words) {
    if (w == "OR" || w == "|") {
      join = !q.clauses.empty();
      continue;
    }
    if (w.size() > 1 && w[0] == '-') {
      q.excluded.push_back(MakeRefTerm(w.substr(1)));
      continue;
    }
    RefTerm t = MakeRefTerm(w);
    if (t.tokens.empty()) continue;
    if (join) {
      q.clauses.back().push_back(t);
    } else {
      q.clauses.push_back({t});
    }
    join = false;
  }
  return q;
}

struct Fields {
  std::vector<std::string> title, people, body;
};

bool TermIn(const RefTerm& t, const Fields& f) {
  if (t.column == "title") return Contains(f.title, t.tokens);
  if (t.column == "people") return Contains(f.people, t.tokens);
  return Contains(f.title, t.tokens) || Contains(f.people, t.tokens) || Contains(f.body, t.tokens);
}

bool Matches(const RefQuery& q, const Fields& f) {
  for (const auto& clause : q.clauses) {
    if (std::none_of(clause.begin(), clause.end(), [&](const RefTerm& t) { return TermIn(t, f); }))
      return false;
  }
  return std::none_of(q.excluded.begin(), q.excluded.end(),
                      [&](const RefTerm& t) { return TermIn(t, f); });
}

// ---- Filters ----

struct Filters {
  ListFilter list;
  std::string clearance = "机密";
};

Filters ParseFilters(const std::string& spec) {
  Filters f;
  f.list.limit = 0;
  if (spec == "-") return f;
  std::stringstream in(spec);
  std::string part;
  while (std::getline(in, part, ',')) {
    const size_t eq = part.find('=');
    const std::string key = part.substr(0, eq), value = part.substr(eq + 1);
    if (key == "year") {
      const size_t dash = value.find('-');
      f.list.year_from = std::stoi(value.substr(0, dash));
      f.list.year_to =
          dash == std::string::npos ? *f.list.year_from : std::stoi(value.substr(dash + 1));
    } else if (key == "dept") {
      f.list.department = value;
    } else if (key == "secrecy") {
      f.list.secrecy = value;
    } else if (key == "clearance") {
      f.clearance = value;
    }
  }
  return f;
}

bool Passes(const Record& r, const Filters& f) {
  if (f.list.year_from && r.year < *f.list.year_from) return false;
  if (f.list.year_to && r.year > *f.list.year_to) return false;
  if (!f.list.department.empty() && r.dept != f.list.department) return false;
  if (!f.list.secrecy.empty() && r.secrecy != f.list.secrecy) return false;
  return MaySee(*ParseSecrecy(f.clearance), *ParseSecrecy(r.secrecy));
}

// ---- SQLite's trigram tokenizer on the same records, used as it can be: a phrase for three
// characters or more, LIKE for fewer (trigram cannot match them). ----

class Trigram {
 public:
  explicit Trigram(const std::vector<Record>& records) {
    REQUIRE(sqlite3_open(":memory:", &db_) == SQLITE_OK);
    Exec("CREATE VIRTUAL TABLE t USING fts5(title, people, body, tokenize='trigram')");
    Exec("BEGIN");
    sqlite3_stmt* ins = nullptr;
    REQUIRE(sqlite3_prepare_v2(db_, "INSERT INTO t(rowid, title, people, body) VALUES (?,?,?,?)",
                               -1, &ins, nullptr) == SQLITE_OK);
    for (size_t k = 0; k < records.size(); ++k) {
      sqlite3_bind_int64(ins, 1, static_cast<int64_t>(k));
      sqlite3_bind_text(ins, 2, records[k].title.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 3, records[k].people.c_str(), -1, SQLITE_STATIC);
      sqlite3_bind_text(ins, 4, records[k].body.c_str(), -1, SQLITE_STATIC);
      REQUIRE(sqlite3_step(ins) == SQLITE_DONE);
      sqlite3_reset(ins);
    }
    sqlite3_finalize(ins);
    Exec("COMMIT");
  }
  ~Trigram() { sqlite3_close(db_); }
  Trigram(const Trigram&) = delete;
  Trigram& operator=(const Trigram&) = delete;

  // Indexes (into the records) of what the query finds.
  std::set<size_t> Find(const RefQuery& q) {
    std::vector<std::string> args;
    std::string where;
    for (const auto& clause : q.clauses) {
      std::string any;
      for (const RefTerm& t : clause) any += (any.empty() ? "" : " OR ") + Condition(t, &args);
      where += (where.empty() ? "(" : " AND (") + any + ")";
    }
    for (const RefTerm& t : q.excluded) where += " AND NOT " + Condition(t, &args);
    std::set<size_t> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, ("SELECT rowid FROM t WHERE " + where).c_str(), -1, &st, nullptr) !=
        SQLITE_OK) {
      return out;  // a query trigram cannot take finds nothing
    }
    for (size_t k = 0; k < args.size(); ++k) {
      sqlite3_bind_text(st, static_cast<int>(k + 1), args[k].c_str(), -1, SQLITE_TRANSIENT);
    }
    while (sqlite3_step(st) == SQLITE_ROW)
      out.insert(static_cast<size_t>(sqlite3_column_int64(st, 0)));
    sqlite3_finalize(st);
    return out;
  }

 private:
  static size_t Chars(const std::string& s) {
    size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
  }

  static std::string Condition(const RefTerm& t, std::vector<std::string>* args) {
    const std::vector<std::string> columns =
        t.column.empty() ? std::vector<std::string>{"title", "people", "body"}
                         : std::vector<std::string>{t.column};
    std::string out;
    for (const std::string& c : columns) {
      out += out.empty() ? "(" : " OR ";
      if (Chars(t.raw) >= 3) {
        std::string phrase = "\"";
        for (char ch : t.raw) phrase += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        args->push_back(c + " : " + phrase + "\"");
        out += "rowid IN (SELECT rowid FROM t WHERE t MATCH ?)";
      } else {
        args->push_back("%" + t.raw + "%");
        out += c + " LIKE ?";
      }
    }
    return out + ")";
  }

  void Exec(const std::string& sql) {
    REQUIRE(sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  }

  sqlite3* db_ = nullptr;
};

struct Line {
  int number = 0;
  std::string query, filters, expect;
};

std::vector<Line> QuerySet() {
  std::ifstream in(test::SourcePath("tests/data/search_recall_queries.tsv"));
  REQUIRE(in.good());
  std::vector<Line> out;
  std::string text;
  int number = 0;
  while (std::getline(in, text)) {
    ++number;
    if (text.empty() || text[0] == '#') continue;
    Line l;
    l.number = number;
    std::stringstream cols(text);
    std::getline(cols, l.query, '\t');
    std::getline(cols, l.filters, '\t');
    std::getline(cols, l.expect, '\t');
    out.push_back(l);
  }
  return out;
}

std::set<std::string> Expected(const Line& l, const std::vector<Record>& records,
                               const std::vector<Fields>& fields, const Filters& filters) {
  std::set<std::string> out;
  const RefQuery ref = ParseRef(l.query);
  for (size_t k = 0; k < records.size(); ++k) {
    const Record& r = records[k];
    if (!Passes(r, filters)) continue;
    bool relevant = false;
    if (l.expect == "text" || l.expect == "none" || l.expect == "wrapped") {
      relevant = Matches(ref, fields[k]);
    } else if (l.expect.rfind("people=", 0) == 0) {
      std::stringstream names(l.expect.substr(7));
      for (std::string name; std::getline(names, name, '|');) relevant |= r.people == name;
    } else if (l.expect.rfind("title=", 0) == 0) {
      relevant = Contains(fields[k].title, Tokens(l.expect.substr(6)));
    }
    if (relevant) out.insert(r.danghao);
  }
  return out;
}

TEST_CASE("the recall set: every record a query must find is found, in either script",
          "[search][recall]") {
  std::vector<Record> records = SeedRecords();
  REQUIRE(records.size() > 150);  // about 170
  AddWrappedRecords(&records);
  const std::string wrapped_source = WrappedSource();
  const std::string dir = fx::NewArchive("search-recall");
  auto archive = fx::OpenArchive(dir);
  const std::string pdf = fx::WritePdf(test::ScratchDir("search-recall-src") + "/seed.pdf", "seed");
  std::vector<Filing> batch;
  for (const Record& r : records) {
    Filing f;
    f.item = fx::SampleItem(r.title);
    f.item.responsible = r.people;
    f.item.department = r.dept;
    f.item.secrecy = r.secrecy;
    f.item.year = r.year;
    NewFile file = fx::PdfFile(r.pdf.empty() ? pdf : r.pdf);
    file.text = r.body;
    f.files.push_back(file);
    batch.push_back(f);
  }
  std::vector<ItemRecord> filed;
  REQUIRE(archive->FileBatch(batch, &filed).ok());
  std::vector<Fields> fields;
  for (size_t k = 0; k < records.size(); ++k) {
    records[k].danghao = filed[k].danghao;
    fields.push_back(
        {Tokens(records[k].title), Tokens(records[k].people), Tokens(records[k].body)});
  }

  const std::vector<Line> lines = QuerySet();
  REQUIRE(lines.size() >= 100);
  std::map<std::string, std::pair<size_t, size_t>> precision;  // kind: relevant hits, hits
  Trigram trigram(records);
  size_t trigram_found = 0, expected_total = 0;  // text queries: relevant records
  size_t wrapped_found = 0;                        // typeset PDFs found by wrapped queries
  for (const Line& l : lines) {
    INFO("tests/data/search_recall_queries.tsv line " << l.number << ": " << l.query);
    const Filters filters = ParseFilters(l.filters);
    SearchRequest request;
    request.query = l.query;
    request.filter = filters.list;
    request.clearance = filters.clearance;
    SearchResults results;
    const Status st = archive->Search(request, &results);
    if (l.expect == "refused") {
      CHECK(st.code() == Status::Code::kInvalidArgument);
      CHECK(st.message().find("查询") != std::string::npos);
      continue;
    }
    INFO(st.ToString());
    REQUIRE(st.ok());
    const std::set<std::string> expected = Expected(l, records, fields, filters);
    std::set<std::string> got;
    for (const SearchHit& h : results.hits) {
      got.insert(h.item.danghao);
      CHECK(MaySee(*ParseSecrecy(filters.clearance), *ParseSecrecy(h.item.secrecy)));
    }
    CHECK(got.size() == results.total);
    if (l.expect == "none") {
      CHECK(expected.empty());
      CHECK(got.empty());
      continue;
    }
    CHECK_FALSE(expected.empty());  // a query that finds nothing proves nothing
    if (l.expect == "wrapped") {
      // The phrase is plainly in the text the PDFs were set from, so every one of them must
      // be found, whatever the reference evaluator says.
      for (const auto& clause : ParseRef(l.query).clauses) {
        CHECK(wrapped_source.find(search::FoldText(clause[0].raw)) != std::string::npos);
      }
      for (const Record& r : records) {
        if (r.pdf.empty()) continue;
        INFO(r.pdf);
        CHECK(expected.count(r.danghao) == 1);
        CHECK(got.count(r.danghao) == 1);
        wrapped_found += got.count(r.danghao);
      }
    }
    std::vector<std::string> missed;
    std::set_difference(expected.begin(), expected.end(), got.begin(), got.end(),
                        std::back_inserter(missed));
    INFO("missed " << missed.size() << " of " << expected.size());
    CHECK(missed.empty());
    const std::string kind = l.expect == "text" || l.expect == "wrapped" ? "text" : "pinyin";
    if (kind == "text") {
      std::set<std::string> by_trigram;
      for (size_t k : trigram.Find(ParseRef(l.query))) {
        if (Passes(records[k], filters)) by_trigram.insert(records[k].danghao);
      }
      for (const std::string& d : expected) trigram_found += by_trigram.count(d);
      expected_total += expected.size();
    }
    precision[kind].first += expected.size() - missed.size();  // relevant hits returned
    precision[kind].second += got.size();
  }
  // Text queries: the evaluator is exact, so nothing beyond it may come back except pinyin
  // readings of Latin words (OA, IT …), which are counted here.
  for (const auto& [kind, counts] : precision) {
    std::printf("recall set, %s queries: recall 100%%, precision %.1f%% (%zu of %zu hits)\n",
                kind.c_str(), 100.0 * counts.first / counts.second, counts.first, counts.second);
  }
  std::printf(
      "recall set, text queries, SQLite trigram on the same records: recall %.1f%% "
      "(%zu of %zu)\n",
      100.0 * trigram_found / expected_total, trigram_found, expected_total);
  std::printf("recall set, wrapped text: %zu typeset PDFs found by their phrases\n",
              wrapped_found);
  CHECK(wrapped_found >= 60);
  CHECK(precision["text"].first * 100 >= precision["text"].second * 95);
  CHECK(trigram_found < expected_total);  // folding scripts and widths is what trigram lacks
}

}  // namespace
}  // namespace dangan
