// Imports by upload (issue 15): the JSON API under /api/imports and the pages under /imports.
// The pages are whole without script (forms post, the server answers with the page again);
// imports.js only follows a dry run or run in progress and reloads the page when it is done.
// Everything runs through ImportQueue (import_queue.h), which keeps the file and the task on disk.
#include <ctime>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/generator/template.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {
namespace {

using accounts::Action;
using jobs::Json;

constexpr size_t kListedImports = 50;

std::string Part(const httplib::Request& req, const char* name) {
  return req.has_file(name) ? req.get_file_value(name).content : std::string();
}

// The upload of a multipart request: the spreadsheet (file), the target, the volume, a mapping
// file or mapping_json.
ImportUpload UploadOf(const httplib::Request& req) {
  ImportUpload u;
  if (req.has_file("file")) {
    const auto& f = req.get_file_value("file");
    u.file_name = f.filename;
    u.content = f.content;
  }
  const std::string into = Part(req, "into");
  if (!into.empty()) u.into = into;
  u.volume = Trim(Part(req, "volume"));
  if (req.has_file("mapping")) {
    const auto& m = req.get_file_value("mapping");
    u.mapping_name = m.filename;
    u.mapping_content = m.content;
  }
  u.mapping_json = Part(req, "mapping_json");
  return u;
}

// The register templates, for the choice of target (sorted by id).
std::vector<Template> Registers(const Core& core) {
  std::vector<Template> all, out;
  if (!LoadTemplateDir(core.options().templates_dir, &all).ok()) return out;
  for (Template& t : all) {
    if (t.kind == TemplateKind::kRegister) out.push_back(std::move(t));
  }
  return out;
}

std::string TargetLabel(const Core& core, const std::string& into) {
  if (into == "catalogue") return "档案目录";
  const std::string id = into.substr(into.find(':') + 1);
  for (const Template& t : Registers(core)) {
    if (t.id == id) return t.id + " " + t.DisplayTitle();
  }
  return id;
}

std::string TimeText(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  localtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &tm);
  return text;
}

std::string ImportUrl(const std::string& id) { return "/imports/" + html::UrlEncode(id); }

// What a user reads the CSV as: the uploaded file's name with the importer's own suffix.
std::string RejectedName(const std::string& file) {
  const size_t dot = file.rfind('.');
  return (dot == std::string::npos ? file : file.substr(0, dot)) + ".未导入的行.csv";
}

void SeeOther(httplib::Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
}

int64_t Count(const Json& report, const char* key) {
  return report.is_object() ? report.value(key, int64_t{0}) : 0;
}

// ---- pages ----------------------------------------------------------------------------------

std::string UploadForm(const Core& core, const Session& session, const std::string& into) {
  std::string out =
      "<form id=\"import-form\" method=\"post\" action=\"/imports\" "
      "enctype=\"multipart/form-data\" class=\"grid import-form\">\n" +
      html::CsrfField(session) +
      "<label for=\"i-file\">表格文件</label><input id=\"i-file\" name=\"file\" type=\"file\" "
      "required accept=\".xls,.xlsx,.csv,.ods,.et,.txt\">\n"
      "<label for=\"i-into\">导入到</label><select id=\"i-into\" name=\"into\">" +
      html::Option("catalogue", "档案目录（归档文件目录）", into) + "<optgroup label=\"登记表\">";
  for (const Template& t : Registers(core)) {
    out += html::Option("register:" + t.id, t.id + " " + t.DisplayTitle(), into);
  }
  out +=
      "</optgroup></select>\n"
      "<label for=\"i-volume\">册</label><input id=\"i-volume\" name=\"volume\" size=\"10\" "
      "placeholder=\"登记表的册，如 2019；可不填\" aria-describedby=\"i-volume-hint\">\n"
      "<span class=\"span hint\" id=\"i-volume-hint\">册只用于登记表；导入档案目录时留空。</span>\n"
      "<label for=\"i-mapping\">映射文件</label><input id=\"i-mapping\" name=\"mapping\" "
      "type=\"file\" accept=\".yaml,.yml,.json\" aria-describedby=\"i-mapping-hint\">\n"
      "<span class=\"span hint\" id=\"i-mapping-hint\">可不选：列名能认出的自动对应，预检后也可在"
      "页面上调整。</span>\n"
      "<div class=\"actions\"><button type=\"submit\" class=\"primary\">上传并预检</button></div>\n"
      "</form>\n";
  return out;
}

