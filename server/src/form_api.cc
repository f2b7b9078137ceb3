// The forms API of the clerk's desk (issue 15): the catalogue, one form, checking while typing,
// generating and filing, and the account's drafts. Each route turns the request into a job of
// jobs/forms.h or jobs/drafts.h for the signed-in account.
#include <string>
#include <vector>

#include "core.h"
#include "dangan/jobs/drafts.h"
#include "dangan/jobs/forms.h"
#include "html.h"

namespace dangan::server {
namespace {

using jobs::Json;

Json Problems(const std::string& code, const std::string& message, const std::string& field = "") {
  return Json{
      {"problems",
       Json::array({{{"code", code}, {"message", message}, {"field", field}, {"row", 0}}})}};
}

// The template id of the path, refused (400) unless clean.
bool TemplateIdOf(const httplib::Request& req, httplib::Response& res, std::string* id) {
  *id = req.matches[1];
  Status s = CheckParameter("模板", *id);
  if (s.ok()) return true;
  Core::SendJson(res, 400, jobs::StatusJson(s));
  return false;
}

// The draft id of the path (digits by the route's pattern); 404 when it does not fit.
bool DraftIdOf(const httplib::Request& req, httplib::Response& res, int64_t* id) {
  try {
    *id = std::stoll(req.matches[1]);
  } catch (const std::exception&) {
    *id = 0;
  }
  if (*id > 0) return true;
  Core::SendJson(res, 404, Problems("not_found", "没有这份草稿"));
  return false;
}

void SendFile(httplib::Response& res, const jobs::FormFile& file, bool inline_view) {
  res.set_header("Content-Disposition", std::string(inline_view ? "inline" : "attachment") +
                                            "; filename*=UTF-8''" +
                                            html::UrlEncode(file.file_name));  // RFC 5987
  res.set_header("X-Dangan-Doc-Number", file.doc_number);
  res.set_content(file.bytes, file.media_type);
}

Json DraftSummaryJson(const DraftRow& d) {
  return {{"id", d.id},
          {"template_id", d.template_id},
          {"form_title", d.title.substr(0, d.title.find(" · "))},
          {"title", d.title},
          {"updated_at", d.updated_at}};
}

void RegisterFormRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Get("/api/forms", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
    if (!session) return;
    const std::string q = req.has_param("q") ? req.get_param_value("q") : "";
    Status s = CheckParameter("q", q);
    Json out;
    if (s.ok()) s = jobs::FormCatalogue(core.ContextFor(*session), q, &out);
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200, out);
  });

  http.Get(R"(/api/forms/([^/]+))", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
    std::string id;
    if (!session || !TemplateIdOf(req, res, &id)) return;
    std::shared_ptr<const Template> t;
    Status s = jobs::CachedTemplate(core.ContextFor(*session), id, &t);
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200,
                   jobs::FormDetailJson(*t, session->account.name, session->account.dept));
  });

  http.Post(
      R"(/api/forms/([^/]+)/check)", [&core](const httplib::Request& req, httplib::Response& res) {
        std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
        std::string id;
        Json values;
        if (!session || !TemplateIdOf(req, res, &id) ||
            !JsonObjectBody(req, res, &values, /*untyped_is_json=*/true, Problems))
          return;
        jobs::FormCheckResult result;
        Status s = jobs::CheckForm(core.ContextFor(*session), id, values, &result);
        if (!s.ok()) return Core::SendProblems(res, s);
        Core::SendJson(res, 200, jobs::FormCheckJson(result));
      });

  http.Post(R"(/api/forms/([^/]+)/generate)", [&core](const httplib::Request& req,
                                                      httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
    std::string id;
    if (!session || !TemplateIdOf(req, res, &id)) return;
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "pdf";
    if (format != "pdf" && format != "xlsx") {
      Core::SendJson(res, 422, Problems("not_a_choice", "format 应为 pdf 或 xlsx", "format"));
      return;
    }
    Json values;
    if (!JsonObjectBody(req, res, &values, /*untyped_is_json=*/true, Problems)) return;
    jobs::FormFile file;
    Status s =
        jobs::GenerateForm(core.ContextFor(*session), id, values,
                           format == "pdf" ? OutputFormat::kPdf : OutputFormat::kXlsx, &file);
    if (!s.ok()) return Core::SendProblems(res, s);
    SendFile(res, file, req.get_param_value("inline") == "1");
  });

  http.Post(R"(/api/forms/([^/]+)/file)", [&core](const httplib::Request& req,
                                                  httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kFileOwnGenerated);
    std::string id;
    Json body;
    if (!session || !TemplateIdOf(req, res, &id) ||
        !JsonObjectBody(req, res, &body, /*untyped_is_json=*/true, Problems))
      return;
    auto values = body.find("values");
    if (values == body.end() || !values->is_object()) {
      Core::SendJson(res, 422, Problems("required", "缺少表单的值 values（JSON 对象）", "values"));
      return;
    }
    int64_t draft = 0;
    if (auto d = body.find("draft"); d != body.end() && !d->is_null()) {
      if (!d->is_number_integer() || d->get<int64_t>() <= 0) {
        Core::SendJson(res, 422, Problems("invalid_data", "draft 应为草稿编号", "draft"));
        return;
      }
      draft = d->get<int64_t>();
    }
    const jobs::JobContext ctx = core.ContextFor(*session);
    jobs::FiledForm filed;
    Status s = jobs::FileForm(ctx, id, *values, &filed);
    if (!s.ok()) return Core::SendProblems(res, s);
    // Filed: the draft has served its purpose (another account's draft stays: NotFound).
    if (draft > 0) (void)jobs::DeleteDraft(ctx, draft);
    Core::SendJson(res, 201,
                   {{"danghao", filed.danghao},
                    {"doc_number", filed.doc_number},
                    {"title", filed.title},
                    {"url", "/items/" + html::UrlEncode(filed.danghao)}});
  });
}

void RegisterDraftRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Get("/api/drafts", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
    if (!session) return;
    std::vector<DraftRow> drafts;
    Status s = jobs::ListDrafts(core.ContextFor(*session), &drafts);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json list = Json::array();
    for (const DraftRow& d : drafts) list.push_back(DraftSummaryJson(d));
    Core::SendJson(res, 200, {{"drafts", list}});
  });

  http.Post("/api/drafts", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
    Json body;
    if (!session || !JsonObjectBody(req, res, &body, /*untyped_is_json=*/true, Problems)) return;
    auto tid = body.find("template_id");
    if (tid == body.end() || !tid->is_string()) {
      Core::SendJson(res, 422, Problems("required", "缺少 template_id", "template_id"));
      return;
    }
    const std::string template_id = tid->get<std::string>();
    Status s = CheckParameter("模板", template_id);
    if (!s.ok()) return Core::SendJson(res, 400, jobs::StatusJson(s));
    auto values = body.find("values");
    int64_t id = 0, updated_at = 0;
    if (auto d = body.find("id"); d != body.end() && !d->is_null()) {
      if (!d->is_number_integer() || d->get<int64_t>() <= 0) {
        Core::SendJson(res, 422, Problems("invalid_data", "id 应为草稿编号", "id"));
        return;
      }
      id = d->get<int64_t>();
    }
    s = jobs::SaveDraft(core.ContextFor(*session), template_id,
                        values == body.end() ? Json::object() : *values, &id, &updated_at);
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200, {{"id", id}, {"updated_at", updated_at}});
  });

  http.Get(R"(/api/drafts/(\d+))", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
    int64_t id = 0;
    if (!session || !DraftIdOf(req, res, &id)) return;
    DraftRow d;
    Status s = jobs::ReadDraft(core.ContextFor(*session), id, &d);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json values = Json::parse(d.values_json, nullptr, /*allow_exceptions=*/false);
    if (values.is_discarded()) values = Json::object();
    Core::SendJson(res, 200,
                   {{"id", d.id},
                    {"template_id", d.template_id},
                    {"title", d.title},
                    {"values", values},
                    {"updated_at", d.updated_at}});
  });

  http.Post(
      R"(/api/drafts/(\d+)/delete)", [&core](const httplib::Request& req, httplib::Response& res) {
        std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
        int64_t id = 0;
        if (!session || !DraftIdOf(req, res, &id)) return;
        Status s = jobs::DeleteDraft(core.ContextFor(*session), id);
        if (!s.ok()) return Core::SendProblems(res, s);
        Core::SendJson(res, 200, {{"deleted", id}});
      });

  http.Get(R"(/api/drafts/(\d+)/document\.(pdf|xlsx))", [&core](const httplib::Request& req,
                                                                httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, accounts::Action::kGenerateForms);
    int64_t id = 0;
    if (!session || !DraftIdOf(req, res, &id)) return;
    const bool pdf = req.matches[2] == "pdf";
    const jobs::JobContext ctx = core.ContextFor(*session);
    DraftRow d;
    Status s = jobs::ReadDraft(ctx, id, &d);
    jobs::FormFile file;
    if (s.ok()) {
      Json values = Json::parse(d.values_json, nullptr, /*allow_exceptions=*/false);
      if (values.is_discarded()) values = Json::object();
      s = jobs::GenerateForm(ctx, d.template_id, values,
                             pdf ? OutputFormat::kPdf : OutputFormat::kXlsx, &file);
    }
    if (!s.ok()) return Core::SendProblems(res, s);
    // The PDF shows in the page's preview; the spreadsheet is downloaded.
    SendFile(res, file, pdf);
  });
}

}  // namespace

void RegisterFormApi(Core& core) {
  // Loaded now rather than by the first clerk to open a form; a broken template is reported
  // by the requests that need it.
  std::shared_ptr<const std::vector<Template>> templates;
  (void)jobs::CachedTemplates(core.options().templates_dir, &templates);
  RegisterFormRoutes(core);
  RegisterDraftRoutes(core);
}

}  // namespace dangan::server
