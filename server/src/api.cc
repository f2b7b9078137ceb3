// The JSON API under /api/: each route checks the session and role (Core::Require), turns the
// request into a job of dangan_jobs with the signed-in account's context, and answers with the
// job's JSON or {"problems": […]}.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <utility>
#include <vector>

#include "core.h"
#include "dangan/jobs/scratch.h"
#include "dangan/generator/template.h"
#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/filing.h"
#include "dangan/jobs/generate.h"
#include "dangan/jobs/requests.h"
#include "dangan/jobs/use_copy.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {
namespace {

using jobs::Json;

// Audit entries an item's answer carries (the latest), and a page of GET /api/audit.
constexpr size_t kItemAuditEntries = 50;
constexpr size_t kAuditPage = 200;
constexpr size_t kAuditPageMax = 1000;

// A required string member of a JSON body: 422 naming it when missing or not a string, 400 when
// CheckParameter refuses it.
bool StringField(const Json& body, const std::string& name, httplib::Response& res,
                 std::string* out) {
  auto it = body.find(name);
  if (it == body.end() || !it->is_string()) {
    Core::SendJson(res, 422, OneProblem("required", "缺少字段「" + name + "」", name));
    return false;
  }
  const std::string value = it->get<std::string>();
  Status s = CheckParameter(name, value);
  if (!s.ok()) {
    Core::SendJson(res, 400, jobs::StatusJson(s));
    return false;
  }
  *out = value;
  return true;
}

Json AccountJson(const accounts::Account& a) {
  return {{"name", a.name},
          {"role", accounts::RoleName(a.role)},
          {"clearance", SecrecyName(a.clearance)},
          {"dept", a.dept},
          {"disabled", a.disabled}};
}

void SetDisposition(httplib::Response& res, const char* how, const std::string& name) {
  res.set_header("Content-Disposition",
                 std::string(how) + "; filename*=UTF-8''" + html::UrlEncode(name));  // RFC 5987
}

// A path parameter (a 档号, an id): CheckParameter, answering 400 itself.
bool CleanPathValue(httplib::Response& res, const std::string& name, const std::string& value) {
  Status s = CheckParameter(name, value);
  if (s.ok()) return true;
  Core::SendJson(res, 400, jobs::StatusJson(s));
  return false;
}

// The query parameters that are given, by name: what jobs::Words reads.
jobs::Words WordsOf(const httplib::Request& req, std::initializer_list<const char*> names) {
  jobs::Words words;
  for (const char* name : names) {
    if (req.has_param(name)) words.values[name] = req.get_param_value(name);
  }
  return words;
}

Json ItemSummaryJson(const ItemRecord& item) {
  Json j = jobs::ItemJson(item);
  j.erase("files");
  return j;
}

Json AuditEntryJson(const AuditEntry& e) {
  return {{"id", e.id},         {"at", e.at},        {"who", e.who},
          {"action", e.action}, {"档号", e.danghao}, {"detail", e.detail}};
}

void RegisterSessionRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Post("/api/login", [&core](const httplib::Request& req, httplib::Response& res) {
    Json body;
    std::string user, password;
    if (!JsonObjectBody(req, res, &body) || !StringField(body, "user", res, &user) ||
        !StringField(body, "password", res, &password)) {
      return;
    }
    Session session;
    Status s = core.SignIn(user, password, res, &session);
    if (!s.ok()) {
      // Every refusal but a lockout is the same "用户名或密码错误", as the job says it.
      const int status = s.code() == Status::Code::kResourceExhausted ? 429
                         : s.code() == Status::Code::kInvalidArgument ? 401
                                                                      : Core::HttpStatusOf(s);
      Core::SendJson(res, status, jobs::StatusJson(s));
      return;
    }
    Core::SendJson(res, 200,
                   {{"csrf", session.csrf},
                    {"user", session.account.name},
                    {"role", accounts::RoleName(session.account.role)},
                    {"clearance", SecrecyName(session.account.clearance)}});
  });
  http.Post("/api/logout", [&core](const httplib::Request& req, httplib::Response& res) {
    if (!core.Require(req, res)) return;
    core.SignOut(req, res);
    Core::SendJson(res, 200, Json::object());
  });
  http.Get("/api/me", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res);
    if (!session) return;
    Json me = AccountJson(session->account);
    me["csrf"] = session->csrf;
    Core::SendJson(res, 200, me);
  });
}

void RegisterReadRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Get("/api/search", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kSearchAndRead);
    if (!session) return;
    SearchRequest request;
    request.query = req.get_param_value("q");
    if (request.query.empty()) {
      Core::SendJson(res, 422, OneProblem("required", "请给出要检索的文字（q）", "q"));
      return;
    }
    Status s = jobs::SearchRequestFromWords(
        WordsOf(req, {"year", "dept", "category", "retention", "secrecy", "source", "form", "from",
                      "to", "offset", "limit"}),
        &request);
    request.exact_total = req.get_param_value("count") == "1";
    SearchResults results;
    if (s.ok()) s = jobs::Search(core.ContextFor(*session), request, &results);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json hits = Json::array();
    for (const SearchHit& h : results.hits) {
      hits.push_back({{"档号", h.item.danghao},
                      {"题名", h.item.title},
                      {"日期", h.item.date},
                      {"密级", h.item.secrecy},
                      {"snippet", h.snippet},
                      {"title_hit", h.title_hit}});
    }
    Core::SendJson(res, 200,
                   {{"hits", hits},
                    {"total", results.total},
                    {"total_is_lower_bound", results.total_is_lower_bound},
                    {"ranked", results.ranked}});
  });

  http.Get(R"(/api/items/([^/]+))", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kSearchAndRead);
    if (!session) return;
    const std::string danghao = req.matches[1];
    if (!CleanPathValue(res, "档号", danghao)) return;
    const jobs::JobContext ctx = core.ContextFor(*session);
    ItemRecord item;
    Status s = jobs::Show(ctx, danghao, &item);
    std::vector<AuditEntry> entries;
    if (s.ok()) s = jobs::AuditShow(ctx, item.danghao, &entries);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json j = jobs::ItemJson(item);
    // Every look is an entry, so a much-read item's history grows without end: the page shows
    // the latest ones, GET /api/audit?danghao= pages through all of them.
    Json audit = Json::array();
    const size_t first =
        entries.size() > kItemAuditEntries ? entries.size() - kItemAuditEntries : 0;
    for (size_t i = first; i < entries.size(); ++i) audit.push_back(AuditEntryJson(entries[i]));
    j["audit"] = audit;
    j["audit_total"] = entries.size();
    Core::SendJson(res, 200, j);
  });

  http.Get(R"(/api/items/([^/]+)/files/(\d{1,6}))", [&core](const httplib::Request& req,
                                                            httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kSearchAndRead);
    if (!session) return;
    const std::string danghao = req.matches[1];
    if (!CleanPathValue(res, "档号", danghao)) return;
    ItemRecord item;
    std::string path;
    const size_t n = std::stoul(req.matches[2]);
    Status s = jobs::OpenStoredFile(core.ContextFor(*session), danghao, n, &item, &path);
    auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
    if (s.ok() && !*in) s = Status::IoError("无法读取存储的文件");
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    const StoredFile& file = item.files[n - 1];
    SetDisposition(res, "inline", file.name);
    // Streamed: a scan may be large, and a worker should not hold it all in memory.
    res.set_content_provider(file.size,
                             file.media_type.empty() ? "application/octet-stream" : file.media_type,
                             [in](size_t offset, size_t length, httplib::DataSink& sink) {
                               char buffer[64 * 1024];
                               in->seekg(static_cast<std::streamoff>(offset));
                               const size_t want = std::min(length, sizeof buffer);
                               in->read(buffer, static_cast<std::streamsize>(want));
                               const std::streamsize got = in->gcount();
                               if (got <= 0) return false;
                               return sink.write(buffer, static_cast<size_t>(got));
                             });
  });

  http.Get(
      R"(/api/items/([^/]+)/copy)", [&core](const httplib::Request& req, httplib::Response& res) {
        std::optional<Session> session = core.Require(req, res, accounts::Action::kIssueCopies);
        if (!session) return;
        const std::string danghao = req.matches[1];
        if (!CleanPathValue(res, "档号", danghao)) return;
        const std::string reason = req.get_param_value("reason");
        if (reason.empty()) {
          Core::SendJson(res, 422,
                         OneProblem("required", "请说明出具利用副本的事由（reason）", "reason"));
          return;
        }
        jobs::ScratchDir scratch(core.options().archive_dir);
        if (!scratch.ok()) {
          Core::SendProblems(res, Status::IoError("无法创建临时文件夹"));
          return;
        }
        const std::string out = scratch.path() + "/copy.pdf";
        jobs::UseCopyResult result;
        Status s = jobs::MakeUseCopy(core.ContextFor(*session), danghao, out, reason, &result);
        std::string bytes;
        if (s.ok()) s = jobs::ReadWholeFile(out, &bytes);
        if (!s.ok()) {
          Core::SendProblems(res, s);
          return;
        }
        SetDisposition(res, "inline", result.item.danghao + " 利用副本.pdf");
        res.set_content(bytes, "application/pdf");
      });

  http.Get("/api/retention/due", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kRetention);
    if (!session) return;
    std::string as_of = req.get_param_value("as_of");
    if (!as_of.empty()) {
      as_of = NormalizeDate(as_of);
      if (as_of.empty()) {
        Core::SendJson(res, 422, OneProblem("invalid_date", "as_of 不是有效日期", "as_of"));
        return;
      }
    }
    std::vector<ItemRecord> due;
    Status s = jobs::RetentionDue(core.ContextFor(*session), as_of, &due);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json items = Json::array();
    for (const ItemRecord& item : due) items.push_back(ItemSummaryJson(item));
    Core::SendJson(res, 200, {{"items", items}, {"total", due.size()}});
  });
}

