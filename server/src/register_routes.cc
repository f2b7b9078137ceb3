// Live registers (issue 15): the JSON API under /api/registers and the pages under /registers.
// A clerk adds today's row to a register's open volume, voids a row by a correction with its
// reason, and sees the volume as it will print; an archivist closes a volume, which files it.
// Every route goes through dangan/jobs/registers.h, as the command `dangan register` does.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core.h"
#include "dangan/generator/template.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/scratch.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {
namespace {

using accounts::Action;
using jobs::Json;

// A JSON object of strings ("values", "header"): 422 naming the member otherwise.
bool StringMap(const Json& body, const char* member, httplib::Response& res,
               std::map<std::string, std::string>* out) {
  auto it = body.find(member);
  if (it == body.end()) return true;
  if (!it->is_object()) {
    Core::SendJson(res, 422, OneProblem("invalid_data", std::string(member) + " 应为对象", member));
    return false;
  }
  for (auto v = it->begin(); v != it->end(); ++v) {
    if (v.value().is_string()) {
      (*out)[v.key()] = v.value().get<std::string>();
    } else if (v.value().is_number()) {
      (*out)[v.key()] = v.value().dump();
    } else if (!v.value().is_null()) {
      Core::SendJson(res, 422, OneProblem("invalid_data", "值应为文本", v.key()));
      return false;
    }
  }
  return true;
}

bool CleanPath(httplib::Response& res, const std::string& name, const std::string& value) {
  Status s = CheckParameter(name, value);
  if (s.ok()) return true;
  Core::SendJson(res, 400, jobs::StatusJson(s));
  return false;
}

std::string RegisterUrl(const std::string& id) { return "/registers/" + html::UrlEncode(id); }
std::string VolumeApiUrl(const std::string& id, const std::string& volume) {
  return "/api/registers/" + html::UrlEncode(id) + "/volumes/" + html::UrlEncode(volume);
}

Json StateJson(const jobs::RegisterState& state) {
  Json volumes = Json::array();
  for (const RegisterVolume& v : state.volumes) volumes.push_back(jobs::RegisterVolumeJson(v));
  return {{"template_id", state.template_id},
          {"title", state.title},
          {"open_volume", state.open_volume},
          {"volumes", volumes}};
}

const RegisterVolume* FindVolume(const jobs::RegisterState& state, const std::string& volume) {
  for (const RegisterVolume& v : state.volumes) {
    if (v.volume == volume) return &v;
  }
  return nullptr;
}

// The volume as it will print, as PDF bytes.
Status VolumePdf(const jobs::JobContext& ctx, const std::string& id, const std::string& volume,
                 std::string* bytes) {
  jobs::ScratchDir scratch(ctx.archive_dir);
  DANGAN_RETURN_IF_ERROR(scratch.status());
  const std::string path = scratch.path() + "/volume.pdf";
  Status s = jobs::RenderVolume(ctx, id, volume, {}, path);
  if (s.ok()) s = jobs::ReadWholeFile(path, bytes);
  return s;
}

// ---- API ---------------------------------------------------------------------------------

void RegisterApiRoutes(Core& core) {
  httplib::Server& http = core.http();

  http.Get("/api/registers", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kSearchAndRead);
    if (!session) return;
    const jobs::JobContext ctx = core.ContextFor(*session);
    std::vector<Template> templates;
    Status s = jobs::ListRegisterTemplates(ctx, &templates);
    Json list = Json::array();
    for (const Template& t : templates) {
      if (!s.ok()) break;
      jobs::RegisterState state;
      s = jobs::ReadRegister(ctx, t.id, &state);
      if (s.ok()) list.push_back(StateJson(state));
    }
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200, {{"registers", list}});
  });

  http.Get(R"(/api/registers/([^/]+))",
           [&core](const httplib::Request& req, httplib::Response& res) {
             std::optional<Session> session = core.Require(req, res, Action::kSearchAndRead);
             if (!session) return;
             const std::string id = req.matches[1];
             if (!CleanPath(res, "模板", id)) return;
             const jobs::JobContext ctx = core.ContextFor(*session);
             jobs::RegisterState state;
             Template t;
             Status s = jobs::ReadRegister(ctx, id, &state);
             if (s.ok()) s = jobs::FindTemplate(ctx, id, &t);
             if (!s.ok()) return Core::SendProblems(res, s);
             Json j = StateJson(state);
             Json columns = Json::array();
             for (const TableColumn& c : t.table->columns)
               columns.push_back(jobs::FieldJson(c.field));
             j["columns"] = columns;
             j["date_column"] = jobs::DateColumnOf(t);
             Core::SendJson(res, 200, j);
           });

  http.Get(R"(/api/registers/([^/]+)/volumes/([^/]+))",
           [&core](const httplib::Request& req, httplib::Response& res) {
             std::optional<Session> session = core.Require(req, res, Action::kSearchAndRead);
             if (!session) return;
             const std::string id = req.matches[1], volume = req.matches[2];
             if (!CleanPath(res, "模板", id) || !CleanPath(res, "册", volume)) return;
             const jobs::JobContext ctx = core.ContextFor(*session);
             jobs::RegisterState state;
             std::vector<RegisterRow> rows;
             Status s = jobs::ReadRegister(ctx, id, &state);
             if (s.ok()) s = jobs::ReadVolumeRows(ctx, id, volume, &rows);
             const RegisterVolume* v = FindVolume(state, volume);
             if (s.ok() && !v && volume != state.open_volume) {
               s = Status::NotFound("登记表 " + id + " 没有 " + volume + " 册");
             }
             if (!s.ok()) return Core::SendProblems(res, s);
             Json j = v ? jobs::RegisterVolumeJson(*v)
                        : Json{{"volume", volume}, {"rows", 0}, {"closed", false}};
             j["open"] = volume == state.open_volume;
             Json list = Json::array();
             for (const RegisterRow& r : rows) list.push_back(jobs::RegisterRowJson(r));
             j["rows"] = list;
             Core::SendJson(res, 200, j);
           });

  http.Post(R"(/api/registers/([^/]+)/rows)", [&core](const httplib::Request& req,
                                                      httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kGenerateForms);
    if (!session) return;
    const std::string id = req.matches[1];
    if (!CleanPath(res, "模板", id)) return;
    Json body;
    if (!JsonObjectBody(req, res, &body)) return;
    jobs::AddRowRequest request;
    request.template_id = id;
    if (!StringMap(body, "values", res, &request.values)) return;
    if (body.contains("volume") && body["volume"].is_string()) request.volume = body["volume"];
    if (body.contains("reason") && body["reason"].is_string()) request.reason = body["reason"];
    if (body.contains("voids") && !body["voids"].is_null()) {
      const Json& v = body["voids"];
      if (v.is_number_integer() && v.get<int64_t>() > 0) {
        request.voids = v.get<int64_t>();
      } else if (v.is_string() && !v.get<std::string>().empty() &&
                 v.get<std::string>().size() < 10 &&
                 v.get<std::string>().find_first_not_of("0123456789") == std::string::npos) {
        request.voids = std::stoll(v.get<std::string>());
      } else if (!(v.is_string() && v.get<std::string>().empty())) {
        Core::SendJson(res, 422, OneProblem("invalid_number", "应为要作废的序号", "作废序号"));
        return;
      }
    }
    RegisterRow row;
    std::string volume;
    Status s = jobs::AddRow(core.ContextFor(*session), request, &row, &volume);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json j = jobs::RegisterRowJson(row);
    j["row_no"] = row.row_no;
    j["volume"] = volume;
    Core::SendJson(res, 201, j);
  });

  http.Post(R"(/api/registers/([^/]+)/volumes/([^/]+)/close)",
            [&core](const httplib::Request& req, httplib::Response& res) {
              std::optional<Session> session = core.Require(req, res, Action::kFileAny);
              if (!session) return;
              const std::string id = req.matches[1], volume = req.matches[2];
              if (!CleanPath(res, "模板", id) || !CleanPath(res, "册", volume)) return;
              Json body;
              if (!JsonObjectBody(req, res, &body)) return;
              jobs::CloseVolumeRequest request;
              request.template_id = id;
              request.volume = volume;
              if (!StringMap(body, "header", res, &request.header)) return;
              jobs::CloseVolumeResult result;
              Status s = jobs::CloseVolume(core.ContextFor(*session), request, &result);
              if (!s.ok()) return Core::SendProblems(res, s);
              Core::SendJson(res, 201,
                             {{"danghao", result.item.danghao},
                              {"url", html::ItemUrl(result.item.danghao)},
                              {"title", result.item.title},
                              {"rows", result.document.rows}});
            });

  http.Get(R"(/api/registers/([^/]+)/volumes/([^/]+)/document\.pdf)",
           [&core](const httplib::Request& req, httplib::Response& res) {
             std::optional<Session> session = core.Require(req, res, Action::kSearchAndRead);
             if (!session) return;
             const std::string id = req.matches[1], volume = req.matches[2];
             if (!CleanPath(res, "模板", id) || !CleanPath(res, "册", volume)) return;
             std::string bytes;
             Status s = VolumePdf(core.ContextFor(*session), id, volume, &bytes);
             if (!s.ok()) return Core::SendProblems(res, s);
             res.set_header("Content-Disposition", "inline; filename*=UTF-8''" +
                                                       html::UrlEncode(id + "-" + volume + ".pdf"));
             res.set_header("Cache-Control", "no-store");
             // The register's page shows it in a frame; the server's default forbids framing.
             res.headers.erase("Content-Security-Policy");
             res.set_header("Content-Security-Policy",
                            "default-src 'none'; img-src 'self'; frame-ancestors 'self'");
             res.set_content(bytes, "application/pdf");
           });
}

