// Annual statistics (issue 16 §2): /api/stats?year= (JSON), /stats (the page with a year picker
// and the tables), /stats/table.pdf and /stats/table.xlsx (GD-03 from the generator). For the
// 档案员, 审计员 and 管理员; the figures are those the account's clearance covers (jobs/stats.h).
#include <ctime>

#include "core.h"
#include "dangan/jobs/scratch.h"
#include "dangan/jobs/stats.h"
#include "html.h"

namespace dangan::server {

namespace {

using accounts::Role;
using jobs::Json;

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

bool MayViewStats(const accounts::Account& a) {
  return a.role == Role::kArchivist || a.role == Role::kAuditor || a.role == Role::kAdministrator;
}

// The signed-in session when its role may see the statistics; otherwise answered here.
std::optional<Session> RequireStats(Core& core, const httplib::Request& req, httplib::Response& res,
                                    bool api) {
  std::optional<Session> session = core.Require(req, res);
  if (!session) return std::nullopt;
  if (MayViewStats(session->account)) return session;
  const std::string message = "统计仅供档案员、审计员和管理员查看";
  if (api) {
    Core::SendJson(res, 403, OneProblem("forbidden", message));
  } else {
    Core::SendHtml(res, 403, html::ErrorPage(403, &*session, message));
  }
  return std::nullopt;
}

// ?year=, the current year when absent; InvalidArgument naming the value otherwise.
Status YearOf(const httplib::Request& req, int* year) {
  if (!req.has_param("year") || req.get_param_value("year").empty()) {
    *year = CurrentYear();
    return Status::Ok();
  }
  const std::string text = req.get_param_value("year");
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("统计年度「" + text + "」应为四位数字的年份（如 2025）");
  }
  *year = std::stoi(text);
  return Status::Ok();
}

std::string Cell(int64_t n) { return "<td class=\"num\">" + std::to_string(n) + "</td>"; }

std::string LinesTable(const char* caption, const char* what,
                       const std::vector<jobs::StatsLine>& lines) {
  std::string out =
      "<table class=\"list stats\"><caption>" + std::string(caption) +
      "</caption><thead><tr><th scope=\"col\">" + what +
      "</th><th scope=\"col\">件数</th><th scope=\"col\">页数</th></tr></thead><tbody>";
  if (lines.empty()) out += "<tr><td colspan=\"3\">（无）</td></tr>";
  for (const jobs::StatsLine& l : lines) {
    out += "<tr><td>" + HtmlEscape(l.label) + "</td>" + Cell(l.items) + Cell(l.pages) + "</tr>";
  }
  return out + "</tbody></table>\n";
}

std::string StatsBody(const jobs::AnnualStats& s) {
  const std::string y = std::to_string(s.year);
  std::string body = "<h2>" + HtmlEscape(s.company) + "（全宗号 " + HtmlEscape(s.fonds) + "）" + y +
                     " 年度</h2>\n<p>馆藏统计截至 " + HtmlEscape(s.as_of) + "；密级范围：" +
                     HtmlEscape(s.clearance) + "（只统计本账户密级可见的档案）。</p>\n";
  body +=
      "<table class=\"list stats summary\"><caption>基本情况</caption><tbody>"
      "<tr><th scope=\"row\">馆藏</th><td>" +
      std::to_string(s.items) + " 件，" + std::to_string(s.pages) +
      " 页</td></tr>"
      "<tr><th scope=\"row\">本年归档</th><td>" +
      std::to_string(s.filed_items) + " 件，" + std::to_string(s.filed_pages) +
      " 页</td></tr>"
      "<tr><th scope=\"row\">本年销毁</th><td>" +
      std::to_string(s.destroyed_items) + " 件，" + std::to_string(s.destroyed_pages) +
      " 页</td></tr>"
      "<tr><th scope=\"row\">本年出具利用副本</th><td>" +
      std::to_string(s.copies_issued) + " 次，涉及 " + std::to_string(s.items_copied) +
      " 件</td></tr>"
      "<tr><th scope=\"row\">冻结</th><td>" +
      std::to_string(s.held_items) +
      " 件</td></tr>"
      "<tr><th scope=\"row\">存储</th><td>" +
      std::to_string(s.stored_files) + " 个文件，" +
      HtmlEscape(jobs::ReadableBytes(s.stored_bytes)) + "</td></tr></tbody></table>\n";
  body += LinesTable("按年度", "年度", s.by_year);
  body += LinesTable("按保管期限", "保管期限", s.by_retention);
  body += LinesTable("按门类", "门类", s.by_category);
  body += LinesTable("按机构", "机构", s.by_department);
  body +=
      "<p class=\"downloads\">下载统计表（GD-03 档案工作基本情况统计表）：<a "
      "href=\"/stats/table.pdf?year=" +
      y + "\" download>PDF</a> · <a href=\"/stats/table.xlsx?year=" + y +
      "\" download>XLSX</a></p>\n";
  return body;
}

void StatsPage(Core& core, const httplib::Request& req, httplib::Response& res) {
  std::optional<Session> session = RequireStats(core, req, res, false);
  if (!session) return;
  int year = 0;
  Status s = YearOf(req, &year);
  jobs::AnnualStats stats;
  if (s.ok()) s = jobs::ComputeStats(core.ContextFor(*session), year, &stats);
  const int this_year = CurrentYear();
  std::string body =
      "<h1>统计</"
      "h1>\n<p>档案工作基本情况的年度数字：截至年底的馆藏（按年度、保管期限、门类、机构），"
      "本年归档、销毁和出具利用副本的情况，冻结件数与存储用量。</p>\n"
      "<form method=\"get\" action=\"/stats\" class=\"filters\"><label>统计年度 <select "
      "name=\"year\">";
  const std::string chosen = std::to_string(year ? year : this_year);
  for (int y = this_year; y >= this_year - 30; --y) {
    body += html::Option(std::to_string(y), std::to_string(y) + " 年", chosen);
  }
  body += "</select></label> <button type=\"submit\">查看</button></form>\n";
  if (!s.ok()) {
    body += html::Notice("error", s.message());
    return Core::SendHtml(res, Core::HttpStatusOf(s),
                          html::Page("统计", &*session, "/stats", body));
  }
  body += StatsBody(stats);
  Core::SendHtml(res, 200, html::Page("统计", &*session, "/stats", body));
}

void StatsTable(Core& core, const httplib::Request& req, httplib::Response& res,
                const std::string& ext) {
  std::optional<Session> session = RequireStats(core, req, res, false);
  if (!session) return;
  const jobs::JobContext ctx = core.ContextFor(*session);
  int year = 0;
  jobs::AnnualStats stats;
  Status s = YearOf(req, &year);
  if (s.ok()) s = jobs::ComputeStats(ctx, year, &stats);
  jobs::ScratchDir scratch(ctx.archive_dir);
  if (s.ok()) s = scratch.status();
  std::string bytes;
  if (s.ok()) {
    const std::string path = scratch.path() + "/统计表." + ext;
    s = jobs::RenderStats(ctx, stats, {{"填报人", session->account.name}}, path, nullptr);
    if (s.ok()) s = jobs::ReadWholeFile(path, &bytes);
  }
  if (!s.ok()) {
    return Core::SendHtml(res, Core::HttpStatusOf(s),
                          html::ErrorPage(Core::HttpStatusOf(s), &*session, s.message()));
  }
  const std::string name = std::to_string(year) + "年度档案工作基本情况统计表." + ext;
  res.set_header("Content-Disposition", "attachment; filename*=UTF-8''" + html::UrlEncode(name));
  res.set_header("Cache-Control", "no-store");
  res.set_content(bytes, ext == "pdf" ? "application/pdf"
                                      : "application/vnd.openxmlformats-officedocument."
                                        "spreadsheetml.sheet");
}

}  // namespace

void RegisterStatsRoutes(Core& core) {
  httplib::Server& http = core.http();
  http.Get("/api/stats", [&core](const httplib::Request& req, httplib::Response& res) {
    std::optional<Session> session = RequireStats(core, req, res, true);
    if (!session) return;
    int year = 0;
    jobs::AnnualStats stats;
    Status s = YearOf(req, &year);
    if (s.ok()) s = jobs::ComputeStats(core.ContextFor(*session), year, &stats);
    if (!s.ok()) return Core::SendProblems(res, s);
    Core::SendJson(res, 200, jobs::StatsJson(stats));
  });
  http.Get("/stats", [&core](const httplib::Request& req, httplib::Response& res) {
    StatsPage(core, req, res);
  });
  http.Get("/stats/table.pdf", [&core](const httplib::Request& req, httplib::Response& res) {
    StatsTable(core, req, res, "pdf");
  });
  http.Get("/stats/table.xlsx", [&core](const httplib::Request& req, httplib::Response& res) {
    StatsTable(core, req, res, "xlsx");
  });
}

}  // namespace dangan::server
