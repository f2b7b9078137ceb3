// The clerk's desk for forms (issue 15): /forms, the catalogue with the account's drafts, and
// /forms/{ID}, a form's page built from its template. The pages only lay the form out; every
// check, computed value, approval chain and document comes from the forms API (form_api.cc),
// which forms.js calls as the clerk types, so that the page, the API and the command line can
// never disagree.
#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/accounts/roles.h"
#include "dangan/archive/archive.h"
#include "dangan/generator/template.h"
#include "dangan/jobs/drafts.h"
#include "dangan/jobs/forms.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {

namespace {

using accounts::Action;
using accounts::Allows;

std::optional<Session> RequireForms(Core& core, const httplib::Request& req,
                                    httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res);
  if (session && !Allows(session->account.role, Action::kGenerateForms)) {
    Core::SendHtml(res, 403,
                   html::ErrorPage(403, &*session,
                                   std::string("您的角色（") +
                                       accounts::RoleName(session->account.role) + "）不能填表。"));
    return std::nullopt;
  }
  return session;
}

const char* KindName(TemplateKind kind) {
  return kind == TemplateKind::kRegister ? "登记表" : "表单";
}

// Json text of a catalogue entry's key ("" when absent).
std::string Text(const jobs::Json& entry, const char* key) {
  auto it = entry.find(key);
  return it != entry.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// One entry of GET /api/forms as forms.js draws it too. Registers are books kept row by row
// (/registers/{ID}); forms are filled once (/forms/{ID}).
std::string FormEntry(const jobs::Json& t) {
  const bool book = Text(t, "kind") == "登记表";
  const std::string id = Text(t, "id"), regulation = Text(t, "regulation");
  std::string article = Text(t, "source");
  if (!regulation.empty() && article.rfind(regulation, 0) == 0) {
    article = article.substr(regulation.size());
  }
  std::string li = "<li class=\"form-entry\"><a href=\"" +
                   HtmlEscape((book ? "/registers/" : "/forms/") + html::UrlEncode(id)) +
                   "\"><span class=\"form-id\">" + HtmlEscape(id) +
                   "</span> <span class=\"form-title\">" + HtmlEscape(Text(t, "title")) +
                   "</span></a>";
  if (book) li += " <span class=\"tag\">登记表</span>";
  if (!article.empty()) li += "<span class=\"form-source\">" + HtmlEscape(article) + "</span>";
  return li + "</li>\n";
}

std::string DraftList(const Session& session, const std::vector<DraftRow>& drafts) {
  if (drafts.empty()) return "<p class=\"empty\">没有草稿。填表时内容会自动保存为草稿。</p>\n";
  std::string out = "<ul class=\"drafts\">\n";
  for (const DraftRow& d : drafts) {
    const std::string resume =
        "/forms/" + html::UrlEncode(d.template_id) + "?draft=" + std::to_string(d.id);
    char when[32] = "";
    const std::time_t at = static_cast<std::time_t>(d.updated_at);
    std::tm tm{};
    localtime_r(&at, &tm);
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    out += "<li class=\"draft\" data-draft=\"" + std::to_string(d.id) + "\"><a href=\"" +
           HtmlEscape(resume) + "\">" + HtmlEscape(d.title.empty() ? d.template_id : d.title) +
           "</a> <span class=\"muted\">" + HtmlEscape(d.template_id) + " · 保存于 " + when +
           "</span><form method=\"post\" action=\"/forms/drafts/" + std::to_string(d.id) +
           "/delete\" class=\"inline\">" + html::CsrfField(session) +
           "<button type=\"submit\" aria-label=\"删除草稿 " +
           HtmlEscape(d.title.empty() ? d.template_id : d.title) + "\">删除</button></form></li>\n";
  }
  return out + "</ul>\n";
}

void CataloguePage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireForms(core, req, res);
  if (!session) return;
  const std::string q = req.has_param("q") ? Trim(req.get_param_value("q")) : "";
  const jobs::JobContext ctx = core.ContextFor(*session);

  // The same catalogue as GET /api/forms?q= (the page's script asks it as the clerk types):
  // without script the search box sends this page the same q.
  jobs::Json catalogue;
  Status s = jobs::FormCatalogue(ctx, q, &catalogue);
  if (!s.ok()) {
    Core::SendHtml(res, Core::HttpStatusOf(s),
                   html::ErrorPage(Core::HttpStatusOf(s), &*session, s.message()));
    return;
  }
  std::vector<DraftRow> drafts;
  Status listed = jobs::ListDrafts(ctx, &drafts);

  std::string body =
      "<h1>填表</h1>\n"
      "<form method=\"get\" action=\"/forms\" class=\"search form-search\" role=\"search\">\n"
      "<div class=\"query\"><label for=\"q\">查找表单</label>"
      "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" value=\"" +
      HtmlEscape(q) +
      "\" placeholder=\"编号、名称或拼音，如 O-09、用印、yydj\" autofocus "
      "aria-controls=\"catalogue\">"
      "<button type=\"submit\" class=\"primary\">查找</button></div>\n</form>\n";

  body +=
      "<section class=\"my-drafts\" aria-labelledby=\"drafts-h\"><h2 "
      "id=\"drafts-h\">我的草稿</h2>\n";
  body += listed.ok() ? DraftList(*session, drafts)
                      : html::Notice("error", "草稿暂时无法读取：" + listed.message());
  body += "</section>\n";

  body +=
      "<section id=\"catalogue\" class=\"catalogue\" aria-live=\"polite\" aria-busy=\"false\">\n";
  const jobs::Json& templates = catalogue["templates"];
  if (!q.empty()) {
    body += "<h2>查找结果</h2>\n<p class=\"count\" role=\"status\">找到 <strong>" +
            std::to_string(templates.size()) + "</strong> 个表单</p>\n";
    if (templates.empty()) {
      body +=
          "<p class=\"empty\">没有找到。可以输入编号（O-09）、名称（用印）或拼音首字母（yydj）。"
          "</p>\n";
    }
    body += "<ul class=\"forms\">\n";
    for (const jobs::Json& t : templates) body += FormEntry(t);
    body += "</ul>\n";
  } else {
    std::map<std::string, const jobs::Json*> by_id;
    for (const jobs::Json& t : templates) by_id[Text(t, "id")] = &t;
    std::string recent_list;
    for (const jobs::Json& id : catalogue["recent"]) {
      auto it = by_id.find(id.is_string() ? id.get<std::string>() : "");
      if (it != by_id.end()) recent_list += FormEntry(*it->second);
    }
    if (!recent_list.empty()) {
      body +=
          "<section class=\"recent\" aria-labelledby=\"recent-h\"><h2 id=\"recent-h\">最近使用"
          "</h2>\n<ul class=\"forms\">\n" +
          recent_list + "</ul>\n</section>\n";
    }
    // regulation → category → forms, each in the catalogue's order.
    std::map<std::string, std::map<std::string, std::vector<const jobs::Json*>>> groups;
    for (const jobs::Json& t : templates) {
      const std::string regulation = Text(t, "regulation"), category = Text(t, "category");
      groups[regulation.empty() ? "其他" : regulation][category.empty() ? "其他" : category]
          .push_back(&t);
    }
    for (const auto& [regulation, categories] : groups) {
      body += "<section class=\"regulation\"><h2>" + HtmlEscape(regulation) + "</h2>\n";
      for (const auto& [category, list] : categories) {
        body += "<h3>" + HtmlEscape(category) + "</h3>\n<ul class=\"forms\">\n";
        for (const jobs::Json* t : list) body += FormEntry(*t);
        body += "</ul>\n";
      }
      body += "</section>\n";
    }
  }
  body += "</section>\n";
  Core::SendHtml(res, 200,
                 html::PageWithScript("填表", &*session, "/forms", body, "forms.js", kFormsJs));
}