// ---- pages -------------------------------------------------------------------------------

std::string Param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

void SendErrorPage(httplib::Response& res, int status, const Session& session,
                   const std::string& detail) {
  Core::SendHtml(res, status, html::ErrorPage(status, &session, detail));
}

std::string Attr(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + HtmlEscape(value) + "\"";
}

std::string NumberText(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

// One input typed as its column: a date picker, a number with its limits, the choices, lines
// for multi-line text; named after the column, so that the form posts 用印日期=… as the
// command's --set 用印日期=… does.
std::string Input(const Field& f, const std::string& id, const std::string& value) {
  const std::string common = Attr("id", id) + Attr("name", f.name) +
                             (f.required ? " required aria-required=\"true\"" : "");
  switch (f.type) {
    case FieldType::kDate:
      return "<input type=\"date\"" + common + Attr("value", value) + ">";
    case FieldType::kNumber:
    case FieldType::kMoney: {
      std::string limits = f.min ? Attr("min", NumberText(*f.min)) : "";
      if (f.max) limits += Attr("max", NumberText(*f.max));
      return "<input type=\"number\" inputmode=\"decimal\"" + common + limits +
             Attr("step", f.type == FieldType::kMoney ? "0.01" : "any") + Attr("value", value) +
             ">";
    }
    case FieldType::kChoice: {
      std::string s = "<select" + common + "><option value=\"\">（请选择）</option>";
      for (const std::string& o : f.options) s += html::Option(o, o, value);
      return s + "</select>";
    }
    case FieldType::kMultiline:
      return "<textarea" + common + Attr("rows", std::to_string(std::max(2, f.lines))) +
             (f.max_length ? Attr("maxlength", std::to_string(*f.max_length)) : "") + ">" +
             HtmlEscape(value) + "</textarea>";
    case FieldType::kTime:
      return "<input type=\"time\"" + common + Attr("value", value) + ">";
    default:
      return "<input type=\"text\"" + common +
             (f.max_length ? Attr("maxlength", std::to_string(*f.max_length)) : "") +
             Attr("value", value) + ">";
  }
}

struct RowForm {
  std::map<std::string, std::string> values;
  int64_t voids = 0;
  std::string reason;
  Status problems = Status::Ok();
};

// The form adding a row (or, with voids, the correction voiding one).
std::string AddRowForm(const Template& t, const Session& session, const std::string& volume,
                       const RowForm& form) {
  const bool correction = form.voids > 0;
  std::string f = "<section class=\"panel register-add\" id=\"add\" aria-labelledby=\"add-h\">";
  f += correction ? "<h2 id=\"add-h\">更正第 " + std::to_string(form.voids) +
                        " 号（原行保留，注明作废）</h2>"
                  : "<h2 id=\"add-h\">登记一行</h2>";
  if (!form.problems.ok()) f += html::ProblemList(form.problems);
  f += "<form method=\"post\" class=\"grid register-row\" action=\"" + RegisterUrl(t.id) +
       "/rows\" data-api=\"/api/registers/" + html::UrlEncode(t.id) + "/rows\">" +
       html::CsrfField(session) + "<input type=\"hidden\" name=\"volume\"" + Attr("value", volume) +
       ">";
  if (correction) {
    f += "<input type=\"hidden\" name=\"voids\"" + Attr("value", std::to_string(form.voids)) +
         "><label for=\"reg-reason\">作废原因 <span class=\"req\" aria-hidden=\"true\">*</span>"
         "</label><input type=\"text\" id=\"reg-reason\" name=\"reason\" required "
         "aria-required=\"true\" maxlength=\"40\" placeholder=\"如：份数写错\"" +
         Attr("value", form.reason) + ">";
  }
  size_t n = 0;
  for (const TableColumn& c : t.table->columns) {
    if (c.field.type == FieldType::kSerial) continue;
    const std::string id = "reg-col-" + std::to_string(n++);
    auto it = form.values.find(c.field.name);
    f += "<label" + Attr("for", id) + ">" + HtmlEscape(c.field.name) +
         (c.field.required ? " <span class=\"req\" aria-hidden=\"true\">*</span>" : "") +
         "</label><span class=\"field\">" +
         Input(c.field, id, it == form.values.end() ? "" : it->second) +
         "<span class=\"field-problem\" data-field=\"" + HtmlEscape(c.field.name) +
         "\" role=\"alert\"></span></span>";
  }
  f += "<p class=\"actions\"><button type=\"submit\">" +
       std::string(correction ? "登记更正行" : "登记") + "</button>";
  if (correction) f += " <a href=\"" + RegisterUrl(t.id) + "\">取消</a>";
  return f + "</p></form></section>\n";
}

std::string RowsTable(const Template& t, const std::vector<RegisterRow>& rows, bool can_add,
                      bool open) {
  if (rows.empty()) return "<p class=\"empty\">本册还没有登记行。</p>\n";
  std::string s = "<div class=\"table-scroll\"><table class=\"list register-rows\"><thead><tr>";
  for (const TableColumn& c : t.table->columns)
    s += "<th scope=\"col\">" + HtmlEscape(c.field.name) + "</th>";
  s += "<th scope=\"col\">状态</th>";
  if (can_add && open) s += "<th scope=\"col\"><span class=\"visually-hidden\">操作</span></th>";
  s += "</tr></thead><tbody>";
  for (const RegisterRow& r : rows) {
    s += "<tr id=\"row-" + std::to_string(r.row_no) + "\"" +
         (r.voided_by > 0 ? " class=\"voided\"" : "") + ">";
    for (const TableColumn& c : t.table->columns) {
      if (c.field.type == FieldType::kSerial) {
        s += "<td class=\"nowrap\">" + std::to_string(r.row_no) + "</td>";
        continue;
      }
      auto it = r.values.find(c.field.name);
      s += std::string(c.field.type == FieldType::kDate ? "<td class=\"nowrap\">" : "<td>") +
           (it == r.values.end() ? std::string() : HtmlEscape(it->second)) + "</td>";
    }
    s += "<td class=\"state\">";
    if (r.voided_by > 0) {
      s += "<strong class=\"void-mark\">作废</strong> " + HtmlEscape(r.voided_reason) +
           "（见第 <a href=\"#row-" + std::to_string(r.voided_by) + "\">" +
           std::to_string(r.voided_by) + "</a> 号）";
    } else if (r.voids > 0) {
      s += "更正第 <a href=\"#row-" + std::to_string(r.voids) + "\">" + std::to_string(r.voids) +
           "</a> 号";
    }
    s += "</td>";
    if (can_add && open) {
      s += "<td class=\"nowrap\">";
      if (r.voided_by == 0) {
        s += "<a class=\"void-link\" href=\"" + RegisterUrl(t.id) +
             "?void=" + std::to_string(r.row_no) + "#add\" data-row=\"" + std::to_string(r.row_no) +
             "\" aria-label=\"作废第 " + std::to_string(r.row_no) + " 号并登记更正行\">作废…</a>";
      }
      s += "</td>";
    }
    s += "</tr>";
  }
  return s + "</tbody></table></div>\n";
}

// The header fields an archivist gives at closing: those typed by hand (not computed, not a
// signature left for the pen), 册号 and 起止日期 prefilled as the volume will print them.
std::string CloseForm(const Template& t, const Session& session, const std::string& volume,
                      const std::vector<RegisterRow>& rows,
                      const std::map<std::string, std::string>& given, const Status& problems) {
  std::map<std::string, std::string> values = given;
  if (!values.count("册号")) values["册号"] = volume;
  const std::string date = jobs::DateColumnOf(t);
  for (const RegisterRow& r : rows) {
    auto it = r.values.find(date);
    if (it == r.values.end()) continue;
    if (!given.count("起始日期") && !values.count("起始日期")) values["起始日期"] = it->second;
    if (!given.count("截止日期")) values["截止日期"] = it->second;
  }
  std::string f =
      "<section class=\"panel register-close\" id=\"close\" aria-labelledby=\"close-h\">"
      "<h2 id=\"close-h\">封册</h2><p>封册后按本册各行生成登记表（PDF 和 XLSX）并归档为一件，"
      "本册不能再添加行；此后的行登记到新的一册。</p>";
  if (!problems.ok()) f += html::ProblemList(problems);
  f += "<form method=\"post\" class=\"grid\" action=\"" + RegisterUrl(t.id) + "/volumes/" +
       html::UrlEncode(volume) + "/close\">" + html::CsrfField(session);
  size_t n = 0;
  for (const Field& field : t.fields) {
    if (!field.compute.empty() || field.type == FieldType::kSignature) continue;
    const std::string id = "close-" + std::to_string(n++);
    auto it = values.find(field.name);
    f += "<label" + Attr("for", id) + ">" + HtmlEscape(field.name) +
         (field.required ? " <span class=\"req\" aria-hidden=\"true\">*</span>" : "") + "</label>" +
         Input(field, id, it == values.end() ? "" : it->second);
  }
  f += "<label class=\"check span\"><input type=\"checkbox\" name=\"confirm\" value=\"1\" "
       "required> 已核对本册 " +
       std::to_string(rows.size()) +
       " 行，确认封册并归档</label><p class=\"actions\"><button type=\"submit\" "
       "class=\"close-volume\">封册并归档</button></p></form></section>\n";
  return f;
}

void RenderRegister(Core& core, const Session& session, const std::string& id,
                    const httplib::Request& req, httplib::Response& res, const RowForm* row_form,
                    const Status* close_problems, const std::map<std::string, std::string>* header,
                    int status) {
  const jobs::JobContext ctx = core.ContextFor(session);
  Template t;
  jobs::RegisterState state;
  Status s = jobs::FindTemplate(ctx, id, &t);
  if (s.ok()) s = jobs::ReadRegister(ctx, id, &state);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), session, s.message());
  std::string volume = Param(req, "volume");
  if (volume.empty()) volume = state.open_volume;
  Status checked = CheckParameter("册", volume);
  if (!checked.ok()) return SendErrorPage(res, 400, session, checked.message());
  const RegisterVolume* v = FindVolume(state, volume);
  if (!v && volume != state.open_volume) {
    return SendErrorPage(res, 404, session, "登记表 " + id + " 没有 " + volume + " 册");
  }
  std::vector<RegisterRow> rows;
  s = jobs::ReadVolumeRows(ctx, id, volume, &rows);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), session, s.message());
  const bool open = !(v && v->closed);
  const bool can_add = accounts::Allows(session.account.role, Action::kGenerateForms);
  const bool can_close = accounts::Allows(session.account.role, Action::kFileAny);

  std::string body = "<p class=\"crumbs\"><a href=\"/registers\">登记簿</a> › " + HtmlEscape(t.id) +
                     "</p>\n<h1>" + HtmlEscape(t.title) + " <span class=\"volume\">" +
                     HtmlEscape(volume) + " 册</span></h1>\n";
  if (!t.source.empty()) body += "<p class=\"source\">依据：" + HtmlEscape(t.source) + "</p>\n";
  body += "<p class=\"volume-state\">" + std::string(open ? "在用" : "已封册") + "，" +
          std::to_string(rows.size()) + " 行";
  if (v && v->closed) {
    body +=
        "，归档为 <a href=\"" + html::ItemUrl(v->danghao) + "\">" + HtmlEscape(v->danghao) + "</a>";
  }
  body += "</p>\n";
  if (Param(req, "added").size()) {
    body += html::Notice("ok", "已登记第 " + Param(req, "added") + " 号");
  }
  if (Param(req, "closed") == "1" && v && v->closed) {
    body +=
        "<div class=\"notice ok closed-notice\" role=\"status\"><p>已封册并归档，档号 <a href=\"" +
        html::ItemUrl(v->danghao) + "\">" + HtmlEscape(v->danghao) + "</a></p></div>\n";
  }
  if (state.volumes.size() > 1 ||
      (state.volumes.size() == 1 && state.volumes[0].volume != volume)) {
    body += "<nav class=\"volumes\" aria-label=\"各册\">各册：";
    for (const RegisterVolume& other : state.volumes) {
      if (other.volume.empty()) continue;
      body += other.volume == volume
                  ? " <strong>" + HtmlEscape(other.volume) + "</strong>"
                  : " <a href=\"" + RegisterUrl(id) + "?volume=" + html::UrlEncode(other.volume) +
                        "\">" + HtmlEscape(other.volume) + "</a>";
    }
    if (!FindVolume(state, state.open_volume) && state.open_volume != volume) {
      body +=
          " <a href=\"" + RegisterUrl(id) + "\">" + HtmlEscape(state.open_volume) + "（在用）</a>";
    }
    body += "</nav>\n";
  }
  // A row refused because the volume was closed meanwhile: no form to show the reason in.
  if (row_form && !(can_add && open)) body += html::ProblemList(row_form->problems);
  body += RowsTable(t, rows, can_add, open);
  if (can_add && open) {
    RowForm form;
    if (row_form) {
      form = *row_form;
    } else if (!Param(req, "void").empty()) {
      // 作废…: the correction starts from the row's own values; the clerk changes what was wrong.
      for (const RegisterRow& r : rows) {
        if (std::to_string(r.row_no) == Param(req, "void") && r.voided_by == 0) {
          form.voids = r.row_no;
          form.values = r.values;
        }
      }
    }
    if (form.voids == 0 && !row_form) {
      const std::string date = jobs::DateColumnOf(t);
      if (!date.empty()) form.values[date] = jobs::Today();
    }
    body += AddRowForm(t, session, volume, form);
  }
  if (!rows.empty() && open) {
    body +=
        "<section class=\"panel register-print\" aria-labelledby=\"print-h\"><h2 "
        "id=\"print-h\">打印预览（本册将如此打印）</h2><iframe class=\"viewer\" title=\"" +
        HtmlEscape(t.title + " " + volume + " 册") + "\" src=\"" + VolumeApiUrl(id, volume) +
        "/document.pdf\"></iframe><p><a href=\"" + VolumeApiUrl(id, volume) +
        "/document.pdf\" target=\"_blank\" rel=\"noopener\">在新窗口打开 PDF</a></p></section>\n";
  }
  if (can_close && open && !rows.empty()) {
    body +=
        CloseForm(t, session, volume, rows, header ? *header : std::map<std::string, std::string>{},
                  close_problems ? *close_problems : Status::Ok());
  }
  res.status = status;
  Core::SendHtml(res, status,
                 html::PageWithScript(t.title + " " + volume + " 册", &session, "/registers", body,
                                      "registers.js", kRegistersJs));
}

void RegistersPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res, Action::kSearchAndRead);
  if (!session) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  std::vector<Template> templates;
  Status s = jobs::ListRegisterTemplates(ctx, &templates);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), *session, s.message());
  std::string body =
      "<h1>登记簿</h1>\n<p>登记表逐行登记，序号连续、不得改动；更正以新行作废原行并注明原因。"
      "一册用满或年终由档案员封册归档。</p>\n<table class=\"list registers\"><thead><tr>"
      "<th scope=\"col\">编号</th><th scope=\"col\">登记表</th><th scope=\"col\">各册</th>"
      "</tr></thead><tbody>";
  for (const Template& t : templates) {
    jobs::RegisterState state;
    s = jobs::ReadRegister(ctx, t.id, &state);
    if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), *session, s.message());
    body += "<tr><td class=\"nowrap\">" + HtmlEscape(t.id) + "</td><td><a href=\"" +
            RegisterUrl(t.id) + "\">" + HtmlEscape(t.title) + "</a></td><td><ul class=\"volumes\">";
    bool open_listed = false;
    for (const RegisterVolume& v : state.volumes) {
      body += "<li>" + HtmlEscape(v.volume.empty() ? "（未分册）" : v.volume) + " 册：" +
              std::to_string(v.rows) + " 行，";
      if (v.closed) {
        body += "已封册，<a href=\"" + html::ItemUrl(v.danghao) + "\">" + HtmlEscape(v.danghao) +
                "</a>";
      } else {
        body += v.volume == state.open_volume ? "<strong>在用</strong>" : "未封册";
      }
      open_listed = open_listed || v.volume == state.open_volume;
      body += "</li>";
    }
    if (!open_listed) {
      body += "<li>" + HtmlEscape(state.open_volume) + " 册：0 行，<strong>在用</strong></li>";
    }
    body += "</ul></td></tr>\n";
  }
  body += "</tbody></table>\n";
  Core::SendHtml(
      res, 200,
      html::PageWithScript("登记簿", &*session, "/registers", body, "registers.js", kRegistersJs));
}

