// 开放审核 and transfer (issue 17 §2) on the desk: the JSON API under /api/open-review… and
// /api/transfer…, the pages under /open-review… and /transfer…. An archivist sees the items whose
// 年度 has passed 25 years (档案法 2020 第二十七条), ticks some and records 开放 or 控制 with a
// reason; the decided ones are listed with their decision, and the register (GD-06) can be seen at
// any time. Every route goes through the jobs (dangan/jobs/transfer.h, open_review.h), as `dangan
// open-review` does, so the rules hold here because the jobs hold them. Every page works without
// script: plain form posts with csrf. For transfer, an archivist of the highest clearance exports a
// year or a class as a package into the archive's exports area (<archive>/exports/<name>: the
// server writes nowhere else, and a name is one folder right inside it), sees the packages there,
// runs the DA/T 70 移交接收 checks on one (failures first) and downloads the report's PDF.
// Receiving stays on the command line: it files into another archive.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/accounts/roles.h"
#include "dangan/jobs/four_properties.h"
#include "dangan/jobs/open_review.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/scratch.h"
#include "dangan/jobs/transfer.h"
#include "dangan/records/secrecy.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {
namespace {

using accounts::Action;
using jobs::Json;

std::string Param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

std::string Attr(const std::string& name, const std::string& value) {
  return " " + name + "=\"" + HtmlEscape(value) + "\"";
}

void SendErrorPage(httplib::Response& res, int status, const Session* session,
                   const std::string& detail = "") {
  Core::SendHtml(res, status, html::ErrorPage(status, session, detail));
}

void SeeOther(httplib::Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
}

// The session when the role allows `action`: Core::Require answers a missing session and a bad
// CSRF token; a role that may not gets the desk's 403 page with its navigation.
std::optional<Session> RequirePage(Core& core, const httplib::Request& req, httplib::Response& res,
                                   Action action, const char* what) {
  std::optional<Session> session = core.Require(req, res);
  if (session && !accounts::Allows(session->account.role, action)) {
    SendErrorPage(res, 403, &*session,
                  std::string("您的角色（") + accounts::RoleName(session->account.role) + "）不能" +
                      what + "；这是档案员的工作。");
    return std::nullopt;
  }
  return session;
}

// Every parameter a page reads, checked once: a bad one is a 400 page, never passed on.
bool CleanParams(const httplib::Request& req, httplib::Response& res, const Session& session) {
  for (const auto& [name, value] : req.params) {
    Status s = CheckParameter(name, value);
    if (!s.ok()) {
      SendErrorPage(res, 400, &session, s.message());
      return false;
    }
  }
  return true;
}

// A member that must be text when present: 422 naming it otherwise.
bool TextMember(const Json& body, const char* name, httplib::Response& res, std::string* out) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) {
    Core::SendJson(res, 422, OneProblem("invalid_data", "应为文本", name));
    return false;
  }
  *out = it->get<std::string>();
  return true;
}

// A member that must be a list of text when present: 422 naming it otherwise.
bool TextListMember(const Json& body, const char* name, httplib::Response& res,
                    std::vector<std::string>* out) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return true;
  bool strings = it->is_array();
  for (const Json& v : *it) {
    if (!strings || !v.is_string()) {
      strings = false;
      break;
    }
    out->push_back(v.get<std::string>());
  }
  if (!strings)
    Core::SendJson(res, 422, OneProblem("invalid_data", "应为档号的列表（文本数组）", name));
  return strings;
}