std::string ImportList(Core& core, const Session& session) {
  std::vector<ImportTask> tasks;
  std::string out = "<section aria-labelledby=\"imports-h\"><h2 id=\"imports-h\">我的导入</h2>\n";
  if (!core.imports().ListFor(session.account.name, kListedImports, &tasks).ok() || tasks.empty()) {
    return out + "<p class=\"empty\">还没有导入过表格。</p></section>\n";
  }
  out +=
      "<table class=\"list imports\"><thead><tr><th scope=\"col\">文件</th>"
      "<th scope=\"col\">导入到</th><th scope=\"col\">上传时间</th><th scope=\"col\">状态</th>"
      "<th scope=\"col\">结果</th></tr></thead><tbody>\n";
  for (const ImportTask& t : tasks) {
    std::string result;
    if (t.state == kImportDone) {
      result = "新增 " + std::to_string(Count(t.report, "rows_added")) + "，拒绝 " +
               std::to_string(Count(t.report, "rows_rejected"));
    } else if (t.state == kImportChecked) {
      result = "读入 " + std::to_string(Count(t.report, "rows_read")) + " 行，有问题 " +
               std::to_string(Count(t.report, "rows_rejected")) + " 行";
    }
    out += "<tr><td><a href=\"" + ImportUrl(t.id) + "\">" + HtmlEscape(t.file) + "</a></td><td>" +
           HtmlEscape(TargetLabel(core, t.into)) +
           (t.volume.empty() ? "" : "（" + HtmlEscape(t.volume) + " 册）") +
           "</td><td class=\"nowrap\">" + TimeText(t.created_at) +
           "</td><td><span class=\"state\">" + HtmlEscape(t.state) + "</span></td><td>" +
           HtmlEscape(result) + "</td></tr>\n";
  }
  return out + "</tbody></table></section>\n";
}

void SendImportsPage(Core& core, httplib::Response& res, const Session& session, int status,
                     const std::string& notice, const std::string& into) {
  std::string body =
      "<h1>导入表格</h1>\n"
      "<p class=\"hint\">旧的归档文件目录或登记表（.xls、.xlsx、.csv、.ods、.et）导入档案库。上传后"
      "先预检：列的对应、规范化前后的样例和每一个问题都列出来，档案库不作改动；确认后才导入。</"
      "p>\n" +
      notice + UploadForm(core, session, into) + ImportList(core, session);
  Core::SendHtml(
      res, status,
      html::PageWithScript("导入表格", &session, "/imports", body, "imports.js", kImportsJs));
}

std::string CountsList(const ImportTask& t) {
  const Json& r = t.report;
  const bool done = t.state == kImportDone;
  const int64_t added =
      done ? Count(r, "rows_added") : static_cast<int64_t>(r.value("added", Json::array()).size());
  std::string out = "<dl class=\"import-counts\" id=\"import-counts\">";
  auto item = [&](const std::string& label, int64_t n, const char* cls) {
    out += "<div class=\"" + std::string(cls) + "\"><dt>" + label + "</dt><dd>" +
           std::to_string(n) + "</dd></div>";
  };
  item("读入", Count(r, "rows_read"), "read");
  item(done ? "新增" : "可新增", added, "added");
  item("已导入且相同", Count(r, "rows_unchanged"), "unchanged");
  item("已导入但有变化", Count(r, "rows_changed"), "changed");
  item(done ? "拒绝" : "有问题", Count(r, "rows_rejected"), "rejected");
  return out + "</dl>\n";
}

