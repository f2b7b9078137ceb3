// Creating an archive and filing items: 档号 from the pattern, the content-addressed store,
// refusal of bad input, legacy 档号, 页数, reading back, schema migration.
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <filesystem>

#include "archive/src/schema.h"  // private part, tested on purpose
#include "archive/src/sqlite_db.h"  // private part, tested on purpose
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using dangan::test::ScratchDir;
using dangan::test::WriteFile;
using fx::NewArchive;
using fx::OpenArchive;
using fx::PdfFile;
using fx::SampleItem;
using fx::WritePdf;

bool IsDir(const std::string& p) { return std::filesystem::is_directory(p); }

std::string Joined(const Status& st) { return st.ToString(); }

ItemRecord FileOne(Archive& a, NewItem item, const std::string& pdf) {
  ItemRecord rec;
  Status st = a.File(item, {PdfFile(pdf)}, &rec);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return rec;
}

TEST_CASE("Create lays out the archive and refuses to do it twice", "[archive]") {
  std::string dir = NewArchive("create");
  CHECK(std::filesystem::exists(dir + "/catalogue.sqlite"));
  CHECK(IsDir(dir + "/store"));
  CHECK(IsDir(dir + "/store/tmp"));
  CHECK(fx::ReadAll(dir + "/retention.txt").find("S-04 = Y") != std::string::npos);
  CHECK(fx::SqlInt(dir, "PRAGMA user_version") == archive::kSchemaVersion);
  Status again = Archive::Create(dir, fx::TestConfig());
  CHECK(again.code() == Status::Code::kInvalidArgument);
  CHECK(again.message().find("已经是一个档案") != std::string::npos);

  auto a = OpenArchive(dir);
  CHECK(a->config().fonds == "Z109");
  CHECK(a->config().company == "示例科技有限公司");
  CHECK(a->config().pattern == "{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}");
}

TEST_CASE("Create refuses a bad 全宗号 or pattern, Open refuses a non-archive", "[archive]") {
  std::string base = ScratchDir("create-bad");
  ArchiveConfig c = fx::TestConfig();
  c.fonds = "z 109";
  Status st = Archive::Create(base + "/a", c);
  CHECK(Joined(st).find("全宗号") != std::string::npos);
  c = fx::TestConfig();
  c.pattern = "{全宗号}-{门类}-{年份}-{件号}";
  st = Archive::Create(base + "/b", c);
  CHECK(Joined(st).find("{年份}") != std::string::npos);
  c.pattern = "{全宗号}-{门类}";
  CHECK(Joined(Archive::Create(base + "/c", c)).find("{件号}") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(base + "/a/catalogue.sqlite"));

  std::unique_ptr<Archive> a;
  st = Archive::Open(base, "张档案", &a);
  CHECK(st.code() == Status::Code::kNotFound);
  CHECK(st.message().find(base) != std::string::npos);
}

TEST_CASE("档号 follow the pattern and 件号 count per class", "[archive]") {
  std::string dir = NewArchive("danghao");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("danghao-src");
  NewItem item = SampleItem();
  CHECK(FileOne(*a, item, WritePdf(src + "/1.pdf", "1")).danghao == "Z109-WS·2024-Y-BGS-0001");
  CHECK(FileOne(*a, item, WritePdf(src + "/2.pdf", "2")).danghao == "Z109-WS·2024-Y-BGS-0002");
  NewItem other = item;
  other.department = "CWB";
  CHECK(FileOne(*a, other, WritePdf(src + "/3.pdf", "3")).danghao == "Z109-WS·2024-Y-CWB-0001");
  other = item;
  other.retention = "D10";
  CHECK(FileOne(*a, other, WritePdf(src + "/4.pdf", "4")).danghao == "Z109-WS·2024-D10-BGS-0001");
  other = item;
  other.year = 2023;
  ItemRecord rec = FileOne(*a, other, WritePdf(src + "/5.pdf", "5"));
  CHECK(rec.danghao == "Z109-WS·2023-Y-BGS-0001");
  CHECK(rec.piece == 1);
  CHECK(rec.fonds == "Z109");
  CHECK(rec.filed_by == "张档案");
  CHECK(rec.filed_at.size() == 25);  // 2024-05-06T14:03:21+08:00
  CHECK(FileOne(*a, item, WritePdf(src + "/6.pdf", "6")).danghao == "Z109-WS·2024-Y-BGS-0003");
}