// Sends a generated file: PDF shown in the browser, XLSX downloaded.
void SendDocument(httplib::Response& res, const std::string& bytes, const std::string& name,
                  const std::string& format) {
  const bool pdf = format == "pdf";
  res.set_header("Content-Disposition", std::string(pdf ? "inline" : "attachment") +
                                            "; filename*=UTF-8''" + html::UrlEncode(name));
  res.set_header("Cache-Control", "private, no-store");
  res.set_content(bytes, pdf ? "application/pdf"
                             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
}

// ---- 开放审核 ---------------------------------------------------------------------------

constexpr char kOpenReviewWhat[] = "进行开放审核";

// The review date of a request: as_of as typed ("" = today), as YYYY-MM-DD; "" when invalid.
std::string ReviewDay(const std::string& typed) {
  const std::string t = Trim(typed);
  return t.empty() ? jobs::Today() : NormalizeDate(t);
}

std::string OpenReviewUrl(const std::string& as_of) {
  return "/open-review?as_of=" + html::UrlEncode(as_of);
}

void RegisterOpenReviewApi(Core& core) {
  httplib::Server& http = core.http();
  // ?as_of=YYYY-MM-DD&all=1: the items due (all: decided ones too).
  http.Get("/api/open-review", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kOpenReview);
    if (!session) return;
    for (const char* name : {"as_of", "all"}) {
      Status s = CheckParameter(name, Param(req, name));
      if (!s.ok())
        return Core::SendJson(res, 400, OneProblem("invalid_parameter", s.message(), name));
    }
    std::vector<ItemRecord> items;
    Status s = jobs::ListOpenReviewDue(core.ContextFor(*session), Param(req, "as_of"),
                                       Param(req, "all") == "1", &items);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json list = Json::array();
    for (const ItemRecord& item : items) list.push_back(jobs::OpenReviewItemJson(item));
    Core::SendJson(res, 200, {{"as_of", ReviewDay(Param(req, "as_of"))}, {"items", list}});
  });

  // {"items": [档号 …], "status": 开放|控制, "reason"}: every item checked first, then decided.
  http.Post("/api/open-review/decide", [&core](const httplib::Request& req,
                                               httplib::Response& res) {
    std::optional<Session> session = core.Require(req, res, Action::kOpenReview);
    Json body;
    if (!session || !JsonObjectBody(req, res, &body, /*untyped_is_json=*/true)) return;
    std::vector<std::string> items;
    std::string status, reason;
    if (!TextListMember(body, "items", res, &items) || !TextMember(body, "status", res, &status) ||
        !TextMember(body, "reason", res, &reason)) {
      return;
    }
    std::vector<ItemRecord> decided;
    Status s = jobs::DecideOpenItems(core.ContextFor(*session), items, status, reason, &decided);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json list = Json::array();
    for (const ItemRecord& item : decided) list.push_back(jobs::OpenReviewItemJson(item));
    Core::SendJson(res, 200, {{"decided", list}});
  });
}

struct Refusal {
  Status status = Status::Ok();
  const httplib::Request* posted = nullptr;
  std::string Value(const std::string& name) const {
    return posted && posted->has_param(name) ? posted->get_param_value(name) : std::string();
  }
};

std::string ItemCells(const ItemRecord& item) {
  return "<td class=\"nowrap\"><a class=\"danghao\" href=\"" + html::ItemUrl(item.danghao) + "\">" +
         HtmlEscape(item.danghao) + "</a></td><td>" + HtmlEscape(item.title) + "</td><td>" +
         std::to_string(item.year) + "</td><td class=\"nowrap\">" + HtmlEscape(item.secrecy) +
         "</td>";
}

