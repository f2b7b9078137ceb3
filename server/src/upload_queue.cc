#include "upload_queue.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "dangan/records/secrecy.h"
#include "dangan/records/text.h"
#include "task_folder.h"

namespace dangan::server {
namespace {

namespace fs = std::filesystem;
using jobs::Json;

constexpr char kUploadsFolder[] = "uploads";
constexpr char kTaskFile[] = "task.json";

const char* HowName(jobs::FileScansResult::How how) {
  switch (how) {
    case jobs::FileScansResult::How::kNewItem:
      return "新建一件";
    case jobs::FileScansResult::How::kJoinedByQr:
      return "按二维码加入";
    case jobs::FileScansResult::How::kJoinedGiven:
      return "加入指定的件";
  }
  return "";
}

Json RequestJson(const jobs::FileScansRequest& r) {
  const NewItem& i = r.item;
  return Json{{"join_item", r.join_item},
              {"retention_given", r.retention_given},
              {"ocr", r.ocr},
              {"ocr_languages", r.ocr_languages},
              {"max_pages", r.max_pages},
              {"own_generated_only", r.own_generated_only},
              {"category", i.category},
              {"year", i.year},
              {"retention", i.retention},
              {"department", i.department},
              {"title", i.title},
              {"responsible", i.responsible},
              {"doc_ref", i.doc_ref},
              {"date", i.date},
              {"secrecy", i.secrecy},
              {"notes", i.notes}};
}

jobs::FileScansRequest RequestFromJson(const Json& j) {
  jobs::FileScansRequest r;
  r.join_item = j.value("join_item", "");
  r.retention_given = j.value("retention_given", false);
  r.ocr = j.value("ocr", true);
  r.ocr_languages = j.value("ocr_languages", "chi_sim");
  r.max_pages = j.value("max_pages", r.max_pages);
  r.own_generated_only = j.value("own_generated_only", false);
  NewItem& i = r.item;
  i.category = j.value("category", "");
  i.year = j.value("year", 0);
  i.retention = j.value("retention", "");
  i.department = j.value("department", "");
  i.title = j.value("title", "");
  i.responsible = j.value("responsible", "");
  i.doc_ref = j.value("doc_ref", "");
  i.date = j.value("date", "");
  i.secrecy = j.value("secrecy", "内部");
  i.notes = j.value("notes", "");
  return r;
}

Json FileStateJson(const UploadFileState& f) {
  return Json{{"name", f.name},
              {"state", f.state},
              {"档号", f.danghao},
              {"how", f.how},
              {"message", f.message}};
}

UploadTask TaskFromJson(const Json& j) {
  UploadTask t;
  t.id = j.value("id", "");
  t.account = j.value("account", "");
  t.clearance = j.value("clearance", "");
  t.created_at = j.value("created_at", int64_t{0});
  for (const Json& f : j.value("files", Json::array())) {
    UploadFileState s;
    s.name = f.value("name", "");
    s.state = f.value("state", "等待");
    s.danghao = f.value("档号", "");
    s.how = f.value("how", "");
    s.message = f.value("message", "");
    t.files.push_back(s);
  }
  return t;
}

}  // namespace

bool UploadTask::Finished() const {
  return std::all_of(files.begin(), files.end(), [](const UploadFileState& f) {
    return f.state == "已归档" || f.state == "失败";
  });
}

Json UploadTaskJson(const UploadTask& task) {
  Json files = Json::array();
  int done = 0;
  for (const UploadFileState& f : task.files) {
    files.push_back(FileStateJson(f));
    if (f.state == "已归档" || f.state == "失败") ++done;
  }
  return Json{{"id", task.id},
              {"state", task.Finished() ? "完成" : "处理中"},
              {"done", done},
              {"total", task.files.size()},
              {"created_at", task.created_at},
              {"files", files}};
}

UploadQueue::UploadQueue(std::string archive_dir, std::string templates_dir)
    : archive_dir_(std::move(archive_dir)), templates_dir_(std::move(templates_dir)) {}

UploadQueue::~UploadQueue() { Stop(); }

std::string UploadQueue::TaskDir(const std::string& id) const {
  return archive_dir_ + "/" + kUploadsFolder + "/" + id;
}

Status UploadQueue::Start() {
  const fs::path root = fs::path(archive_dir_) / kUploadsFolder;
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return Status::IoError("无法创建 " + root.string() + "：" + ec.message());
  std::vector<std::string> unfinished;
  for (const std::string& id : TaskIdsIn(root.string())) {  // by upload time
    Json j;
    if (!ReadTaskFile(TaskDir(id) + "/" + kTaskFile, "上传", &j).ok()) continue;
    if (!TaskFromJson(j).Finished()) unfinished.push_back(id);
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = false;
    for (const std::string& id : unfinished) queue_.push_back(id);
  }
  worker_ = std::thread([this] { Work(); });
  return Status::Ok();
}

void UploadQueue::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Status UploadQueue::Submit(const jobs::JobContext& ctx, const jobs::FileScansRequest& fields,
                           const std::vector<UploadedFile>& files, std::string* id) {
  if (files.empty()) return Status::InvalidArgument("请选择要上传的扫描件");
  std::vector<std::string> names;
  for (const UploadedFile& f : files) {
    std::string name;
    DANGAN_RETURN_IF_ERROR(CheckUploadName("文件名", f.name, &name));
    if (f.content.empty()) return Status::InvalidArgument("上传的文件「" + name + "」是空的");
    names.push_back(name);
  }
  const std::string task_id = NewTaskId();
  const std::string dir = TaskDir(task_id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("无法保存上传的文件：" + ec.message());
  Json list = Json::array();
  for (size_t i = 0; i < files.size(); ++i) {
    // One folder per file keeps its own name (the name shown in the archive) without clashes.
    const std::string file_dir = dir + "/" + std::to_string(i + 1);
    fs::create_directory(file_dir, ec);
    Status s = ec ? Status::IoError("无法保存上传的文件：" + ec.message())
                  : WriteFileAtomically(file_dir + "/" + names[i], files[i].content);
    if (!s.ok()) {
      fs::remove_all(dir, ec);
      return s;
    }
    UploadFileState state;
    state.name = names[i];
    list.push_back(FileStateJson(state));
  }
  const Json task = {{"id", task_id},
                     {"account", ctx.user},
                     {"clearance", SecrecyName(ctx.clearance)},
                     {"created_at", static_cast<int64_t>(std::time(nullptr))},
                     {"request", RequestJson(fields)},
                     {"files", list}};
  // The task file last: a folder without one (a crash just now) is never taken up.
  Status s = WriteFileAtomically(dir + "/" + kTaskFile, jobs::DumpJson(task));
  if (!s.ok()) {
    fs::remove_all(dir, ec);
    return s;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(task_id);
  }
  wake_.notify_all();
  *id = task_id;
  return Status::Ok();
}

Status UploadQueue::Get(const std::string& id, const std::string& account, UploadTask* out) {
  if (!IsTaskId(id)) return Status::NotFound("没有这次上传");
  Json j;
  {
    std::lock_guard<std::mutex> lock(mu_);
    DANGAN_RETURN_IF_ERROR(ReadTaskFile(TaskDir(id) + "/" + kTaskFile, "上传", &j));
  }
  UploadTask task = TaskFromJson(j);
  if (task.account != account) return Status::NotFound("没有这次上传");
  *out = std::move(task);
  return Status::Ok();
}

Status UploadQueue::ListFor(const std::string& account, size_t limit,
                            std::vector<UploadTask>* out) {
  out->clear();
  std::vector<std::string> ids = TaskIdsIn(archive_dir_ + "/" + kUploadsFolder);
  std::reverse(ids.begin(), ids.end());  // newest first
  for (const std::string& id : ids) {
    if (out->size() >= limit) break;
    UploadTask task;
    if (Get(id, account, &task).ok()) out->push_back(std::move(task));
  }
  return Status::Ok();
}

void UploadQueue::Work() {
  WorkOffQueue(mu_, wake_, queue_, stopping_, [this](const std::string& id) { RunTask(id); });
}

void UploadQueue::RunTask(const std::string& id) {
  const std::string dir = TaskDir(id);
  Json task;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!ReadTaskFile(dir + "/" + kTaskFile, "上传", &task).ok()) return;
  }
  jobs::JobContext ctx;
  ctx.archive_dir = archive_dir_;
  ctx.templates_dir = templates_dir_;
  ctx.user = task.value("account", "");
  ctx.clearance = ParseSecrecy(task.value("clearance", "")).value_or(Secrecy::kPublic);
  const jobs::FileScansRequest fields = RequestFromJson(task.value("request", Json::object()));
  Json& files = task["files"];
  for (size_t i = 0; i < files.size(); ++i) {
    Json& file = files[i];
    const std::string state = file.value("state", "等待");
    if (state == "已归档" || state == "失败") continue;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
    }
    // Taken up again after a restart: it may have been filed just before the server stopped.
    const bool resumed = state == "处理中";
    file["state"] = "处理中";
    {
      std::lock_guard<std::mutex> lock(mu_);
      (void)WriteFileAtomically(dir + "/" + kTaskFile, jobs::DumpJson(task));
    }
    jobs::FileScansRequest request = fields;
    const std::string name = file.value("name", "");
    request.paths = {dir + "/" + std::to_string(i + 1) + "/" + name};
    // No title given: a new item is called after its file, as the clerk named the scan.
    if (request.item.title.empty()) request.item.title = name.substr(0, name.rfind('.'));
    // Identifies this file's new item, so that filing it again finds it instead.
    request.item.import_key = "upload:" + id + ":" + std::to_string(i + 1);
    std::string already;
    std::unique_ptr<Archive> archive;
    if (resumed && jobs::OpenArchive(ctx, &archive).ok() &&
        archive->FindImported(request.item.import_key, &already).ok()) {
      file["state"] = "已归档";
      file["档号"] = already;
      file["how"] = HowName(jobs::FileScansResult::How::kNewItem);
    } else {
      archive.reset();
      jobs::FileScansResult result;
      const Status s = jobs::FileScans(ctx, request, &result);
      if (s.ok()) {
        file["state"] = "已归档";
        file["档号"] = result.item.danghao;
        file["how"] = HowName(result.how);
      } else if (resumed && s.message().find("同一件中不必重复归档") != std::string::npos) {
        // Joined to its item just before the restart: the item holds it already.
        file["state"] = "已归档";
        file["how"] = "重启前已加入";
      } else {
        file["state"] = "失败";
        file["message"] = s.ToString();
      }
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!WriteFileAtomically(dir + "/" + kTaskFile, jobs::DumpJson(task)).ok()) continue;
    }
    // The file is in the archive's store now, or was refused with its reason (recorded above):
    // the uploaded copy goes; the task file stays as the record of the upload.
    std::error_code ec;
    fs::remove_all(dir + "/" + std::to_string(i + 1), ec);
  }
}

}  // namespace dangan::server
