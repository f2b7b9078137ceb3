// Imports of legacy spreadsheets uploaded from the browser, run in the background as the scans
// of upload_queue.h are: the uploaded file is kept in the archive folder (imports/ID/) with a
// task file, and one worker thread first checks it (a dry run: the mapping with samples, every
// problem, the counts), then, once the clerk confirms, imports it. A clerk may change the mapping
// and check again as often as needed. A task survives a restart of the server: a dry run is
// taken up again; an import that was running is marked failed and may be started again, since
// the archive's import transaction left nothing of it half-written, and the importer's keys make
// importing the same rows twice add nothing.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dangan/base/status.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"

namespace dangan::server {

// What the clerk uploads.
struct ImportUpload {
  std::string file_name;  // as the browser sent it; only its base name is kept
  std::string content;
  std::string into = "catalogue";  // "catalogue" or "register:ID"
  std::string volume;              // register only: the 册
  std::string mapping_name;        // a mapping file (YAML or JSON), optional
  std::string mapping_content;
  std::string mapping_json;  // {"columns":{"源列":"字段"},"ignore":[…]}, optional
};

// States of a task, as the clerk reads them.
inline constexpr char kImportQueued[] = "排队";
inline constexpr char kImportChecking[] = "预检中";
inline constexpr char kImportChecked[] = "预检完成";
inline constexpr char kImportRunning[] = "导入中";
inline constexpr char kImportDone[] = "完成";
inline constexpr char kImportFailed[] = "失败";

struct ImportTask {
  std::string id;
  std::string account;    // who uploaded it: only they see it, and it is imported under their name
  std::string clearance;  // theirs, at the time of the upload
  int64_t created_at = 0;
  std::string file;  // the uploaded file's name
  std::string into, volume;
  std::string state = kImportQueued;
  std::string pending = "dry_run";            // what 排队 waits for: "dry_run" or "run"
  bool skip_bad_rows = false;                 // of the run asked for
  int64_t progress = 0;                       // data rows read so far by the dry run or run in hand
  std::string message;                        // 失败: why (the file named, never a server path)
  bool rerunnable = false;                    // 失败 of a run: it may be started again
  bool has_rejected = false;                  // the run wrote rejected rows to download
  jobs::Json mapping = jobs::Json::object();  // columns, ignore, fixed, retention, values …
  jobs::Json fields = jobs::Json::array();    // the target fields a column may be mapped to
  jobs::Json report;  // the last dry run's or run's report (jobs::ImportReportJson), or null
  bool Busy() const;  // queued or in hand
};

// {"id","state","progress","file","into","volume","message","rerunnable","has_rejected",
//  "mapping","fields","report", …}
jobs::Json ImportTaskJson(const ImportTask& task);

class ImportQueue {
 public:
  // Tasks live in ARCHIVE_DIR/imports/; templates_dir is the jobs' context's.
  ImportQueue(std::string archive_dir, std::string templates_dir);
  ~ImportQueue();  // Stop()

  // Marks runs left unfinished by the last stop as failed (rolled back, may be run again),
  // queues unfinished dry runs and queued work again, and starts the worker.
  Status Start();
  // Stops the worker: a dry run or run in hand is broken off (a run's transaction rolled back)
  // and left to Start() to recover.
  void Stop();

  // Checks and keeps the upload (the file flushed to disk before this returns) and queues its
  // dry run. Refused with a message naming the file: no file, an empty file, a bad name, a
  // target that is not "catalogue" or a register's template, a mapping that cannot be read.
  Status Submit(const jobs::JobContext& ctx, const ImportUpload& upload, std::string* id);
  // The task `id` if `account` uploaded it, else NotFound (as for an id never given).
  Status Get(const std::string& id, const std::string& account, ImportTask* out);
  // The account's tasks, newest first (at most `limit`).
  Status ListFor(const std::string& account, size_t limit, std::vector<ImportTask>* out);
  // Replaces the mapping's columns and ignore list ({"columns":{…},"ignore":[…]}) and checks
  // again. Refused while the task is queued or running, and once it has been imported.
  Status Remap(const std::string& id, const std::string& account, const jobs::Json& mapping);
  // Imports after the dry run (or again after a failed run).
  Status Run(const std::string& id, const std::string& account, bool skip_bad_rows);
  // The CSV (UTF-8 with BOM) of the rows the run rejected; NotFound when there are none.
  Status Rejected(const std::string& id, const std::string& account, std::string* csv);

 private:
  void Work();
  void RunTask(const std::string& id);
  std::string TaskDir(const std::string& id) const;
  Status Load(const std::string& id, ImportTask* out);  // mu_ held
  Status Save(const ImportTask& task);                  // mu_ held
  Status Change(const std::string& id, const std::string& account,
                const std::function<Status(ImportTask&)>& change);

  std::string archive_dir_;
  std::string templates_dir_;
  std::mutex mu_;  // guards queue_, stopping_, progress_ and every task file's read-modify-write
  std::condition_variable wake_;
  std::deque<std::string> queue_;
  std::map<std::string, int64_t> progress_;  // rows read by the task in hand (not on disk)
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace dangan::server
