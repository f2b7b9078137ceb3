// The archivist's desk: server-rendered pages over the same jobs as the command line and the
// API, each run with the signed-in account's context (its name as "who", its clearance). An item
// above the reader's clearance answers exactly as a missing one: the same 404 page.
#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/accounts/roles.h"
#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/json.h"
#include "dangan/jobs/use_copy.h"
#include "dangan/records/item_kinds.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"
#include "dangan/records/text.h"
#include "html.h"

namespace dangan::server {

namespace {

using accounts::Action;
using accounts::Allows;
using accounts::Role;

constexpr size_t kSearchPageSize = 20;
constexpr size_t kAuditPageSize = 50;

void SendPage(httplib::Response& res, int status, const std::string& page) {
  Core::SendHtml(res, status, page);
}

void SendError(httplib::Response& res, int status, const Session* session,
               const std::string& detail = "") {
  SendPage(res, status, html::ErrorPage(status, session, detail));
}

// After a change: back to the page by GET (so that reloading does not post again).
void SeeOther(httplib::Response& res, const std::string& location) {
  res.status = 303;
  res.set_header("Location", location);
}

std::string Param(const httplib::Request& req, const char* name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

// Every parameter the page reads, checked once (clean text, no "../", no NUL): a bad one is a
// 400 page, never passed on.
bool CheckParams(const httplib::Request& req, httplib::Response& res, const Session* session,
                 std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!req.has_param(name)) continue;
    Status s = CheckParameter(name, req.get_param_value(name));
    if (!s.ok()) {
      SendError(res, 400, session, s.message());
      return false;
    }
  }
  return true;
}

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string PeriodLabel(const std::string& code) {
  std::optional<Retention> r = ParseRetentionCode(code);
  return r ? RetentionName(*r) : code;
}

// 2024-03-05T10:12:10+08:00 as 2024-03-05 10:12:10.
std::string When(const std::string& at) {
  if (at.size() < 19 || at[10] != 'T') return at;
  return at.substr(0, 10) + " " + at.substr(11, 8);
}

bool MayRunChecks(const accounts::Account& a) {
  return Allows(a.role, Action::kRunChecks) ||
         (a.role == Role::kArchivist && a.clearance == Secrecy::kSecret);
}

// The session, when the account's role allows `action`: Core::Require answers a missing session
// (to the login page) and a bad CSRF token; a role that may not is answered here, with the
// desk's own 403 page and its navigation.
std::optional<Session> RequireFor(Core& core, const httplib::Request& req, httplib::Response& res,
                                  Action action) {
  std::optional<Session> session = core.Require(req, res);
  if (session && !Allows(session->account.role, action)) {
    SendError(res, 403, &*session,
              std::string("您的角色（") + accounts::RoleName(session->account.role) +
                  "）不能进行此操作。");
    return std::nullopt;
  }
  return session;
}

// ---- sign in ------------------------------------------------------------------------------

std::string LoginBody(const std::string& user, const std::string& error) {
  std::string body = "<section class=\"login\">\n<h1>登录档案管理</h1>\n";
  if (!error.empty()) body += html::Notice("error", error);
  body +=
      "<form method=\"post\" action=\"/login\" class=\"stack\">\n"
      "<label for=\"user\">用户名</label>\n"
      "<input id=\"user\" name=\"user\" autocomplete=\"username\" required autofocus value=\"" +
      HtmlEscape(user) +
      "\">\n"
      "<label for=\"password\">密码</label>\n"
      "<input id=\"password\" name=\"password\" type=\"password\" "
      "autocomplete=\"current-password\" required>\n"
      "<button type=\"submit\" class=\"primary\">登录</button>\n</form>\n"
      "<p class=\"hint\">账号由管理员开设。连续输错 5 次密码，账号将锁定 15 分钟。</p>\n"
      "</section>";
  return body;
}

// Where a signed-in account starts: the first page its role may use.
std::string Landing(const accounts::Account& a) {
  if (a.role == Role::kClerk) return "/forms";  // a clerk's work is filling forms
  if (Allows(a.role, Action::kSearchAndRead)) return "/search";
  if (Allows(a.role, Action::kReadAuditLog)) return "/audit";
  if (Allows(a.role, Action::kManageAccounts)) return "/users";
  return "";
}

void LoginPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = core.SessionOf(req);
  if (!session) {
    SendPage(res, 200, html::Page("登录", nullptr, "", LoginBody("", "")));
    return;
  }
  const std::string landing = Landing(session->account);
  if (!landing.empty()) {
    SeeOther(res, landing);
    return;
  }
  SendError(res, 403, &*session, "此账户没有可用的页面。");
}

void Login(Core& core, const httplib::Request& req, httplib::Response& res) {
  const std::string user = Param(req, "user");
  const std::string password = Param(req, "password");
  Session session;
  Status s = core.SignIn(user, password, res, &session);
  if (s.ok()) {
    const std::string landing = Landing(session.account);
    SeeOther(res, landing.empty() ? "/" : landing);
    return;
  }
  const int status = s.code() == Status::Code::kResourceExhausted ? 429 : 401;
  SendPage(res, status,
           html::Page("登录", nullptr, "", LoginBody(IsValidUtf8(user) ? user : "", s.message())));
}

void Logout(Core& core, const httplib::Request& req, httplib::Response& res) {
  if (!core.Require(req, res)) return;
  core.SignOut(req, res);
  SeeOther(res, "/");
}

// ---- search -------------------------------------------------------------------------------

const char* const kSearchParams[] = {"q",       "year", "dept", "category", "retention",
                                     "secrecy", "from", "to",   "page"};

// The year filter: 2024 or 2020-2024.
bool ParseYears(const std::string& text, ListFilter* filter) {
  int from = 0, to = 0;
  char dash = 0;
  char rest = 0;
  const int n = std::sscanf(text.c_str(), "%d%c%d%c", &from, &dash, &to, &rest);
  if (n == 1 && text.find_first_not_of("0123456789 ") == std::string::npos) {
    to = from;
  } else if (!(n == 3 && dash == '-')) {
    return false;
  }
  if (!IsRecordYear(from) || !IsRecordYear(to) || to < from) return false;
  filter->year_from = from;
  filter->year_to = to;
  return true;
}

std::string SearchQueryString(const httplib::Request& req, size_t page) {
  std::string qs;
  for (const char* name : kSearchParams) {
    if (std::string(name) == "page") continue;
    const std::string v = Param(req, name);
    if (v.empty()) continue;
    qs += (qs.empty() ? "?" : "&") + std::string(name) + "=" + html::UrlEncode(v);
  }
  if (page > 1) qs += (qs.empty() ? "?" : "&") + std::string("page=") + std::to_string(page);
  return "/search" + qs;
}

std::string SearchForm(const httplib::Request& req, const Session& session) {
  const std::string retention = Param(req, "retention");
  const std::string secrecy = Param(req, "secrecy");
  std::string f =
      "<form method=\"get\" action=\"/search\" class=\"search\" role=\"search\">\n"
      "<div class=\"query\"><label for=\"q\">检索词</label>"
      "<input id=\"q\" name=\"q\" type=\"search\" value=\"" +
      HtmlEscape(Param(req, "q")) +
      "\" placeholder=\"题名、正文、档号，也可以用拼音\" autofocus>"
      "<button type=\"submit\" class=\"primary\">检索</button></div>\n"
      "<fieldset class=\"filters\"><legend>筛选</legend>\n"
      "<div><label for=\"year\">年度</label><input id=\"year\" name=\"year\" size=\"11\" "
      "title=\"一个年度如 2024，或范围如 2020-2024\" "
      "inputmode=\"numeric\" placeholder=\"如 2020-2024\" value=\"" +
      HtmlEscape(Param(req, "year")) +
      "\"></div>\n"
      "<div><label for=\"dept\">机构</label><input id=\"dept\" name=\"dept\" size=\"7\" "
      "placeholder=\"如 BGS\" value=\"" +
      // A fresh search page starts from the account's own 机构 (its listings' default); the
      // clerk clears it to search every department.
      HtmlEscape(req.params.empty() ? session.account.dept : Param(req, "dept")) +
      "\"></div>\n"
      "<div><label for=\"category\">门类</label><input id=\"category\" name=\"category\" "
      "size=\"5\" placeholder=\"如 WS\" value=\"" +
      HtmlEscape(Param(req, "category")) +
      "\"></div>\n"
      "<div><label for=\"retention\">保管期限</label><select id=\"retention\" "
      "name=\"retention\">" +
      html::Option("", "全部", retention) + html::Option("Y", "永久", retention) +
      html::Option("D30", "定期30年", retention) + html::Option("D10", "定期10年", retention) +
      "</select></div>\n<div><label for=\"secrecy\">密级</label><select id=\"secrecy\" "
      "name=\"secrecy\">" +
      html::Option("", "全部", secrecy);
  for (Secrecy level :
       {Secrecy::kPublic, Secrecy::kInternal, Secrecy::kConfidential, Secrecy::kSecret}) {
    if (!MaySee(session.account.clearance, level)) continue;
    f += html::Option(SecrecyName(level), SecrecyName(level), secrecy);
  }
  f += "</select></div>\n"
       "<div><label for=\"from\">日期从</label><input id=\"from\" name=\"from\" type=\"date\" "
       "value=\"" +
       HtmlEscape(Param(req, "from")) +
       "\"></div>\n"
       "<div><label for=\"to\">到</label><input id=\"to\" name=\"to\" type=\"date\" value=\"" +
       HtmlEscape(Param(req, "to")) + "\"></div>\n</fieldset>\n</form>\n";
  return f;
}