bool PathId(const httplib::Request& req, httplib::Response& res, const Session& session,
            std::string* id) {
  *id = req.matches[1];
  Status s = CheckParameter("模板", *id);
  if (s.ok()) return true;
  SendErrorPage(res, 404, session, "");
  return false;
}

void RegisterPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res, Action::kSearchAndRead);
  std::string id;
  if (!session || !PathId(req, res, *session, &id)) return;
  if (!Param(req, "void").empty() && !CheckParameter("void", Param(req, "void")).ok()) {
    return SendErrorPage(res, 400, *session, "");
  }
  RenderRegister(core, *session, id, req, res, nullptr, nullptr, nullptr, 200);
}

void AddRowPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res, Action::kGenerateForms);
  std::string id;
  if (!session || !PathId(req, res, *session, &id)) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  Template t;
  Status s = jobs::FindTemplate(ctx, id, &t);
  if (s.ok() && !t.table) s = Status::InvalidArgument("模板 " + id + " 不是登记表");
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), *session, s.message());
  jobs::AddRowRequest request;
  request.template_id = id;
  request.volume = Param(req, "volume");
  request.reason = Param(req, "reason");
  for (const TableColumn& c : t.table->columns) {
    if (c.field.type != FieldType::kSerial && req.has_param(c.field.name)) {
      request.values[c.field.name] = req.get_param_value(c.field.name);
    }
  }
  RowForm form;
  form.values = request.values;
  form.reason = request.reason;
  const std::string voids = Param(req, "voids");
  if (!voids.empty()) {
    if (voids.size() < 10 && voids.find_first_not_of("0123456789") == std::string::npos) {
      request.voids = form.voids = std::stoll(voids);
    } else {
      s = Status::InvalidArgument("作废序号「" + voids + "」应为正整数");
    }
  }
  RegisterRow row;
  std::string volume;
  if (s.ok()) s = jobs::AddRow(ctx, request, &row, &volume);
  if (s.ok()) {
    res.status = 303;
    res.set_header("Location", RegisterUrl(id) + "?volume=" + html::UrlEncode(volume) +
                                   "&added=" + std::to_string(row.row_no) + "#row-" +
                                   std::to_string(row.row_no));
    return;
  }
  if (s.code() == Status::Code::kNotFound) {
    return SendErrorPage(res, 404, *session, s.message());
  }
  form.problems = s;
  RenderRegister(core, *session, id, req, res, &form, nullptr, nullptr, Core::HttpStatusOf(s));
}