std::string DueSection(const Session& session, const std::string& day,
                       const std::vector<const ItemRecord*>& due, const Refusal& refusal) {
  std::string body = "<section aria-labelledby=\"due-h\"><h2 id=\"due-h\">待审核</h2>\n" +
                     (refusal.status.ok() ? std::string() : html::ProblemList(refusal.status));
  if (due.empty()) {
    return body + "<p class=\"empty\">截至 " + HtmlEscape(day) +
           " 没有待审核的档案（年度已满二十五年的档案都已审核）。</p>\n</section>\n";
  }
  std::set<std::string> checked;
  if (refusal.posted) {
    const size_t n = refusal.posted->get_param_value_count("danghao");
    for (size_t i = 0; i < n; ++i) checked.insert(refusal.posted->get_param_value("danghao", i));
  }
  std::string rows;
  for (size_t i = 0; i < due.size(); ++i) {
    const ItemRecord& item = *due[i];
    const std::string id = "due-" + std::to_string(i);
    rows += "<tr><td class=\"pick\"><input type=\"checkbox\" name=\"danghao\"" + Attr("id", id) +
            Attr("value", item.danghao) + (checked.count(item.danghao) ? " checked" : "") +
            "><label class=\"visually-hidden\"" + Attr("for", id) + ">选择 " +
            HtmlEscape(item.danghao) + "</label></td>" + ItemCells(item) + "<td class=\"nowrap\">" +
            jobs::OpenReviewDueOn(item.year) + "</td></tr>\n";
  }
  const std::string status = refusal.Value("status");
  body += "<p class=\"count\">截至 " + HtmlEscape(day) +
          " 年度已满二十五年、尚未审核的档案 <strong>" + std::to_string(due.size()) +
          "</strong> 件。</p>\n";
  body += "<form method=\"post\" action=\"/open-review/decide\" class=\"open-decide\">" +
          html::CsrfField(session) + "<input type=\"hidden\" name=\"as_of\"" + Attr("value", day) +
          ">\n<div class=\"table-scroll\"><table class=\"list due\"><thead><tr><th "
          "scope=\"col\"><span class=\"visually-hidden\">选择</span></th><th "
          "scope=\"col\">档号</th><th scope=\"col\">题名</th><th scope=\"col\">年度</th><th "
          "scope=\"col\">密级</th><th scope=\"col\">满二十五年</th></tr></thead><tbody>\n" +
          rows +
          "</tbody></table></div>\n<fieldset class=\"open-fields\"><legend>审核结论（对勾选的档案）"
          "</legend><p class=\"open-status\"><label><input type=\"radio\" name=\"status\" "
          "value=\"开放\"" +
          (status == "控制" ? "" : " checked") +
          "> 开放</label> <label><input type=\"radio\" name=\"status\" value=\"控制\"" +
          (status == "控制" ? " checked" : "") +
          "> 控制</label></p><p><label for=\"open-reason\">理由</label> <input "
          "id=\"open-reason\" name=\"reason\" maxlength=\"60\" size=\"48\" "
          "placeholder=\"控制使用须写明理由，如涉及商业秘密、个人隐私\"" +
          Attr("value", refusal.Value("reason")) +
          "></p><p class=\"actions\"><button type=\"submit\" class=\"primary\">记录审核结论"
          "</button></p></fieldset></form>\n";
  return body + "</section>\n";
}

std::string DecidedSection(const std::string& day, const std::vector<const ItemRecord*>& decided) {
  std::string body = "<section aria-labelledby=\"decided-h\"><h2 id=\"decided-h\">已审核</h2>\n";
  if (decided.empty()) return body + "<p class=\"empty\">尚无审核结论。</p>\n</section>\n";
  std::string rows;
  size_t controlled = 0;
  for (const ItemRecord* item : decided) {
    const bool control = item->open_status == jobs::kOpenStatusControlled;
    controlled += control;
    rows += "<tr>" + ItemCells(*item) + "<td><strong class=\"" +
            std::string(control ? "open-controlled" : "open-open") + "\">" +
            HtmlEscape(item->open_status) + "</strong></td><td>" + HtmlEscape(item->open_reason) +
            "</td><td class=\"nowrap\">" + HtmlEscape(item->open_reviewed_at) + "</td><td>" +
            HtmlEscape(item->open_reviewed_by) + "</td></tr>\n";
  }
  body += "<p class=\"count\">已审核 <strong>" + std::to_string(decided.size()) +
          "</strong> 件：开放 " + std::to_string(decided.size() - controlled) + " 件，控制 " +
          std::to_string(controlled) +
          " 件。再次勾选审核可改变结论，审计日志记下前后两次。</p>\n"
          "<div class=\"table-scroll\"><table class=\"list decided\"><thead><tr><th "
          "scope=\"col\">档号</th><th scope=\"col\">题名</th><th scope=\"col\">年度</th><th "
          "scope=\"col\">密级</th><th scope=\"col\">结论</th><th scope=\"col\">理由</th><th "
          "scope=\"col\">审核日期</th><th scope=\"col\">审核人</th></tr></thead><tbody>\n" +
          rows + "</tbody></table></div>\n";
  body += "<p class=\"actions\"><a class=\"button\" href=\"/open-review/register.pdf?as_of=" +
          html::UrlEncode(day) + "\">开放审核登记表（PDF）</a> <a class=\"button\" " +
          "href=\"/open-review/register.xlsx?as_of=" + html::UrlEncode(day) +
          "\">下载 XLSX</a></p>\n";
  return body + "</section>\n";
}

