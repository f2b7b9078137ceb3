// Uploads of scans from the browser, filed in the background: the files of an upload are kept
// in the archive folder (uploads/ID/) with a task file describing them, then filed one by one
// by a worker thread through jobs::FileScans (QR join, OCR), so that the upload request returns
// at once and the page shows progress. A task survives a restart of the server: Start() takes up
// every unfinished one again. Filing stays all-or-nothing per file, and taking up a file that was
// filed just before the server stopped does not file it twice (its import key, or the archive's
// refusal of the same content twice in one item, tells).
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dangan/base/status.h"
#include "dangan/jobs/filing.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"

namespace dangan::server {

struct UploadedFile {
  std::string name;     // as the browser sent it; only its base name is kept
  std::string content;  // the bytes
};

// One file of a task and what became of it.
struct UploadFileState {
  std::string name;
  std::string state = "等待";  // 等待 / 处理中 / 已归档 / 失败
  std::string danghao;         // once 已归档
  std::string how;             // 新建一件 / 按二维码加入 / 加入指定的件
  std::string message;         // once 失败: why
};

struct UploadTask {
  std::string id;
  std::string account;    // who uploaded it: only they see it, and it is filed under their name
  std::string clearance;  // theirs, at the time of the upload
  int64_t created_at = 0;
  std::vector<UploadFileState> files;
  bool Finished() const;
};

jobs::Json UploadTaskJson(const UploadTask& task);  // {"id","state","done","total","files":[…]}

class UploadQueue {
 public:
  // Tasks live in ARCHIVE_DIR/uploads/; templates_dir is the jobs' context's.
  UploadQueue(std::string archive_dir, std::string templates_dir);
  ~UploadQueue();  // Stop()

  // Takes up the unfinished tasks found in the archive folder, and starts the worker.
  Status Start();
  // The worker finishes the file in hand and stops; tasks not done stay for the next Start().
  void Stop();

  // Keeps the files and `fields` (the FileScansRequest without paths: title, year, join item, …;
  // written to disk before this returns) and queues the task.
  // Names that are not clean one-line text, empty, or "." / ".." are refused (InvalidArgument
  // naming the file), as is an upload without files; nothing is kept then.
  Status Submit(const jobs::JobContext& ctx, const jobs::FileScansRequest& fields,
                const std::vector<UploadedFile>& files, std::string* id);
  // The task `id` if `account` uploaded it, else NotFound (as for an id never given).
  Status Get(const std::string& id, const std::string& account, UploadTask* out);
  // The account's tasks, newest first (at most `limit`).
  Status ListFor(const std::string& account, size_t limit, std::vector<UploadTask>* out);

 private:
  void Work();
  void RunTask(const std::string& id);
  std::string TaskDir(const std::string& id) const;

  std::string archive_dir_;
  std::string templates_dir_;
  std::mutex mu_;  // guards queue_, stopping_ and every task file's read-modify-write
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace dangan::server