std::string Pager(const httplib::Request& req, size_t page, size_t total, bool more) {
  const size_t pages = (total + kSearchPageSize - 1) / kSearchPageSize;
  if (pages <= 1 && !more) return "";
  std::string p = "<nav class=\"pager\" aria-label=\"翻页\">";
  if (page > 1) {
    p += "<a href=\"" + HtmlEscape(SearchQueryString(req, page - 1)) + "\" rel=\"prev\">上一页</a>";
  }
  p += "<span>第 " + std::to_string(page) + " 页" +
       (more ? std::string() : "，共 " + std::to_string(std::max<size_t>(pages, 1)) + " 页") +
       "</span>";
  if (page < pages || more) {
    p += "<a href=\"" + HtmlEscape(SearchQueryString(req, page + 1)) + "\" rel=\"next\">下一页</a>";
  }
  return p + "</nav>\n";
}

std::string HitRow(const ItemRecord& item, const std::string& snippet_html) {
  std::string url = html::ItemUrl(item.danghao);
  std::string row = "<li class=\"hit\"><div class=\"hit-head\"><a class=\"danghao\" href=\"" + url +
                    "\">" + HtmlEscape(item.danghao) + "</a><a class=\"title\" href=\"" + url +
                    "\">" + HtmlEscape(item.title.empty() ? "（无题名）" : item.title) +
                    "</a><span class=\"date\">" + HtmlEscape(item.date) + "</span>";
  if (!item.secrecy.empty() && item.secrecy != "公开") {
    row += "<span class=\"tag\">" + HtmlEscape(item.secrecy) + "</span>";
  }
  if (item.hold) row += "<span class=\"tag hold\">冻结</span>";
  row += "</div>";
  if (!snippet_html.empty()) row += "<p class=\"snippet\">" + snippet_html + "</p>";
  return row + "</li>\n";
}

void SearchPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kSearchAndRead);
  if (!session) return;
  for (const char* name : kSearchParams) {
    if (!CheckParams(req, res, &*session, {name})) return;
  }
  std::string body = "<h1>检索档案</h1>\n" + SearchForm(req, *session);

  ListFilter filter;
  std::string error;
  const std::string years = Trim(Param(req, "year"));
  if (!years.empty() && !ParseYears(years, &filter)) {
    error = "年度应为四位数字，如 2024，或范围 2020-2024，而不是「" + years + "」";
  }
  filter.department = Trim(Param(req, "dept"));
  filter.category = Trim(Param(req, "category"));
  filter.retention = Param(req, "retention");
  filter.secrecy = Param(req, "secrecy");
  size_t page = 1;
  const std::string page_text = Param(req, "page");
  if (!page_text.empty()) {
    if (page_text.size() > 6 || page_text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoul(page_text) < 1) {
      error = "页码应为正整数";
    } else {
      page = std::stoul(page_text);
    }
  }
  filter.limit = kSearchPageSize;
  filter.offset = (page - 1) * kSearchPageSize;
  std::string from, to;
  for (const char* name : {"from", "to"}) {
    const std::string given = Trim(Param(req, name));
    if (given.empty()) continue;
    const std::string date = NormalizeDate(given);
    if (date.empty())
      error = std::string(name == std::string("from") ? "日期从" : "日期到") + "「" + given +
              "」不是有效日期";
    (name == std::string("from") ? from : to) = date;
  }
  if (!error.empty()) {
    SendPage(res, 400,
             html::Page("检索", &*session, "/search", body + html::Notice("error", error)));
    return;
  }

  const std::string q = Trim(Param(req, "q"));
  const bool any_filter = filter.year_from || !filter.department.empty() ||
                          !filter.category.empty() || !filter.retention.empty() ||
                          !filter.secrecy.empty();
  const jobs::JobContext ctx = core.ContextFor(*session);
  std::string list;
  size_t total = 0;
  bool more = false;
  size_t shown = 0;
  Status s;
  if (!q.empty()) {
    SearchRequest request;
    request.query = q;
    request.filter = filter;
    request.date_from = from;
    request.date_to = to;
    SearchResults results;
    s = jobs::Search(ctx, request, &results);
    if (s.ok()) {
      total = results.total;
      more = results.total_is_lower_bound && results.hits.size() == kSearchPageSize;
      shown = results.hits.size();
      for (const SearchHit& h : results.hits) list += HitRow(h.item, html::Snippet(h.snippet));
      if (results.total_is_lower_bound) {
        body += "<p class=\"count\" role=\"status\">命中超过 " + std::to_string(kSearchExactLimit) +
                " 件，按归档先后排列，题名命中在前；加检索词或筛选条件可缩小范围。</p>\n";
      } else {
        body += "<p class=\"count\" role=\"status\">共命中 <strong>" + std::to_string(total) +
                "</strong> 件" + (results.ranked ? "" : "（按归档先后排列，题名命中在前）") +
                "</p>\n";
      }
    }
  } else if (any_filter || !from.empty() || !to.empty()) {
    // No words: the items under the filters, in 档号 order (dates are a search filter only).
    if (!from.empty() || !to.empty()) {
      s = Status::InvalidArgument("按日期筛选时请输入检索词");
    } else {
      std::vector<ItemRecord> items;
      s = jobs::List(ctx, filter, &items, &total);
      if (s.ok()) {
        shown = items.size();
        for (const ItemRecord& item : items) list += HitRow(item, "");
        body += "<p class=\"count\" role=\"status\">符合条件的档案共 <strong>" +
                std::to_string(total) + "</strong> 件</p>\n";
      }
    }
  } else {
    body +=
        "<p class=\"hint\">输入题名、正文中的词语或档号检索；拼音（如 hetong）与繁体字也能检索。"
        "用空格分隔多个词，用引号检索词组。</p>\n";
  }
  if (!s.ok()) {
    SendPage(res, s.code() == Status::Code::kInvalidArgument ? 400 : Core::HttpStatusOf(s),
             html::Page("检索", &*session, "/search", body + html::ProblemList(s)));
    return;
  }
  if (shown > 0) {
    body += "<ol class=\"hits\" start=\"" + std::to_string(filter.offset + 1) + "\">\n" + list +
            "</ol>\n" + Pager(req, page, total, more);
  } else if (!q.empty() || any_filter) {
    body += "<p class=\"empty\">没有找到符合条件的档案。</p>\n";
  }
  SendPage(res, 200, html::Page(q.empty() ? "检索" : q + " · 检索", &*session, "/search", body));
}

// ---- the item -----------------------------------------------------------------------------

std::string Row(const char* label, const std::string& value_html) {
  return std::string("<tr><th scope=\"row\">") + label + "</th><td>" + value_html + "</td></tr>\n";
}