void RenderOpenReview(Core& core, const Session& session, const std::string& typed_day,
                      const std::string& done, const Refusal& refusal, int status,
                      httplib::Response& res) {
  std::string body =
      "<h1>开放审核</h1>\n<p class=\"lead\">档案自形成之日起满二十五年向社会开放（《档案法》"
      "2020年修订第二十七条）。移交档案馆前，对年度已满二十五年的档案逐件审核：可以开放的定为"
      "“开放”，不宜开放的定为“控制”并写明理由。结论记入档案目录，随档案一并移交。</p>\n";
  if (!done.empty()) body += html::Notice("ok", done);
  std::string day = ReviewDay(typed_day);
  if (day.empty()) {
    body += html::Notice("error", "「" + typed_day + "」不是有效日期");
    day = jobs::Today();
  }
  body +=
      "<form method=\"get\" action=\"/open-review\" class=\"inline due-date\"><label "
      "for=\"review-as-of\">截至</label><input id=\"review-as-of\" name=\"as_of\" "
      "type=\"date\"" +
      Attr("value", day) + "><button type=\"submit\">查看</button></form>\n";
  std::vector<ItemRecord> items;
  Status s =
      jobs::ListOpenReviewDue(core.ContextFor(session), day, /*include_decided=*/true, &items);
  if (!s.ok()) {
    body += html::ProblemList(s);
  } else {
    std::vector<const ItemRecord*> due, decided;
    for (const ItemRecord& item : items)
      (item.open_status.empty() ? due : decided).push_back(&item);
    body += DueSection(session, day, due, refusal) + DecidedSection(day, decided);
  }
  Core::SendHtml(res, status, html::Page("开放审核", &session, "/open-review", body));
}

void OpenReviewPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session =
      RequirePage(core, req, res, Action::kOpenReview, kOpenReviewWhat);
  if (!session || !CleanParams(req, res, *session)) return;
  std::string done;
  if (Param(req, "done") == "decide") {
    done = "已记录 " + Param(req, "n") + " 件档案的审核结论“" + Param(req, "status") + "”。";
  }
  RenderOpenReview(core, *session, Param(req, "as_of"), done, Refusal{}, 200, res);
}

void DecidePost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session =
      RequirePage(core, req, res, Action::kOpenReview, kOpenReviewWhat);
  if (!session || !CleanParams(req, res, *session)) return;
  std::vector<std::string> danghaos;
  const size_t n = req.get_param_value_count("danghao");
  for (size_t i = 0; i < n; ++i) danghaos.push_back(req.get_param_value("danghao", i));
  Status s = danghaos.empty()
                 ? Status::InvalidArgument("请勾选要审核的档案")
                 : jobs::DecideOpenItems(core.ContextFor(*session), danghaos, Param(req, "status"),
                                         Param(req, "reason"), nullptr);
  if (s.ok()) {
    const std::string word = Trim(Param(req, "status")) == jobs::kOpenStatusControlled
                                 ? jobs::kOpenStatusControlled
                                 : jobs::kOpenStatusOpen;
    return SeeOther(res, OpenReviewUrl(Param(req, "as_of")) + "&done=decide&n=" +
                             std::to_string(danghaos.size()) + "&status=" + html::UrlEncode(word));
  }
  RenderOpenReview(core, *session, Param(req, "as_of"), "", Refusal{s, &req}, Core::HttpStatusOf(s),
                   res);
}

// The register as it stands, PDF (shown in the browser) or XLSX (downloaded).
void RegisterDocument(Core& core, const httplib::Request& req, httplib::Response& res,
                      const std::string& format) {
  std::optional<Session> session =
      RequirePage(core, req, res, Action::kOpenReview, kOpenReviewWhat);
  if (!session || !CleanParams(req, res, *session)) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  jobs::ScratchDir scratch(ctx.archive_dir);
  Status s = scratch.status();
  GeneratedDocument doc;
  const std::string base = scratch.path() + "/register";
  if (s.ok()) s = jobs::RenderOpenReviewRegister(ctx, Param(req, "as_of"), base, &doc);
  std::string path = base + "." + format, bytes;
  for (const GeneratedFile& f : doc.files) {
    if (f.format == format) path = f.path;
  }
  if (s.ok()) s = jobs::ReadWholeFile(path, &bytes);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), &*session, s.message());
  SendDocument(res, bytes, "开放审核登记表-" + ReviewDay(Param(req, "as_of")) + "." + format,
               format);
}

void RegisterOpenReviewPages(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  http.Get("/open-review", [c](const httplib::Request& req, httplib::Response& res) {
    OpenReviewPage(*c, req, res);
  });
  http.Post("/open-review/decide",
            [c](const httplib::Request& req, httplib::Response& res) { DecidePost(*c, req, res); });
  for (const char* format : {"pdf", "xlsx"}) {
    const std::string f = format;
    http.Get("/open-review/register\\." + f,
             [c, f](const httplib::Request& req, httplib::Response& res) {
               RegisterDocument(*c, req, res, f);
             });
  }
}