// ---- a form's page ------------------------------------------------------------------------

std::string NumberAttr(double v) { return NumberText(v); }

// The input of one entered field: `id` for its label, `name` the template's field name.
// Numbers and money are text with inputmode decimal, not type=number: a number input drops
// what a Chinese IME types in full-width digits (２０), which the checks accept.
std::string Input(const Field& f, const std::string& id, const std::string& described,
                  const std::string& extra = "") {
  const std::string common = extra + " id=\"" + id + "\" name=\"" + HtmlEscape(f.name) +
                             "\" data-field=\"" + HtmlEscape(f.name) + "\"" +
                             (f.required ? " required aria-required=\"true\"" : "") +
                             " aria-describedby=\"" + described + "\"";
  const std::string maxlength =
      f.max_length ? " maxlength=\"" + std::to_string(*f.max_length) + "\"" : "";
  switch (f.type) {
    case FieldType::kMultiline:
      return "<textarea" + common + maxlength + " rows=\"" + std::to_string(std::max(2, f.lines)) +
             "\"></textarea>";
    case FieldType::kDate:
      return "<input type=\"date\"" + common + ">";
    case FieldType::kTime:
      return "<input type=\"time\"" + common + ">";
    case FieldType::kNumber:
    case FieldType::kMoney: {
      std::string attrs = " inputmode=\"decimal\" autocomplete=\"off\"";
      if (f.min) attrs += " data-min=\"" + NumberAttr(*f.min) + "\"";
      if (f.max) attrs += " data-max=\"" + NumberAttr(*f.max) + "\"";
      if (f.type == FieldType::kMoney) attrs += " data-step=\"0.01\"";
      return "<input type=\"text\" class=\"num\"" + common + attrs + ">";
    }
    case FieldType::kChoice: {
      std::string sel = "<select" + common + ">" + html::Option("", "请选择", "x");
      for (const std::string& o : f.options) sel += html::Option(o, o, "");
      return sel + "</select>";
    }
    default:
      return "<input type=\"text\"" + common + maxlength + " autocomplete=\"off\">";
  }
}