TEST_CASE("A pattern without {机构} numbers all departments together", "[archive]") {
  ArchiveConfig c = fx::TestConfig();
  c.pattern = "{全宗号}-{门类}·{年度}·{期限}-{件号}";
  std::string dir = NewArchive("pattern", c);
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("pattern-src");
  NewItem item = SampleItem();
  CHECK(FileOne(*a, item, WritePdf(src + "/1.pdf", "1")).danghao == "Z109-WS·2024·Y-0001");
  item.department = "CWB";
  CHECK(FileOne(*a, item, WritePdf(src + "/2.pdf", "2")).danghao == "Z109-WS·2024·Y-0002");
  item.department = "";
  CHECK(FileOne(*a, item, WritePdf(src + "/3.pdf", "3")).danghao == "Z109-WS·2024·Y-0003");
}

TEST_CASE("Files are stored once under their SHA-256, read-only, sources untouched", "[archive]") {
  std::string dir = NewArchive("store");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("store-src");
  std::string path = WriteFile(src + "/abc.bin", "abc");
  struct stat before;
  REQUIRE(stat(path.c_str(), &before) == 0);
  NewFile f;
  f.path = path;
  ItemRecord rec;
  REQUIRE(a->File(SampleItem(), {f}, &rec).ok());
  REQUIRE(rec.files.size() == 1);
  const StoredFile& sf = rec.files[0];
  CHECK(sf.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sf.sm3 == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  CHECK(sf.size == 3);
  CHECK(sf.name == "abc.bin");
  CHECK(sf.media_type == "application/octet-stream");
  std::string stored = a->StoredPath(sf);
  CHECK(stored == dir + "/store/ba/" + sf.sha256);
  CHECK(fx::ReadAll(stored) == "abc");
  struct stat st;
  REQUIRE(stat(stored.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0400);
  struct stat after;
  REQUIRE(stat(path.c_str(), &after) == 0);
  CHECK(after.st_mtime == before.st_mtime);
  CHECK(after.st_ino == before.st_ino);
  CHECK(fx::ReadAll(path) == "abc");

  // The same content again, under another name, for another item: one copy in the store.
  std::string copy = WriteFile(src + "/copy.bin", "abc");
  f.path = copy;
  ItemRecord second;
  REQUIRE(a->File(SampleItem("另一件"), {f}, &second).ok());
  CHECK(second.files[0].sha256 == sf.sha256);
  CHECK(fx::StoreFileCount(dir) == 1);
  CHECK(std::filesystem::is_empty(dir + "/store/tmp"));
}

TEST_CASE("Media types are recognised and a file that is not what its name says is refused",
          "[archive]") {
  std::string dir = NewArchive("media");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("media-src");
  ItemRecord rec;
  REQUIRE(a->File(SampleItem(), {PdfFile(WritePdf(src + "/a.pdf", "a"))}, &rec).ok());
  CHECK(rec.files[0].media_type == "application/pdf");
  NewFile png;
  png.path = WriteFile(src + "/scan.png", std::string("\x89PNG\r\n\x1a\n", 8) + "data");
  png.role = FileRole::kSignedScan;
  REQUIRE(a->AddFiles(rec.danghao, {png}, &rec).ok());
  CHECK(rec.files[1].media_type == "image/png");
  CHECK(rec.files[1].role == FileRole::kSignedScan);

  NewFile fake;
  fake.path = WriteFile(src + "/fake.pdf", "GIF89a not a pdf");
  Status st = a->File(SampleItem(), {fake}, nullptr);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK(st.message().find(src + "/fake.pdf") != std::string::npos);
  CHECK(st.message().find("不是 PDF") != std::string::npos);
  NewFile declared;
  declared.path = WriteFile(src + "/x.bin", "%PDF-1.4 but declared as jpeg");
  declared.media_type = "image/jpeg";
  CHECK(a->File(SampleItem(), {declared}, nullptr).message().find("JPEG") != std::string::npos);
}

TEST_CASE("Bad files are refused naming the file, and nothing is catalogued or stored",
          "[archive]") {
  std::string dir = NewArchive("badfiles");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("badfiles-src");
  std::string good = WritePdf(src + "/good.pdf", "good");
  std::string empty = WriteFile(src + "/empty.pdf", "");
  std::string missing = src + "/missing.pdf";
  struct Case {
    std::string path, words;
  };
  std::vector<Case> cases = {{missing, "不存在"}, {empty, "空文件"}, {src, "目录"}};
  if (geteuid() != 0) {  // root reads anything
    std::string locked = WritePdf(src + "/locked.pdf", "locked");
    chmod(locked.c_str(), 0);
    cases.push_back({locked, "没有权限"});
  }
  for (const Case& c : cases) {
    Status st = a->File(SampleItem(), {PdfFile(good), PdfFile(c.path)}, nullptr);
    INFO(st.ToString());
    CHECK_FALSE(st.ok());
    CHECK(st.message().find(c.path) != std::string::npos);
    CHECK(st.message().find(c.words) != std::string::npos);
  }
  CHECK(fx::SqlInt(dir, "SELECT COUNT(*) FROM items") == 0);
  CHECK(fx::SqlInt(dir, "SELECT COUNT(*) FROM files") == 0);
  CHECK(fx::SqlInt(dir, "SELECT COUNT(*) FROM audit_log") == 0);
  CHECK(fx::StoreFileCount(dir) == 0);
  // The next good filing still gets 件号 1.
  ItemRecord rec;
  REQUIRE(a->File(SampleItem(), {PdfFile(good)}, &rec).ok());
  CHECK(rec.piece == 1);
}

TEST_CASE("Invalid fields are all reported, each naming its field", "[archive]") {
  std::string dir = NewArchive("fields");
  auto a = OpenArchive(dir);
  NewItem item = SampleItem("");
  item.category = "ws";
  item.year = 24;
  item.retention = "长期";
  item.department = "";
  item.secrecy = "绝密";
  item.date = "2024-02-30";
  item.source = "fax";
  Status st = a->File(item, {}, nullptr);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  std::string text = st.ToString();
  for (const char* field : {"门类", "年度", "保管期限", "机构", "题名", "密级", "日期", "来源"}) {
    INFO(field << "\n" << text);
    CHECK(text.find(std::string(field) + "：") != std::string::npos);
  }
  REQUIRE(st.problems().size() == 8);
  std::map<std::string, std::string> code_of;
  for (const Problem& p : st.problems()) code_of[p.field] = p.code;
  CHECK(code_of["保管期限"] == "legacy_retention");
  CHECK(code_of["密级"] == "invalid_secrecy");
  CHECK(code_of["日期"] == "invalid_date");
  CHECK(code_of["题名"] == "required");
  CHECK(code_of["门类"] == "invalid_value");
  CHECK(text.find("长期/短期") != std::string::npos);
}

TEST_CASE("A legacy 档号 is kept as given", "[archive]") {
  std::string dir = NewArchive("legacy");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("legacy-src");
  NewItem item = SampleItem();
  item.source = "import";
  item.danghao = "Z109-WS・2024-Y-BGS-0007";  // katakana middle dot, as old spreadsheets have it
  ItemRecord rec = FileOne(*a, item, WritePdf(src + "/1.pdf", "1"));
  CHECK(rec.danghao == "Z109-WS·2024-Y-BGS-0007");
  CHECK(rec.piece == 7);
  // Assignment carries on after it.
  item.danghao.clear();
  CHECK(FileOne(*a, item, WritePdf(src + "/2.pdf", "2")).danghao == "Z109-WS·2024-Y-BGS-0008");

  item.danghao = "Z109-WS·2024-Y-BGS-012";  // three-digit 件号 of an older scheme
  rec = FileOne(*a, item, WritePdf(src + "/3.pdf", "3"));
  CHECK(rec.danghao == "Z109-WS·2024-Y-BGS-012");
  CHECK(rec.piece == 0);

  Status st = a->File(item, {PdfFile(WritePdf(src + "/4.pdf", "4"))}, nullptr);
  CHECK(st.message().find("已在目录中") != std::string::npos);
  item.danghao = "Z109-WS·2023-Y-BGS-0009";  // shape fits, 年度 does not
  st = a->File(item, {PdfFile(WritePdf(src + "/5.pdf", "5"))}, nullptr);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  REQUIRE(st.problems().size() == 1);
  CHECK(st.problems()[0].code == "invalid_danghao");
  CHECK(st.problems()[0].field == "档号");
  CHECK(st.ToString().find("年度 2023 与著录的 2024 不一致") != std::string::npos);

  ItemRecord got;
  REQUIRE(a->Get(" Z109-WS•2024-Y-BGS-0007 ", false, &got).ok());
  CHECK(got.piece == 7);
}

TEST_CASE("页数 is the pages of the original files", "[archive]") {
  std::string dir = NewArchive("pages");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("pages-src");
  NewFile attachment;
  attachment.path = WriteFile(src + "/data.xlsx", std::string("PK\x03\x04", 4) + "zip");
  attachment.role = FileRole::kAttachment;
  ItemRecord rec;
  REQUIRE(
      a->File(SampleItem(), {PdfFile(WritePdf(src + "/a.pdf", "a", 2), 2), attachment}, &rec).ok());
  CHECK(rec.pages == 2);
  CHECK(rec.files[1].media_type ==
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  NewFile scan = PdfFile(WritePdf(src + "/scan.pdf", "scan", 2), 2, FileRole::kSignedScan);
  REQUIRE(a->AddFiles(rec.danghao, {scan}, &rec).ok());
  CHECK(rec.pages == 2);
  CHECK(rec.files.size() == 3);
  NewFile more = PdfFile(WritePdf(src + "/b.pdf", "b", 3), 3);
  REQUIRE(a->AddFiles(rec.danghao, {more}, &rec).ok());
  CHECK(rec.pages == 5);
  // The same content twice in one item is refused.
  Status st = a->AddFiles(rec.danghao, {PdfFile(src + "/b.pdf", 3)}, nullptr);
  CHECK(st.message().find("内容相同") != std::string::npos);
  CHECK(a->AddFiles("Z109-WS·2024-Y-BGS-0099", {more}, nullptr).code() == Status::Code::kNotFound);
}

TEST_CASE("Items are read back, found by document number, listed and filtered", "[archive]") {
  std::string dir = NewArchive("read");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("read-src");
  for (int i = 0; i < 5; ++i) {
    NewItem item = SampleItem("件 " + std::to_string(i));
    item.year = 2022 + i % 2;
    item.source = i == 0 ? "generated" : "scan";
    item.template_id = i == 0 ? "S-04" : "";
    item.doc_number = i == 0 ? "S04-2022-0001" : "";
    item.secrecy = i == 4 ? "秘密" : "内部";
    FileOne(*a, item, WritePdf(src + "/" + std::to_string(i) + ".pdf", std::to_string(i)));
  }
  ItemRecord rec;
  REQUIRE(a->FindByDocNumber("S04-2022-0001", &rec).ok());
  CHECK(rec.danghao == "Z109-WS·2022-Y-BGS-0001");
  CHECK(rec.template_id == "S-04");
  REQUIRE(rec.files.size() == 1);
  CHECK(rec.files[0].text == "关于加强印章管理的通知 正文");
  CHECK(a->FindByDocNumber("nope", &rec).code() == Status::Code::kNotFound);

  std::vector<ItemRecord> items;
  size_t total = 0;
  ListFilter all;
  REQUIRE(a->List(all, &items, &total).ok());
  CHECK(total == 5);
  REQUIRE(items.size() == 5);
  CHECK(items[0].danghao == "Z109-WS·2022-Y-BGS-0001");
  CHECK(items[4].danghao == "Z109-WS·2023-Y-BGS-0002");
  CHECK(items[0].files.size() == 1);
  CHECK(items[0].files[0].text.empty());  // lists leave the text out

  ListFilter f;
  f.year_to = 2022;
  f.secrecy = "秘密";
  REQUIRE(a->List(f, &items, &total).ok());
  CHECK(total == 1);
  CHECK(items.at(0).title == "件 4");
  ListFilter page;
  page.limit = 2;
  page.offset = 2;
  REQUIRE(a->List(page, &items, &total).ok());
  CHECK(total == 5);
  REQUIRE(items.size() == 2);
  CHECK(items[0].danghao == "Z109-WS·2022-Y-BGS-0003");
  CHECK(a->Get("Z109-WS·2030-Y-BGS-0001", false, &rec).message().find("不在目录中") !=
        std::string::npos);
}

TEST_CASE("Metadata changes keep the 档号 and are checked", "[archive]") {
  std::string dir = NewArchive("update");
  auto a = OpenArchive(dir);
  std::string src = ScratchDir("update-src");
  ItemRecord rec = FileOne(*a, SampleItem(), WritePdf(src + "/1.pdf", "1"));
  REQUIRE(a->UpdateMetadata(rec.danghao, {{"题名", "新题名"}, {"secrecy", "秘密"}}).ok());
  ItemRecord got;
  REQUIRE(a->Get(rec.danghao, false, &got).ok());
  CHECK(got.title == "新题名");
  CHECK(got.secrecy == "秘密");
  CHECK(got.danghao == rec.danghao);
  Status st = a->UpdateMetadata(rec.danghao, {{"年度", "2020"}, {"日期", "2024-13-01"}});
  REQUIRE(st.problems().size() == 2);
  CHECK(st.problems()[0].code == "unknown_field");
  CHECK(st.problems()[0].field == "年度");
  CHECK(st.problems()[1].code == "invalid_date");
  CHECK(st.problems()[1].field == "日期");
  CHECK(st.ToString().find("年度：不能修改") != std::string::npos);
  // The catalogue itself refuses a changed 档号, whoever asks.
  CHECK(fx::Sql(dir, "UPDATE items SET danghao = 'X' WHERE id = 1").find("档号一经给定不能更改") !=
        std::string::npos);
}

TEST_CASE("Open migrates a version 1 catalogue to the current schema", "[archive]") {
  std::string dir = ScratchDir("migrate") + "/archive";
  std::filesystem::create_directories(dir + "/store/tmp");
  WriteFile(dir + "/retention.txt", "WS = D10\n");
  {
    std::unique_ptr<archive::Db> db;
    REQUIRE(archive::Db::Open(dir + "/catalogue.sqlite", true, &db).ok());
    REQUIRE(archive::MigrateSchema(*db, 1).ok());
    REQUIRE(db->Exec("INSERT INTO config VALUES ('fonds', 'Z109'), ('company', '旧公司'), "
                     "('pattern', '{全宗号}-{门类}·{年度}-{期限}-{机构}-{件号}')")
                .ok());
  }
  CHECK(fx::SqlInt(dir, "PRAGMA user_version") == 1);
  CHECK(fx::Sql(dir, "SELECT hold FROM items").find("no such column") != std::string::npos);

  auto a = OpenArchive(dir);
  CHECK(fx::SqlInt(dir, "PRAGMA user_version") == archive::kSchemaVersion);
  CHECK(fx::Sql(dir, "SELECT hold, hold_reason FROM items").empty());
  std::string src = ScratchDir("migrate-src");
  ItemRecord rec = FileOne(*a, SampleItem(), WritePdf(src + "/1.pdf", "1"));
  REQUIRE(a->SetHold(rec.danghao, true, "审计").ok());

  // A catalogue from a newer dangan is not touched.
  a.reset();
  REQUIRE(fx::Sql(dir, "PRAGMA user_version = 99").empty());
  std::unique_ptr<Archive> newer;
  Status st = Archive::Open(dir, "张档案", &newer);
  CHECK(st.code() == Status::Code::kUnsupported);
  CHECK(st.message().find("升级") != std::string::npos);
}

}  // namespace
}  // namespace dangan

namespace dangan {
namespace {

TEST_CASE("A batch is filed whole, or not at all", "[archive]") {
  std::string dir = fx::NewArchive("batch");
  auto a = fx::OpenArchive(dir);
  std::string src = ScratchDir("batch-src");
  std::vector<Filing> batch;
  for (int i = 0; i < 5; ++i) {
    std::string n = std::to_string(i);
    batch.push_back({SampleItem("批量 " + n), {PdfFile(WritePdf(src + "/" + n + ".pdf", n))}});
  }
  batch[3].files.push_back(PdfFile(src + "/0.pdf"));  // same content as item 0: stored once
  std::vector<ItemRecord> recs;
  REQUIRE(a->FileBatch(batch, &recs).ok());
  REQUIRE(recs.size() == 5);
  for (int i = 0; i < 5; ++i) CHECK(recs[i].piece == i + 1);
  CHECK(recs[3].files.size() == 2);
  CHECK(fx::StoreFileCount(dir) == 5);

  // A bad field in the fourth item: nothing of the batch is filed, and the message says which.
  std::vector<Filing> bad = batch;
  bad[3].item.retention = "D15";
  Status st = a->FileBatch(bad, &recs);
  CHECK(st.message().find("第 4 件") != std::string::npos);
  // A 档号 clash in the last item is found inside the transaction: the others roll back.
  bad = batch;
  bad[4].item.danghao = "Z109-WS·2024-Y-BGS-0002";
  st = a->FileBatch(bad, &recs);
  CHECK(st.message().find("第 5 件") != std::string::npos);
  CHECK(st.message().find("已在目录中") != std::string::npos);
  // A missing file in the second item.
  bad = batch;
  bad[1].files[0].path = src + "/gone.pdf";
  st = a->FileBatch(bad, &recs);
  CHECK(st.message().find("第 2 件") != std::string::npos);
  CHECK(st.message().find(src + "/gone.pdf") != std::string::npos);
  CHECK(fx::SqlInt(dir, "SELECT COUNT(*) FROM items") == 5);
  CHECK(fx::SqlInt(dir, "SELECT COUNT(*) FROM audit_log") == 5);

  REQUIRE(a->FileBatch({}, &recs).ok());
  CHECK(recs.empty());
  CheckReport r;
  REQUIRE(a->Check(fx::CountTestPages, &r).ok());
  INFO(fx::Describe(r));
  CHECK(r.ok());
}

}  // namespace
}  // namespace dangan
