#include "html.h"

#include <cstdio>
#include <functional>
#include <string_view>

#include "dangan/accounts/roles.h"
#include "dangan/base/markup.h"
#include "dangan/records/secrecy.h"

namespace dangan::server {

// Safe in element content and in quoted attribute values alike.
std::string HtmlEscape(const std::string& text) { return EscapeMarkup(text); }

namespace html {

using accounts::Action;
using accounts::Allows;
using accounts::Role;

namespace {

struct NavEntry {
  const char* path;
  const char* label;
  bool (*shown)(const accounts::Account&);
};

// 档案员 with the highest clearance may run the integrity tools too (they report on every item,
// so the jobs demand 机密); the 审计员's role allows them outright.
bool MayRunChecks(const accounts::Account& a) {
  return Allows(a.role, Action::kRunChecks) ||
         (a.role == Role::kArchivist && a.clearance == Secrecy::kSecret);
}

const NavEntry kNav[] = {
    {"/forms", "填表",
     [](const accounts::Account& a) { return Allows(a.role, Action::kGenerateForms); }},
    {"/registers", "登记簿",
     [](const accounts::Account& a) { return Allows(a.role, Action::kGenerateForms); }},
    {"/search", "检索",
     [](const accounts::Account& a) { return Allows(a.role, Action::kSearchAndRead); }},
    {"/upload", "上传扫描件",
     [](const accounts::Account& a) { return Allows(a.role, Action::kFileOwnGenerated); }},
    {"/retention", "到期与冻结",
     [](const accounts::Account& a) {
       return Allows(a.role, Action::kRetention) || Allows(a.role, Action::kHolds);
     }},
    // The appraisal jobs look at every item due, so they need the highest clearance too.
    {"/appraisals", "鉴定销毁",
     [](const accounts::Account& a) {
       return Allows(a.role, Action::kAppraise) && a.clearance == Secrecy::kSecret;
     }},
    // Issue 17: the archivist records and lends; an account that may approve (a leader with
    // the 经办人 role) finds there the requests waiting for it and its own.
    {"/use", "借阅",
     [](const accounts::Account& a) {
       return Allows(a.role, Action::kLend) || Allows(a.role, Action::kApproveUse);
     }},
    // 开放审核 (issue 17): within the archivist's clearance, as the job lists.
    {"/open-review", "开放审核",
     [](const accounts::Account& a) { return Allows(a.role, Action::kOpenReview); }},
    // 移交 (issue 17): a package carries every item selected, so the highest clearance too.
    {"/transfer", "移交",
     [](const accounts::Account& a) {
       return Allows(a.role, Action::kTransfer) && a.clearance == Secrecy::kSecret;
     }},
    {"/imports", "导入",
     [](const accounts::Account& a) { return Allows(a.role, Action::kImport); }},
    {"/check", "检查", MayRunChecks},
    {"/audit", "审计日志",
     [](const accounts::Account& a) { return Allows(a.role, Action::kReadAuditLog); }},
    {"/users", "账户管理",
     [](const accounts::Account& a) { return Allows(a.role, Action::kManageAccounts); }},
    {"/stats", "统计",  // issue 16: for the 档案员, 审计员 and 管理员
     [](const accounts::Account& a) {
       return a.role == Role::kArchivist || a.role == Role::kAuditor ||
              a.role == Role::kAdministrator;
     }},
};

const char* StatusTitle(int status) {
  switch (status) {
    case 400:
      return "请求有误";
    case 401:
      return "请先登录";
    case 403:
      return "无权访问";
    case 404:
      return "找不到该页面或档案";
    case 413:
      return "上传的内容太大";
    case 422:
      return "填写的内容有误";
    case 429:
      return "尝试次数过多";
    default:
      return "服务器出错";
  }
}

const char* StatusSentence(int status) {
  switch (status) {
    case 400:
      return "请求中的参数无法识别。请返回上一页，检查填写的内容后再试。";
    case 401:
      return "会话已结束，请重新登录。";
    case 403:
      return "您的角色不能进行此操作，或表单已过期（请刷新页面后再试）。";
    case 404:
      return "没有这个档号的档案，或者地址有误。";
    case 413:
      return "请分批上传，或联系管理员调整上传大小限制。";
    case 422:
      return "请按提示修改后再提交。";
    case 429:
      return "请稍后再试。";
    default:
      return "处理请求时出错，请稍后再试；如果一再出现，请联系管理员。";
  }
}

}  // namespace

std::string AssetVersion(const char* content) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016zx", std::hash<std::string_view>()(content));
  return std::string(buf, 10);
}

std::string Page(const std::string& title, const Session* session, const std::string& current,
                 const std::string& body) {
  return PageWithScript(title, session, current, body, nullptr, nullptr);
}

std::string PageWithScript(const std::string& title, const Session* session,
                           const std::string& current, const std::string& body,
                           const char* script_name, const char* script) {
  static const std::string css_version = AssetVersion(kDeskCss);
  static const std::string js_version = AssetVersion(kDeskJs);
  std::string out;
  out.reserve(body.size() + 2048);
  out += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<title>" + HtmlEscape(title) + " · 档案管理</title>\n";
  out += "<link rel=\"icon\" href=\"data:,\">\n";  // no request for /favicon.ico
  out += "<link rel=\"stylesheet\" href=\"/assets/desk.css?v=" + css_version + "\">\n";
  if (session) out += "<meta name=\"csrf-token\" content=\"" + HtmlEscape(session->csrf) + "\">\n";
  out += "<script src=\"/assets/desk.js?v=" + js_version + "\" defer></script>\n";
  if (script_name) {
    out += std::string("<script src=\"/assets/") + script_name + "?v=" + AssetVersion(script) +
           "\" defer></script>\n";
  }
  out += "</head>\n<body>\n<a class=\"skip\" href=\"#main\">跳到正文</a>\n";
  out += "<header class=\"top\">\n<div class=\"brand\">档案管理</div>\n";
  if (session) {
    out += "<nav aria-label=\"主导航\"><ul>";
    for (const NavEntry& e : kNav) {
      if (!e.shown(session->account)) continue;
      const bool here = current == e.path;
      out += std::string("<li><a href=\"") + e.path + "\"" +
             (here ? " aria-current=\"page\"" : "") + ">" + e.label + "</a></li>";
    }
    out += "</ul></nav>\n<div class=\"who\"><span>" + HtmlEscape(session->account.name) +
           "</span><span class=\"role\">" + accounts::RoleName(session->account.role) + " · " +
           SecrecyName(session->account.clearance) +
           "</span>\n<form method=\"post\" action=\"/logout\">" + CsrfField(*session) +
           "<button type=\"submit\" class=\"link\">退出</button></form></div>\n";
  }
  out += "</header>\n<main id=\"main\" tabindex=\"-1\">\n";
  out += body;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

std::string ErrorPage(int status, const Session* session, const std::string& detail) {
  std::string body = "<section class=\"error-page\">\n<p class=\"code\">" + std::to_string(status) +
                     "</p>\n<h1>" + StatusTitle(status) + "</h1>\n<p>" +
                     (detail.empty() ? std::string(StatusSentence(status)) : HtmlEscape(detail)) +
                     "</p>\n<p><a href=\"" + (session ? "/search" : "/") + "\">" +
                     (session ? "返回检索" : "返回登录") + "</a></p>\n</section>";
  return Page(StatusTitle(status), session, "", body);
}

std::string CsrfField(const Session& session) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + HtmlEscape(session.csrf) + "\">";
}

std::string Option(const std::string& value, const std::string& label, const std::string& chosen) {
  return "<option value=\"" + HtmlEscape(value) + "\"" + (value == chosen ? " selected" : "") +
         ">" + HtmlEscape(label) + "</option>";
}

std::string Notice(const std::string& kind, const std::string& text) {
  return "<p class=\"notice " + kind + "\" role=\"" + (kind == "error" ? "alert" : "status") +
         "\">" + HtmlEscape(text) + "</p>\n";
}

std::string ProblemList(const Status& s) {
  std::string out =
      "<div class=\"notice error\" role=\"alert\"><p>" + HtmlEscape(s.message()) + "</p>";
  const auto& problems = s.problems();
  const bool only_headline = problems.size() == 1 && problems[0].message == s.message();
  if (!problems.empty() && !only_headline) {
    out += "<ul>";
    for (const Problem& p : problems) {
      out +=
          "<li>" + HtmlEscape(p.field.empty() ? p.message : p.field + "：" + p.message) + "</li>";
    }
    out += "</ul>";
  }
  return out + "</div>\n";
}

std::string Snippet(const std::string& snippet) {
  static const std::string kOpen = "【", kClose = "】";
  std::string out;
  bool open = false;
  size_t i = 0;
  while (i < snippet.size()) {
    const std::string& mark = open ? kClose : kOpen;
    size_t next = snippet.find(mark, i);
    if (next == std::string::npos) next = snippet.size();
    out += HtmlEscape(snippet.substr(i, next - i));
    if (next == snippet.size()) break;
    out += open ? "</mark>" : "<mark>";
    open = !open;
    i = next + mark.size();
  }
  if (open) out += "</mark>";
  return out;
}

std::string MultiLine(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out += HtmlEscape(line);
    if (end == std::string::npos) break;
    out += "<br>";
    start = end + 1;
  }
  return out;
}

std::string UrlEncode(const std::string& text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string ItemUrl(const std::string& danghao) { return "/items/" + UrlEncode(danghao); }

std::string Bytes(unsigned long long bytes) {
  char buf[64];
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%llu 字节", bytes);
  } else if (bytes < 1024ull * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KB", bytes / 1024.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.1f MB", bytes / (1024.0 * 1024));
  }
  return buf;
}

}  // namespace html
}  // namespace dangan::server