// The limits a clerk should know before the check tells them: 1–100000, 元, 至多 20 字.
std::string LimitHint(const Field& f) {
  std::vector<std::string> parts;
  if (f.type == FieldType::kMoney) parts.push_back("单位：元");
  if (f.min && f.max) {
    parts.push_back(NumberText(*f.min) + "–" + NumberText(*f.max));
  } else if (f.min) {
    parts.push_back("不小于 " + NumberText(*f.min));
  } else if (f.max) {
    parts.push_back("不大于 " + NumberText(*f.max));
  }
  if (f.max_length) parts.push_back("至多 " + std::to_string(*f.max_length) + " 字");
  if (!f.note.empty()) parts.push_back(f.note);
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "；") + p;
  return out;
}

// Money fields the layout prints in capitals (大写金额) somewhere on the form.
std::set<std::string> CapitalFields(const Template& t) {
  std::set<std::string> out;
  for (const auto* rows : {&t.head, &t.tail}) {
    for (const auto& row : *rows) {
      for (const LayoutCell& c : row) {
        if (c.capitals && !c.field.empty()) out.insert(c.field);
      }
    }
  }
  return out;
}

// A computed field's rule as a clerk reads it: sum(金额) → 明细各行「金额」之和, 数量*单价 →
// 数量×单价.
std::string ComputeText(const std::string& rule) {
  for (const auto& [fn, words] : {std::pair<std::string, std::string>{"sum(", "之和"},
                                  std::pair<std::string, std::string>{"max(", "中的最大值"}}) {
    if (rule.rfind(fn, 0) == 0 && rule.back() == ')') {
      return "明细各行「" + rule.substr(fn.size(), rule.size() - fn.size() - 1) + "」" + words;
    }
  }
  std::string out;
  for (char c : rule) {
    if (c == '*') {
      out += "×";
    } else if (c == '/') {
      out += "÷";
    } else {
      out += c;
    }
  }
  return out;
}