std::string Metadata(const ItemRecord& item) {
  std::string t = "<table class=\"meta\">\n";
  t += Row("档号", "<span class=\"danghao\">" + HtmlEscape(item.danghao) + "</span>");
  t += Row("题名", HtmlEscape(item.title));
  t += Row("责任者", HtmlEscape(item.responsible));
  t += Row("文号", HtmlEscape(item.doc_ref));
  t += Row("日期", HtmlEscape(item.date));
  t += Row("密级", HtmlEscape(item.secrecy));
  t += Row("保管期限", HtmlEscape(PeriodLabel(item.retention)));
  t += Row("全宗号", HtmlEscape(item.fonds));
  t += Row("门类", HtmlEscape(item.category));
  t += Row("年度", item.year ? std::to_string(item.year) : "");
  t += Row("机构", HtmlEscape(item.department));
  t += Row("件号", item.piece ? std::to_string(item.piece) : "");
  t += Row("页数", std::to_string(item.pages));
  if (!item.notes.empty()) t += Row("备注", html::MultiLine(item.notes));
  std::optional<ItemSource> source = ParseItemSource(item.source);
  t += Row("来源", HtmlEscape(source ? ItemSourceName(*source) : item.source));
  if (!item.template_id.empty()) {
    t += Row("生成自",
             HtmlEscape(item.template_id) + "（文档编号 " + HtmlEscape(item.doc_number) + "）");
  }
  t += Row("冻结", item.hold
                       ? "<strong class=\"hold\">已冻结</strong>：" + HtmlEscape(item.hold_reason)
                       : std::string("否"));
  t += Row("归档", HtmlEscape(When(item.filed_at)) + "，" + HtmlEscape(item.filed_by));
  if (!item.open_status.empty()) {  // 开放审核 (issue 17)
    t += Row("开放审核", "<strong>" + HtmlEscape(item.open_status) + "</strong>" +
                             (item.open_reason.empty() ? "" : "：" + HtmlEscape(item.open_reason)) +
                             "（" + HtmlEscape(item.open_reviewed_at) + "，" +
                             HtmlEscape(item.open_reviewed_by) + "）");
  }
  if (item.destroyed) {
    t +=
        Row("销毁", "<strong class=\"destroyed\">已销毁</strong> " + HtmlEscape(item.destroyed_at) +
                        "，销毁清册 <a href=\"" + html::ItemUrl(item.destruction_list) + "\">" +
                        HtmlEscape(item.destruction_list) + "</a>");
  }
  return t + "</table>\n";
}

// A destroyed item keeps its catalogue entry and digests (issue 16): why it is gone and what it
// held, where the files would be.
std::string DestroyedFiles(const ItemRecord& item) {
  std::string out =
      "<div class=\"notice destroyed-notice\" role=\"status\"><p><strong>已销毁</strong>：" +
      HtmlEscape(item.destroyed_at) + " 按销毁清册 <a href=\"" +
      html::ItemUrl(item.destruction_list) + "\">" + HtmlEscape(item.destruction_list) +
      "</a> 销毁，文件已从库中删除；著录信息和校验值保留备查。</p></div>\n";
  if (item.files.empty()) return out;
  out += "<ol class=\"files destroyed\">\n";
  for (const StoredFile& f : item.files) {
    out += "<li class=\"file\"><div class=\"file-head\"><span class=\"tag\">" +
           std::string(FileRoleName(f.role)) + "</span><span>" + HtmlEscape(f.name) +
           "</span><span class=\"muted\">" + HtmlEscape(f.media_type) + "，" +
           std::to_string(f.pages) + " 页，" + html::Bytes(f.size) +
           "</span></div><p class=\"digest\">SHA-256 <code>" + HtmlEscape(f.sha256) +
           "</code></p><p class=\"digest\">SM3 <code>" + HtmlEscape(f.sm3) + "</code></p></li>\n";
  }
  return out + "</ol>\n";
}

std::string Files(const ItemRecord& item) {
  if (item.files.empty()) return "<p class=\"empty\">此件没有文件（仅有目录著录）。</p>\n";
  // Served by the desk itself (ViewFile): the API's answers forbid any framing, and a PDF is
  // shown in an <iframe> of this page.
  const std::string base = html::ItemUrl(item.danghao) + "/files/";
  std::string out = "<ol class=\"files\">\n";
  for (size_t i = 0; i < item.files.size(); ++i) {
    const StoredFile& f = item.files[i];
    const std::string url = base + std::to_string(i + 1);
    const std::string name = HtmlEscape(f.name);
    out += "<li class=\"file\"><div class=\"file-head\"><span class=\"tag\">" +
           std::string(FileRoleName(f.role)) + "</span><a href=\"" + url +
           "\" target=\"_blank\" rel=\"noopener\">" + name + "</a><span class=\"muted\">" +
           HtmlEscape(f.media_type) + "，" + std::to_string(f.pages) + " 页，" +
           html::Bytes(f.size) + "</span><a href=\"" + url + "?download=1\">下载</a></div>\n";
    if (f.media_type == "application/pdf") {
      out += "<iframe class=\"viewer\" src=\"" + url + "\" title=\"" + name +
             "\" loading=\"lazy\"></iframe>\n";
    } else if (f.media_type == "image/png" || f.media_type == "image/jpeg") {
      out += "<img class=\"scan\" src=\"" + url + "\" alt=\"" + name + "\" loading=\"lazy\">\n";
    } else {
      out += "<p class=\"muted\">浏览器不能直接显示此格式，请点击文件名下载查看。</p>\n";
    }
    out += "<details class=\"digests\"><summary>校验值</summary><p>SHA-256 <code>" +
           HtmlEscape(f.sha256) + "</code></p><p>SM3 <code>" + HtmlEscape(f.sm3) +
           "</code></p></details></li>\n";
  }
  return out + "</ol>\n";
}

// The JSON detail of an audit entry as a clerk reads it: "题名：旧 → 新" for a change, the
// named values otherwise (files counted, not listed); anything unreadable as it is.
const char* KeyLabel(const std::string& key) {
  static const std::map<std::string, const char*> kLabels = {
      {"title", "题名"},          {"responsible", "责任者"},
      {"doc_ref", "文号"},        {"date", "日期"},
      {"secrecy", "密级"},        {"notes", "备注"},
      {"retention", "保管期限"},  {"department", "机构"},
      {"category", "门类"},       {"year", "年度"},
      {"piece", "件号"},          {"pages", "页数"},
      {"fonds", "全宗号"},        {"hold", "冻结"},
      {"reason", "原因"},         {"hold_reason", "冻结原因"},
      {"source", "来源"},         {"files", "文件"},
      {"file", "文件"},           {"name", "名称"},
      {"role", "角色"},           {"clearance", "密级"},
      {"dept", "机构"},           {"template_id", "表单"},
      {"doc_number", "文档编号"}, {"filed_at", "归档时间"},
      {"filed_by", "归档人"}};
  auto it = kLabels.find(key);
  return it == kLabels.end() ? nullptr : it->second;
}

std::string ValueText(const jobs::Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "是" : "否";
  if (v.is_array()) return std::to_string(v.size()) + " 项";
  if (v.is_object()) return std::to_string(v.size()) + " 项";
  return jobs::DumpJson(v, -1);
}

