// Searching the archive: the typed query, the filters and the user's clearance go into one SQL
// statement over the full-text index; hits come back ranked with a marked snippet.
#include <catch2/catch.hpp>

#include "dangan/archive/archive.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;

struct Corpus {
  std::string dir;
  std::unique_ptr<Archive> archive;
};

// Five items: titles and texts as the regulations have them, one in traditional characters,
// one 机密, over two years and two departments.
Corpus MakeCorpus(const std::string& name) {
  Corpus c;
  c.dir = fx::NewArchive(name);
  c.archive = fx::OpenArchive(c.dir);
  std::string src = test::ScratchDir(name + "-src");
  struct Entry {
    const char* title;
    const char* text;
    int year;
    const char* dept;
    const char* date;
    const char* secrecy;
    const char* people;
  };
  const Entry entries[] = {
      {"办公室用印登记表（2024-01）", "合同专用章 用印事由：与苏州恒达签订购销合同", 2024, "BGS",
       "2024-01-31", "内部", "王建国"},
      {"关于加强印章管理的通知", "各部门应按印章管理制度办理用印登记", 2024, "BGS", "2024-03-01",
       "公开", "李娜"},
      {"香港分公司檔案管理辦法", "檔案室負責會議紀錄的歸檔", 2023, "XG", "2023-06-01", "内部",
       "陈国强"},
      {"董事会会议纪要", "审议印章管理制度修订；合同章由行政管理部保管", 2024, "BGS", "2024-05-20",
       "机密", "董事会办公室"},
      {"员工培训签到表", "培训内容：ISO9001 质量体系", 2023, "RSXZ", "2023-09-09", "公开",
       "人事行政部"},
  };
  int n = 0;
  for (const Entry& e : entries) {
    NewItem item = fx::SampleItem(e.title);
    item.year = e.year;
    item.department = e.dept;
    item.date = e.date;
    item.secrecy = e.secrecy;
    item.responsible = e.people;
    NewFile f = fx::PdfFile(fx::WritePdf(src + "/" + std::to_string(++n) + ".pdf", e.title));
    f.text = e.text;
    Status st = c.archive->File(item, {f}, nullptr);
    INFO(st.ToString());
    REQUIRE(st.ok());
  }
  return c;
}

SearchResults Find(Archive& a, const std::string& query, const std::string& clearance = "机密",
                   ListFilter filter = {}) {
  SearchRequest r;
  r.query = query;
  r.clearance = clearance;
  r.filter = filter;
  SearchResults out;
  Status st = a.Search(r, &out);
  INFO(query << ": " << st.ToString());
  REQUIRE(st.ok());
  return out;
}

std::vector<std::string> Titles(const SearchResults& r) {
  std::vector<std::string> titles;
  for (const SearchHit& h : r.hits) titles.push_back(h.item.title);
  return titles;
}

TEST_CASE("search finds substrings in either script and marks them in the snippet",
          "[archive][search]") {
  Corpus c = MakeCorpus("search-basic");
  CHECK(Find(*c.archive, "章管").total == 2);  // 印章管理 in a title and in a text
  CHECK(Find(*c.archive, "李娜").total == 1);
  SearchResults tra = Find(*c.archive, "档案");
  REQUIRE(tra.total == 1);
  CHECK(tra.hits[0].item.title == "香港分公司檔案管理辦法");
  CHECK(Find(*c.archive, "檔案").total == 1);
  SearchResults seal = Find(*c.archive, "合同专用章");
  REQUIRE(seal.total == 1);
  CHECK(seal.hits[0].snippet.find("【合同专用章】") != std::string::npos);
  SearchResults kept = Find(*c.archive, "归档");  // 歸檔 in the text
  REQUIRE(kept.total == 1);
  CHECK(kept.hits[0].snippet.find("【歸檔】") != std::string::npos);  // the original characters
  CHECK(Find(*c.archive, "iso90*").total == 1);
}

