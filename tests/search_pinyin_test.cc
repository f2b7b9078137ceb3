// Pinyin: the table built from Unihan at build time, the splitting of typed letters, and names
// and titles found by pinyin and initials in the archive.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "search/src/pinyin.h"  // private part, tested on purpose
#include "dangan/archive/archive.h"
#include "dangan/search/query.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using search::internal::PinyinOf;
using search::internal::SplitPinyin;

bool HasReading(char32_t c, const std::string& reading) {
  const std::vector<std::string_view> r = PinyinOf(c);
  return std::find(r.begin(), r.end(), reading) != r.end();
}

TEST_CASE("the pinyin table gives every reading of a polyphonic character", "[search][pinyin]") {
  CHECK(HasReading(U'行', "xing"));
  CHECK(HasReading(U'行', "hang"));
  CHECK(HasReading(U'长', "chang"));
  CHECK(HasReading(U'长', "zhang"));
  CHECK(HasReading(U'张', "zhang"));
  CHECK(HasReading(U'張', "zhang"));  // traditional characters have their readings too
  CHECK(HasReading(U'绿', "lv"));     // ü typed as v, as input methods do
  CHECK(HasReading(U'绿', "lu"));
  CHECK(PinyinOf(U'A').empty());
}

TEST_CASE("typed letters split into syllables and initials, fewest pieces first",
          "[search][pinyin]") {
  using Pieces = std::vector<std::string>;
  const auto zhangsan = SplitPinyin("zhangsan", 6);
  REQUIRE_FALSE(zhangsan.empty());
  CHECK(zhangsan[0] == Pieces{"zhang", "san"});
  CHECK(SplitPinyin("zs", 6) == std::vector<Pieces>{{"z", "s"}});
  const auto xian = SplitPinyin("xian", 6);
  CHECK(std::find(xian.begin(), xian.end(), Pieces{"xian"}) != xian.end());
  CHECK(std::find(xian.begin(), xian.end(), Pieces{"xi", "an"}) != xian.end());
  const auto mixed = SplitPinyin("yyindj", 6);
  CHECK(std::find(mixed.begin(), mixed.end(), Pieces{"y", "yin", "d", "j"}) != mixed.end());
  CHECK(SplitPinyin("iii", 6).empty());  // no syllable starts with i
  CHECK(SplitPinyin("", 6).empty());
}

TEST_CASE("only plain words of letters are also searched as pinyin", "[search][pinyin]") {
  search::ParsedQuery q;
  REQUIRE(search::ParseQuery("zs", {}, &q, "pinyin").ok());
  CHECK(q.match.find("\"pinyin\" : (\"z\" + \"s\")") != std::string::npos);
  REQUIRE(search::ParseQuery("\"zs\" iso90* -zs 2024 合同", {}, &q, "pinyin").ok());
  CHECK(q.match.find("pinyin") == std::string::npos);  // quoted, prefix, excluded, digits, Han
  REQUIRE(search::ParseQuery("zs", {}, &q).ok());
  CHECK(q.match == "\"zs\"");  // no pinyin column given
}

struct Item {
  const char* title;
  const char* people;
};

std::unique_ptr<Archive> PinyinArchive(const std::string& name) {
  std::string dir = fx::NewArchive(name);
  auto a = fx::OpenArchive(dir);
  const Item items[] = {
      {"用印登记表", "张三"},   {"银行账户开户申请", "李四"}, {"行政会议纪要", "王五"},
      {"周例会签到表", "赵四"}, {"檔案借閱登記", "張三豐"},   {"办公用品申请单", "zhangsan"},
  };
  for (const Item& it : items) {
    NewItem item = fx::SampleItem(it.title);
    item.responsible = it.people;
    Status st = a->File(item, {}, nullptr);
    INFO(st.ToString());
    REQUIRE(st.ok());
  }
  return a;
}

std::vector<std::string> Titles(Archive& a, const std::string& query) {
  SearchRequest r;
  r.query = query;
  r.clearance = "机密";
  SearchResults out;
  Status st = a.Search(r, &out);
  INFO(query << ": " << st.ToString());
  REQUIRE(st.ok());
  std::vector<std::string> titles;
  for (const SearchHit& h : out.hits) titles.push_back(h.item.title);
  std::sort(titles.begin(), titles.end());
  return titles;
}

using Titles_ = std::vector<std::string>;

TEST_CASE("names and titles are found by pinyin and by initials", "[archive][search][pinyin]") {
  auto a = PinyinArchive("search-pinyin");
  // 张三 in simplified and 張三豐 in traditional; zhangsan typed as a name in Latin letters too.
  CHECK(Titles(*a, "zhangsan") == Titles_{"办公用品申请单", "檔案借閱登記", "用印登记表"});
  CHECK(Titles(*a, "ZhangSan") == Titles(*a, "zhangsan"));
  CHECK(Titles(*a, "zs") == Titles_{"周例会签到表", "檔案借閱登記", "用印登记表"});  // 赵四 too
  CHECK(Titles(*a, "yydj") == Titles_{"用印登记表"});
  CHECK(Titles(*a, "yongyindengji") == Titles_{"用印登记表"});
  CHECK(Titles(*a, "yyindj") == Titles_{"用印登记表"});  // syllables and initials mixed
  // Both readings of 行: 银行 (hang) and 行政 (xing).
  CHECK(Titles(*a, "yinhang") == Titles_{"银行账户开户申请"});
  CHECK(Titles(*a, "xingzheng") == Titles_{"行政会议纪要"});
  CHECK(Titles(*a, "dajy") == Titles_{"檔案借閱登記"});  // 档案借阅, from the traditional title
  // A title and the people are separate: the last character of one and the first of the other
  // do not make a word.
  CHECK(Titles(*a, "biaozhang").empty());
  // Pinyin mixes with other terms, and Chinese terms are not read as pinyin.
  CHECK(Titles(*a, "zs 登记") == Titles_{"檔案借閱登記", "用印登记表"});
  CHECK(Titles(*a, "zs -登记") == Titles_{"周例会签到表"});  // 登記 is 登记
}

}  // namespace
}  // namespace dangan
