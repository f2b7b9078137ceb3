// The folders the background queues keep under the archive (uploads/ID/, imports/ID/): a task's
// id, the crash-safe writing of its files, its task file and the ids found on disk. Shared so
// that both queues name, write and find their tasks the same way.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "dangan/base/status.h"
#include "dangan/jobs/json.h"

namespace dangan::server {

// Sortable by time, unique without coordination: 20261204T100102-3f9a2c1b.
std::string NewTaskId();

// Whether `id` has the form NewTaskId() gives: it is also what keeps a path out of the folder.
bool IsTaskId(const std::string& id);

// Written to a temporary file, flushed and renamed: a crash leaves the old file or the new one.
Status WriteFileAtomically(const std::string& path, const std::string& content);

// The task file at `path` as a JSON object. `what` names the task to the clerk ("上传", "导入"):
// "没有这次上传" when it is missing, "上传任务文件已损坏：…" when it cannot be read as one.
Status ReadTaskFile(const std::string& path, const std::string& what, jobs::Json* task);

// The ids of the task folders in `root`, oldest first (ids sort by time); none if it is missing.
std::vector<std::string> TaskIdsIn(const std::string& root);

// The base name of a file the browser sent, checked as any text a user gives; `what` names it
// in the messages ("文件名").
Status CheckUploadName(const std::string& what, const std::string& given, std::string* name);

// A queue's worker loop: waits under `mu` for an id in `queue` (woken by `wake`), takes it and
// runs it without the lock, until `stopping` is set (read under `mu`).
void WorkOffQueue(std::mutex& mu, std::condition_variable& wake, std::deque<std::string>& queue,
                  const bool& stopping, const std::function<void(const std::string& id)>& run);

}  // namespace dangan::server