// ---- 移交 ------------------------------------------------------------------------------

constexpr char kTransferWhat[] = "办理移交";
// A package's folder name as a path segment: anything but a slash, at most 200 bytes.
constexpr char kNamePattern[] = R"(([^/]{1,200}))";

// The exports area of the archive: every package the server writes lives here, nowhere else.
std::string ExportsDir(const jobs::JobContext& ctx) { return ctx.archive_dir + "/exports"; }

// A package's folder name as typed: one line of clean text, no separator, not hidden, not . or
// .., at most 60 characters; so that exports/<name> is always a folder right inside the area.
Status PackageName(const std::string& typed, std::string* out) {
  const std::string name = Trim(typed);
  *out = name;
  if (name.empty()) return Status::InvalidArgument("请填写数据包名称（文件夹名）");
  DANGAN_RETURN_IF_ERROR(jobs::CheckGivenText({{"数据包名称", name}}));
  if (name.find_first_of("/\\") != std::string::npos || name[0] == '.' ||
      CodePointCount(name) > 60) {
    return Status::InvalidArgument("数据包名称「" + name +
                                   "」不能含有 / 或 \\、不能以 . 开头，至多 60 个字");
  }
  return Status::Ok();
}

struct PackageEntry {
  std::string name, written_at;
};

// The packages in the exports area, newest first (hidden ones are exports still being written).
std::vector<PackageEntry> ListPackages(const jobs::JobContext& ctx) {
  namespace fs = std::filesystem;
  std::vector<std::pair<fs::file_time_type, PackageEntry>> found;
  std::error_code ec;
  for (fs::directory_iterator it(ExportsDir(ctx), ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.' || !it->is_directory(ec)) continue;
    const fs::file_time_type t = it->last_write_time(ec);
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
        t - fs::file_time_type::clock::now() + std::chrono::system_clock::now().time_since_epoch());
    const std::time_t when = static_cast<std::time_t>(seconds.count());
    std::tm local{};
    localtime_r(&when, &local);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
    found.push_back({t, {name, buf}});
  }
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<PackageEntry> out;
  for (auto& f : found) out.push_back(std::move(f.second));
  return out;
}

// The package folder of a request's name: NotFound unless it is one the area lists.
Status PackageDir(const jobs::JobContext& ctx, const std::string& typed, std::string* dir) {
  std::string name;
  DANGAN_RETURN_IF_ERROR(PackageName(typed, &name));
  for (const PackageEntry& p : ListPackages(ctx)) {
    if (p.name == name) {
      *dir = ExportsDir(ctx) + "/" + name;
      return Status::Ok();
    }
  }
  return Status::NotFound("没有名为「" + name + "」的移交数据包");
}

// Transfer carries every item selected, whatever its 密级: the jobs need 机密, and so do the
// pages (a report names every file of a package).
Status NeedSecret(const Session& session) {
  if (session.account.clearance == Secrecy::kSecret) return Status::Ok();
  return Status::InvalidArgument("移交涉及所选的全部档案，需要最高密级（" +
                                 std::string(SecrecyName(Secrecy::kSecret)) + "）；您的密级为" +
                                 SecrecyName(session.account.clearance));
}

std::optional<Session> RequireTransferPage(Core& core, const httplib::Request& req,
                                           httplib::Response& res) {
  std::optional<Session> session = RequirePage(core, req, res, Action::kTransfer, kTransferWhat);
  if (!session || !CleanParams(req, res, *session)) return std::nullopt;
  Status s = NeedSecret(*session);
  if (!s.ok()) {
    SendErrorPage(res, 403, &*session, s.message());
    return std::nullopt;
  }
  return session;
}

std::optional<Session> RequireTransferApi(Core& core, const httplib::Request& req,
                                          httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res, Action::kTransfer);
  if (!session) return std::nullopt;
  Status s = NeedSecret(*session);
  if (!s.ok()) {
    Core::SendJson(res, 403, OneProblem("forbidden", s.message()));
    return std::nullopt;
  }
  return session;
}