std::string MappingTable(const ImportTask& t, const Session& session, bool editable) {
  const Json columns = t.report.value("columns", Json::array());
  if (columns.empty()) return "";
  std::string out = "<section aria-labelledby=\"map-h\"><h2 id=\"map-h\">列的对应</h2>\n";
  if (editable) {
    out += "<form method=\"post\" action=\"" + ImportUrl(t.id) +
           "/mapping\" class=\"import-mapping\">\n" + html::CsrfField(session);
  }
  out +=
      "<table class=\"list mapping\"><thead><tr><th scope=\"col\">工作表</th>"
      "<th scope=\"col\">源列</th><th scope=\"col\">导入为</th><th scope=\"col\">依据</th>"
      "<th scope=\"col\">样例（原值 → 规范化后）</th></tr></thead><tbody>\n";
  int index = 0;
  for (const Json& c : columns) {
    ++index;
    const std::string n = std::to_string(index);
    const std::string header = c.value("header", "");
    const std::string field = c.value("field", "");
    out += "<tr><td>" + HtmlEscape(c.value("sheet", "")) + "</td><th scope=\"row\">" +
           HtmlEscape(c.value("column", "")) + " " + HtmlEscape(header) + "</th><td>";
    if (editable) {
      out += "<input type=\"hidden\" name=\"h" + n + "\" value=\"" + HtmlEscape(header) +
             "\"><input type=\"hidden\" name=\"o" + n + "\" value=\"" + HtmlEscape(field) +
             "\"><select name=\"f" + n + "\" aria-label=\"" +
             HtmlEscape("列「" + header + "」导入为") + "\">" + html::Option("", "不导入", field);
      for (const Json& f : t.fields) {
        const std::string name = f.get<std::string>();
        out += html::Option(name, name, field);
      }
      out += "</select>";
    } else {
      out += field.empty() ? "<span class=\"muted\">不导入</span>" : HtmlEscape(field);
    }
    out += "</td><td class=\"muted\">" + HtmlEscape(c.value("how", "")) +
           "</td><td><ul class=\"samples\">";
    for (const Json& s : c.value("samples", Json::array())) {
      if (!s.is_array() || s.size() != 2) continue;
      const std::string before = s[0].get<std::string>(), after = s[1].get<std::string>();
      out += "<li><span class=\"before\">" + HtmlEscape(before) + "</span>";
      // Only a value the import changes shows its new form: the others go in as they are.
      if (!field.empty() && after != before) {
        out += " → <span class=\"after changed\">" + HtmlEscape(after) + "</span>";
      }
      out += "</li>";
    }
    out += "</ul></td></tr>\n";
  }
  out += "</tbody></table>\n";
  if (editable) {
    out += "<input type=\"hidden\" name=\"n\" value=\"" + std::to_string(index) +
           "\"><p class=\"actions\"><button type=\"submit\">重新预检</button> "
           "<span class=\"hint\">改了对应后用新的对应再检查一遍（档案库不作改动）。</span></p>"
           "</form>\n";
  }
  return out + "</section>\n";
}

std::string ProblemRows(const Json& problems, bool rejecting) {
  std::string out = "<table class=\"list " + std::string(rejecting ? "problems" : "notes") +
                    "\"><thead><tr><th scope=\"col\">工作表</th><th scope=\"col\">行</th>"
                    "<th scope=\"col\">列</th><th scope=\"col\">原因</th></tr></thead><tbody>\n";
  for (const Json& p : problems) {
    if (p.value("rejects", true) != rejecting) continue;
    const int64_t row = p.value("row", int64_t{0});
    out += "<tr><td>" + HtmlEscape(p.value("sheet", "")) + "</td><td class=\"nowrap\">" +
           (row > 0 ? std::to_string(row) : "") + "</td><td>" + HtmlEscape(p.value("column", "")) +
           "</td><td>" + HtmlEscape(p.value("reason", "")) + "</td></tr>\n";
  }
  return out + "</tbody></table>\n";
}

// The problems that keep a row out, each in the table; the notes (a row goes in, e.g. an old
// retention code decided by the mapping file) folded away, since there may be thousands.
std::string ProblemTable(const ImportTask& t) {
  const Json problems = t.report.value("problems", Json::array());
  size_t rejecting = 0;
  for (const Json& p : problems) rejecting += p.value("rejects", true) ? 1 : 0;
  const size_t notes = problems.size() - rejecting;
  std::string out =
      "<section aria-labelledby=\"problems-h\"><h2 "
      "id=\"problems-h\">问题（有问题的行不导入）</h2>\n";
  out += rejecting == 0 ? "<p class=\"empty\">没有发现会使行不能导入的问题。</p>\n"
                        : ProblemRows(problems, true);
  if (notes > 0) {
    out += "<details class=\"notes\"><summary>提示 " + std::to_string(notes) +
           " 条（这些行照常导入）</summary>\n" + ProblemRows(problems, false) + "</details>\n";
  }
  const int64_t more = Count(t.report, "problems_truncated");
  if (more > 0) {
    out += "<p class=\"hint\">另有 " + std::to_string(more) +
           " 个问题或提示未列出；导入时被拒绝的行都在可下载的文件里。</p>\n";
  }
  return out + "</section>\n";
}