// The fields and files of an upload form (multipart: files[] or files, and the fields of
// `dangan file`); false when it answered the request itself (415, 400, 422).
// A 经办人 may upload scans too, but only the signed scans of forms they generated and filed
// (jobs::FileScansRequest::own_generated_only); 档案员 file anything.
bool OwnGeneratedOnly(const Session& session) {
  return !accounts::Allows(session.account.role, accounts::Action::kFileAny);
}

bool ReadUploadForm(const httplib::Request& req, httplib::Response& res,
                    jobs::FileScansRequest* request,
                    std::vector<httplib::MultipartFormData>* parts) {
  if (!req.is_multipart_form_data()) {
    Core::SendJson(res, 415, OneProblem("unsupported_media_type", "上传应为 multipart/form-data"));
    return false;
  }
  jobs::Words words;
  for (const char* name : {"title", "year", "dept", "category", "retention", "secrecy", "date",
                           "responsible", "doc-ref", "notes", "item", "ocr-lang"}) {
    if (!req.has_file(name)) continue;
    const std::string value = req.get_file_value(name).content;
    if (!CleanPathValue(res, name, value)) return false;
    words.values[name] = value;
  }
  Status s = jobs::FileScansRequestFromWords(words, request);
  if (s.ok() && req.has_file("ocr")) {
    const std::string ocr = req.get_file_value("ocr").content;
    request->ocr = !(ocr == "0" || ocr == "false" || ocr == "off" || ocr == "no");
  }
  for (const char* name : {"files[]", "files"}) {
    auto range = req.files.equal_range(name);
    for (auto it = range.first; it != range.second; ++it) parts->push_back(it->second);
  }
  if (s.ok() && parts->empty()) {
    Core::SendJson(res, 422, OneProblem("required", "请选择要归档的文件（files[]）", "files[]"));
    return false;
  }
  if (!s.ok()) {
    Core::SendProblems(res, s);
    return false;
  }
  return true;
}

