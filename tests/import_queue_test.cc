// Imports uploaded from the browser, run in the background (server/src/import_queue.h): the dry
// run with its mapping and problems, a changed mapping checked again, the import with the
// rejected rows to download, importing twice, a run broken off by a stop, owners only.
#include "server/src/import_queue.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <thread>

#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/test_paths.h"

using dangan::archive_test::NewArchive;
using dangan::archive_test::ReadAll;
using dangan::archive_test::SqlInt;
using dangan::jobs::Json;
using dangan::server::ImportQueue;
using dangan::server::ImportTask;
using dangan::server::ImportUpload;
using dangan::test::SecretClerk;

namespace {

ImportUpload SealRegister() {
  ImportUpload u;
  u.file_name = "用印登记表2019.xls";
  u.content = ReadAll(dangan::test::SourcePath("samples/legacy/用印登记表2019.xls"));
  u.into = "register:S-04";
  u.volume = "2019";
  return u;
}

// Polls until the task is no longer queued or in hand (or 120 s pass).
ImportTask WaitFor(ImportQueue& queue, const std::string& id,
                   const std::string& account = "张档案") {
  ImportTask task;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < end) {
    REQUIRE(queue.Get(id, account, &task).ok());
    if (!task.Busy()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  return task;
}

const Json* Column(const ImportTask& t, const std::string& header) {
  for (const Json& c : t.report["columns"]) {
    if (c["header"] == header) return &c;
  }
  return nullptr;
}

long long RegisterRows(const std::string& dir) {
  return SqlInt(dir, "SELECT count(*) FROM register_rows WHERE template_id = 'S-04'");
}

// A catalogue of `rows` good rows (UTF-8 CSV): big enough for a run to be caught midway.
std::string BigCatalogue(int rows) {
  std::string text = "档号,年度,保管期限,机构,题名,责任者,日期,页数,密级\n";
  for (int i = 0; i < rows; ++i) {
    const int year = 2001 + i / 5000;
    char line[256];
    std::snprintf(line, sizeof line,
                  "Z109-WS·%d-Y-BGS-%04d,%d,永久,BGS,第%d号文件的题名,办公室,%d-03-05,2,内部\n",
                  year, i % 5000 + 1, year, i, year);
    text += line;
  }
  return text;
}

}  // namespace

TEST_CASE(
    "an uploaded register is checked first: mapping with samples, every problem, nothing "
    "written",
    "[server][imports]") {
  const std::string dir = NewArchive("import_queue_dry");
  ImportQueue queue(dir, dangan::test::SourcePath("templates"));
  REQUIRE(queue.Start().ok());
  std::string id;
  REQUIRE(queue.Submit(SecretClerk(dir), SealRegister(), &id).ok());
  CHECK(std::filesystem::exists(dir + "/imports/" + id + "/用印登记表2019.xls"));
  ImportTask task = WaitFor(queue, id);
  INFO(task.message);
  REQUIRE(task.state == "预检完成");
  CHECK(task.progress == 40);
  const Json& r = task.report;
  CHECK(r["rows_read"] == 40);
  CHECK(r["added"].size() == 38);
  CHECK(r["rows_rejected"] == 2);
  CHECK(r["source"] == "用印登记表2019.xls");  // never the server's path
  const Json* date = Column(task, "用印日期");
  REQUIRE(date != nullptr);
  CHECK((*date)["field"] == "用印日期");
  CHECK_FALSE((*date)["samples"].empty());
  bool row33 = false;
  for (const Json& p : r["problems"]) {
    if (p["row"] == 33 && p["column"] == "B（用印日期）" && p["rejects"] == true) row33 = true;
  }
  CHECK(row33);
  CHECK(std::find(task.fields.begin(), task.fields.end(), Json("经办人")) != task.fields.end());
  CHECK(RegisterRows(dir) == 0);

  SECTION("a changed mapping is checked again with it") {
    REQUIRE(queue.Remap(id, "张档案", Json{{"columns", {{"经办人", "忽略"}}}}).ok());
    task = WaitFor(queue, id);
    REQUIRE(task.state == "预检完成");
    const Json* clerk = Column(task, "经办人");
    REQUIRE(clerk != nullptr);
    CHECK((*clerk)["field"] == "");
    CHECK((*clerk)["how"] == "忽略");
    CHECK(task.mapping["columns"]["经办人"] == "忽略");
    // 经办人 is required: without the column every row lacks it.
    CHECK(task.report["rows_rejected"] == 40);
    CHECK(RegisterRows(dir) == 0);
  }

  SECTION("the import skips the bad rows, keeps them to download, and a second adds nothing") {
    REQUIRE(queue.Run(id, "张档案", true).ok());
    task = WaitFor(queue, id);
    INFO(task.message);
    REQUIRE(task.state == "完成");
    CHECK(task.report["rows_added"] == 38);
    CHECK(task.report["rows_rejected"] == 2);
    CHECK(task.has_rejected);
    CHECK(RegisterRows(dir) == 38);
    // The rows name the clerk's file and this import, not the server's copy of it.
    CHECK(SqlInt(dir,
                 "SELECT count(*) FROM register_rows WHERE source LIKE "
                 "'用印登记表2019.xls（网页导入 " +
                     id + "） 工作表%'") == 38);
    std::string csv;
    REQUIRE(queue.Rejected(id, "张档案", &csv).ok());
    CHECK(csv.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(csv.find("2019.06.31") != std::string::npos);
    CHECK(csv.find("第 35 行") != std::string::npos);
    CHECK_FALSE(queue.Run(id, "张档案", true).ok());  // done is done
    CHECK_FALSE(queue.Remap(id, "张档案", Json{{"columns", Json::object()}}).ok());

    std::string again;
    REQUIRE(queue.Submit(SecretClerk(dir), SealRegister(), &again).ok());
    REQUIRE(WaitFor(queue, again).state == "预检完成");
    REQUIRE(queue.Run(again, "张档案", true).ok());
    task = WaitFor(queue, again);
    REQUIRE(task.state == "完成");
    CHECK(task.report["rows_added"] == 0);
    CHECK(task.report["rows_unchanged"] == 38);
    CHECK(RegisterRows(dir) == 38);
  }

  SECTION("without skipping, rows with problems stop the whole import: nothing written") {
    REQUIRE(queue.Run(id, "张档案", false).ok());
    task = WaitFor(queue, id);
    CHECK(task.state == "失败");
    CHECK(task.rerunnable);
    CHECK(task.message.find("未作任何改动") != std::string::npos);
    CHECK(RegisterRows(dir) == 0);
    std::string csv;
    CHECK_FALSE(queue.Rejected(id, "张档案", &csv).ok());
    REQUIRE(queue.Run(id, "张档案", true).ok());  // and again, skipping them
    CHECK(WaitFor(queue, id).state == "完成");
    CHECK(RegisterRows(dir) == 38);
  }
}

TEST_CASE("only the archivist who uploaded an import sees it or acts on it", "[server][imports]") {
  const std::string dir = NewArchive("import_queue_owner");
  ImportQueue queue(dir, dangan::test::SourcePath("templates"));
  REQUIRE(queue.Start().ok());
  std::string id;
  REQUIRE(queue.Submit(SecretClerk(dir), SealRegister(), &id).ok());
  REQUIRE(WaitFor(queue, id).state == "预检完成");
  ImportTask task;
  CHECK(queue.Get(id, "李档案", &task).code() == dangan::Status::Code::kNotFound);
  CHECK(queue.Run(id, "李档案", true).code() == dangan::Status::Code::kNotFound);
  CHECK(queue.Remap(id, "李档案", Json::object()).code() == dangan::Status::Code::kNotFound);
  std::string csv;
  CHECK(queue.Rejected(id, "李档案", &csv).code() == dangan::Status::Code::kNotFound);
  std::vector<ImportTask> list;
  REQUIRE(queue.ListFor("李档案", 50, &list).ok());
  CHECK(list.empty());
  REQUIRE(queue.ListFor("张档案", 50, &list).ok());
  REQUIRE(list.size() == 1);
  CHECK(list[0].id == id);
  CHECK(queue.Get("../../etc", "张档案", &task).code() == dangan::Status::Code::kNotFound);
  CHECK(RegisterRows(dir) == 0);
}

TEST_CASE("a malformed spreadsheet fails its check with the file and row named, nothing written",
          "[server][imports]") {
  const std::string dir = NewArchive("import_queue_bad");
  ImportQueue queue(dir, dangan::test::SourcePath("templates"));
  REQUIRE(queue.Start().ok());
  ImportUpload u;
  u.file_name = "坏目录.csv";
  u.content =
      "档号,年度,保管期限,机构,题名\nZ109-WS·2015-Y-BGS-0001,2015,永久,BGS,\"题名没有结束\n";
  std::string id;
  REQUIRE(queue.Submit(SecretClerk(dir), u, &id).ok());
  const ImportTask task = WaitFor(queue, id);
  INFO(task.message);
  CHECK(task.state == "失败");
  CHECK_FALSE(task.rerunnable);
  CHECK(task.message.find("坏目录.csv") != std::string::npos);
  CHECK(task.message.find("第 2 行") != std::string::npos);
  CHECK(task.message.find(dir) == std::string::npos);
  CHECK_FALSE(queue.Run(id, "张档案", true).ok());
  CHECK(SqlInt(dir, "SELECT count(*) FROM items") == 0);

  SECTION("uploads refused outright name the file") {
    ImportUpload empty = u;
    empty.content.clear();
    dangan::Status s = queue.Submit(SecretClerk(dir), empty, &id);
    CHECK(s.message().find("坏目录.csv") != std::string::npos);
    ImportUpload wrong = SealRegister();
    wrong.into = "register:O-09";  // a form, not a register
    s = queue.Submit(SecretClerk(dir), wrong, &id);
    CHECK(s.code() == dangan::Status::Code::kInvalidArgument);
    CHECK(s.message().find("用印登记表2019.xls") != std::string::npos);
    ImportUpload mapping = SealRegister();
    mapping.mapping_name = "我的映射.yaml";
    mapping.mapping_content = "columns: [1, 2\n";
    s = queue.Submit(SecretClerk(dir), mapping, &id);
    CHECK(s.message().find("我的映射.yaml") != std::string::npos);
    CHECK(s.message().find(dir) == std::string::npos);
  }
}

TEST_CASE(
    "an import broken off by a stop is failed and rolled back after the restart, and can "
    "be run again",
    "[server][imports]") {
  const std::string dir = NewArchive("import_queue_restart");
  std::string id;
  {
    ImportQueue queue(dir, dangan::test::SourcePath("templates"));
    REQUIRE(queue.Start().ok());
    ImportUpload u;
    u.file_name = "大目录.csv";
    u.content = BigCatalogue(30000);
    REQUIRE(queue.Submit(SecretClerk(dir), u, &id).ok());
    ImportTask task = WaitFor(queue, id);
    INFO(task.message);
    REQUIRE(task.state == "预检完成");
    REQUIRE(task.report["rows_rejected"] == 0);
    REQUIRE(queue.Run(id, "张档案", false).ok());
    // Stopped as soon as the run has read its first rows.
    for (int i = 0; i < 6000; ++i) {
      REQUIRE(queue.Get(id, "张档案", &task).ok());
      if (task.state == "导入中" && task.progress > 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    REQUIRE(task.state == "导入中");
    queue.Stop();
  }
  CHECK(SqlInt(dir, "SELECT count(*) FROM items") == 0);
  ImportQueue queue(dir, dangan::test::SourcePath("templates"));
  REQUIRE(queue.Start().ok());
  ImportTask task;
  REQUIRE(queue.Get(id, "张档案", &task).ok());
  CHECK(task.state == "失败");
  CHECK(task.rerunnable);
  CHECK(task.message.find("全部撤销") != std::string::npos);
  REQUIRE(queue.Run(id, "张档案", false).ok());
  task = WaitFor(queue, id);
  INFO(task.message);
  REQUIRE(task.state == "完成");
  CHECK(task.report["rows_added"] == 30000);
  CHECK(task.progress == 30000);
  CHECK(SqlInt(dir, "SELECT count(*) FROM items") == 30000);
}