void SendImportPage(Core& core, httplib::Response& res, const Session& session, const ImportTask& t,
                    const std::string& notice) {
  std::string body = "<p class=\"crumbs\"><a href=\"/imports\">导入表格</a> › " +
                     HtmlEscape(t.file) + "</p>\n<h1>导入「" + HtmlEscape(t.file) + "」</h1>\n";
  body += "<p class=\"import-meta\">导入到：<strong>" + HtmlEscape(TargetLabel(core, t.into)) +
          "</strong>" +
          (t.volume.empty() ? "" : "，册：<strong>" + HtmlEscape(t.volume) + "</strong>") +
          "　上传于 " + TimeText(t.created_at) + "　状态：<strong id=\"import-state\">" +
          HtmlEscape(t.state) + "</strong></p>\n" + notice;
  // The dry run's count is the run's goal: the bar has a length while the import runs.
  const int64_t total =
      t.state == kImportRunning || (t.state == kImportQueued && t.pending == "run")
          ? Count(t.report, "rows_read")
          : 0;
  body += "<div id=\"import-live\" class=\"import-live\" data-id=\"" + HtmlEscape(t.id) +
          "\" data-busy=\"" + (t.Busy() ? "true" : "false") + "\" data-total=\"" +
          std::to_string(total) + "\" aria-live=\"polite\">";
  if (t.Busy()) {
    const bool run = t.state == kImportRunning || t.pending == "run";
    body += "<p><span id=\"import-doing\">" +
            std::string(t.state == kImportQueued ? "排队等待"
                        : run                    ? "正在导入"
                                                 : "正在预检") +
            "</span>：已读入 <strong id=\"import-progress-rows\">" + std::to_string(t.progress) +
            "</strong> 行" + (total > 0 ? " / " + std::to_string(total) : "") +
            "</p><progress id=\"import-progress\" aria-labelledby=\"import-doing\"" +
            (total > 0 ? " max=\"" + std::to_string(total) + "\" value=\"" +
                             std::to_string(t.progress) + "\""
                       : "") +
            "></progress><p class=\"hint\">可以离开此页，导入在服务器上继续；回来时显示结果。</p>";
  }
  body += "</div>\n";
  // A check that could not read the file has no mapping or counts to show, only the reason.
  const bool unreadable =
      t.state == kImportFailed && !t.rerunnable &&
      (!t.report.is_object() || t.report.value("columns", Json::array()).empty());
  if (t.state == kImportFailed) {
    body +=
        "<div class=\"notice error\" role=\"alert\"><p>" + html::MultiLine(t.message) + "</p>" +
        (t.rerunnable && t.message.find("未作任何改动") == std::string::npos &&
                 t.message.find("全部撤销") == std::string::npos
             ? "<p>档案库未作改动（导入在一个事务中进行，失败时全部撤销）。可以改正后重新导入。</p>"
             : "") +
        (unreadable ? "<p>档案库未作改动。请改正文件后重新上传。</p>" : "") + "</div>\n";
  }
  if (t.state == kImportDone) {
    const Json& r = t.report;
    body +=
        "<section class=\"import-result\" aria-labelledby=\"result-h\"><h2 "
        "id=\"result-h\">导入结果</h2>"
        "<p class=\"notice ok\">导入完成：新增 " +
        std::to_string(Count(r, "rows_added")) + " 行，已导入且相同 " +
        std::to_string(Count(r, "rows_unchanged")) + " 行，已导入但有变化 " +
        std::to_string(Count(r, "rows_changed")) + " 行（未改动），拒绝 " +
        std::to_string(Count(r, "rows_rejected")) + " 行。</p>";
    if (t.has_rejected) {
      body += "<p><a class=\"button\" id=\"download-rejected\" href=\"/api/imports/" +
              html::UrlEncode(t.id) +
              "/rejected\" download>下载被拒绝的行</a> "
              "<span class=\"hint\">（CSV，Excel 或 WPS 可打开；改正后可再导入）</span></p>";
    }
    body += "</section>\n";
  }
  if (t.report.is_object() && !unreadable) {
    body += t.state == kImportDone ? "" : "<h2>预检结果</h2>\n";
    body += CountsList(t);
    const bool may_run = t.state == kImportChecked || (t.state == kImportFailed && t.rerunnable);
    if (may_run) {
      const bool rejected = Count(t.report, "rows_rejected") > 0;
      body +=
          "<form method=\"post\" action=\"" + ImportUrl(t.id) + "/run\" class=\"import-run\">" +
          html::CsrfField(session) +
          "<label class=\"check\"><input type=\"checkbox\" name=\"skip_bad_rows\" value=\"1\"" +
          (rejected ? " checked" : "") +
          "> 跳过有问题的行（只导入没有问题的行，被拒绝的行可下载改正）</label>"
          "<button type=\"submit\" class=\"primary\" id=\"import-run\">确认导入</button></form>\n";
    }
    const bool editable = t.state == kImportChecked || t.state == kImportFailed;
    body += MappingTable(t, session, editable) + ProblemTable(t);
  }
  Core::SendHtml(res, 200,
                 html::PageWithScript("导入「" + t.file + "」", &session, "/imports", body,
                                      "imports.js", kImportsJs));
}

