// The archivist's desk over real HTTP: a real server on a loopback port, a real archive, signed
// in through the login form as a browser would (cookie, csrf field), pages read as HTML.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <thread>

#include "dangan/accounts/accounts.h"
#include "dangan/intake/intake.h"
#include "dangan/server/server.h"
#include "server/src/html.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

using namespace dangan;
namespace fx = dangan::archive_test;

namespace {

const std::string kPassword = "测试用的密码abc123";
const std::string kScriptTitle = "<script>alert(1)</script>关于采购的请示";

// An archive with an archivist cleared for 机密, a clerk cleared for 内部, an auditor, and three
// items: an ordinary one, one with a hostile title, one 机密; served on a free loopback port.
struct Desk {
  std::string dir;
  std::string ordinary, hostile, secret;
  std::unique_ptr<server::Server> server;
  std::thread thread;

  explicit Desk(const std::string& name) : dir(fx::NewArchive(name)) {
    {
      std::unique_ptr<Archive> a = fx::OpenArchive(dir);
      accounts::Accounts accounts(*a, "测试");
      REQUIRE(accounts
                  .AddAccount("档案员甲", accounts::Role::kArchivist, Secrecy::kSecret, "BGS",
                              kPassword)
                  .ok());
      REQUIRE(
          accounts
              .AddAccount("经办人乙", accounts::Role::kClerk, Secrecy::kInternal, "BGS", kPassword)
              .ok());
      REQUIRE(
          accounts.AddAccount("审计员丙", accounts::Role::kAuditor, Secrecy::kSecret, "", kPassword)
              .ok());
      REQUIRE(accounts
                  .AddAccount("管理员丁", accounts::Role::kAdministrator, Secrecy::kInternal, "",
                              kPassword)
                  .ok());
      ordinary = File(*a, "与华东机械公司的购销合同", "内部", "Z109-WS·2015-Y-BGS-0001.pdf");
      hostile = File(*a, kScriptTitle, "内部", "Z109-WS·2015-Y-BGS-0004.pdf");
      secret = File(*a, "机密的购销合同补充协议", "机密", "Z109-WS·2016-D10-BGS-0008.pdf");
    }
    server::ServerOptions options;
    options.archive_dir = dir;
    options.templates_dir = test::SourcePath("templates");
    options.port = 0;
    Status s = server::Server::Create(options, &server);
    REQUIRE(s.ok());
    thread = std::thread([this] { (void)server->Run(); });  // the test reads its pages instead
  }
  ~Desk() {
    server->Stop();
    thread.join();
  }

  // Each item gets a different real scan, so that `check` has real PDFs to count.
  static std::string File(Archive& a, const std::string& title, const std::string& secrecy,
                          const std::string& scan) {
    NewItem item = fx::SampleItem(title);
    item.secrecy = secrecy;
    const std::string pdf = test::SourcePath("samples/legacy/scans/" + scan);
    NewFile file = fx::PdfFile(pdf, CountPages(pdf, "application/pdf"));
    file.text = title + " 合同正文 货款按月结算";
    ItemRecord rec;
    REQUIRE(a.File(item, {file}, &rec).ok());
    return rec.danghao;
  }

  std::unique_ptr<httplib::Client> Client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", server->port());
    c->set_read_timeout(30, 0);
    return c;
  }
};

// A signed-in browser: the session cookie from the login form, and the CSRF token of the pages.
struct Browser {
  std::unique_ptr<httplib::Client> client;
  std::string cookie;
  std::string landing;  // where the login form sent the account

  Browser(const Desk& desk, const std::string& user) : client(desk.Client()) {
    httplib::Params form{{"user", user}, {"password", kPassword}};
    auto res = client->Post("/login", form);
    REQUIRE(res);
    REQUIRE(res->status == 303);
    landing = res->get_header_value("Location");
    const std::string set_cookie = res->get_header_value("Set-Cookie");
    REQUIRE(set_cookie.rfind("dangan_session=", 0) == 0);
    cookie = set_cookie.substr(0, set_cookie.find(';'));
  }