// A field's problem goes in its p.problem, which the input names in aria-describedby: read with
// the field, not announced as an alert, since the check runs at every pause in typing (the panel's
// status line announces how many there are).
std::string HeaderField(const Field& f, size_t index, const std::set<std::string>& capitals) {
  const std::string id = "f" + std::to_string(index);
  const std::string hint = LimitHint(f);
  std::string out = std::string("<div class=\"field") +
                    (f.compute.empty() ? "" : " computed-field") + "\" data-name=\"" +
                    HtmlEscape(f.name) + "\">";
  if (f.type == FieldType::kSignature) {
    return out + "<span class=\"label\">" + HtmlEscape(f.name) +
           "</span><p class=\"signature\">签字栏：打印后由本人手写签名</p></div>\n";
  }
  if (!f.compute.empty()) {
    out += "<span class=\"pair\"><span class=\"label\" id=\"" + id + "-l\">" + HtmlEscape(f.name) +
           "</span><output id=\"" + id + "\" class=\"computed\" data-computed=\"" +
           HtmlEscape(f.name) + "\" aria-labelledby=\"" + id + "-l\">—</output></span>";
    if (capitals.count(f.name)) {
      out += "<span class=\"pair\"><span class=\"label\" id=\"" + id +
             "-cl\">大写金额</span><output class=\"capitals\" data-capitals=\"" +
             HtmlEscape(f.name) + "\" aria-labelledby=\"" + id + "-cl\">—</output></span>";
    }
    out += "<p class=\"hint\">自动计算：" + HtmlEscape(ComputeText(f.compute)) + "</p>";
    return out + "<p class=\"problem\" id=\"" + id + "-p\" hidden></p></div>\n";
  }
  out += "<label for=\"" + id + "\">" + HtmlEscape(f.name) +
         (f.required ? "<span class=\"req\" title=\"必填\">*</span>" : "") + "</label>";
  out += Input(f, id, id + "-p" + (hint.empty() ? "" : " " + id + "-h"));
  if (!hint.empty()) out += "<p class=\"hint\" id=\"" + id + "-h\">" + HtmlEscape(hint) + "</p>";
  if (capitals.count(f.name)) {
    out += "<p class=\"hint\">大写：<output class=\"capitals\" data-capitals=\"" +
           HtmlEscape(f.name) + "\">—</output></p>";
  }
  return out + "<p class=\"problem\" id=\"" + id + "-p\" hidden></p></div>\n";
}

// One row of the table. `n` numbers the ids; the script renumbers a row it adds from the
// <template>, so the server's rows and the script's are the same markup.
std::string TableRow(const TableSpec& table, const std::string& n) {
  std::string tr = "<tr class=\"item-row\">";
  size_t col = 0;
  for (const TableColumn& c : table.columns) {
    const Field& f = c.field;
    const std::string id = "r" + n + "c" + std::to_string(col++);
    tr += "<td data-col=\"" + HtmlEscape(f.name) + "\">";
    if (f.type == FieldType::kSerial) {
      tr += "<span class=\"serial\"></span>";
    } else if (!f.compute.empty()) {
      tr += "<output class=\"computed\" data-computed=\"" + HtmlEscape(f.name) + "\"></output>";
    } else if (f.type == FieldType::kSignature) {
      tr += "<span class=\"muted\">手写</span>";
    } else {
      // aria-label: in a table cell no <label> names the input; its column does.
      tr += Input(f, id, id + "-p", " aria-label=\"" + HtmlEscape(f.name) + "\"");
    }
    tr += "<p class=\"problem\" id=\"" + id + "-p\" hidden></p></td>";
  }
  return tr +
         "<td class=\"row-actions\"><button type=\"button\" class=\"remove-row\">删除此行"
         "</button></td></tr>";
}

std::string Approvals(const Template& t) {
  std::string out;
  if (t.approval_rule) {
    out += "<p class=\"hint\">审批流程按「" + HtmlEscape(t.approval_rule->amount_field) +
           "」的金额确定：</p><ul class=\"tiers\">";
    double below = 0;
    bool first = true;
    for (const ApprovalTier& tier : t.approval_rule->tiers) {
      std::string range = tier.up_to
                              ? (first ? "不超过 " + NumberText(*tier.up_to) + " 元"
                                       : NumberText(below) + "–" + NumberText(*tier.up_to) + " 元")
                              : "超过 " + NumberText(below) + " 元";
      std::string chain;
      for (const std::string& step : tier.chain) chain += (chain.empty() ? "" : " → ") + step;
      out += "<li>" + HtmlEscape(range) + "：" + HtmlEscape(chain) + "</li>";
      if (tier.up_to) below = *tier.up_to;
      first = false;
    }
    out +=
        "</ul><p>按当前金额：<strong id=\"approval-chain\">—</strong></p>"
        "<p class=\"hint\" id=\"approval-basis\"></p>";
  } else if (!t.approvals.empty()) {
    std::string chain;
    for (const std::string& step : t.approvals) chain += (chain.empty() ? "" : " → ") + step;
    out += "<p><strong id=\"approval-chain\">" + HtmlEscape(chain) + "</strong></p>";
  } else {
    out += "<p class=\"muted\">此表无审批栏。</p>";
  }
  if (!t.approval_note.empty()) out += "<p class=\"hint\">" + HtmlEscape(t.approval_note) + "</p>";
  return out;
}

void FormPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireForms(core, req, res);
  if (!session) return;
  const std::string id = req.matches[1];
  std::shared_ptr<const Template> cached;
  Status s = CheckParameter("模板", id);
  if (s.ok()) s = jobs::CachedTemplate(core.ContextFor(*session), id, &cached);
  if (!s.ok()) {
    const int status = s.code() == Status::Code::kNotFound ? 404 : Core::HttpStatusOf(s);
    Core::SendHtml(
        res, status,
        html::ErrorPage(status, &*session,
                        status == 404 ? "没有编号为「" + id + "」的表单。" : s.message()));
    return;
  }
  const Template& t = *cached;
  if (t.kind == TemplateKind::kRegister) {
    res.status = 303;  // a register is kept row by row on its own page
    res.set_header("Location", "/registers/" + html::UrlEncode(t.id));
    return;
  }
  std::string draft = req.has_param("draft") ? req.get_param_value("draft") : "";
  if (draft.empty() || draft.size() > 18 ||
      draft.find_first_not_of("0123456789") != std::string::npos) {
    draft.clear();
  }
  const bool may_file = Allows(session->account.role, Action::kFileOwnGenerated);
  const std::set<std::string> capitals = CapitalFields(t);

  std::string body = "<p class=\"crumbs\"><a href=\"/forms\">填表</a> › " + HtmlEscape(t.id) +
                     "</p>\n<h1>" + HtmlEscape(t.DisplayTitle()) + "</h1>\n";
  body += "<p class=\"form-basis\">依据：" + HtmlEscape(t.source) + "<span class=\"tag\">" +
          HtmlEscape(t.category) + "</span><span class=\"tag\">" + KindName(t.kind) +
          "</span></p>\n";
  body += "<div class=\"fill\">\n<form id=\"fill\" class=\"fill-form\" data-form=\"" +
          HtmlEscape(t.id) + "\" data-draft=\"" + draft + "\" novalidate>\n";
  body +=
      "<p class=\"hint\">带 <span class=\"req\">*</span> 的为必填项。填写时自动检查并保存草稿；"
      "繁体字和全角数字均可。</p>\n";
  body += "<fieldset class=\"fields\"><legend>填写内容</legend>\n";
  size_t index = 0;
  for (const Field& f : t.fields) body += HeaderField(f, index++, capitals);
  body += "</fieldset>\n";
  if (t.table) {
    body +=
        "<fieldset class=\"rows\"><legend>明细</legend>\n<div class=\"rows-scroll\">"
        "<table class=\"rows\" id=\"rows\"><thead><tr>";
    for (const TableColumn& c : t.table->columns) {
      const Field& f = c.field;
      const std::string hint = LimitHint(f);
      body += "<th scope=\"col\"" + (hint.empty() ? "" : " title=\"" + HtmlEscape(hint) + "\"") +
              ">" + HtmlEscape(f.name) + (f.required ? "<span class=\"req\">*</span>" : "") +
              "</th>";
    }
    body += "<th scope=\"col\"><span class=\"sr\">操作</span></th></tr></thead>\n<tbody>\n";
    const int rows = std::max(1, t.table->min_rows);
    for (int r = 1; r <= rows; ++r) body += TableRow(*t.table, std::to_string(r)) + "\n";
    body += "</tbody></table></div>\n<template id=\"row-template\">" + TableRow(*t.table, "N") +
            "</template>\n<p><button type=\"button\" id=\"add-row\">添加一行</button> "
            "<span class=\"hint\">空行不计入；打印时按表单的格式留出空行。</span></p>\n"
            "<p class=\"problem\" id=\"rows-p\" hidden></p>\n</fieldset>\n";
  }
  body += "</form>\n<aside class=\"fill-side\">\n";
  body +=
      "<section class=\"panel\" aria-labelledby=\"chk-h\"><h2 id=\"chk-h\">检查</h2>"
      "<p id=\"check-status\" role=\"status\" class=\"muted\">填写后自动检查。</p>"
      "<p id=\"draft-status\" class=\"hint\" aria-live=\"polite\"></p>"
      "<ul id=\"check-problems\" class=\"check-problems\"></ul>"
      "<p class=\"hint\">题名：<span id=\"doc-title\">—</span></p></section>\n";
  body += "<section class=\"panel\" aria-labelledby=\"ap-h\"><h2 id=\"ap-h\">审批</h2>" +
          Approvals(t) + "</section>\n";
  body +=
      "<section class=\"panel\" aria-labelledby=\"out-h\"><h2 id=\"out-h\">打印与归档</h2>"
      "<p class=\"hint\" id=\"output-hint\">检查通过后可以预览、下载、打印。</p>"
      "<div class=\"output-actions\">"
      "<a id=\"download-pdf\" class=\"button\" aria-disabled=\"true\" download>下载 PDF</a>"
      "<a id=\"download-xlsx\" class=\"button\" aria-disabled=\"true\" download>下载 XLSX</a>"
      "<a id=\"print-pdf\" class=\"button\" aria-disabled=\"true\" target=\"_blank\" "
      "rel=\"noopener\">打印</a>";
  if (may_file) {
    body += "<button type=\"button\" id=\"file-form\" class=\"primary\" disabled>归档</button>";
  }
  body += "</div><div id=\"filed\" role=\"status\"></div></section>\n</aside>\n</div>\n";
  body +=
      "<section class=\"preview\" aria-labelledby=\"pv-h\"><h2 id=\"pv-h\">预览</h2>"
      "<p class=\"hint\" id=\"preview-hint\">检查通过后在此显示将打印的 PDF。</p>"
      "<iframe id=\"preview\" class=\"viewer\" title=\"PDF 预览\" hidden></iframe></section>\n";
  Core::SendHtml(
      res, 200,
      html::PageWithScript(t.DisplayTitle(), &*session, "/forms", body, "forms.js", kFormsJs));
}