void RegisterChangeRoutes(Core& core) {
  httplib::Server& http = core.http();
  auto edit = [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kEditRecords);
    if (!session) return;
    const std::string danghao = req.matches[1];
    if (!CleanPathValue(res, "档号", danghao)) return;
    Json body;
    if (!JsonObjectBody(req, res, &body)) return;
    auto changes_it = body.find("changes");
    if (changes_it == body.end() || !changes_it->is_object() || changes_it->empty()) {
      Core::SendJson(res, 422, OneProblem("required", "缺少要修改的著录项（changes）", "changes"));
      return;
    }
    std::map<std::string, std::string> changes;
    for (auto it = changes_it->begin(); it != changes_it->end(); ++it) {
      if (!it->is_string()) {
        Core::SendJson(res, 422, OneProblem("invalid_value", it.key() + " 应为文字", it.key()));
        return;
      }
      changes[it.key()] = it->get<std::string>();
    }
    if (changes.count("日期")) {
      const std::string iso = NormalizeDate(changes["日期"]);
      if (iso.empty()) {
        Core::SendJson(
            res, 422,
            OneProblem("invalid_date", "日期「" + changes["日期"] + "」不是有效日期", "日期"));
        return;
      }
      changes["日期"] = iso;
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    const auto reason = body.find("reason");
    Status s =
        jobs::Edit(ctx, danghao, changes,
                   reason != body.end() && reason->is_string() ? reason->get<std::string>() : "");
    ItemRecord item;
    if (s.ok()) s = jobs::Show(ctx, danghao, &item);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Core::SendJson(res, 200, jobs::ItemJson(item));
  };
  http.Patch(R"(/api/items/([^/]+)/edit)", edit);
  http.Post(R"(/api/items/([^/]+)/edit)", edit);

  http.Post(R"(/api/items/([^/]+)/hold)", [&core](const httplib::Request& req,
                                                  httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kHolds);
    if (!session) return;
    const std::string danghao = req.matches[1];
    if (!CleanPathValue(res, "档号", danghao)) return;
    Json body;
    if (!JsonObjectBody(req, res, &body)) return;
    auto hold = body.find("hold");
    if (hold == body.end() || !hold->is_boolean()) {
      Core::SendJson(res, 422, OneProblem("required", "缺少字段「hold」（true 或 false）", "hold"));
      return;
    }
    std::string reason;
    if (hold->get<bool>() && !StringField(body, "reason", res, &reason)) return;
    Status s = jobs::SetHold(core.ContextFor(*session), danghao, hold->get<bool>(), reason);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Core::SendJson(res, 200, {{"档号", danghao}, {"hold", hold->get<bool>()}});
  });

  http.Post(R"(/api/items/([^/]+)/retention)", [&core](const httplib::Request& req,
                                                       httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kRetention);
    if (!session) return;
    const std::string danghao = req.matches[1];
    if (!CleanPathValue(res, "档号", danghao)) return;
    Json body;
    std::string retention;
    if (!JsonObjectBody(req, res, &body) || !StringField(body, "retention", res, &retention))
      return;
    Status s = jobs::SetRetention(core.ContextFor(*session), danghao, retention);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Core::SendJson(res, 200, {{"档号", danghao}, {"保管期限", retention}});
  });

  http.Post("/api/files", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kFileOwnGenerated);
    if (!session) return;
    jobs::FileScansRequest request;
    std::vector<httplib::MultipartFormData> parts;
    if (!ReadUploadForm(req, res, &request, &parts)) return;
    request.own_generated_only = OwnGeneratedOnly(*session);
    Status s;
    jobs::ScratchDir scratch(core.options().archive_dir);
    if (s.ok() && !scratch.ok()) s = Status::IoError("无法创建临时文件夹");
    for (size_t i = 0; s.ok() && i < parts.size(); ++i) {
      // Only the base name of what the client calls the file is kept (the item shows it); the
      // folder is ours, one per part, so two parts of the same name do not collide.
      std::string name = parts[i].filename;
      if (!CleanPathValue(res, "文件名", name)) return;
      const size_t slash = name.find_last_of("/\\");
      if (slash != std::string::npos) name = name.substr(slash + 1);
      if (name.empty() || name == "." || name == "..") name = "upload-" + std::to_string(i + 1);
      const std::string folder = scratch.path() + "/" + std::to_string(i + 1);
      std::error_code ec;
      std::filesystem::create_directory(folder, ec);
      if (ec) s = Status::IoError("无法创建临时文件夹");
      const std::string path = folder + "/" + name;
      if (s.ok()) s = jobs::WriteWholeFile(path, parts[i].content);
      request.paths.push_back(path);
    }
    jobs::FileScansResult result;
    if (s.ok()) s = jobs::FileScans(core.ContextFor(*session), request, &result);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json j = jobs::ItemJson(result.item);
    j["action"] = result.how == jobs::FileScansResult::How::kNewItem ? "filed" : "joined";
    Core::SendJson(res, 201, j);
  });

  // Scans filed in the background, each file on its own (a QR code joins its item, else a new
  // item from the fields): 202 at once with the task, whose progress GET /api/uploads/ID tells.
  http.Post("/api/uploads", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kFileOwnGenerated);
    if (!session) return;
    jobs::FileScansRequest request;
    std::vector<httplib::MultipartFormData> parts;
    if (!ReadUploadForm(req, res, &request, &parts)) return;
    request.own_generated_only = OwnGeneratedOnly(*session);
    std::vector<UploadedFile> files;
    for (const httplib::MultipartFormData& part : parts) {
      if (!CleanPathValue(res, "文件名", part.filename)) return;
      files.push_back({part.filename, part.content});
    }
    std::string id;
    Status s = core.uploads().Submit(core.ContextFor(*session), request, files, &id);
    UploadTask task;
    if (s.ok()) s = core.uploads().Get(id, session->account.name, &task);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    res.set_header("Location", "/api/uploads/" + id);
    Core::SendJson(res, 202, UploadTaskJson(task));
  });
  http.Get("/api/uploads", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kFileOwnGenerated);
    if (!session) return;
    std::vector<UploadTask> tasks;
    Status s = core.uploads().ListFor(session->account.name, 50, &tasks);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json list = Json::array();
    for (const UploadTask& t : tasks) list.push_back(UploadTaskJson(t));
    Core::SendJson(res, 200, {{"uploads", list}});
  });
  http.Get(R"(/api/uploads/([^/]+))", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kFileOwnGenerated);
    if (!session) return;
    UploadTask task;
    Status s = core.uploads().Get(req.matches[1], session->account.name, &task);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Core::SendJson(res, 200, UploadTaskJson(task));
  });
}

void RegisterAuditRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Get("/api/audit", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kReadAuditLog);
    if (!session) return;
    std::string from = req.get_param_value("from"), to = req.get_param_value("to");
    for (std::string* date : {&from, &to}) {
      if (date->empty()) continue;
      const std::string iso = NormalizeDate(*date);
      if (iso.empty()) {
        Core::SendJson(res, 422, OneProblem("invalid_date", "「" + *date + "」不是有效日期"));
        return;
      }
      *date = iso;
    }
    std::vector<AuditEntry> entries;
    Status s = jobs::AuditShow(core.ContextFor(*session), req.get_param_value("danghao"), &entries);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    size_t offset = 0, limit = kAuditPage;
    if ((req.has_param("offset") && !jobs::ParseCount(req.get_param_value("offset"), &offset)) ||
        (req.has_param("limit") &&
         (!jobs::ParseCount(req.get_param_value("limit"), &limit) || limit > kAuditPageMax))) {
      Core::SendJson(res, 422,
                     OneProblem("invalid_value", "offset 与 limit 应为非负整数（limit 至多 " +
                                                     std::to_string(kAuditPageMax) + "）"));
      return;
    }
    const std::string who = req.get_param_value("who"), action = req.get_param_value("action");
    Json list = Json::array();
    size_t matching = 0;
    for (const AuditEntry& e : entries) {
      const std::string day = e.at.substr(0, 10);
      if ((!who.empty() && e.who != who) || (!action.empty() && e.action != action) ||
          (!from.empty() && day < from) || (!to.empty() && day > to)) {
        continue;
      }
      if (matching++ >= offset && list.size() < limit) list.push_back(AuditEntryJson(e));
    }
    Core::SendJson(res, 200, {{"entries", list}, {"total", matching}});
  });

  http.Post("/api/audit/verify", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kRunChecks);
    if (!session) return;
    AuditReport report;
    Status s = jobs::VerifyAudit(core.ContextFor(*session), &report);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json problems = Json::array();
    if (!report.intact) {
      Json p = {{"code", report.code.empty() ? "audit_chain_broken" : report.code},
                {"message", report.problem}};
      if (report.first_broken_id != 0) p["entry"] = report.first_broken_id;
      problems.push_back(p);
    }
    Core::SendJson(
        res, 200, {{"entries", report.entries}, {"intact", report.intact}, {"problems", problems}});
  });

  http.Post("/api/check", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kRunChecks);
    if (!session) return;
    CheckReport report;
    Status s = jobs::Check(core.ContextFor(*session), &report);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json problems = Json::array();
    for (const CheckProblem& p : report.problems) {
      problems.push_back({{"code", "check_failed"}, {"档号", p.danghao}, {"message", p.problem}});
    }
    Core::SendJson(res, 200,
                   {{"items", report.items},
                    {"files", report.files},
                    {"bytes", report.bytes},
                    {"ok", report.ok()},
                    {"reclaimable", report.reclaimable.size()},
                    {"problems", problems}});
  });
}

void RegisterAccountRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Get("/api/users", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kManageAccounts);
    if (!session) return;
    std::vector<accounts::Account> list;
    Status s = core.WithAccounts(session->account.name,
                                 [&list](accounts::Accounts& a) { return a.ListAccounts(&list); });
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json users = Json::array();
    for (const accounts::Account& a : list) users.push_back(AccountJson(a));
    Core::SendJson(res, 200, {{"users", users}});
  });

  http.Post("/api/users", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kManageAccounts);
    if (!session) return;
    Json body;
    std::string name, role_word, clearance_word, password;
    if (!JsonObjectBody(req, res, &body) || !StringField(body, "name", res, &name) ||
        !StringField(body, "role", res, &role_word) ||
        !StringField(body, "clearance", res, &clearance_word) ||
        !StringField(body, "password", res, &password)) {
      return;
    }
    std::string dept;
    if (body.contains("dept") && !StringField(body, "dept", res, &dept)) return;
    const std::optional<accounts::Role> role = accounts::ParseRole(role_word);
    const std::optional<Secrecy> clearance = ParseSecrecy(clearance_word);
    if (!role) {
      Core::SendJson(res, 422,
                     OneProblem("not_a_choice", "角色应为经办人、档案员、审计员或管理员", "role"));
      return;
    }
    if (!clearance) {
      Core::SendJson(res, 422,
                     OneProblem("not_a_choice", "密级应为公开、内部、秘密或机密", "clearance"));
      return;
    }
    Status s = core.WithAccounts(session->account.name, [&](accounts::Accounts& a) {
      return a.AddAccount(name, *role, *clearance, dept, password);
    });
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Core::SendJson(res, 201,
                   {{"name", name},
                    {"role", accounts::RoleName(*role)},
                    {"clearance", SecrecyName(*clearance)},
                    {"dept", dept}});
  });

  http.Post(R"(/api/users/([^/]+)/disable)", [&core](const httplib::Request& req,
                                                     httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kManageAccounts);
    if (!session) return;
    const std::string name = req.matches[1];
    if (!CleanPathValue(res, "用户名", name)) return;
    Status s = core.WithAccounts(session->account.name,
                                 [&](accounts::Accounts& a) { return a.DisableAccount(name); });
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Core::SendJson(res, 200, {{"name", name}, {"disabled", true}});
  });

  http.Post(R"(/api/users/([^/]+)/password)", [&core](const httplib::Request& req,
                                                      httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kManageAccounts);
    if (!session) return;
    const std::string name = req.matches[1];
    if (!CleanPathValue(res, "用户名", name)) return;
    Json body;
    std::string password;
    if (!JsonObjectBody(req, res, &body) || !StringField(body, "password", res, &password)) return;
    Status s = core.WithAccounts(session->account.name, [&](accounts::Accounts& a) {
      return a.ChangePassword(name, password);
    });
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Core::SendJson(res, 200, {{"name", name}});
  });
}

}  // namespace

void RegisterApi(Core& core) {
  RegisterSessionRoutes(core);
  RegisterReadRoutes(core);
  RegisterChangeRoutes(core);
  RegisterAuditRoutes(core);
  RegisterAccountRoutes(core);
  // Anything else under /api/ is the error handler's JSON 404.
}

}  // namespace dangan::server