void ClosePost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res, Action::kFileAny);
  std::string id;
  if (!session || !PathId(req, res, *session, &id)) return;
  const std::string volume = req.matches[2];
  if (!CheckParameter("册", volume).ok()) return SendErrorPage(res, 404, *session, "");
  const jobs::JobContext ctx = core.ContextFor(*session);
  Template t;
  Status s = jobs::FindTemplate(ctx, id, &t);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), *session, s.message());
  jobs::CloseVolumeRequest request;
  request.template_id = id;
  request.volume = volume;
  for (const Field& f : t.fields) {
    if (f.compute.empty() && req.has_param(f.name) && !Trim(req.get_param_value(f.name)).empty()) {
      request.header[f.name] = req.get_param_value(f.name);
    }
  }
  if (Param(req, "confirm") != "1") {
    s = Status::InvalidArgument("请勾选“确认封册并归档”：封册后本册不能再添加行");
  }
  jobs::CloseVolumeResult result;
  if (s.ok()) s = jobs::CloseVolume(ctx, request, &result);
  if (s.ok()) {
    res.status = 303;
    res.set_header("Location",
                   RegisterUrl(id) + "?volume=" + html::UrlEncode(volume) + "&closed=1");
    return;
  }
  httplib::Request again = req;
  again.params.erase("volume");
  again.params.emplace("volume", volume);
  RenderRegister(core, *session, id, again, res, nullptr, &s, &request.header,
                 Core::HttpStatusOf(s));
}

}  // namespace

void RegisterRegisterRoutes(Core& core) {
  RegisterApiRoutes(core);
  httplib::Server& http = core.http();
  http.Get("/registers", [&core](const httplib::Request& req, httplib::Response& res) {
    RegistersPage(core, req, res);
  });
  http.Get(R"(/registers/([^/]+))", [&core](const httplib::Request& req, httplib::Response& res) {
    RegisterPage(core, req, res);
  });
  http.Post(
      R"(/registers/([^/]+)/rows)",
      [&core](const httplib::Request& req, httplib::Response& res) { AddRowPost(core, req, res); });
  http.Post(
      R"(/registers/([^/]+)/volumes/([^/]+)/close)",
      [&core](const httplib::Request& req, httplib::Response& res) { ClosePost(core, req, res); });
}

}  // namespace dangan::server