std::string DetailText(const std::string& detail) {
  jobs::Json j = jobs::Json::parse(detail, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return HtmlEscape(detail);
  std::vector<std::string> parts;
  auto label = [](const std::string& key) {
    const char* l = KeyLabel(key);
    return l ? std::string(l) : key;
  };
  if (j.contains("old") && j.contains("new") && j["old"].is_object() && j["new"].is_object()) {
    for (const auto& [key, now] : j["new"].items()) {
      const std::string before = j["old"].contains(key) ? ValueText(j["old"][key]) : "";
      parts.push_back(HtmlEscape(label(key)) + "：" + HtmlEscape(before) + " → " +
                      HtmlEscape(ValueText(now)));
    }
    if (j.contains("reason") && j["reason"].is_string()) {
      parts.push_back("修改原因：" + HtmlEscape(j["reason"].get<std::string>()));
    }
  } else {
    for (const auto& [key, value] : j.items()) {
      if (key == "class_key" || key == "import_key" || key == "sha256" || key == "sm3") continue;
      if ((value.is_string() && value.get<std::string>().empty()) || value.is_null()) continue;
      if (!KeyLabel(key) && !value.is_string()) continue;
      parts.push_back(HtmlEscape(label(key)) + "：" + HtmlEscape(ValueText(value)));
    }
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "；") + p;
  return out;
}

std::string AuditTable(const std::vector<AuditEntry>& entries, bool with_danghao) {
  if (entries.empty()) return "<p class=\"empty\">没有记录。</p>\n";
  std::string t =
      "<table class=\"log\">\n<thead><tr><th scope=\"col\">时间</th>"
      "<th scope=\"col\">操作人</th><th scope=\"col\">操作</th>";
  if (with_danghao) t += "<th scope=\"col\">档号</th>";
  t += "<th scope=\"col\">详情</th></tr></thead>\n<tbody>\n";
  for (const AuditEntry& e : entries) {
    t += "<tr><td class=\"nowrap\">" + HtmlEscape(When(e.at)) + "</td><td class=\"nowrap\">" +
         HtmlEscape(e.who) + "</td><td class=\"nowrap\">" + HtmlEscape(e.action) + "</td>";
    if (with_danghao) {
      t += "<td class=\"nowrap\">" +
           (e.danghao.empty() ? std::string()
                              : "<a href=\"" + html::ItemUrl(e.danghao) + "\">" +
                                    HtmlEscape(e.danghao) + "</a>") +
           "</td>";
    }
    t += "<td class=\"detail\">" + DetailText(e.detail) + "</td></tr>\n";
  }
  return t + "</tbody>\n</table>\n";
}

std::string CopyForm(const ItemRecord& item, const Session& session) {
  return "<section class=\"panel\" aria-labelledby=\"copy-h\"><h2 id=\"copy-h\">利用副本</h2>\n"
         "<p class=\"hint\">下载加盖归档章的 PDF 副本；原件不变，出具记录写入审计日志。</p>\n"
         "<form method=\"post\" action=\"" +
         html::ItemUrl(item.danghao) + "/copy\" class=\"inline\">\n" + html::CsrfField(session) +
         "<label for=\"reason\">利用目的</label>"
         "<input id=\"reason\" name=\"reason\" required maxlength=\"200\" "
         "placeholder=\"如：合同纠纷查证\">"
         "<button type=\"submit\">下载利用副本</button>\n</form></section>\n";
}

std::string EditForm(const ItemRecord& item, const Session& session) {
  std::string f =
      "<section class=\"panel\" aria-labelledby=\"edit-h\"><h2 id=\"edit-h\">修改著录</h2>\n"
      "<p class=\"hint\">只修改有变化的项；原值和新值都写入审计日志。</p>\n"
      "<form method=\"post\" action=\"" +
      html::ItemUrl(item.danghao) + "/edit\" class=\"grid\">\n" + html::CsrfField(session);
  const std::pair<const char*, const std::string*> kFields[] = {
      {"题名", &item.title}, {"责任者", &item.responsible}, {"文号", &item.doc_ref}};
  int n = 0;
  for (const auto& [label, value] : kFields) {
    const std::string id = "edit-" + std::to_string(++n);
    f += std::string("<label for=\"") + id + "\">" + label + "</label><input id=\"" + id +
         "\" name=\"" + label + "\" value=\"" + HtmlEscape(*value) + "\">\n";
  }
  f += "<label for=\"edit-date\">日期</label><input id=\"edit-date\" name=\"日期\" type=\"date\" "
       "value=\"" +
       HtmlEscape(item.date) + "\">\n";
  f += "<label for=\"edit-secrecy\">密级</label><select id=\"edit-secrecy\" name=\"密级\">";
  for (Secrecy level :
       {Secrecy::kPublic, Secrecy::kInternal, Secrecy::kConfidential, Secrecy::kSecret}) {
    if (!MaySee(session.account.clearance, level)) continue;
    f += html::Option(SecrecyName(level), SecrecyName(level), item.secrecy);
  }
  f += "</select>\n<label for=\"edit-notes\">备注</label><textarea id=\"edit-notes\" "
       "name=\"备注\" rows=\"3\">" +
       HtmlEscape(item.notes) +
       "</textarea>\n<label for=\"edit-reason\">修改原因</label><input id=\"edit-reason\" "
       "name=\"reason\" required placeholder=\"如：题名与原件不符\">\n"
       "<div class=\"actions\"><button type=\"submit\">保存修改</button></div>\n"
       "</form></section>\n";
  return f;
}

std::string HoldForm(const ItemRecord& item, const Session& session) {
  std::string f =
      "<section class=\"panel\" aria-labelledby=\"hold-h\"><h2 id=\"hold-h\">冻结</h2>\n"
      "<form method=\"post\" action=\"" +
      html::ItemUrl(item.danghao) + "/hold\" class=\"inline\">\n" + html::CsrfField(session);
  if (item.hold) {
    f += "<p>已冻结：" + HtmlEscape(item.hold_reason) +
         "</p><input type=\"hidden\" name=\"hold\" value=\"0\">"
         "<button type=\"submit\">解除冻结</button>\n";
  } else {
    f += "<input type=\"hidden\" name=\"hold\" value=\"1\"><label for=\"hold-reason\">冻结原因"
         "</label><input id=\"hold-reason\" name=\"reason\" required maxlength=\"200\" "
         "placeholder=\"如：诉讼未结\"><button type=\"submit\">冻结</button>\n";
  }
  return f + "</form></section>\n";
}

std::string RetentionForm(const ItemRecord& item, const Session& session) {
  std::optional<Retention> now = ParseRetentionCode(item.retention);
  std::string options;
  for (const char* code : {"D30", "Y"}) {
    std::optional<Retention> r = ParseRetentionCode(code);
    if (now && r && Longer(*now, *r) == *now) continue;  // only lengthening is allowed
    options += html::Option(code, RetentionName(*r), "");
  }
  std::string f =
      "<section class=\"panel\" aria-labelledby=\"ret-h\"><h2 id=\"ret-h\">保管期限</h2>\n";
  if (options.empty()) {
    return f + "<p>当前为" + HtmlEscape(PeriodLabel(item.retention)) +
           "，已是最长期限。</p></section>\n";
  }
  return f + "<form method=\"post\" action=\"" + html::ItemUrl(item.danghao) +
         "/retention\" class=\"inline\">\n" + html::CsrfField(session) +
         "<label for=\"retention-new\">延长为</label><select id=\"retention-new\" "
         "name=\"retention\">" +
         options +
         "</select><button type=\"submit\">延长期限</button>\n"
         "</form><p class=\"hint\">保管期限只能延长，不能缩短。</p></section>\n";
}

const std::map<std::string, std::string>& DoneMessages() {
  static const std::map<std::string, std::string> kDone = {{"edit", "已保存修改。"},
                                                           {"noedit", "没有修改任何著录项。"},
                                                           {"hold", "已冻结。"},
                                                           {"release", "已解除冻结。"},
                                                           {"retention", "已延长保管期限。"}};
  return kDone;
}

// The item page; `notice` (HTML) above it, e.g. the problems of a change just refused.
void RenderItem(Core& core, const Session& session, const std::string& danghao,
                const std::string& notice, int status, httplib::Response& res) {
  const jobs::JobContext ctx = core.ContextFor(session);
  ItemRecord item;
  Status s = jobs::Show(ctx, danghao, &item);
  if (s.code() == Status::Code::kNotFound) {
    SendError(res, 404, &session);  // above the clearance: the very same page
    return;
  }
  if (!s.ok()) {
    SendError(res, Core::HttpStatusOf(s), &session, s.message());
    return;
  }
  std::vector<AuditEntry> history;
  Status h = jobs::AuditShow(ctx, item.danghao, &history);
  std::reverse(history.begin(), history.end());  // newest first
  // Every look is logged, so a much-read item has a long history: the page shows the latest.
  constexpr size_t kHistoryShown = 100;
  const size_t history_total = history.size();
  if (history.size() > kHistoryShown) history.resize(kHistoryShown);

  const accounts::Account& a = session.account;
  std::string body = "<p class=\"crumbs\"><a href=\"/search\">检索</a> › " +
                     HtmlEscape(item.danghao) + "</p>\n<h1>" +
                     HtmlEscape(item.title.empty() ? item.danghao : item.title) + "</h1>\n" +
                     notice;
  body +=
      "<div class=\"item\">\n<div class=\"item-main\">\n<section aria-labelledby=\"meta-h\">"
      "<h2 id=\"meta-h\">著录信息</h2>\n" +
      Metadata(item) + "</section>\n";
  body += "<section aria-labelledby=\"files-h\"><h2 id=\"files-h\">文件</h2>\n" +
          (item.destroyed ? DestroyedFiles(item) : Files(item)) +
          "</section>\n</div>\n<aside class=\"item-side\">\n";
  // Nothing is left to copy, hold or keep longer once destroyed.
  if (!item.destroyed) {
    if (Allows(a.role, Action::kIssueCopies)) body += CopyForm(item, session);
    if (Allows(a.role, Action::kEditRecords)) body += EditForm(item, session);
    if (Allows(a.role, Action::kHolds)) body += HoldForm(item, session);
    if (Allows(a.role, Action::kRetention)) body += RetentionForm(item, session);
  }
  body += "</aside>\n</div>\n<section aria-labelledby=\"log-h\"><h2 id=\"log-h\">审计记录</h2>\n" +
          (h.ok() ? AuditTable(history, false) : html::ProblemList(h)) +
          (history_total > kHistoryShown
               ? "<p class=\"hint\">共 " + std::to_string(history_total) + " 条，只显示最近 " +
                     std::to_string(kHistoryShown) + " 条。</p>\n"
               : std::string()) +
          "</section>\n";
  SendPage(res, status,
           html::Page(item.title.empty() ? item.danghao : item.title, &session, "", body));
}

std::string DanghaoOf(const httplib::Request& req) { return req.matches[1].str(); }

bool CheckDanghao(const httplib::Request& req, httplib::Response& res, const Session& session) {
  Status s = CheckParameter("档号", DanghaoOf(req));
  if (s.ok()) return true;
  SendError(res, 404, &session);
  return false;
}

void ItemPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kSearchAndRead);
  if (!session || !CheckDanghao(req, res, *session)) return;
  std::string notice;
  const std::string done = Param(req, "done");
  auto it = DoneMessages().find(done);
  if (it != DoneMessages().end()) notice = html::Notice("ok", it->second);
  RenderItem(core, *session, DanghaoOf(req), notice, 200, res);
}