// Deleting a draft from the catalogue without script: the account's own draft only (another
// account's is NotFound in the archive), then back to the catalogue.
void DeleteDraft(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireForms(core, req, res);
  if (!session) return;
  const std::string text = req.matches[1];
  Status s = jobs::DeleteDraft(core.ContextFor(*session), std::stoll(text));
  if (!s.ok()) {
    const int status = Core::HttpStatusOf(s);
    Core::SendHtml(res, status, html::ErrorPage(status, &*session, s.message()));
    return;
  }
  res.status = 303;
  res.set_header("Location", "/forms");
}

// The draft as its PDF will print, for the form page's preview frame. The same document as GET
// /api/drafts/{id}/document.pdf, which the server-wide CSP (frame-ancestors 'none') keeps out of
// any frame; this one may be framed by the desk's own pages only, as the item page's files are.
void DraftPreview(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireForms(core, req, res);
  if (!session) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  DraftRow draft;
  Status s = jobs::ReadDraft(ctx, std::stoll(std::string(req.matches[1])), &draft);
  jobs::FormFile file;
  if (s.ok()) {
    jobs::Json values = jobs::Json::parse(draft.values_json, nullptr, /*allow_exceptions=*/false);
    if (values.is_discarded()) values = jobs::Json::object();
    s = jobs::GenerateForm(ctx, draft.template_id, values, OutputFormat::kPdf, &file);
  }
  if (!s.ok()) {
    const int status = Core::HttpStatusOf(s);
    Core::SendHtml(res, status, html::ErrorPage(status, &*session, s.message()));
    return;
  }
  res.headers.erase("Content-Security-Policy");
  res.set_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'self'");
  res.set_header("Cache-Control", "no-store");  // the draft changes as the clerk types
  res.set_header("Content-Disposition",
                 "inline; filename*=UTF-8''" + html::UrlEncode(file.file_name));
  res.set_content(file.bytes, file.media_type);
}

}  // namespace

void RegisterFormPages(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  http.Get("/forms", [c](const httplib::Request& req, httplib::Response& res) {
    CataloguePage(*c, req, res);
  });
  http.Post(
      R"(/forms/drafts/(\d{1,18})/delete)",
      [c](const httplib::Request& req, httplib::Response& res) { DeleteDraft(*c, req, res); });
  http.Get(
      R"(/forms/drafts/(\d{1,18})/preview\.pdf)",
      [c](const httplib::Request& req, httplib::Response& res) { DraftPreview(*c, req, res); });
  http.Get(R"(/forms/([^/]+))",
           [c](const httplib::Request& req, httplib::Response& res) { FormPage(*c, req, res); });
}

}  // namespace dangan::server