bool TaskOrPage(Core& core, httplib::Response& res, const Session& session, const std::string& id,
                ImportTask* task) {
  Status s = core.imports().Get(id, session.account.name, task);
  if (s.ok()) return true;
  const int status = Core::HttpStatusOf(s);
  Core::SendHtml(res, status,
                 html::ErrorPage(status, &session, status == 404 ? "没有这次导入。" : s.message()));
  return false;
}

// The page form's mapping: hN (header), oN (field as it was), fN (field chosen); only the
// columns changed go in, on top of the mapping so far.
Json MappingFromForm(const httplib::Request& req, const ImportTask& t) {
  Json columns = t.mapping.value("columns", Json::object());
  int n = 0;
  try {
    n = std::stoi(req.has_param("n") ? req.get_param_value("n") : "0");
  } catch (...) {
    n = 0;
  }
  for (int i = 1; i <= n && i <= 1000; ++i) {
    const std::string k = std::to_string(i);
    const std::string header = req.get_param_value("h" + k);
    const std::string was = req.get_param_value("o" + k);
    const std::string now = req.get_param_value("f" + k);
    if (header.empty() || now == was) continue;
    columns[header] = now.empty() ? "忽略" : now;
  }
  return Json{{"columns", columns}, {"ignore", t.mapping.value("ignore", Json::array())}};
}

void RegisterPagesRoutes(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  http.Get("/imports", [c](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = c->Require(req, res, Action::kImport);
    if (!session) return;
    SendImportsPage(*c, res, *session, 200, "", "catalogue");
  });
  http.Post("/imports", [c](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = c->Require(req, res, Action::kImport);
    if (!session) return;
    if (!req.is_multipart_form_data()) {
      SendImportsPage(*c, res, *session, 415, html::Notice("error", "上传应为 multipart/form-data"),
                      "catalogue");
      return;
    }
    const ImportUpload upload = UploadOf(req);
    std::string id;
    Status s = c->imports().Submit(c->ContextFor(*session), upload, &id);
    if (!s.ok()) {
      SendImportsPage(*c, res, *session, Core::HttpStatusOf(s), html::ProblemList(s), upload.into);
      return;
    }
    SeeOther(res, ImportUrl(id));
  });
  http.Get(R"(/imports/([^/]+))", [c](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = c->Require(req, res, Action::kImport);
    if (!session) return;
    ImportTask task;
    if (!TaskOrPage(*c, res, *session, req.matches[1], &task)) return;
    SendImportPage(*c, res, *session, task, "");
  });
  http.Post(R"(/imports/([^/]+)/(mapping|run))", [c](const httplib::Request& req,
                                                     httplib::Response& res) {
    std::optional<Session> session = c->Require(req, res, Action::kImport);
    if (!session) return;
    ImportTask task;
    if (!TaskOrPage(*c, res, *session, req.matches[1], &task)) return;
    const Status s =
        req.matches[2] == "run"
            ? c->imports().Run(task.id, session->account.name, req.has_param("skip_bad_rows"))
            : c->imports().Remap(task.id, session->account.name, MappingFromForm(req, task));
    if (!s.ok()) {
      res.status = Core::HttpStatusOf(s);
      SendImportPage(*c, res, *session, task, html::ProblemList(s));
      res.status = Core::HttpStatusOf(s);
      return;
    }
    SeeOther(res, ImportUrl(task.id));
  });
}