// A change's outcome: back to the item with a note, or the item page with the problems.
void AfterChange(Core& core, const Session& session, const httplib::Request& req,
                 httplib::Response& res, const Status& s, const std::string& done) {
  if (s.ok()) {
    SeeOther(res, html::ItemUrl(DanghaoOf(req)) + "?done=" + done);
  } else if (s.code() == Status::Code::kNotFound) {
    SendError(res, 404, &session);
  } else {
    RenderItem(core, session, DanghaoOf(req), html::ProblemList(s), Core::HttpStatusOf(s), res);
  }
}

void EditItem(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kEditRecords);
  if (!session || !CheckDanghao(req, res, *session)) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  ItemRecord item;
  Status s = jobs::Show(ctx, DanghaoOf(req), &item);
  std::map<std::string, std::string> changes;
  if (s.ok()) {
    const std::pair<const char*, const std::string*> kFields[] = {
        {"题名", &item.title}, {"责任者", &item.responsible}, {"文号", &item.doc_ref},
        {"日期", &item.date},  {"密级", &item.secrecy},       {"备注", &item.notes}};
    for (const auto& [field, current] : kFields) {
      if (!req.has_param(field)) continue;
      std::string value = req.get_param_value(field);
      if (std::string(field) == "备注") {
        value.erase(std::remove(value.begin(), value.end(), '\r'), value.end());
      } else {
        value = Trim(value);
      }
      if (value != *current) changes[field] = value;
    }
    if (changes.count("日期") && !changes["日期"].empty()) {
      const std::string iso = NormalizeDate(changes["日期"]);
      if (iso.empty()) {
        s = Status::InvalidArgument("日期「" + changes["日期"] + "」不是有效日期");
      } else {
        changes["日期"] = iso;
      }
    }
  }
  if (s.ok() && changes.empty()) {
    AfterChange(core, *session, req, res, s, "noedit");
    return;
  }
  if (s.ok() && Trim(Param(req, "reason")).empty()) {
    s = Status::InvalidArgument("请填写修改原因（记入审计日志）");
  }
  if (s.ok()) s = jobs::Edit(ctx, DanghaoOf(req), changes, Param(req, "reason"));
  AfterChange(core, *session, req, res, s, "edit");
}

void HoldItem(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kHolds);
  if (!session || !CheckDanghao(req, res, *session)) return;
  const bool hold = Param(req, "hold") != "0";
  Status s = jobs::SetHold(core.ContextFor(*session), DanghaoOf(req), hold, Param(req, "reason"));
  AfterChange(core, *session, req, res, s, hold ? "hold" : "release");
}

void LengthenRetention(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kRetention);
  if (!session || !CheckDanghao(req, res, *session)) return;
  Status s = jobs::SetRetention(core.ContextFor(*session), DanghaoOf(req), Param(req, "retention"));
  AfterChange(core, *session, req, res, s, "retention");
}

// A stored file for the item page's viewer (or, with ?download=1, to save). The API serves the
// same bytes, but its answers forbid framing; this one may be framed by the desk's own pages.
void ViewFile(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kSearchAndRead);
  if (!session || !CheckDanghao(req, res, *session)) return;
  ItemRecord item;
  std::string path;
  const size_t n = std::stoul(req.matches[2].str());
  Status s = jobs::OpenStoredFile(core.ContextFor(*session), DanghaoOf(req), n, &item, &path);
  auto in = std::make_shared<std::ifstream>(path, std::ios::binary);
  if (s.ok() && !*in) s = Status::IoError("无法读取存储的文件");
  if (!s.ok()) {
    SendError(res, Core::HttpStatusOf(s), &*session,
              s.code() == Status::Code::kNotFound ? "" : s.message());
    return;
  }
  const StoredFile& file = item.files[n - 1];
  res.headers.erase("Content-Security-Policy");  // the server's default forbids any framing
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; img-src 'self'; "
                 "frame-ancestors 'self'");
  res.set_header("Content-Disposition",
                 std::string(req.has_param("download") ? "attachment" : "inline") +
                     "; filename*=UTF-8''" + html::UrlEncode(file.name));
  res.set_header("Cache-Control", "private, no-store");
  res.set_content_provider(
      file.size, file.media_type.empty() ? "application/octet-stream" : file.media_type,
      [in](size_t offset, size_t length, httplib::DataSink& sink) {
        char buffer[64 * 1024];
        in->seekg(static_cast<std::streamoff>(offset));
        in->read(buffer, static_cast<std::streamsize>(std::min(length, sizeof buffer)));
        const std::streamsize got = in->gcount();
        return got > 0 && sink.write(buffer, static_cast<size_t>(got));
      });
}

// The copy for use (利用副本) with the 归档章, as a download; a POST, since it is logged.
void UseCopy(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kIssueCopies);
  if (!session || !CheckDanghao(req, res, *session)) return;
  const std::string reason = Trim(Param(req, "reason"));
  if (reason.empty()) {
    RenderItem(core, *session, DanghaoOf(req),
               html::Notice("error", "请填写利用目的（出具利用副本的事由）"), 422, res);
    return;
  }
  std::string dir = (std::filesystem::temp_directory_path() / "dangan-copy-XXXXXX").string();
  if (!mkdtemp(dir.data())) {
    SendError(res, 500, &*session, "无法创建临时文件夹");
    return;
  }
  const std::string out = dir + "/copy.pdf";
  jobs::UseCopyResult result;
  Status s = jobs::MakeUseCopy(core.ContextFor(*session), DanghaoOf(req), out, reason, &result);
  std::string bytes;
  if (s.ok()) {
    std::ifstream in(out, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) s = Status::IoError("无法读取利用副本");
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);  // the copy is sent, never kept on the server
  if (!s.ok()) {
    AfterChange(core, *session, req, res, s, "");
    return;
  }
  res.set_header("Content-Disposition", "attachment; filename*=UTF-8''" +
                                            html::UrlEncode(result.item.danghao + " 利用副本.pdf"));
  res.set_content(bytes, "application/pdf");
}

// ---- upload -------------------------------------------------------------------------------

// The account's recent background uploads, each file with its state: after a restart of the
// server, what was still being filed shows here and goes on.
std::string RecentUploads(Core& core, const Session& session) {
  std::vector<UploadTask> tasks;
  if (!core.uploads().ListFor(session.account.name, 10, &tasks).ok() || tasks.empty()) return "";
  std::string out =
      "<section aria-labelledby=\"recent-h\"><h2 id=\"recent-h\">最近的上传</h2>\n"
      "<table class=\"log\"><thead><tr><th>文件</th><th>状态</th><th>档号</th></tr></thead>"
      "<tbody>\n";
  for (const UploadTask& task : tasks) {
    for (const UploadFileState& f : task.files) {
      std::string where = HtmlEscape(f.message);
      if (!f.danghao.empty()) {
        where = "<a href=\"/items/" + html::UrlEncode(f.danghao) + "\">" + HtmlEscape(f.danghao) +
                "</a>";
      }
      out += "<tr><td>" + HtmlEscape(f.name) + "</td><td>" + HtmlEscape(f.state) + "</td><td>" +
             where + "</td></tr>\n";
    }
  }
  return out + "</tbody></table></section>\n";
}

// A 经办人's upload: only the signed scans of their own generated forms, joined by QR code, so
// no catalogue fields to give.
std::string OwnScansForm(Core& core, const Session& session) {
  return "<h1>上传签字扫描件</h1>\n"
         "<p class=\"hint\">经办人可上传自己生成并归档的表单在签字盖章后的扫描件（PDF、PNG、JPEG、"
         "TIFF）。系统读取扫描件上的二维码，自动归入原表单所在的件；没有二维码的文件请交给档案员归"
         "档。"
         "</p>\n"
         "<form id=\"upload-form\" method=\"post\" action=\"/api/files\" "
         "enctype=\"multipart/form-data\" class=\"grid\">\n" +
         html::CsrfField(session) +
         "<input type=\"hidden\" name=\"mode\" value=\"each\">"
         "<label for=\"files\">文件</label><input id=\"files\" name=\"files\" type=\"file\" "
         "multiple required accept=\".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*\">\n"
         "<div class=\"actions\"><button type=\"submit\" class=\"primary\">上传并归档</button>"
         "</div>\n</form>\n"
         "<section aria-labelledby=\"results-h\"><h2 id=\"results-h\">归档结果</h2>\n"
         "<ol id=\"upload-results\" class=\"results\" aria-live=\"polite\"></ol>\n"
         "<p id=\"upload-empty\" class=\"empty\">尚未上传。</p></section>\n" +
         RecentUploads(core, session);
}

void UploadPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kFileOwnGenerated);
  if (!session) return;
  if (!Allows(session->account.role, Action::kFileAny)) {
    SendPage(res, 200,
             html::Page("上传扫描件", &*session, "/upload", OwnScansForm(core, *session)));
    return;
  }
  const std::string year = Today().substr(0, 4);
  std::string body =
      "<h1>上传扫描件</h1>\n"
      "<p class=\"hint\">可一次选择多个文件（PDF、PNG、JPEG、TIFF）。带有本系统二维码的签字扫描件"
      "自动归入原表单所在的件；其余文件按下面的著录信息归档。</p>\n"
      "<form id=\"upload-form\" method=\"post\" action=\"/api/files\" "
      "enctype=\"multipart/form-data\" class=\"grid\">\n" +
      html::CsrfField(*session) +
      "<label for=\"files\">文件</label><input id=\"files\" name=\"files\" type=\"file\" multiple "
      "required accept=\".pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/*\">\n"
      "<fieldset class=\"span\"><legend>多个文件时</legend>"
      "<label class=\"check\"><input type=\"radio\" name=\"mode\" value=\"each\" checked> "
      "每个文件各归档为一件</label>"
      "<label class=\"check\"><input type=\"radio\" name=\"mode\" value=\"one\"> "
      "全部文件合为一件</label></fieldset>\n"
      "<label for=\"u-title\">题名</label><input id=\"u-title\" name=\"title\" "
      "placeholder=\"不填则取文件名\">\n"
      "<label for=\"u-year\">年度</label><input id=\"u-year\" name=\"year\" inputmode=\"numeric\" "
      "size=\"6\" value=\"" +
      year +
      "\">\n"
      "<label for=\"u-dept\">机构</label><input id=\"u-dept\" name=\"dept\" size=\"8\" value=\"" +
      HtmlEscape(session->account.dept) +
      "\">\n"
      "<label for=\"u-category\">门类</label><input id=\"u-category\" name=\"category\" "
      "size=\"4\" value=\"WS\">\n"
      "<label for=\"u-retention\">保管期限</label><select id=\"u-retention\" name=\"retention\">" +
      html::Option("", "按保管期限表", "") + html::Option("Y", "永久", "") +
      html::Option("D30", "定期30年", "") + html::Option("D10", "定期10年", "") +
      "</select>\n<label for=\"u-secrecy\">密级</label><select id=\"u-secrecy\" name=\"secrecy\">";
  for (Secrecy level :
       {Secrecy::kPublic, Secrecy::kInternal, Secrecy::kConfidential, Secrecy::kSecret}) {
    if (!MaySee(session->account.clearance, level)) continue;
    body += html::Option(SecrecyName(level), SecrecyName(level), "内部");
  }
  body +=
      "</select>\n"
      "<label for=\"u-date\">日期</label><input id=\"u-date\" name=\"date\" type=\"date\">\n"
      "<label for=\"u-responsible\">责任者</label><input id=\"u-responsible\" "
      "name=\"responsible\">\n"
      "<label for=\"u-docref\">文号</label><input id=\"u-docref\" name=\"doc-ref\">\n"
      "<label for=\"u-item\">加入已有档号</label><input id=\"u-item\" name=\"item\" "
      "placeholder=\"可不填\">\n"
      "<div class=\"actions\"><button type=\"submit\" class=\"primary\">上传并归档</button></div>\n"
      "</form>\n"
      "<section aria-labelledby=\"results-h\"><h2 id=\"results-h\">归档结果</h2>\n"
      "<ol id=\"upload-results\" class=\"results\" aria-live=\"polite\"></ol>\n"
      "<p id=\"upload-empty\" class=\"empty\">尚未上传。</p></section>\n";
  body += RecentUploads(core, *session);
  SendPage(res, 200, html::Page("上传扫描件", &*session, "/upload", body));
}

// ---- retention due and holds --------------------------------------------------------------

std::string ItemTable(const std::vector<ItemRecord>& items, bool with_hold_reason) {
  std::string t =
      "<table class=\"list\">\n<thead><tr><th scope=\"col\">档号</th>"
      "<th scope=\"col\">题名</th><th scope=\"col\">年度</th>"
      "<th scope=\"col\">保管期限</th><th scope=\"col\">" +
      std::string(with_hold_reason ? "冻结原因" : "冻结") + "</th></tr></thead>\n<tbody>\n";
  for (const ItemRecord& item : items) {
    t += "<tr><td class=\"nowrap\"><a href=\"" + html::ItemUrl(item.danghao) + "\">" +
         HtmlEscape(item.danghao) + "</a></td><td>" + HtmlEscape(item.title) + "</td><td>" +
         std::to_string(item.year) + "</td><td>" + HtmlEscape(PeriodLabel(item.retention)) +
         "</td><td>" +
         (with_hold_reason ? HtmlEscape(item.hold_reason)
          : item.hold      ? "已冻结"
                           : "") +
         "</td></tr>\n";
  }
  return t + "</tbody>\n</table>\n";
}

void RetentionPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kRetention);
  if (!session || !CheckParams(req, res, &*session, {"as_of", "holds"})) return;
  std::string as_of = Trim(Param(req, "as_of"));
  std::string body = "<h1>到期与冻结</h1>\n";
  if (as_of.empty()) {
    as_of = Today();
  } else {
    const std::string iso = NormalizeDate(as_of);
    if (iso.empty()) {
      body += html::Notice("error", "「" + as_of + "」不是有效日期");
      as_of = Today();
    } else {
      as_of = iso;
    }
  }
  const jobs::JobContext ctx = core.ContextFor(*session);
  body +=
      "<section aria-labelledby=\"due-h\"><h2 id=\"due-h\">保管期限已满</h2>\n"
      "<form method=\"get\" action=\"/retention\" class=\"inline\"><label for=\"as_of\">截至"
      "</label><input id=\"as_of\" name=\"as_of\" type=\"date\" value=\"" +
      HtmlEscape(as_of) + "\"><button type=\"submit\">查看</button></form>\n";
  std::vector<ItemRecord> due;
  Status s = jobs::RetentionDue(ctx, as_of, &due);
  if (!s.ok()) {
    body += html::ProblemList(s);
  } else if (due.empty()) {
    body += "<p class=\"empty\">截至 " + HtmlEscape(as_of) + " 没有到期的档案。</p>\n";
  } else {
    body += "<p class=\"count\">截至 " + HtmlEscape(as_of) + " 到期 <strong>" +
            std::to_string(due.size()) + "</strong> 件（冻结的不能销毁）。</p>\n" +
            ItemTable(due, false);
  }
  body += "</section>\n<section aria-labelledby=\"holds-h\"><h2 id=\"holds-h\">冻结中的档案</h2>\n";
  // The catalogue has no index of holds: listing them reads every item the reader may see, in
  // pages of 1,000 (memory stays bounded), so only when asked for.
  if (Param(req, "holds") != "1") {
    body +=
        "<form method=\"get\" action=\"/retention\" class=\"inline\"><input type=\"hidden\" "
        "name=\"as_of\" value=\"" +
        HtmlEscape(as_of) +
        "\"><input type=\"hidden\" name=\"holds\" value=\"1\"><button type=\"submit\">"
        "列出冻结中的档案</button></form>\n<p class=\"hint\">需要逐件查看全部档案，档案多时"
        "需要几秒钟。</p>\n";
  } else {
    ListFilter filter;
    filter.limit = 1000;
    std::vector<ItemRecord> page, held;
    size_t total = 0;
    do {
      page.clear();
      s = jobs::List(ctx, filter, &page, &total);
      for (ItemRecord& item : page) {
        if (item.hold) held.push_back(std::move(item));
      }
      filter.offset += filter.limit;
    } while (s.ok() && !page.empty() && filter.offset < total);
    if (!s.ok()) {
      body += html::ProblemList(s);
    } else if (held.empty()) {
      body += "<p class=\"empty\">没有冻结的档案。</p>\n";
    } else {
      body += ItemTable(held, true);
    }
  }
  body += "</section>\n";
  SendPage(res, 200, html::Page("到期与冻结", &*session, "/retention", body));
}

// ---- checks -------------------------------------------------------------------------------