// The selection of an export as typed: a 年度, or a 门类 code (one of them).
Status Selection(const std::string& year, const std::string& category, jobs::ExportSelection* out) {
  const std::string y = Trim(year), c = Trim(category);
  if (y.empty() == c.empty()) return Status::InvalidArgument("请填写年度或门类（二者之一）");
  if (!y.empty()) {
    if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
      return Status::InvalidArgument("年度应为4位数字，而不是「" + y + "」");
    }
    out->year = std::stoi(y);
  }
  out->category = c;
  return Status::Ok();
}

// Writes the package into the exports area (made when missing).
Status Export(const jobs::JobContext& ctx, const jobs::ExportSelection& selection,
              const std::string& typed_name, std::string* name, jobs::ExportResult* result) {
  DANGAN_RETURN_IF_ERROR(PackageName(typed_name, name));
  std::error_code ec;
  std::filesystem::create_directories(ExportsDir(ctx), ec);
  if (ec) return Status::IoError("无法创建导出文件夹 exports：" + ec.message());
  if (std::filesystem::exists(ExportsDir(ctx) + "/" + *name, ec)) {
    return Status::InvalidArgument("已有名为「" + *name + "」的数据包，请换一个名称");
  }
  return jobs::ExportPackage(ctx, selection, ExportsDir(ctx) + "/" + *name, result);
}

// Failures first, then what was not checked, then what passed; each group in the job's order.
std::vector<jobs::PropertyCheck> Ordered(const jobs::FourPropertyReport& report) {
  std::vector<jobs::PropertyCheck> out;
  for (const char* outcome : {jobs::kCheckFailed, jobs::kCheckSkipped, jobs::kCheckPassed}) {
    for (const jobs::PropertyCheck& c : report.checks) {
      if (c.outcome == outcome) out.push_back(c);
    }
  }
  return out;
}

std::string PackageUrl(const std::string& name) {
  return "/transfer/packages/" + html::UrlEncode(name);
}

void RegisterTransferApi(Core& core) {
  httplib::Server& http = core.http();
  http.Get("/api/transfer/packages", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = RequireTransferApi(core, req, res);
    if (!session) return;
    Json list = Json::array();
    for (const PackageEntry& p : ListPackages(core.ContextFor(*session))) {
      list.push_back({{"name", p.name}, {"written_at", p.written_at}});
    }
    Core::SendJson(res, 200, {{"packages", list}});
  });

  // {"name", "year" | "category" | "items": [档号 …]}
  http.Post("/api/transfer/export", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = RequireTransferApi(core, req, res);
    Json body;
    if (!session || !JsonObjectBody(req, res, &body, /*untyped_is_json=*/true)) return;
    std::string name, year, category;
    std::vector<std::string> items;
    if (!TextMember(body, "name", res, &name) || !TextMember(body, "category", res, &category) ||
        !TextListMember(body, "items", res, &items)) {
      return;
    }
    if (body.contains("year") && body["year"].is_number_integer()) {
      year = std::to_string(body["year"].get<int64_t>());
    } else if (!TextMember(body, "year", res, &year)) {
      return;
    }
    jobs::ExportSelection selection;
    Status s = items.empty() ? Selection(year, category, &selection) : Status::Ok();
    selection.danghaos = items;
    std::string folder;
    jobs::ExportResult result;
    const jobs::JobContext ctx = core.ContextFor(*session);
    if (s.ok()) s = Export(ctx, selection, name, &folder, &result);
    if (!s.ok()) return Core::SendProblems(res, s);
    Json out = jobs::ExportResultJson(result);
    out["name"] = folder;
    out["dir"] = "exports/" + folder;  // never the machine's path
    Core::SendJson(res, 201, out);
  });

  // The DA/T 70 移交接收 checks of one package: the report, failures first.
  http.Get(std::string("/api/transfer/packages/") + kNamePattern + "/report",
           [&core](const httplib::Request& req, httplib::Response& res) {
             std::optional<Session> session = RequireTransferApi(core, req, res);
             if (!session) return;
             const jobs::JobContext ctx = core.ContextFor(*session);
             std::string dir;
             jobs::FourPropertyReport report;
             Status s = PackageDir(ctx, req.matches[1].str(), &dir);
             if (s.ok()) s = jobs::VerifyPackage(ctx, dir, "", &report);
             if (!s.ok()) return Core::SendProblems(res, s);
             report.subject = req.matches[1].str();
             report.checks = Ordered(report);
             Json out = jobs::FourPropertyJson(report);
             out["passed"] = report.passed();
             Core::SendJson(res, 200, out);
           });
}