// ---- API ------------------------------------------------------------------------------------

void SendTask(Core& core, httplib::Response& res, const Session& session, const std::string& id,
              int status) {
  ImportTask task;
  Status s = core.imports().Get(id, session.account.name, &task);
  if (!s.ok()) {
    Core::SendProblems(res, s);
    return;
  }
  res.set_header("Location", "/api/imports/" + id);
  Core::SendJson(res, status, ImportTaskJson(task));
}

void RegisterApiRoutes(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  http.Post("/api/imports", [c](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = c->Require(req, res, Action::kImport);
    if (!session) return;
    if (!req.is_multipart_form_data()) {
      Core::SendJson(res, 415,
                     OneProblem("unsupported_media_type", "上传应为 multipart/form-data"));
      return;
    }
    if (!req.has_file("file")) {
      Core::SendJson(res, 422, OneProblem("required", "请选择要导入的表格文件（file）", "file"));
      return;
    }
    std::string id;
    Status s = c->imports().Submit(c->ContextFor(*session), UploadOf(req), &id);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    SendTask(*c, res, *session, id, 202);
  });
  http.Get("/api/imports", [c](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = c->Require(req, res, Action::kImport);
    if (!session) return;
    std::vector<ImportTask> tasks;
    Status s = c->imports().ListFor(session->account.name, kListedImports, &tasks);
    if (!s.ok()) {
      Core::SendProblems(res, s);
      return;
    }
    Json list = Json::array();
    for (const ImportTask& t : tasks) {
      Json j = ImportTaskJson(t);
      j.erase("report");  // the list is a summary: its counts only
      list.push_back(j);
    }
    Core::SendJson(res, 200, {{"imports", list}});
  });
  http.Get(R"(/api/imports/([^/]+))", [c](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = c->Require(req, res, Action::kImport);
    if (!session) return;
    SendTask(*c, res, *session, req.matches[1], 200);
  });
  http.Post(R"(/api/imports/([^/]+)/mapping)",
            [c](const httplib::Request& req, httplib::Response& res) {
              std::optional<Session> session = c->Require(req, res, Action::kImport);
              if (!session) return;
              Json body;
              if (!JsonObjectBody(req, res, &body)) return;
              Status s = c->imports().Remap(req.matches[1], session->account.name, body);
              if (!s.ok()) {
                Core::SendProblems(res, s);
                return;
              }
              SendTask(*c, res, *session, req.matches[1], 202);
            });
  http.Post(
      R"(/api/imports/([^/]+)/run)", [c](const httplib::Request& req, httplib::Response& res) {
        std::optional<Session> session = c->Require(req, res, Action::kImport);
        if (!session) return;
        Json body;
        if (!JsonObjectBody(req, res, &body)) return;
        auto skip = body.find("skip_bad_rows");
        if (skip != body.end() && !skip->is_boolean()) {
          Core::SendJson(
              res, 422,
              OneProblem("invalid_value", "skip_bad_rows 应为 true 或 false", "skip_bad_rows"));
          return;
        }
        Status s = c->imports().Run(req.matches[1], session->account.name,
                                    skip != body.end() && skip->get<bool>());
        if (!s.ok()) {
          Core::SendProblems(res, s);
          return;
        }
        SendTask(*c, res, *session, req.matches[1], 202);
      });
  http.Get(R"(/api/imports/([^/]+)/rejected)",
           [c](const httplib::Request& req, httplib::Response& res) {
             std::optional<Session> session = c->Require(req, res, Action::kImport);
             if (!session) return;
             ImportTask task;
             std::string csv;
             Status s = c->imports().Get(req.matches[1], session->account.name, &task);
             if (s.ok()) s = c->imports().Rejected(task.id, session->account.name, &csv);
             if (!s.ok()) {
               Core::SendProblems(res, s);
               return;
             }
             res.set_header("Content-Disposition",
                            "attachment; filename=\"rejected.csv\"; filename*=UTF-8''" +
                                html::UrlEncode(RejectedName(task.file)));
             res.set_content(csv, "text/csv; charset=utf-8");
           });
}

}  // namespace

void RegisterImportRoutes(Core& core) {
  RegisterApiRoutes(core);
  RegisterPagesRoutes(core);
}

}  // namespace dangan::server