TEST_CASE("title hits rank above body hits, then newest first", "[archive][search]") {
  Corpus c = MakeCorpus("search-rank");
  SearchResults r = Find(*c.archive, "印章");
  REQUIRE(r.total == 2);
  CHECK(r.hits[0].item.title == "关于加强印章管理的通知");
  CHECK(r.hits[0].title_hit);
  CHECK_FALSE(r.hits[1].title_hit);
  SearchResults seal = Find(*c.archive, "合同章 OR 用印");
  REQUIRE(seal.total == 3);
  CHECK(seal.hits[0].item.title == "办公室用印登记表（2024-01）");  // the only title hit
}

TEST_CASE("terms found side by side rank above the same terms scattered", "[archive][search]") {
  std::string dir = fx::NewArchive("search-phrase");
  auto a = fx::OpenArchive(dir);
  std::string src = test::ScratchDir("search-phrase-src");
  // The scattered record names both terms more often and is newer: only adjacency puts the
  // other one first.
  const char* const texts[][2] = {
      {"2024-02-01", "本月合同用印一次"},
      {"2024-06-01", "合同审核后用印；合同归档；用印登记；合同台账；用印复核"},
  };
  int n = 0;
  for (const auto& t : texts) {
    NewItem item = fx::SampleItem("登记");
    item.date = t[0];
    NewFile f = fx::PdfFile(fx::WritePdf(src + "/" + std::to_string(++n) + ".pdf", t[1]));
    f.text = t[1];
    REQUIRE(a->File(item, {f}, nullptr).ok());
  }
  SearchResults r = Find(*a, "合同 用印");
  REQUIRE(r.total == 2);
  CHECK(r.hits[0].item.date == "2024-02-01");
  CHECK(r.hits[0].snippet.find("【合同】【用印】") != std::string::npos);
}

TEST_CASE("records above the user's clearance are neither shown nor counted", "[archive][search]") {
  Corpus c = MakeCorpus("search-clearance");
  CHECK(Find(*c.archive, "印章管理", "机密").total == 2);
  SearchResults internal = Find(*c.archive, "印章管理", "内部");
  CHECK(internal.total == 1);
  CHECK(Titles(internal) == std::vector<std::string>{"关于加强印章管理的通知"});
  CHECK(Find(*c.archive, "董事会", "秘密").total == 0);
  CHECK(Find(*c.archive, "用印", "公开").total == 1);
  SearchRequest bad;
  bad.query = "用印";
  bad.clearance = "绝密";
  SearchResults out;
  CHECK(c.archive->Search(bad, &out).code() == Status::Code::kInvalidArgument);
}

TEST_CASE("filters, exclusions, columns and paging narrow the hits", "[archive][search]") {
  Corpus c = MakeCorpus("search-filters");
  ListFilter y2023;
  y2023.year_from = y2023.year_to = 2023;
  CHECK(Find(*c.archive, "管理", "机密", y2023).total == 1);
  ListFilter bgs;
  bgs.department = "BGS";
  CHECK(Find(*c.archive, "管理", "机密", bgs).total == 2);
  CHECK(Find(*c.archive, "印章 -纪要").total == 1);
  CHECK(Find(*c.archive, "题名:用印").total == 1);
  CHECK(Find(*c.archive, "題名：用印").total == 1);
  ListFilter page;
  page.limit = 1;
  page.offset = 1;
  SearchResults second = Find(*c.archive, "章管", "机密", page);
  CHECK(second.total == 2);
  CHECK(second.hits.size() == 1);
  SearchRequest dated;
  dated.query = "印章";
  dated.clearance = "机密";
  dated.date_from = "2024-04-01";
  SearchResults after_april;
  REQUIRE(c.archive->Search(dated, &after_april).ok());
  CHECK(Titles(after_april) == std::vector<std::string>{"董事会会议纪要"});
}