std::string ExportForm(const Session& session, const httplib::Request* posted) {
  auto value = [&](const char* name, const std::string& fallback = "") {
    return posted && posted->has_param(name) ? posted->get_param_value(name) : fallback;
  };
  return "<form method=\"post\" action=\"/transfer/export\" class=\"grid export-form\">" +
         html::CsrfField(session) +
         "<label for=\"export-year\">年度</label><input id=\"export-year\" name=\"year\" "
         "inputmode=\"numeric\" maxlength=\"4\" placeholder=\"如 2000\"" +
         Attr("value", value("year")) +
         "><label for=\"export-category\">或门类</label><input id=\"export-category\" "
         "name=\"category\" maxlength=\"10\" placeholder=\"如 WS（文书）\"" +
         Attr("value", value("category")) +
         "><label for=\"export-name\">数据包名称</label><input id=\"export-name\" name=\"name\" "
         "required maxlength=\"60\" placeholder=\"如 2000年度移交\"" +
         Attr("value", value("name")) +
         "><p class=\"actions span\"><button type=\"submit\" class=\"primary\">导出数据包</button>"
         "</p></form>\n";
}

void RenderTransfer(Core& core, const Session& session, const Status& refusal,
                    const httplib::Request* posted, int status, httplib::Response& res) {
  const jobs::JobContext ctx = core.ContextFor(session);
  std::string body =
      "<h1>移交</h1>\n<p class=\"lead\">按年度或门类把档案导出为移交数据包（DA/T 48-2009 "
      "封装包、目录、说明文件、移交接收登记表和清单），移交前按 DA/T 70-2018 检测真实性、完整性、"
      "可用性和安全性。数据包写在档案库的 exports 文件夹中；接收在接收方用 dangan receive "
      "办理。移交前请先完成<a href=\"/open-review\">开放审核</a>，结论随档案一并移交。</p>\n";
  body += "<section aria-labelledby=\"export-h\"><h2 id=\"export-h\">导出</h2>\n" +
          (refusal.ok() ? std::string() : html::ProblemList(refusal)) +
          ExportForm(session, posted) + "</section>\n";
  body += "<section aria-labelledby=\"packages-h\"><h2 id=\"packages-h\">已导出的数据包</h2>\n";
  const std::vector<PackageEntry> packages = ListPackages(ctx);
  if (packages.empty()) {
    body += "<p class=\"empty\">尚无数据包。</p>\n";
  } else {
    body +=
        "<table class=\"list packages\"><thead><tr><th scope=\"col\">数据包</th><th "
        "scope=\"col\">写出时间</th><th scope=\"col\">检测</th></tr></thead><tbody>\n";
    for (const PackageEntry& p : packages) {
      body += "<tr><td>" + HtmlEscape(p.name) + "</td><td class=\"nowrap\">" +
              HtmlEscape(p.written_at) + "</td><td><a class=\"button\" href=\"" +
              PackageUrl(p.name) + "\">四性检测</a></td></tr>\n";
    }
    body += "</tbody></table>\n";
  }
  body += "</section>\n";
  Core::SendHtml(res, status, html::Page("移交", &session, "/transfer", body));
}

void TransferPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireTransferPage(core, req, res);
  if (!session) return;
  RenderTransfer(core, *session, Status::Ok(), nullptr, 200, res);
}

void ExportPost(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireTransferPage(core, req, res);
  if (!session) return;
  jobs::ExportSelection selection;
  Status s = Selection(Param(req, "year"), Param(req, "category"), &selection);
  std::string name;
  jobs::ExportResult result;
  if (s.ok()) s = Export(core.ContextFor(*session), selection, Param(req, "name"), &name, &result);
  if (s.ok()) {
    return SeeOther(res, PackageUrl(name) + "?done=export&items=" + std::to_string(result.items) +
                             "&files=" + std::to_string(result.files));
  }
  RenderTransfer(core, *session, s, &req, Core::HttpStatusOf(s), res);
}