std::string CheckForm(const Session& session) {
  return "<form method=\"post\" action=\"/check\" class=\"inline\">" + html::CsrfField(session) +
         "<button type=\"submit\" name=\"what\" value=\"check\" class=\"primary\">检查全部文件"
         "</button><button type=\"submit\" name=\"what\" value=\"audit\">验证审计日志</button>"
         "</form>\n<p class=\"hint\">检查会重新读取每个文件，核对 SHA-256、SM3、页数与件号，"
         "并重放审计日志；档案多时需要一些时间。两项都需要机密级权限。</p>\n";
}

void CheckPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = core.SessionOf(req);
  if (!session) {
    SeeOther(res, "/");
    return;
  }
  if (!MayRunChecks(session->account)) {
    SendError(res, 403, &*session);
    return;
  }
  std::string body = "<h1>检查档案库</h1>\n" + CheckForm(*session);
  SendPage(res, 200, html::Page("检查", &*session, "/check", body));
}

void RunCheck(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = core.Require(req, res);
  if (!session) return;
  if (!MayRunChecks(session->account)) {
    SendError(res, 403, &*session);
    return;
  }
  const jobs::JobContext ctx = core.ContextFor(*session);
  std::string body = "<h1>检查档案库</h1>\n" + CheckForm(*session);
  int status = 200;
  if (Param(req, "what") == "audit") {
    AuditReport report;
    Status s = jobs::VerifyAudit(ctx, &report);
    body += "<section aria-labelledby=\"r-h\"><h2 id=\"r-h\">审计日志验证结果</h2>\n";
    if (!s.ok()) {
      body += html::ProblemList(s);
      status = Core::HttpStatusOf(s);
    } else if (report.intact) {
      body += html::Notice(
          "ok", "审计日志完整：共 " + std::to_string(report.entries) + " 条记录，哈希链无断裂。");
    } else {
      body += html::Notice("error", report.problem.empty() ? "审计日志被改动" : report.problem);
    }
    body += "</section>\n";
  } else {
    CheckReport report;
    Status s = jobs::Check(ctx, &report);
    body += "<section aria-labelledby=\"r-h\"><h2 id=\"r-h\">检查结果</h2>\n";
    if (!s.ok()) {
      body += html::ProblemList(s);
      status = Core::HttpStatusOf(s);
    } else {
      body += html::Notice(
          report.ok() ? "ok" : "error",
          "检查了 " + std::to_string(report.items) + " 件、" + std::to_string(report.files) +
              " 个文件（" + html::Bytes(report.bytes) + "）：" +
              (report.ok() ? "全部完好" : std::to_string(report.problems.size()) + " 处问题"));
      if (!report.problems.empty()) {
        body +=
            "<table class=\"list\"><thead><tr><th scope=\"col\">档号</th><th scope=\"col\">"
            "问题</th></tr></thead><tbody>\n";
        for (const CheckProblem& p : report.problems) {
          body += "<tr><td class=\"nowrap\">" + HtmlEscape(p.danghao) + "</td><td>" +
                  HtmlEscape(p.problem) + "</td></tr>\n";
        }
        body += "</tbody></table>\n";
      }
      if (!report.reclaimable.empty()) {
        unsigned long long bytes = 0;
        for (const ReclaimableFile& f : report.reclaimable) bytes += f.bytes;
        body += "<p class=\"hint\">可回收：中断的归档留下 " +
                std::to_string(report.reclaimable.size()) + " 个文件（" + html::Bytes(bytes) +
                "），不是损坏；在服务器上运行 dangan gc 可清理。</p>\n";
      }
    }
    body += "</section>\n";
  }
  SendPage(res, status, html::Page("检查", &*session, "/check", body));
}

// ---- the audit log ------------------------------------------------------------------------

void AuditPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kReadAuditLog);
  if (!session ||
      !CheckParams(req, res, &*session, {"who", "what", "danghao", "from", "to", "page"})) {
    return;
  }
  const std::string who = Trim(Param(req, "who"));
  const std::string what = Param(req, "what");
  const std::string danghao = Trim(Param(req, "danghao"));
  std::string from = Trim(Param(req, "from")), to = Trim(Param(req, "to"));
  std::string body = "<h1>审计日志</h1>\n";
  for (std::string* date : {&from, &to}) {
    if (date->empty()) continue;
    const std::string iso = NormalizeDate(*date);
    if (iso.empty()) body += html::Notice("error", "「" + *date + "」不是有效日期");
    *date = iso;
  }
  size_t page = 1;
  const std::string page_text = Param(req, "page");
  if (!page_text.empty() && page_text.size() < 7 &&
      page_text.find_first_not_of("0123456789") == std::string::npos && std::stoul(page_text) > 0) {
    page = std::stoul(page_text);
  }

  std::vector<AuditEntry> entries;
  Status s = jobs::AuditShow(core.ContextFor(*session), danghao, &entries);
  std::set<std::string> actions;
  for (const AuditEntry& e : entries) actions.insert(e.action);

  std::string f =
      "<form method=\"get\" action=\"/audit\" class=\"filters-form\">\n<fieldset class=\"filters\">"
      "<legend>筛选</legend>\n"
      "<div><label for=\"who\">操作人</label><input id=\"who\" name=\"who\" size=\"10\" value=\"" +
      HtmlEscape(who) +
      "\"></div>\n<div><label for=\"what\">操作</label><select id=\"what\" name=\"what\">" +
      html::Option("", "全部", what);
  for (const std::string& a : actions) f += html::Option(a, a, what);
  f += "</select></div>\n<div><label for=\"a-danghao\">档号</label><input id=\"a-danghao\" "
       "name=\"danghao\" size=\"28\" value=\"" +
       HtmlEscape(danghao) +
       "\"></div>\n<div><label for=\"a-from\">日期从</label><input id=\"a-from\" name=\"from\" "
       "type=\"date\" value=\"" +
       HtmlEscape(from) +
       "\"></div>\n<div><label for=\"a-to\">到</label><input id=\"a-to\" name=\"to\" "
       "type=\"date\" value=\"" +
       HtmlEscape(to) +
       "\"></div>\n<div><button type=\"submit\" class=\"primary\">筛选</button></div>\n"
       "</fieldset>\n</form>\n";
  body += f;
  if (!s.ok()) {
    body += html::ProblemList(s);
    SendPage(res, Core::HttpStatusOf(s), html::Page("审计日志", &*session, "/audit", body));
    return;
  }
  std::vector<AuditEntry> shown;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {  // newest first
    const AuditEntry& e = *it;
    if (!who.empty() && e.who.find(who) == std::string::npos) continue;
    if (!what.empty() && e.action != what) continue;
    const std::string day = e.at.substr(0, 10);
    if (!from.empty() && day < from) continue;
    if (!to.empty() && day > to) continue;
    shown.push_back(e);
  }
  const size_t total = shown.size();
  const size_t first = std::min(total, (page - 1) * kAuditPageSize);
  const size_t last = std::min(total, first + kAuditPageSize);
  body += "<p class=\"count\" role=\"status\">共 <strong>" + std::to_string(total) +
          "</strong> 条记录" +
          (total > kAuditPageSize
               ? "，显示第 " + std::to_string(first + 1) + "–" + std::to_string(last) + " 条"
               : std::string()) +
          "</p>\n";
  body += AuditTable(std::vector<AuditEntry>(shown.begin() + first, shown.begin() + last), true);
  if (total > kAuditPageSize) {
    std::string qs = "/audit?who=" + html::UrlEncode(who) + "&what=" + html::UrlEncode(what) +
                     "&danghao=" + html::UrlEncode(danghao) + "&from=" + html::UrlEncode(from) +
                     "&to=" + html::UrlEncode(to) + "&page=";
    body += "<nav class=\"pager\" aria-label=\"翻页\">";
    if (page > 1)
      body += "<a href=\"" + HtmlEscape(qs + std::to_string(page - 1)) + "\">上一页</a>";
    body += "<span>第 " + std::to_string(page) + " 页</span>";
    if (last < total) {
      body += "<a href=\"" + HtmlEscape(qs + std::to_string(page + 1)) + "\">下一页</a>";
    }
    body += "</nav>\n";
  }
  SendPage(res, 200, html::Page("审计日志", &*session, "/audit", body));
}

// ---- assets -------------------------------------------------------------------------------

void SendAsset(const httplib::Request& req, httplib::Response& res, const char* content,
               const char* type) {
  // The pages link each asset with ?v=<fingerprint>: a new build changes the URL, so a year's
  // caching never serves a stale one.
  res.set_header("Cache-Control",
                 req.has_param("v") ? "public, max-age=31536000, immutable" : "no-cache");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_content(content, type);
}

}  // namespace

// ---- accounts (管理员) -----------------------------------------------------------------------

