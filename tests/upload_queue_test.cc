// Uploads filed in the background (server/src/upload_queue.h): progress per file, a bad file
// failing alone, and tasks taken up again after a restart without filing anything twice.
#include "server/src/upload_queue.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/test_paths.h"

using dangan::archive_test::NewArchive;
using dangan::archive_test::ReadAll;
using dangan::archive_test::SqlInt;
using dangan::server::UploadedFile;
using dangan::server::UploadQueue;
using dangan::server::UploadTask;
using dangan::test::SecretClerk;

namespace {

UploadedFile Scan(const std::string& name) {
  return {name, ReadAll(dangan::test::SourcePath("samples/legacy/scans/" + name))};
}

dangan::jobs::FileScansRequest NewItemFields() {
  dangan::jobs::FileScansRequest r;
  r.item.title = "办公室会议纪要扫描件";
  r.item.department = "BGS";
  r.item.category = "WS";
  r.item.year = 2024;
  r.item.retention = "D10";
  r.retention_given = true;
  r.ocr = false;  // the sample scans carry a text layer; OCR is tested elsewhere
  return r;
}

// Polls until the task is finished (or 60 s pass).
UploadTask WaitFor(UploadQueue& queue, const std::string& id, const std::string& account) {
  UploadTask task;
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < end) {
    REQUIRE(queue.Get(id, account, &task).ok());
    if (task.Finished()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return task;
}

}  // namespace

TEST_CASE("scans uploaded together are filed in the background, each with its 档号",
          "[server][upload]") {
  const std::string dir = NewArchive("upload_queue");
  UploadQueue queue(dir, dangan::test::SourcePath("templates"));
  REQUIRE(queue.Start().ok());
  std::string id;
  REQUIRE(queue
              .Submit(SecretClerk(dir), NewItemFields(),
                      {Scan("Z109-WS·2015-Y-BGS-0001.pdf"), Scan("Z109-WS·2016-D10-BGS-0008.pdf")},
                      &id)
              .ok());
  const UploadTask task = WaitFor(queue, id, "张档案");
  REQUIRE(task.Finished());
  REQUIRE(task.files.size() == 2);
  for (const auto& f : task.files) {
    INFO(f.name << " " << f.message);
    CHECK(f.state == "已归档");
    CHECK(f.danghao.rfind("Z109-WS·2024-D10-BGS-", 0) == 0);
    CHECK(f.how == "新建一件");
  }
  CHECK(task.files[0].danghao != task.files[1].danghao);
  CHECK(task.files[0].name == "Z109-WS·2015-Y-BGS-0001.pdf");
  CHECK(SqlInt(dir, "SELECT count(*) FROM items WHERE title = '办公室会议纪要扫描件'") == 2);
  CHECK(SqlInt(dir, "SELECT count(*) FROM audit_log WHERE action = '归档' AND who = '张档案'") ==
        2);
  // The uploaded copies go once filed (the store has them); the task's record stays.
  for (int tries = 0; tries < 1000 && std::filesystem::exists(dir + "/uploads/" + id + "/2");
       ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK_FALSE(std::filesystem::exists(dir + "/uploads/" + id + "/1"));
  CHECK_FALSE(std::filesystem::exists(dir + "/uploads/" + id + "/2"));
  CHECK(std::filesystem::exists(dir + "/uploads/" + id + "/task.json"));
  const auto json = dangan::server::UploadTaskJson(task);
  CHECK(json["state"] == "完成");
  CHECK(json["done"] == 2);
  CHECK(json["total"] == 2);
}

TEST_CASE("a bad file of an upload fails alone, with the reason, and the others are filed",
          "[server][upload]") {
  const std::string dir = NewArchive("upload_queue_bad");
  UploadQueue queue(dir, dangan::test::SourcePath("templates"));
  REQUIRE(queue.Start().ok());
  std::string id;
  REQUIRE(
      queue
          .Submit(SecretClerk(dir), NewItemFields(),
                  {UploadedFile{"坏文件.pdf", "这不是 PDF"}, Scan("Z109-WS·2015-Y-BGS-0004.pdf")},
                  &id)
          .ok());
  const UploadTask task = WaitFor(queue, id, "张档案");
  REQUIRE(task.Finished());
  CHECK(task.files[0].state == "失败");
  CHECK_THAT(task.files[0].message, Catch::Contains("坏文件.pdf"));
  CHECK(task.files[1].state == "已归档");
  CHECK(SqlInt(dir, "SELECT count(*) FROM items") == 1);
}

TEST_CASE("an upload is taken up again after a restart and nothing is filed twice",
          "[server][upload]") {
  const std::string dir = NewArchive("upload_queue_restart");
  std::string id;
  {
    // The server stops before its worker gets to the task.
    UploadQueue stopped(dir, dangan::test::SourcePath("templates"));
    REQUIRE(stopped
                .Submit(SecretClerk(dir), NewItemFields(),
                        {Scan("Z109-WS·2015-Y-BGS-0001.pdf"), Scan("Z109-WS·2015-Y-BGS-0004.pdf")},
                        &id)
                .ok());
  }
  // ...and had filed the first file just before it stopped, with the task still saying 处理中.
  dangan::jobs::FileScansRequest first = NewItemFields();
  first.paths = {dir + "/uploads/" + id + "/1/Z109-WS·2015-Y-BGS-0001.pdf"};
  first.item.import_key = "upload:" + id + ":1";
  dangan::jobs::FileScansResult filed;
  REQUIRE(dangan::jobs::FileScans(SecretClerk(dir), first, &filed).ok());
  const std::string task_file = dir + "/uploads/" + id + "/task.json";
  auto task_json = nlohmann::json::parse(ReadAll(task_file));
  task_json["files"][0]["state"] = "处理中";
  std::ofstream(task_file) << task_json.dump();

  UploadQueue restarted(dir, dangan::test::SourcePath("templates"));
  REQUIRE(restarted.Start().ok());
  const UploadTask task = WaitFor(restarted, id, "张档案");
  REQUIRE(task.Finished());
  CHECK(task.files[0].state == "已归档");
  CHECK(task.files[0].danghao == filed.item.danghao);
  CHECK(task.files[1].state == "已归档");
  CHECK(SqlInt(dir, "SELECT count(*) FROM items") == 2);
}

TEST_CASE("an upload is seen only by its account, and bad file names are refused",
          "[server][upload]") {
  const std::string dir = NewArchive("upload_queue_owner");
  UploadQueue queue(dir, dangan::test::SourcePath("templates"));
  std::string id;
  REQUIRE(
      queue.Submit(SecretClerk(dir), NewItemFields(), {Scan("Z109-WS·2015-Y-BGS-0001.pdf")}, &id)
          .ok());
  UploadTask task;
  CHECK(queue.Get(id, "张档案", &task).ok());
  CHECK(queue.Get(id, "李经办", &task).code() == dangan::Status::Code::kNotFound);
  CHECK(queue.Get("../../catalogue.sqlite", "张档案", &task).code() ==
        dangan::Status::Code::kNotFound);
  std::string other;
  CHECK_FALSE(
      queue.Submit(SecretClerk(dir), NewItemFields(), {UploadedFile{"..", "x"}}, &other).ok());
  CHECK_FALSE(
      queue.Submit(SecretClerk(dir), NewItemFields(), {UploadedFile{"两行\n名字.pdf", "x"}}, &other)
          .ok());
  CHECK_FALSE(queue.Submit(SecretClerk(dir), NewItemFields(), {}, &other).ok());
  // A path given as the name keeps only its last part, inside the task's folder.
  REQUIRE(queue
              .Submit(SecretClerk(dir), NewItemFields(),
                      {UploadedFile{"../../逃逸.pdf", "%PDF-1.4"}}, &other)
              .ok());
  REQUIRE(queue.Get(other, "张档案", &task).ok());
  CHECK(task.files[0].name == "逃逸.pdf");
}