void PackagePage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireTransferPage(core, req, res);
  if (!session) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  const std::string name = req.matches[1].str();
  std::string dir;
  jobs::FourPropertyReport report;
  Status s = PackageDir(ctx, name, &dir);
  if (s.ok()) s = jobs::VerifyPackage(ctx, dir, "", &report);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), &*session, s.message());
  std::string body = "<p class=\"back\"><a href=\"/transfer\">← 移交</a></p>\n<h1>" +
                     HtmlEscape(name) + " <span class=\"state state-" +
                     (report.passed() ? "kept\">检测通过" : "destroyed\">检测不通过") +
                     "</span></h1>\n";
  if (Param(req, "done") == "export") {
    body += html::Notice("ok", "已导出数据包：" + Param(req, "items") + " 件，" +
                                   Param(req, "files") + " 个文件。以下为移交接收检测的结果。");
  }
  size_t failed = 0, skipped = 0;
  for (const jobs::PropertyCheck& c : report.checks) {
    failed += c.outcome == jobs::kCheckFailed;
    skipped += c.outcome == jobs::kCheckSkipped;
  }
  body += "<p class=\"count report-summary\">DA/T 70-2018 移交接收检测 " +
          HtmlEscape(report.checked_at) + "：共 <strong>" + std::to_string(report.checks.size()) +
          "</strong> 项，不通过 " + std::to_string(failed) + " 项，未检测 " +
          std::to_string(skipped) + " 项。</p>\n<p class=\"actions\"><a class=\"button\" href=\"" +
          PackageUrl(name) + "/report.pdf\">检测报告（PDF）</a></p>\n";
  std::string rows;
  for (const jobs::PropertyCheck& c : Ordered(report)) {
    const char* kind = c.outcome == jobs::kCheckFailed    ? "failed"
                       : c.outcome == jobs::kCheckSkipped ? "skipped"
                                                          : "passed";
    rows += std::string("<tr class=\"check-") + kind + "\"><td class=\"nowrap\">" +
            HtmlEscape(c.property) + "</td><td>" + HtmlEscape(c.item) +
            "</td><td class=\"subject\">" + HtmlEscape(c.subject) +
            "</td><td class=\"outcome\"><strong>" + HtmlEscape(c.outcome) + "</strong></td><td>" +
            HtmlEscape(c.detail) + "</td></tr>\n";
  }
  body +=
      "<div class=\"table-scroll\"><table class=\"list checks\"><thead><tr><th "
      "scope=\"col\">检测项</th><th scope=\"col\">项目</th><th scope=\"col\">对象</th><th "
      "scope=\"col\">结果</th><th scope=\"col\">说明</th></tr></thead><tbody>\n" +
      rows + "</tbody></table></div>\n";
  Core::SendHtml(res, 200, html::Page("移交检测 " + name, &*session, "/transfer", body));
}

void ReportPdf(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireTransferPage(core, req, res);
  if (!session) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  const std::string name = req.matches[1].str();
  std::string dir, bytes;
  jobs::FourPropertyReport report;
  Status s = PackageDir(ctx, name, &dir);
  if (s.ok()) s = jobs::VerifyPackage(ctx, dir, "", &report);
  jobs::ScratchDir scratch(ctx.archive_dir);
  if (s.ok()) s = scratch.status();
  const std::string pdf = scratch.path() + "/report.pdf";
  report.subject = name;  // the package as the clerk named it, not the machine's path
  if (s.ok()) s = jobs::RenderFourPropertyReport(ctx, report, pdf);
  if (s.ok()) s = jobs::ReadWholeFile(pdf, &bytes);
  if (!s.ok()) return SendErrorPage(res, Core::HttpStatusOf(s), &*session, s.message());
  SendDocument(res, bytes, "四性检测报告-" + name + ".pdf", "pdf");
}

void RegisterTransferPages(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  http.Get("/transfer", [c](const httplib::Request& req, httplib::Response& res) {
    TransferPage(*c, req, res);
  });
  http.Post("/transfer/export",
            [c](const httplib::Request& req, httplib::Response& res) { ExportPost(*c, req, res); });
  const std::string one = std::string("/transfer/packages/") + kNamePattern;
  http.Get(one + "/report\\.pdf",
           [c](const httplib::Request& req, httplib::Response& res) { ReportPdf(*c, req, res); });
  http.Get(one,
           [c](const httplib::Request& req, httplib::Response& res) { PackagePage(*c, req, res); });
}

}  // namespace

void RegisterTransferRoutes(Core& core) {
  RegisterOpenReviewApi(core);
  RegisterOpenReviewPages(core);
  RegisterTransferApi(core);
  RegisterTransferPages(core);
}

}  // namespace dangan::server