  httplib::Result Get(const std::string& path) {
    return client->Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
  }
  httplib::Result Post(const std::string& path, const httplib::Params& form) {
    return client->Post(path.c_str(), httplib::Headers{{"Cookie", cookie}}, form);
  }
  // The token every page carries in <meta name="csrf-token">.
  std::string Csrf(const std::string& page = "/search") {
    auto res = Get(page);
    REQUIRE(res);
    const std::string marker = "<meta name=\"csrf-token\" content=\"";
    const size_t at = res->body.find(marker);
    REQUIRE(at != std::string::npos);
    const size_t start = at + marker.size();
    return res->body.substr(start, res->body.find('"', start) - start);
  }
};

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("the login form signs in and the search page shows the hit with its 档号 and snippet",
          "[server][pages]") {
  Desk desk("pages_search");
  auto anonymous = desk.Client();
  auto login = anonymous->Get("/");
  REQUIRE(login);
  CHECK(login->status == 200);
  CHECK(Contains(login->body, "name=\"user\""));
  CHECK(Contains(login->body, "name=\"password\""));

  Browser browser(desk, "档案员甲");
  CHECK(browser.landing == "/search");
  auto signed_in = browser.Get("/");
  REQUIRE(signed_in);
  CHECK(signed_in->status == 303);  // the login page sends a signed-in user on to the search

  auto res = browser.Get("/search?q=" + server::html::UrlEncode("购销"));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(Contains(res->body, "name=\"q\""));
  CHECK(Contains(res->body, ">" + desk.ordinary + "</a>"));
  CHECK(Contains(res->body, server::html::ItemUrl(desk.ordinary)));
  CHECK(Contains(res->body, "<mark>"));
  CHECK(
      Contains(res->body, "共命中 <strong>2</strong> 件"));  // the archivist sees the 机密 one too
}

TEST_CASE("a wrong password shows the login form again with the reason and no cookie",
          "[server][pages]") {
  Desk desk("pages_bad_login");
  auto client = desk.Client();
  auto res = client->Post("/login", httplib::Params{{"user", "档案员甲"}, {"password", "错的"}});
  REQUIRE(res);
  CHECK(res->status == 401);
  CHECK(res->get_header_value("Set-Cookie").empty());
  CHECK(Contains(res->body, "用户名或密码错误"));
  CHECK(Contains(res->body, "name=\"password\""));
}