TEST_CASE("odd query strings never reach SQLite as syntax", "[archive][search]") {
  Corpus c = MakeCorpus("search-hostile");
  for (const char* q : {"\"", "\"用印", "NEAR(用印 登记)", "用印 AND", "*", "^用印", "(", ")",
                        "题名:", "'; DROP TABLE items; --", "用印\" OR \"1\"=\"1", "\\", "%_",
                        "用印 OR", "OR", "-", "--用印", "{title}:用印", "title:用印"}) {
    SearchRequest r;
    r.query = q;
    r.clearance = "机密";
    SearchResults out;
    Status st = c.archive->Search(r, &out);
    INFO(q << ": " << st.ToString());
    CHECK((st.ok() || st.code() == Status::Code::kInvalidArgument));
    if (!st.ok()) CHECK(st.message().find("可检索") != std::string::npos);
  }
  CHECK(fx::SqlInt(c.dir, "SELECT count(*) FROM items") == 5);
}

}  // namespace
}  // namespace dangan

namespace dangan {
namespace {

// kSearchExactLimit + 200 records holding 印章; the 301st filed has it in its title, and every
// tenth is 机密.
std::unique_ptr<Archive> BroadArchive(const std::string& name, std::string* dir) {
  *dir = fx::NewArchive(name);
  auto a = fx::OpenArchive(*dir);
  std::string src = test::ScratchDir(name + "-src");
  const std::string pdf = fx::WritePdf(src + "/one.pdf", "one");
  std::vector<Filing> batch;
  for (size_t n = 1; n <= kSearchExactLimit + 200; ++n) {
    Filing f;
    f.item = fx::SampleItem(n == 301 ? "印章刻制申请表" : "第" + std::to_string(n) + "号记录");
    f.item.secrecy = n % 10 == 0 ? "机密" : "内部";
    NewFile file = fx::PdfFile(pdf);
    file.text = "用印事由：加盖公司印章，经办人签字。编号 " + std::to_string(n);
    f.files.push_back(file);
    batch.push_back(f);
  }
  Status st = a->FileBatch(batch, nullptr);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return a;
}

TEST_CASE("a query matching more records than can be ranked lists title hits, then the newest",
          "[archive][search]") {
  std::string dir;
  auto a = BroadArchive("search-broad", &dir);
  SearchRequest r;
  r.query = "印章";
  r.clearance = "内部";
  r.filter.limit = 5;
  SearchResults out;
  REQUIRE(a->Search(r, &out).ok());
  CHECK(out.total_is_lower_bound);
  CHECK_FALSE(out.ranked);
  REQUIRE(out.hits.size() == 5);
  CHECK(out.hits[0].item.title == "印章刻制申请表");
  CHECK(out.hits[0].title_hit);
  // Then the most recently filed, skipping what the user may not see.
  CHECK(out.hits[1].item.title == "第1199号记录");
  CHECK(out.hits[2].item.title == "第1198号记录");
  CHECK(out.hits[3].item.title == "第1197号记录");
  CHECK(out.hits[4].item.title == "第1196号记录");
  for (const SearchHit& h : out.hits) {
    CHECK(h.item.secrecy == "内部");
    CHECK(h.snippet.find("【印章】") != std::string::npos);
  }
  // The next page starts where this one ended.
  r.filter.offset = 5;
  SearchResults next;
  REQUIRE(a->Search(r, &next).ok());
  REQUIRE(next.hits.size() == 5);
  CHECK(next.hits[0].item.title == "第1195号记录");
  CHECK(next.hits[4].item.title == "第1191号记录");
  r.filter.offset = 10;
  REQUIRE(a->Search(r, &next).ok());
  CHECK(next.hits[0].item.title == "第1189号记录");  // 1190 is 机密
  // Counting them all is asked for: 1,200 less the 120 机密.
  r.exact_total = true;
  SearchResults counted;
  REQUIRE(a->Search(r, &counted).ok());
  CHECK_FALSE(counted.total_is_lower_bound);
  CHECK(counted.total == 1080);
  // A narrower query is ranked as usual.
  r.query = "印章 编号 12";
  r.exact_total = false;
  SearchResults narrow;
  REQUIRE(a->Search(r, &narrow).ok());
  CHECK(narrow.ranked);
  CHECK(narrow.total == 1);
}

}  // namespace
}  // namespace dangan
