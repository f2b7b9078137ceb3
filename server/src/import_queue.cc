#include "import_queue.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dangan/generator/template.h"
#include "dangan/importers/import.h"
#include "dangan/jobs/import.h"
#include "dangan/records/secrecy.h"
#include "dangan/records/text.h"
#include "task_folder.h"

namespace dangan::server {
namespace {

namespace fs = std::filesystem;
using jobs::Json;

constexpr char kImportsFolder[] = "imports";
constexpr char kTaskFile[] = "task.json";
constexpr char kRejectedStem[] = "rejected";
constexpr char kRestartMessage[] =
    "服务重启时这次导入尚未完成。导入在档案库的一个事务中进行，未完成的部分已全部撤销，"
    "档案库中没有写了一半的数据。可以重新导入：已经导入的行不会重复添加。";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// An uploaded name as CheckUploadName takes it; the names the task's own files use are kept
// for them.
Status CheckImportName(const std::string& what, const std::string& given, std::string* name) {
  DANGAN_RETURN_IF_ERROR(CheckUploadName(what, given, name));
  if (*name == kTaskFile || name->rfind(kRejectedStem, 0) == 0 || name->rfind("mapping.", 0) == 0) {
    *name = "源-" + *name;
  }
  return Status::Ok();
}

// Messages of the importer name the file by its path: the clerk knows it by its own name.
std::string WithoutFolder(std::string text, const std::string& dir) {
  const std::string prefix = dir + "/";
  for (size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

Json MappingJson(const ImportMapping& m) {
  Json j = {{"columns", m.columns},     {"ignore", m.ignore}, {"fixed", m.fixed},
            {"retention", m.retention}, {"values", m.values}, {"header_row", m.header_row},
            {"sheet", m.sheet}};
  return j;
}

template <typename T>
void Take(const Json& j, const char* key, T* out) {
  auto it = j.find(key);
  if (it != j.end()) *out = it->get<T>();
}

ImportMapping MappingFromJson(const Json& j) {
  ImportMapping m;
  if (!j.is_object()) return m;
  Take(j, "columns", &m.columns);
  Take(j, "ignore", &m.ignore);
  Take(j, "fixed", &m.fixed);
  Take(j, "retention", &m.retention);
  Take(j, "values", &m.values);
  Take(j, "header_row", &m.header_row);
  Take(j, "sheet", &m.sheet);
  return m;
}

// {"columns":{"源列":"字段"},"ignore":[…]} as a clerk's page sends it: strings only, clean text.
Status CheckColumnsJson(const Json& j, std::map<std::string, std::string>* columns,
                        std::vector<std::string>* ignore) {
  if (!j.is_object())
    return Status::InvalidArgument("映射应为 {\"columns\": {…}, \"ignore\": […]}");
  if (auto c = j.find("columns"); c != j.end()) {
    if (!c->is_object()) return Status::InvalidArgument("映射的 columns 应为“源列: 字段”");
    for (auto it = c->begin(); it != c->end(); ++it) {
      if (!it->is_string()) {
        return Status::InvalidArgument("映射中列「" + it.key() + "」对应的字段应为文字");
      }
      const std::string field = it->get<std::string>();
      for (const std::string* text : {&it.key(), &field}) {
        const Problem bad = CheckText("映射", *text, TextLines::kOne);
        if (!bad.code.empty()) return Status::InvalidArgument(bad);
      }
      (*columns)[it.key()] = field;
    }
  }
  if (auto i = j.find("ignore"); i != j.end()) {
    if (!i->is_array()) return Status::InvalidArgument("映射的 ignore 应为列名的列表");
    for (const Json& v : *i) {
      if (!v.is_string()) return Status::InvalidArgument("映射的 ignore 应为列名的列表");
      const Problem bad = CheckText("映射", v.get<std::string>(), TextLines::kOne);
      if (!bad.code.empty()) return Status::InvalidArgument(bad);
      ignore->push_back(v.get<std::string>());
    }
  }
  return Status::Ok();
}

Json TaskFileJson(const ImportTask& t) {
  Json j = ImportTaskJson(t);
  j["account"] = t.account;
  j["clearance"] = t.clearance;
  return j;
}

ImportTask TaskFromJson(const Json& j) {
  ImportTask t;
  t.id = j.value("id", "");
  t.account = j.value("account", "");
  t.clearance = j.value("clearance", "");
  t.created_at = j.value("created_at", int64_t{0});
  t.file = j.value("file", "");
  t.into = j.value("into", "");
  t.volume = j.value("volume", "");
  t.state = j.value("state", kImportQueued);
  t.pending = j.value("pending", "dry_run");
  t.skip_bad_rows = j.value("skip_bad_rows", false);
  t.progress = j.value("progress", int64_t{0});
  t.message = j.value("message", "");
  t.rerunnable = j.value("rerunnable", false);
  t.has_rejected = j.value("has_rejected", false);
  t.mapping = j.value("mapping", Json::object());
  t.fields = j.value("fields", Json::array());
  t.report = j.value("report", Json());
  return t;
}

// The files of the rows a run rejected: one, or one per sheet ("rejected-2019.csv").
std::vector<std::string> RejectedFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kRejectedStem, 0) == 0 && name.size() > 4 &&
        name.compare(name.size() - 4, 4, ".csv") == 0) {
      out.push_back(entry.path().string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

bool ImportTask::Busy() const {
  return state == kImportQueued || state == kImportChecking || state == kImportRunning;
}

Json ImportTaskJson(const ImportTask& t) {
  // The report's counts on their own, for a list; a dry run's "added" are the rows it would add.
  Json counts = Json::object();
  if (t.report.is_object()) {
    for (const char* key :
         {"rows_read", "rows_added", "rows_unchanged", "rows_changed", "rows_rejected"}) {
      counts[key] = t.report.value(key, int64_t{0});
    }
    if (t.report.value("dry_run", false)) {
      counts["rows_added"] = t.report.value("added", Json::array()).size();
    }
  }
  return Json{{"id", t.id},
              {"counts", counts},
              {"created_at", t.created_at},
              {"file", t.file},
              {"into", t.into},
              {"volume", t.volume},
              {"state", t.state},
              {"pending", t.pending},
              {"busy", t.Busy()},
              {"skip_bad_rows", t.skip_bad_rows},
              {"progress", t.progress},
              {"message", t.message},
              {"rerunnable", t.rerunnable},
              {"has_rejected", t.has_rejected},
              {"mapping", t.mapping},
              {"fields", t.fields},
              {"report", t.report}};
}

ImportQueue::ImportQueue(std::string archive_dir, std::string templates_dir)
    : archive_dir_(std::move(archive_dir)), templates_dir_(std::move(templates_dir)) {}

ImportQueue::~ImportQueue() { Stop(); }

std::string ImportQueue::TaskDir(const std::string& id) const {
  return archive_dir_ + "/" + kImportsFolder + "/" + id;
}

Status ImportQueue::Load(const std::string& id, ImportTask* out) {
  if (!IsTaskId(id)) return Status::NotFound("没有这次导入");
  Json j;
  DANGAN_RETURN_IF_ERROR(ReadTaskFile(TaskDir(id) + "/" + kTaskFile, "导入", &j));
  *out = TaskFromJson(j);
  return Status::Ok();
}

Status ImportQueue::Save(const ImportTask& task) {
  return WriteFileAtomically(TaskDir(task.id) + "/" + kTaskFile,
                             jobs::DumpJson(TaskFileJson(task)));
}

Status ImportQueue::Start() {
  const fs::path root = fs::path(archive_dir_) / kImportsFolder;
  std::error_code ec;
  fs::create_directories(root, ec);
  if (ec) return Status::IoError("无法创建 " + root.string() + "：" + ec.message());
  const std::vector<std::string> ids = TaskIdsIn(root.string());  // by upload time
  std::lock_guard<std::mutex> lock(mu_);
  stopping_ = false;
  for (const std::string& id : ids) {
    ImportTask task;
    if (!Load(id, &task).ok()) continue;
    if (task.state == kImportRunning) {
      task.state = kImportFailed;
      task.message = kRestartMessage;
      task.rerunnable = true;
      DANGAN_RETURN_IF_ERROR(Save(task));
    } else if (task.state == kImportChecking) {
      task.state = kImportQueued;  // a dry run writes nothing: simply run it again
      DANGAN_RETURN_IF_ERROR(Save(task));
      queue_.push_back(id);
    } else if (task.state == kImportQueued) {
      queue_.push_back(id);
    }
  }
  worker_ = std::thread([this] { Work(); });
  return Status::Ok();
}

void ImportQueue::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
  std::lock_guard<std::mutex> lock(mu_);
  queue_.clear();  // Start() finds them again on disk
}

Status ImportQueue::Submit(const jobs::JobContext& ctx, const ImportUpload& upload,
                           std::string* id) {
  if (upload.file_name.empty() && upload.content.empty()) {
    return Status::InvalidArgument("请选择要导入的表格文件");
  }
  std::string name;
  DANGAN_RETURN_IF_ERROR(CheckImportName("文件名", upload.file_name, &name));
  if (upload.content.empty()) return Status::InvalidArgument("上传的文件「" + name + "」是空的");
  const bool catalogue = upload.into == "catalogue";
  const std::string prefix = "register:";
  if (!catalogue) {
    const std::string tid =
        upload.into.rfind(prefix, 0) == 0 ? upload.into.substr(prefix.size()) : "";
    Template tmpl;
    Status found = tid.empty() ? Status::NotFound("") : jobs::FindTemplate(ctx, tid, &tmpl);
    if (!found.ok() || tmpl.kind != TemplateKind::kRegister) {
      return Status::InvalidArgument(
          "导入「" + name + "」：导入目标应为档案目录或一种登记表，而不是「" + upload.into + "」");
    }
  }
  if (catalogue && !upload.volume.empty()) {
    return Status::InvalidArgument("导入「" + name + "」：册只用于导入登记表");
  }
  if (const Problem bad = CheckText("册", upload.volume, TextLines::kOne); !bad.code.empty()) {
    return Status::InvalidArgument(bad);
  }

  const std::string task_id = NewTaskId();
  const std::string dir = TaskDir(task_id);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError("无法保存上传的文件：" + ec.message());
  auto fail = [&](Status s) {
    fs::remove_all(dir, ec);
    return s;
  };
  Status s = WriteFileAtomically(dir + "/" + name, upload.content);
  if (!s.ok()) return fail(s);

  ImportMapping mapping;
  if (!upload.mapping_content.empty() || !upload.mapping_name.empty()) {
    std::string mapping_name;
    s = CheckImportName("映射文件名",
                        upload.mapping_name.empty() ? "映射文件" : upload.mapping_name,
                        &mapping_name);
    if (!s.ok()) return fail(s);
    if (upload.mapping_content.empty()) {
      return fail(Status::InvalidArgument("上传的映射文件「" + mapping_name + "」是空的"));
    }
    const size_t dot = mapping_name.rfind('.');
    const std::string path =
        dir + "/mapping" + (dot == std::string::npos ? ".yaml" : mapping_name.substr(dot));
    s = WriteFileAtomically(path, upload.mapping_content);
    if (s.ok()) s = LoadImportMapping(path, &mapping);
    if (!s.ok()) {
      std::string message = s.message();
      for (size_t at = message.find(path); at != std::string::npos; at = message.find(path, at)) {
        message.replace(at, path.size(), mapping_name);
      }
      return fail(Status::InvalidArgument(message));
    }
  }
  if (!upload.mapping_json.empty()) {
    const Json j = Json::parse(upload.mapping_json, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      return fail(
          Status::InvalidArgument("导入「" + name + "」：映射（mapping_json）不是有效的 JSON"));
    }
    s = CheckColumnsJson(j, &mapping.columns, &mapping.ignore);
    if (!s.ok()) return fail(s);
  }

  ImportTask task;
  task.id = task_id;
  task.account = ctx.user;
  task.clearance = SecrecyName(ctx.clearance);
  task.created_at = static_cast<int64_t>(std::time(nullptr));
  task.file = name;
  task.into = upload.into;
  task.volume = upload.volume;
  task.mapping = MappingJson(mapping);
  {
    std::lock_guard<std::mutex> lock(mu_);
    // The task file last: a folder without one (a crash just now) is never taken up.
    s = Save(task);
    if (!s.ok()) return fail(s);
    queue_.push_back(task_id);
  }
  wake_.notify_all();
  *id = task_id;
  return Status::Ok();
}

Status ImportQueue::Get(const std::string& id, const std::string& account, ImportTask* out) {
  std::lock_guard<std::mutex> lock(mu_);
  ImportTask task;
  DANGAN_RETURN_IF_ERROR(Load(id, &task));
  if (task.account != account) return Status::NotFound("没有这次导入");
  auto it = progress_.find(id);
  if (it != progress_.end()) task.progress = it->second;
  *out = std::move(task);
  return Status::Ok();
}

Status ImportQueue::ListFor(const std::string& account, size_t limit,
                            std::vector<ImportTask>* out) {
  out->clear();
  std::vector<std::string> ids = TaskIdsIn(archive_dir_ + "/" + kImportsFolder);
  std::reverse(ids.begin(), ids.end());  // newest first
  for (const std::string& id : ids) {
    if (out->size() >= limit) break;
    ImportTask task;
    if (Get(id, account, &task).ok()) out->push_back(std::move(task));
  }
  return Status::Ok();
}

Status ImportQueue::Change(const std::string& id, const std::string& account,
                           const std::function<Status(ImportTask&)>& change) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ImportTask task;
    DANGAN_RETURN_IF_ERROR(Load(id, &task));
    if (task.account != account) return Status::NotFound("没有这次导入");
    DANGAN_RETURN_IF_ERROR(change(task));
    DANGAN_RETURN_IF_ERROR(Save(task));
    queue_.push_back(id);
  }
  wake_.notify_all();
  return Status::Ok();
}

Status ImportQueue::Remap(const std::string& id, const std::string& account, const Json& mapping) {
  std::map<std::string, std::string> columns;
  std::vector<std::string> ignore;
  DANGAN_RETURN_IF_ERROR(CheckColumnsJson(mapping, &columns, &ignore));
  return Change(id, account, [&](ImportTask& task) {
    if (task.Busy())
      return Status::InvalidArgument("「" + task.file + "」正在处理，请等它结束再改映射");
    if (task.state == kImportDone) {
      return Status::InvalidArgument("「" + task.file + "」已经导入，不能再改映射");
    }
    task.mapping["columns"] = columns;
    task.mapping["ignore"] = ignore;
    task.state = kImportQueued;
    task.pending = "dry_run";
    task.message.clear();
    task.rerunnable = false;
    task.progress = 0;
    return Status::Ok();
  });
}

Status ImportQueue::Run(const std::string& id, const std::string& account, bool skip_bad_rows) {
  return Change(id, account, [&](ImportTask& task) {
    if (task.Busy()) return Status::InvalidArgument("「" + task.file + "」正在处理，请等它结束");
    if (task.state == kImportDone) return Status::InvalidArgument("「" + task.file + "」已经导入");
    if (task.state != kImportChecked && !(task.state == kImportFailed && task.rerunnable)) {
      return Status::InvalidArgument("「" + task.file +
                                     "」的预检没有通过，不能导入：请先改正映射或文件");
    }
    task.state = kImportQueued;
    task.pending = "run";
    task.skip_bad_rows = skip_bad_rows;
    task.message.clear();
    task.rerunnable = false;
    task.progress = 0;
    return Status::Ok();
  });
}

Status ImportQueue::Rejected(const std::string& id, const std::string& account, std::string* csv) {
  ImportTask task;
  DANGAN_RETURN_IF_ERROR(Get(id, account, &task));
  const std::vector<std::string> files =
      task.has_rejected ? RejectedFiles(TaskDir(id)) : std::vector<std::string>();
  if (files.empty()) return Status::NotFound("这次导入没有被拒绝的行");
  csv->clear();
  // Sheets with rejected rows each have their own columns: one after the other, one BOM.
  for (const std::string& file : files) {
    std::string text = ReadAll(file);
    if (!csv->empty()) {
      if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
      *csv += "\r\n";
    }
    *csv += text;
  }
  return Status::Ok();
}

void ImportQueue::Work() {
  WorkOffQueue(mu_, wake_, queue_, stopping_, [this](const std::string& id) { RunTask(id); });
}

void ImportQueue::RunTask(const std::string& id) {
  const std::string dir = TaskDir(id);
  ImportTask task;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!Load(id, &task).ok() || task.state != kImportQueued) return;
    task.state = task.pending == "run" ? kImportRunning : kImportChecking;
    task.progress = 0;
    if (!Save(task).ok()) return;
    progress_[id] = 0;
  }
  const bool run = task.state == kImportRunning;
  if (run) {
    for (const std::string& old : RejectedFiles(dir)) std::remove(old.c_str());
  }
  jobs::JobContext ctx;
  ctx.archive_dir = archive_dir_;
  ctx.templates_dir = templates_dir_;
  ctx.user = task.account;
  ctx.clearance = ParseSecrecy(task.clearance).value_or(Secrecy::kPublic);
  jobs::ImportRequest request;
  request.path = dir + "/" + task.file;
  request.into = task.into;
  request.options.volume = task.volume;
  request.options.mapping = MappingFromJson(task.mapping);
  request.options.dry_run = !run;
  // The dry run counts what skipping would leave: the clerk decides at 确认导入.
  request.options.skip_bad_rows = run ? task.skip_bad_rows : true;
  request.options.report_path = dir + "/" + kRejectedStem + ".csv";
  request.options.source_name = task.file + "（网页导入 " + id + "）";
  request.options.progress = [this, id](int64_t rows) {
    std::lock_guard<std::mutex> lock(mu_);
    progress_[id] = rows;
    return !stopping_;
  };
  Template tmpl;
  ImportOptions options;
  ImportReport report;
  const Status s = jobs::Import(ctx, request, &tmpl, &options, &report);

  std::lock_guard<std::mutex> lock(mu_);
  progress_.erase(id);
  // Broken off by Stop(): the state on disk tells Start() what to recover.
  if (stopping_ && !s.ok()) return;
  ImportTask now;
  if (!Load(id, &now).ok()) return;
  Json j = jobs::ImportReportJson(report);
  j["source"] = task.file;  // without the import's id: the page says which import it is
  j.erase("report_file");
  for (Json& p : j["problems"]) p["message"] = WithoutFolder(p.value("message", ""), dir);
  now.report = j;
  now.fields = ImportFieldNames(options);
  now.progress = report.rows_read;
  if (s.ok()) {
    now.state = run ? kImportDone : kImportChecked;
    now.has_rejected = run && !report.report_file.empty() && !RejectedFiles(dir).empty();
  } else {
    now.state = kImportFailed;
    now.message = WithoutFolder(s.ToString(), dir);
    now.rerunnable = run;
    now.has_rejected = false;
  }
  (void)Save(now);
}

}  // namespace dangan::server