TEST_CASE("a title with a script tag comes back escaped on the search and item pages",
          "[server][pages]") {
  Desk desk("pages_escape");
  Browser browser(desk, "档案员甲");
  auto search = browser.Get("/search?q=" + server::html::UrlEncode("采购"));
  REQUIRE(search);
  CHECK(Contains(search->body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
  CHECK_FALSE(Contains(search->body, "<script>alert"));
  auto item = browser.Get(server::html::ItemUrl(desk.hostile));
  REQUIRE(item);
  CHECK(item->status == 200);
  CHECK(Contains(item->body, "&lt;script&gt;alert(1)&lt;/script&gt;关于采购的请示"));
  CHECK_FALSE(Contains(item->body, "<script>alert"));
}

TEST_CASE("pages carry a Content-Security-Policy without inline scripts and nosniff",
          "[server][pages]") {
  Desk desk("pages_headers");
  Browser browser(desk, "档案员甲");
  for (const std::string& path :
       {std::string("/"), std::string("/search?q=x"), server::html::ItemUrl(desk.ordinary)}) {
    auto res = path == "/" ? desk.Client()->Get("/") : browser.Get(path);
    REQUIRE(res);
    INFO(path);
    const std::string csp = res->get_header_value("Content-Security-Policy");
    CHECK(Contains(csp, "frame-ancestors 'none'"));
    CHECK_FALSE(Contains(csp, "unsafe-inline"));
    CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
    CHECK(Contains(res->get_header_value("Content-Type"), "text/html"));
    CHECK_FALSE(Contains(res->body, "<script>"));  // scripts only from /assets/, never inline
    CHECK_FALSE(Contains(res->body, " style="));
  }
}

TEST_CASE("a 内部 account gets the same 404 page for a 机密 item as for a missing 档号",
          "[server][pages]") {
  Desk desk("pages_clearance");
  Browser clerk(desk, "经办人乙");
  auto secret = clerk.Get(server::html::ItemUrl(desk.secret));
  auto missing = clerk.Get(server::html::ItemUrl("Z109-WS·2024-Y-BGS-0999"));
  REQUIRE(secret);
  REQUIRE(missing);
  CHECK(secret->status == 404);
  CHECK(missing->status == 404);
  CHECK(secret->body == missing->body);
  CHECK_FALSE(Contains(secret->body, "补充协议"));

  auto search = clerk.Get("/search?q=" + server::html::UrlEncode("购销"));
  REQUIRE(search);
  CHECK(Contains(search->body, "共命中 <strong>1</strong> 件"));
  CHECK_FALSE(Contains(search->body, desk.secret));
  CHECK_FALSE(Contains(search->body, "补充协议"));

  // The 机密 item's own page is there for the archivist cleared for it.
  Browser archivist(desk, "档案员甲");
  auto seen = archivist.Get(server::html::ItemUrl(desk.secret));
  REQUIRE(seen);
  CHECK(seen->status == 200);
  CHECK(Contains(seen->body, "补充协议"));
}

TEST_CASE("a POST form without the csrf field is refused with 403 and changes nothing",
          "[server][pages]") {
  Desk desk("pages_csrf");
  Browser browser(desk, "档案员甲");
  const std::string hold = server::html::ItemUrl(desk.ordinary) + "/hold";
  auto refused = browser.Post(hold, {{"hold", "1"}, {"reason", "诉讼未结"}});
  REQUIRE(refused);
  CHECK(refused->status == 403);
  auto wrong = browser.Post(hold, {{"hold", "1"}, {"reason", "诉讼未结"}, {"csrf", "0000"}});
  REQUIRE(wrong);
  CHECK(wrong->status == 403);
  auto page = browser.Get(server::html::ItemUrl(desk.ordinary));
  REQUIRE(page);
  CHECK_FALSE(Contains(page->body, "已冻结</strong>"));

  auto done = browser.Post(hold, {{"hold", "1"}, {"reason", "诉讼未结"}, {"csrf", browser.Csrf()}});
  REQUIRE(done);
  CHECK(done->status == 303);
  page = browser.Get(server::html::ItemUrl(desk.ordinary));
  REQUIRE(page);
  CHECK(Contains(page->body, "已冻结</strong>：诉讼未结"));
}

TEST_CASE("editing an item through its form changes the record and logs old and new values",
          "[server][pages]") {
  Desk desk("pages_edit");
  Browser browser(desk, "档案员甲");
  const std::string url = server::html::ItemUrl(desk.ordinary);
  // Without a reason nothing changes: the reason goes into the audit log with the values.
  auto refused =
      browser.Post(url + "/edit", {{"题名", "没有原因的修改"}, {"csrf", browser.Csrf()}});
  REQUIRE(refused);
  CHECK_FALSE(Contains(browser.Get(url)->body, "没有原因的修改</h1>"));
  auto res = browser.Post(url + "/edit", {{"题名", "与华东机械公司的购销合同（修订）"},
                                          {"责任者", "行政管理部"},
                                          {"reason", "题名与合同原件不符"},
                                          {"csrf", browser.Csrf()}});
  REQUIRE(res);
  CHECK(res->status == 303);
  auto page = browser.Get(url + "?done=edit");
  REQUIRE(page);
  CHECK(Contains(page->body, "<h1>与华东机械公司的购销合同（修订）</h1>"));
  CHECK(Contains(page->body, "已保存修改"));
  CHECK(Contains(page->body, "修改著录"));  // the audit history on the page
  CHECK(Contains(page->body, "修改原因：题名与合同原件不符"));
}

TEST_CASE("the navigation shows only what the account's role may do", "[server][pages]") {
  Desk desk("pages_nav");
  Browser clerk(desk, "经办人乙");
  auto page = clerk.Get("/search");
  REQUIRE(page);
  CHECK(Contains(page->body, "href=\"/search\""));
  CHECK_FALSE(Contains(page->body, "href=\"/retention\""));
  CHECK_FALSE(Contains(page->body, "href=\"/audit\""));
  auto retention = clerk.Get("/retention");
  REQUIRE(retention);
  CHECK(retention->status == 403);
  CHECK(Contains(retention->body, "您的角色（经办人）不能进行此操作"));
  CHECK(Contains(retention->body, "href=\"/search\""));  // the desk's page, with its navigation
  // A clerk uploads only the signed scans of their own forms: no catalogue fields to give.
  auto upload = clerk.Get("/upload");
  REQUIRE(upload);
  CHECK(upload->status == 200);
  CHECK(Contains(upload->body, "上传签字扫描件"));
  CHECK_FALSE(Contains(upload->body, "name=\"title\""));

  Browser auditor(desk, "审计员丙");
  CHECK(auditor.landing == "/audit");  // an auditor may not search: the log is the start
  auto log = auditor.Get("/audit");
  REQUIRE(log);
  CHECK(log->status == 200);
  CHECK(Contains(log->body, "href=\"/audit\""));
  CHECK(Contains(log->body, "href=\"/check\""));
  CHECK_FALSE(Contains(log->body, "href=\"/upload\""));
  CHECK(Contains(log->body, "登录"));  // the sign-ins are in the log

  auto anonymous = desk.Client()->Get("/search?q=x");
  REQUIRE(anonymous);
  CHECK((anonymous->status == 302 || anonymous->status == 303));
  CHECK(anonymous->get_header_value("Location") == "/");
}

TEST_CASE("the desk's stylesheet and script are served with their types and a long cache",
          "[server][pages]") {
  Desk desk("pages_assets");
  auto client = desk.Client();
  auto css = client->Get("/assets/desk.css?v=1");
  REQUIRE(css);
  CHECK(css->status == 200);
  CHECK(Contains(css->get_header_value("Content-Type"), "text/css"));
  CHECK(Contains(css->get_header_value("Cache-Control"), "max-age=31536000"));
  CHECK(Contains(css->body, "@media print"));
  auto js = client->Get("/assets/desk.js?v=1");
  REQUIRE(js);
  CHECK(js->status == 200);
  CHECK(Contains(js->get_header_value("Content-Type"), "javascript"));
  CHECK(Contains(js->body, "X-CSRF-Token"));
}

TEST_CASE("the checks run from the desk for an auditor cleared for 机密", "[server][pages]") {
  Desk desk("pages_check");
  Browser auditor(desk, "审计员丙");
  auto res = auditor.Post("/check", {{"what", "check"}, {"csrf", auditor.Csrf("/check")}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(Contains(res->body, "检查了 3 件、3 个文件"));
  CHECK(Contains(res->body, "全部完好"));
  res = auditor.Post("/check", {{"what", "audit"}, {"csrf", auditor.Csrf("/check")}});
  REQUIRE(res);
  CHECK(Contains(res->body, "审计日志完整"));
}

TEST_CASE("the item page frames its PDF from a route that allows the desk and nothing else",
          "[server][pages]") {
  Desk desk("pages_view");
  Browser browser(desk, "档案员甲");
  const std::string file = server::html::ItemUrl(desk.ordinary) + "/files/1";
  auto page = browser.Get(server::html::ItemUrl(desk.ordinary));
  REQUIRE(page);
  CHECK(Contains(page->body, "<iframe class=\"viewer\" src=\"" + file + "\""));
  auto pdf = browser.Get(file);
  REQUIRE(pdf);
  CHECK(pdf->status == 200);
  CHECK(pdf->get_header_value("Content-Type") == "application/pdf");
  CHECK(pdf->body.rfind("%PDF-", 0) == 0);
  const std::string csp = pdf->get_header_value("Content-Security-Policy");
  CHECK(Contains(csp, "frame-ancestors 'self'"));
  CHECK_FALSE(Contains(csp, "frame-ancestors 'none'"));
  CHECK(pdf->get_header_value_count("Content-Security-Policy") == 1);

  Browser clerk(desk, "经办人乙");
  auto hidden = clerk.Get(server::html::ItemUrl(desk.secret) + "/files/1");
  REQUIRE(hidden);
  CHECK(hidden->status == 404);
  CHECK(hidden->body.rfind("%PDF-", 0) == std::string::npos);
}

TEST_CASE("the copy for use downloads as a stamped PDF and needs a reason", "[server][pages]") {
  Desk desk("pages_copy");
  Browser browser(desk, "档案员甲");
  const std::string copy = server::html::ItemUrl(desk.ordinary) + "/copy";
  auto refused = browser.Post(copy, {{"reason", " "}, {"csrf", browser.Csrf()}});
  REQUIRE(refused);
  CHECK(refused->status == 422);
  CHECK(Contains(refused->body, "请填写利用目的"));
  auto res = browser.Post(copy, {{"reason", "合同纠纷查证"}, {"csrf", browser.Csrf()}});
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/pdf");
  CHECK(Contains(res->get_header_value("Content-Disposition"), "attachment"));
  CHECK(res->body.rfind("%PDF-", 0) == 0);
  auto page = browser.Get(server::html::ItemUrl(desk.ordinary));
  REQUIRE(page);
  CHECK(Contains(page->body, "出具利用副本"));
  CHECK(Contains(page->body, "合同纠纷查证"));  // the reason, in the history's detail
}

TEST_CASE("a search with more hits than a page pages through them keeping the filters",
          "[server][pages]") {
  Desk desk("pages_paging");
  {
    std::unique_ptr<Archive> a = fx::OpenArchive(desk.dir);
    for (int i = 1; i <= 23; ++i) {
      Desk::File(*a, "办公会议纪要第" + std::to_string(i) + "期", "内部",
                 "Z109-WS.2016-Y-BGS-0002.pdf");
    }
  }
  Browser browser(desk, "档案员甲");
  const std::string first = "/search?q=" + server::html::UrlEncode("会议纪要") + "&dept=BGS";
  auto page1 = browser.Get(first);
  REQUIRE(page1);
  CHECK(Contains(page1->body, "共命中 <strong>23</strong> 件"));
  CHECK(Contains(page1->body, "第 1 页，共 2 页"));
  const std::string next = "href=\"" + server::HtmlEscape(first) + "&amp;page=2\" rel=\"next\"";
  CHECK(Contains(page1->body, next));
  auto page2 = browser.Get(first + "&page=2");
  REQUIRE(page2);
  CHECK(Contains(page2->body, "<ol class=\"hits\" start=\"21\">"));
  CHECK(Contains(page2->body, "rel=\"prev\""));
  size_t rows = 0;
  for (size_t at = page2->body.find("<li class=\"hit\">"); at != std::string::npos;
       at = page2->body.find("<li class=\"hit\">", at + 1)) {
    ++rows;
  }
  CHECK(rows == 3);
  auto bad = browser.Get(first + "&page=0");
  REQUIRE(bad);
  CHECK(bad->status == 400);
  CHECK(Contains(bad->body, "页码应为正整数"));
}

TEST_CASE("an administrator adds, resets and disables accounts in the browser, and nobody else can",
          "[server][pages]") {
  Desk desk("pages_users");
  Browser admin(desk, "管理员丁");
  CHECK(admin.landing == "/users");
  const std::string csrf = admin.Csrf("/users");
  auto res = admin.Post("/users", {{"name", "新来的<b>文书</b>"},
                                   {"role", "经办人"},
                                   {"clearance", "内部"},
                                   {"dept", "XZB"},
                                   {"password", "新文书的密码12345"},
                                   {"csrf", csrf}});
  REQUIRE(res);
  CHECK(res->status == 303);
  auto page = admin.Get("/users?done=add");
  REQUIRE(page);
  CHECK(Contains(page->body, "已新建账户"));
  CHECK(Contains(page->body, "新来的&lt;b&gt;文书&lt;/b&gt;"));
  CHECK_FALSE(Contains(page->body, "<b>文书</b>"));
  // A short password is refused with the rule, and no account is made.
  res = admin.Post("/users", {{"name", "短密码"},
                              {"role", "经办人"},
                              {"clearance", "内部"},
                              {"password", "123"},
                              {"csrf", csrf}});
  REQUIRE(res);
  CHECK(res->status == 422);
  CHECK(Contains(res->body, "密码至少 10 个字符"));
  // Without the token nothing changes.
  res = admin.Post("/users/" + server::html::UrlEncode("经办人乙") + "/disable", {});
  REQUIRE(res);
  CHECK(res->status == 403);
  Browser clerk(desk, "经办人乙");
  CHECK(clerk.Get("/search")->status == 200);
  // Disabling ends the clerk's session at once.
  res = admin.Post("/users/" + server::html::UrlEncode("经办人乙") + "/disable", {{"csrf", csrf}});
  REQUIRE(res);
  CHECK(res->status == 303);
  CHECK(admin.Get("/users")->body.find("已停用") != std::string::npos);
  CHECK(clerk.Get("/search")->status == 303);  // back to the sign-in page
  // The desk's other roles may not manage accounts.
  Browser archivist(desk, "档案员甲");
  CHECK(archivist.Get("/users")->status == 403);
  CHECK_FALSE(Contains(archivist.Get("/search")->body, "href=\"/users\""));
}

TEST_CASE("a fresh search page starts from the account's 机构, and a search given none keeps none",
          "[server][pages]") {
  Desk desk("pages_dept");
  Browser archivist(desk, "档案员甲");  // 机构 BGS
  CHECK(Contains(archivist.Get("/search")->body,
                 "name=\"dept\" size=\"7\" placeholder=\"如 BGS\" value=\"BGS\""));
  auto searched = archivist.Get("/search?q=" + server::html::UrlEncode("购销"));
  REQUIRE(searched);
  CHECK(Contains(searched->body, "placeholder=\"如 BGS\" value=\"\""));
  CHECK(Contains(searched->body, "与华东机械公司的购销合同"));
}