std::string AccountsBody(const Session& session, const std::vector<accounts::Account>& list,
                         const std::string& notice) {
  std::string t =
      "<h1>账户管理</h1>\n" + notice +
      "<table class=\"log\">\n<thead><tr><th scope=\"col\">用户名</th><th scope=\"col\">角色</th>"
      "<th scope=\"col\">密级</th><th scope=\"col\">机构</th><th scope=\"col\">状态</th>"
      "<th scope=\"col\">操作</th></tr></thead>\n<tbody>\n";
  const int64_t now = accounts::SystemNow();
  for (const accounts::Account& a : list) {
    const std::string action = "/users/" + html::UrlEncode(a.name);
    std::string state = a.disabled ? "已停用" : (a.locked_until > now ? "锁定中" : "正常");
    t += "<tr><td>" + HtmlEscape(a.name) + "</td><td>" + accounts::RoleName(a.role) + "</td><td>" +
         SecrecyName(a.clearance) + "</td><td>" + HtmlEscape(a.dept) + "</td><td>" + state +
         "</td><td>";
    if (!a.disabled) {
      t +=
          "<form method=\"post\" action=\"" + action + "/password\" class=\"inline\">" +
          html::CsrfField(session) +
          "<label>新密码 <input name=\"password\" type=\"password\" minlength=\"10\" required "
          "autocomplete=\"new-password\"></label> <button type=\"submit\">重设密码</button></form> "
          "<form method=\"post\" action=\"" +
          action + "/disable\" class=\"inline\">" + html::CsrfField(session) +
          "<button type=\"submit\">停用</button></form>";
    }
    t += "</td></tr>\n";
  }
  t += "</tbody></table>\n"
       "<section class=\"panel\" aria-labelledby=\"add-h\"><h2 id=\"add-h\">新建账户</h2>\n"
       "<form method=\"post\" action=\"/users\" class=\"grid\">" +
       html::CsrfField(session) +
       "<label for=\"u-name\">用户名</label><input id=\"u-name\" name=\"name\" required>\n"
       "<label for=\"u-role\">角色</label><select id=\"u-role\" name=\"role\">";
  for (const char* role : {"经办人", "档案员", "审计员", "管理员"}) {
    t += html::Option(role, role, "经办人");
  }
  t += "</select>\n<label for=\"u-clearance\">密级</label><select id=\"u-clearance\" "
       "name=\"clearance\">";
  for (const char* level : {"公开", "内部", "秘密", "机密"})
    t += html::Option(level, level, "内部");
  t += "</select>\n<label for=\"u-dept\">机构</label><input id=\"u-dept\" name=\"dept\" "
       "placeholder=\"如 BGS\">\n"
       "<label for=\"u-password\">密码</label><input id=\"u-password\" name=\"password\" "
       "type=\"password\" minlength=\"10\" required autocomplete=\"new-password\">\n"
       "<div class=\"actions\"><button type=\"submit\" class=\"primary\">新建</button></div>"
       "</form></section>\n";
  return t;
}

void RenderAccounts(Core& core, const Session& session, const std::string& notice, int status,
                    httplib::Response& res) {
  std::vector<accounts::Account> list;
  Status s = core.WithAccounts(session.account.name,
                               [&list](accounts::Accounts& a) { return a.ListAccounts(&list); });
  if (!s.ok()) {
    SendError(res, Core::HttpStatusOf(s), &session, s.message());
    return;
  }
  SendPage(res, status,
           html::Page("账户管理", &session, "/users", AccountsBody(session, list, notice)));
}

void AccountsPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kManageAccounts);
  if (!session) return;
  static const std::map<std::string, std::string> kDone = {
      {"add", "已新建账户。"},
      {"password", "已重设密码，该账户的会话已结束。"},
      {"disable", "已停用账户，它的会话已结束。"}};
  const auto done = kDone.find(Param(req, "done"));
  RenderAccounts(core, *session, done == kDone.end() ? "" : html::Notice("ok", done->second), 200,
                 res);
}

// Every account change: through accounts (audit-logged under the administrator), then back to
// the list, or the list with the problems.
void ChangeAccount(Core& core, const httplib::Request& req, httplib::Response& res,
                   const std::string& done,
                   const std::function<Status(accounts::Accounts&)>& change) {
  std::optional<Session> session = RequireFor(core, req, res, Action::kManageAccounts);
  if (!session) return;
  Status s = core.WithAccounts(session->account.name, change);
  if (s.ok()) {
    SeeOther(res, "/users?done=" + done);
  } else {
    RenderAccounts(core, *session, html::ProblemList(s), Core::HttpStatusOf(s), res);
  }
}

void AddAccount(Core& core, const httplib::Request& req, httplib::Response& res) {
  const auto role = accounts::ParseRole(Param(req, "role"));
  const auto clearance = ParseSecrecy(Param(req, "clearance"));
  ChangeAccount(core, req, res, "add", [&](accounts::Accounts& a) {
    if (!role || !clearance) return Status::InvalidArgument("角色或密级无效");
    return a.AddAccount(Param(req, "name"), *role, *clearance, Param(req, "dept"),
                        Param(req, "password"));
  });
}

void RegisterPages(Core& core) {
  httplib::Server& http = core.http();
  Core* c = &core;
  http.Get("/",
           [c](const httplib::Request& req, httplib::Response& res) { LoginPage(*c, req, res); });
  http.Post("/login",
            [c](const httplib::Request& req, httplib::Response& res) { Login(*c, req, res); });
  http.Post("/logout",
            [c](const httplib::Request& req, httplib::Response& res) { Logout(*c, req, res); });
  http.Get("/users", [c](const httplib::Request& req, httplib::Response& res) {
    AccountsPage(*c, req, res);
  });
  http.Post("/users",
            [c](const httplib::Request& req, httplib::Response& res) { AddAccount(*c, req, res); });
  http.Post(R"(/users/(.+)/password)", [c](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    const std::string password = Param(req, "password");
    ChangeAccount(*c, req, res, "password",
                  [&](accounts::Accounts& a) { return a.ChangePassword(name, password); });
  });
  http.Post(R"(/users/(.+)/disable)", [c](const httplib::Request& req, httplib::Response& res) {
    const std::string name = req.matches[1];
    ChangeAccount(*c, req, res, "disable",
                  [&](accounts::Accounts& a) { return a.DisableAccount(name); });
  });
  http.Get("/search",
           [c](const httplib::Request& req, httplib::Response& res) { SearchPage(*c, req, res); });
  http.Get(R"(/items/(.+)/files/(\d{1,6}))",
           [c](const httplib::Request& req, httplib::Response& res) { ViewFile(*c, req, res); });
  http.Post("/items/(.+)/copy",
            [c](const httplib::Request& req, httplib::Response& res) { UseCopy(*c, req, res); });
  http.Post("/items/(.+)/edit",
            [c](const httplib::Request& req, httplib::Response& res) { EditItem(*c, req, res); });
  http.Post("/items/(.+)/hold",
            [c](const httplib::Request& req, httplib::Response& res) { HoldItem(*c, req, res); });
  http.Post("/items/(.+)/retention", [c](const httplib::Request& req, httplib::Response& res) {
    LengthenRetention(*c, req, res);
  });
  http.Get("/items/(.+)",
           [c](const httplib::Request& req, httplib::Response& res) { ItemPage(*c, req, res); });
  http.Get("/upload",
           [c](const httplib::Request& req, httplib::Response& res) { UploadPage(*c, req, res); });
  http.Get("/retention", [c](const httplib::Request& req, httplib::Response& res) {
    RetentionPage(*c, req, res);
  });
  http.Get("/check",
           [c](const httplib::Request& req, httplib::Response& res) { CheckPage(*c, req, res); });
  http.Post("/check",
            [c](const httplib::Request& req, httplib::Response& res) { RunCheck(*c, req, res); });
  http.Get("/audit",
           [c](const httplib::Request& req, httplib::Response& res) { AuditPage(*c, req, res); });
  http.Get("/assets/desk.css", [](const httplib::Request& req, httplib::Response& res) {
    SendAsset(req, res, kDeskCss, "text/css; charset=utf-8");
  });
  http.Get("/assets/desk.js", [](const httplib::Request& req, httplib::Response& res) {
    SendAsset(req, res, kDeskJs, "text/javascript; charset=utf-8");
  });
  const std::pair<const char*, const char*> scripts[] = {{"/assets/forms.js", kFormsJs},
                                                         {"/assets/registers.js", kRegistersJs},
                                                         {"/assets/imports.js", kImportsJs}};
  for (const auto& [path, script] : scripts) {
    const char* content = script;
    http.Get(path, [content](const httplib::Request& req, httplib::Response& res) {
      SendAsset(req, res, content, "text/javascript; charset=utf-8");
    });
  }
}

}  // namespace dangan::server
