// End-to-end tests of the archive through the dangan command: init, generate --file, file a
// signed scan, show/list, copy with the 归档章, retention, hold, audit, check.
#include <pwd.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cctype>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/cli_runner.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"

using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using dangan::test::Squeeze;
using Json = nlohmann::json;

namespace {

// An archive in a scratch directory, with the commands run against it.
class DemoArchive {
 public:
  explicit DemoArchive(const std::string& name) : dir_(ScratchDir(name)) {
    CliRun init = Run("init --fonds Z109 --company 华东精密机械有限公司");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
  }

  CliRun Run(const std::string& args) const {
    return RunDangan(dangan::test::WithOptions(args, "--archive " + dir_ + "/archive"));
  }

  Json RunJson(const std::string& args) const {
    CliRun run = Run(args + " --json");
    INFO(args << "\n" << run.out);
    REQUIRE(run.exit_code == 0);
    return Json::parse(run.out);
  }

  // Generates and files the sample of `id`; returns the 档号 of the first document.
  std::string GenerateAndFile(const std::string& id) const {
    Json docs = RunJson("generate " + id + " --data " + SourcePath("samples/" + id + ".json") +
                        " --format both --out " + dir_ + "/forms/" + id + " --file")["documents"];
    REQUIRE(docs.size() >= 1);
    REQUIRE(docs[0].contains("档号"));
    return docs[0]["档号"].get<std::string>();
  }

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

// Renders page one of `pdf` as a 200 dpi PNG "scan" with Poppler's pdftoppm.
std::string ScanOf(const std::string& pdf, const std::string& stem) {
  std::string cmd = "pdftoppm -r 200 -png -f 1 -l 1 -singlefile '" + pdf + "' '" + stem + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  return stem + ".png";
}

}  // namespace

TEST_CASE("a generated form is filed with its 档号, template defaults and both files",
          "[archive-cli]") {
  DemoArchive a("file-generated");
  std::string danghao = a.GenerateAndFile("S-04");
  CHECK(danghao == "Z109-WS·2024-Y-XZGL-0001");  // 用印登记表: permanent, 行政管理部
  Json item = a.RunJson("show " + danghao);
  CHECK(item["题名"] == "办公室用印登记表（2024-01）");
  CHECK(item["来源"] == "generated");
  CHECK(item["模板"] == "S-04");
  CHECK(item["页数"].get<int>() >= 2);
  REQUIRE(item["files"].size() == 2);
  CHECK(item["files"][0]["media_type"] == "application/pdf");
  CHECK(item["files"][0]["sha256"].get<std::string>().size() == 64);
  CHECK(item["files"][0]["sm3"].get<std::string>().size() == 64);
  // A second form of the same class gets the next 件号.
  std::string second = a.GenerateAndFile("S-07");
  CHECK(second == "Z109-WS·2024-Y-XZGL-0002");
}

TEST_CASE("a signed scan with the form's QR code joins its generated item", "[archive-cli]") {
  DemoArchive a("scan-joins");
  Json docs = a.RunJson("generate O-09 --data " + SourcePath("samples/O-09.json") +
                        " --format pdf --out " + a.dir() + "/forms --file")["documents"];
  const std::string danghao = docs[0]["档号"];
  std::string scan = ScanOf(docs[0]["files"][0]["path"], a.dir() + "/签字扫描");
  CliRun filed = a.Run("file " + scan);
  INFO(filed.out);
  REQUIRE(filed.exit_code == 0);
  CHECK_THAT(filed.out, Catch::Contains(danghao));
  Json item = a.RunJson("show " + danghao);
  REQUIRE(item["files"].size() == 2);
  CHECK(item["files"][1]["role"] == "签字扫描件");
  CHECK(item["files"][1]["media_type"] == "image/png");
  Json list = a.RunJson("list");
  CHECK(list["total"] == 1);  // no new item was made for the scan
}

TEST_CASE("a scan without a QR code becomes a new item with the clerk's catalogue data",
          "[archive-cli]") {
  DemoArchive a("scan-new");
  // A notice generated but never filed: its QR code matches no item, so it is a new item.
  Json docs = a.RunJson("generate M-01 --data " + SourcePath("samples/M-01.json") +
                        " --format pdf --out " + a.dir() + "/forms")["documents"];
  CliRun filed = a.Run("file " + docs[0]["files"][0]["path"].get<std::string>() +
                       " --title 关于召开月度总结大会的通知 --year 2024 --retention D10 --dept BGS "
                       "--date 2024-04-26");
  INFO(filed.out);
  REQUIRE(filed.exit_code == 0);
  CHECK_THAT(filed.out, Catch::Contains("Z109-WS·2024-D10-BGS-0001"));
}

TEST_CASE("a scan filed with a legacy 档号 keeps it, and numbering carries on after it",
          "[archive-cli]") {
  DemoArchive a("scan-legacy");
  Json docs = a.RunJson("generate M-01 --data " + SourcePath("samples/M-01.json") +
                        " --format pdf --out " + a.dir() + "/forms")["documents"];
  const std::string pdf = docs[0]["files"][0]["path"].get<std::string>();
  CliRun legacy = a.Run("file " + pdf +
                        " --title 旧会议通知 --year 2019 --retention D30 --dept BGS "
                        "--danghao Z109-WS·2019-D30-BGS-0041");
  INFO(legacy.out);
  REQUIRE(legacy.exit_code == 0);
  CHECK_THAT(legacy.out, Catch::Contains("Z109-WS·2019-D30-BGS-0041"));
  Json shown = a.RunJson("show Z109-WS·2019-D30-BGS-0041");
  CHECK(shown["题名"] == "旧会议通知");
  CliRun wrong_year = a.Run("file " + pdf +
                            " --title 旧通知 --year 2020 --retention D30 --dept BGS "
                            "--danghao Z109-WS·2019-D30-BGS-0042");
  CHECK(wrong_year.exit_code == 2);
  CHECK_THAT(wrong_year.out, Catch::Contains("年度"));
}

TEST_CASE("a scan in traditional characters is read with the traditional OCR model",
          "[archive-cli]") {
  DemoArchive a("scan-traditional");
  // A supply application filled in by the Hong Kong branch, printed and scanned.
  const std::string data = dangan::test::WriteFile(a.dir() + "/申請單.json", R"({
    "申請部門": "香港分公司", "申請日期": "2024-03-05", "申請類別": "採購", "申請人": "陳國強",
    "用途說明": "檔案室整理會議紀錄所需辦公用品。",
    "明細": [{"物品名稱": "檔案盒", "規格型號": "A4", "單位": "個", "數量": 20, "單價": 12}]})");
  Json docs = a.RunJson("generate O-09 --data " + data + " --format pdf --out " + a.dir() +
                        "/forms")["documents"];
  const std::string scan =
      ScanOf(docs[0]["files"][0]["path"].get<std::string>(), a.dir() + "/繁體掃描");
  CliRun bad = a.Run("file " + scan + " --ocr-lang fra --title 测试 --year 2024 --dept BGS");
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.out, Catch::Contains("--ocr-lang"));
  Json filed = a.RunJson("file " + scan +
                         " --ocr-lang chi_tra --title 香港分公司辦公用品申請單 --year 2024 "
                         "--retention D10 --dept XG");
  Json shown = a.RunJson("show " + filed["档号"].get<std::string>());
  CHECK(shown["题名"] == "香港分公司辦公用品申請單");
  std::string text = shown["files"][0]["text"].get<std::string>();
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return std::isspace(c); }),
             text.end());
  INFO(text);
  for (const char* word : {"香港分公司", "陳國強", "檔案盒"})
    CHECK_THAT(text, Catch::Contains(word));
}

TEST_CASE("reindex rebuilds the full-text index of every item", "[archive-cli]") {
  DemoArchive a("reindex");
  a.GenerateAndFile("S-04");
  a.GenerateAndFile("O-09");
  CliRun run = a.Run("reindex");
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.out, Catch::Contains("已重建全文索引：2 件"));
  CHECK(a.Run("reindex --help").exit_code == 0);
}

TEST_CASE("filing a file that is not what its name says files nothing", "[archive-cli]") {
  DemoArchive a("bad-scan");
  std::string fake = dangan::test::WriteFile(a.dir() + "/扫描.pdf", "\x89PNG\r\n\x1a\nnot really");
  CliRun run = a.Run("file " + fake + " --title 测试 --year 2024 --retention D10 --dept BGS");
  CHECK(run.exit_code != 0);
  CHECK_THAT(run.out, Catch::Contains("扫描.pdf"));
  CHECK(a.RunJson("list")["total"] == 0);
  CliRun missing =
      a.Run("file " + a.dir() + "/不存在.pdf --title 测试 --year 2024 --retention D10 --dept BGS");
  CHECK(missing.exit_code != 0);
  CHECK_THAT(missing.out, Catch::Contains("不存在.pdf"));
}

TEST_CASE("a copy for use carries the 归档章 and leaves the stored original unchanged",
          "[archive-cli]") {
  DemoArchive a("copy");
  std::string danghao = a.GenerateAndFile("O-09");
  Json before = a.RunJson("show " + danghao);
  std::string copy = a.dir() + "/利用副本.pdf";
  CliRun run = a.Run("copy " + danghao + " -o " + copy);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  dangan::test::PdfContent pdf = dangan::test::ReadPdf(copy);
  REQUIRE(pdf.loaded);
  std::string page = Squeeze(pdf.pages.at(0));
  CHECK_THAT(page, Catch::Contains("Z109"));
  CHECK_THAT(page, Catch::Contains("0001"));
  CHECK_THAT(page, Catch::Contains("10年"));
  // `check` re-reads the stored original: its digests still match.
  CliRun check = a.Run("check --clearance 机密");
  INFO(check.out);
  CHECK(check.exit_code == 0);
  CHECK(a.RunJson("show " + danghao)["files"][0]["sha256"] == before["files"][0]["sha256"]);
}

TEST_CASE("a copy of an altered original is refused, an issued copy is logged with its reason",
          "[archive-cli]") {
  DemoArchive a("copy-tampered");
  const std::string danghao = a.GenerateAndFile("O-09");
  CliRun issued = a.Run("copy " + danghao + " -o " + a.dir() + "/副本.pdf --reason 审计查阅");
  INFO(issued.out);
  REQUIRE(issued.exit_code == 0);
  bool logged = false;
  const Json log = a.RunJson("audit show " + danghao)["entries"];
  INFO(log.dump(1));
  for (const Json& e : log) {
    if (e["action"] != "出具利用副本") continue;
    const Json detail = Json::parse(e["detail"].get<std::string>());
    logged = detail["事由"] == "审计查阅" && !detail["文件"].get<std::string>().empty();
  }
  CHECK(logged);

  const std::string sha = a.RunJson("show " + danghao)["files"][0]["sha256"];
  const std::string stored = a.dir() + "/archive/store/" + sha.substr(0, 2) + "/" + sha;
  REQUIRE(std::system(("chmod u+w '" + stored + "' && printf X >> '" + stored + "'").c_str()) == 0);
  const std::string copy = a.dir() + "/篡改后的副本.pdf";
  CliRun refused = a.Run("copy " + danghao + " -o " + copy);
  INFO(refused.out);
  CHECK(refused.exit_code == 2);
  CHECK_THAT(refused.out, Catch::Contains(danghao));
  CHECK_THAT(refused.out, Catch::Contains("摘要不符"));
  CHECK_FALSE(std::ifstream(copy).good());
}

TEST_CASE("check reports an altered stored file by its 档号 and exits non-zero", "[archive-cli]") {
  DemoArchive a("check");
  std::string danghao = a.GenerateAndFile("O-09");
  Json item = a.RunJson("show " + danghao);
  std::string sha = item["files"][0]["sha256"];
  std::string stored = a.dir() + "/archive/store/" + sha.substr(0, 2) + "/" + sha;
  REQUIRE(std::system(("chmod u+w '" + stored + "' && printf X >> '" + stored + "'").c_str()) == 0);
  CliRun check = a.Run("check --clearance 机密");
  CHECK(check.exit_code == 1);
  CHECK_THAT(check.out, Catch::Contains(danghao));
}

TEST_CASE("retention can be lengthened, not shortened, and a hold is shown", "[archive-cli]") {
  DemoArchive a("retention");
  std::string danghao = a.GenerateAndFile("O-09");  // D10, 2024
  Json due = a.RunJson("retention due --as-of 2035-01-01");
  REQUIRE(due["items"].size() == 1);  // 2024 + 1 + 10 = 2035-01-01
  CHECK(due["total"] == 1);
  CHECK(a.RunJson("retention due --as-of 2034-12-31")["items"].empty());
  CHECK(a.Run("retention set " + danghao + " D30").exit_code == 0);
  CHECK(a.RunJson("retention due --as-of 2035-01-01")["items"].empty());
  CliRun shorten = a.Run("retention set " + danghao + " D10");
  CHECK(shorten.exit_code != 0);
  CHECK(a.Run("hold " + danghao + " --reason 合同纠纷诉讼中").exit_code == 0);
  Json item = a.RunJson("show " + danghao);
  CHECK(item["冻结"] == true);
  CHECK(item["冻结原因"] == "合同纠纷诉讼中");
}

TEST_CASE("every change is in the audit log and the chain verifies", "[archive-cli]") {
  DemoArchive a("audit");
  std::string danghao = a.GenerateAndFile("O-09");
  REQUIRE(a.Run("edit " + danghao + " --notes 原件存行政部 --reason 补记原件存放地点").exit_code ==
          0);
  Json log = a.RunJson("audit show " + danghao)["entries"];
  bool edited = false;
  for (const auto& e : log) {
    CHECK(e["who"] == getpwuid(geteuid())->pw_name);  // the command line records the OS user
    const std::string detail = e["detail"];
    if (detail.find("原件存行政部") != std::string::npos &&
        detail.find("补记原件存放地点") != std::string::npos) {
      edited = true;
    }
  }
  CHECK(edited);
  CliRun verify = a.Run("audit verify --clearance 机密");
  INFO(verify.out);
  CHECK(verify.exit_code == 0);
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open((a.dir() + "/archive/catalogue.sqlite").c_str(), &db) == SQLITE_OK);
  // The catalogue refuses the edit by trigger; someone at the file with a SQLite tool drops it.
  CHECK(sqlite3_exec(db, "UPDATE audit_log SET who = '别人' WHERE id = 1", nullptr, nullptr,
                     nullptr) == SQLITE_CONSTRAINT);
  CHECK(sqlite3_exec(db,
                     "DROP TRIGGER audit_no_update; UPDATE audit_log SET who = '别人' WHERE id = 1",
                     nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(db);
  CliRun broken = a.Run("audit verify --clearance 机密");
  CHECK(broken.exit_code == 1);
}

namespace {

// The command lines of the README's search section, as a reader would copy them.
std::vector<std::string> ReadmeSearchExamples() {
  std::ifstream readme(SourcePath("README.md"));
  std::string line;
  while (std::getline(readme, line) && line != "## Searching the archive") {
  }
  while (std::getline(readme, line) && line != "```sh") {
  }
  std::vector<std::string> commands;
  const std::string prefix = "build/cli/dangan ";
  while (std::getline(readme, line) && line != "```") {
    if (line.rfind(prefix, 0) != 0) continue;
    std::string args = line.substr(prefix.size());
    const size_t comment = args.find(" # ");
    if (comment != std::string::npos) args.resize(comment);
    while (!args.empty() && args.back() == ' ') args.pop_back();
    commands.push_back(args);
  }
  return commands;
}

}  // namespace

TEST_CASE("every example of the README's search section runs as documented", "[archive-cli]") {
  DemoArchive a("cli-readme-search");
  a.GenerateAndFile("S-04");  // 用印登记表
  a.GenerateAndFile("O-09");  // 办公用品申请单
  const std::vector<std::string> examples = ReadmeSearchExamples();
  REQUIRE(examples.size() >= 8);
  for (const std::string& args : examples) {
    CliRun run = a.Run(args);
    INFO("dangan " << args << "\n" << run.out);
    CHECK(run.exit_code == 0);
    if (args == "search 用印登记") CHECK(run.out.find("用印登记") != std::string::npos);
  }
}

TEST_CASE("a query may start with a minus sign, -- ends the options, unknown options are refused",
          "[archive-cli]") {
  DemoArchive a("cli-search-minus");
  a.GenerateAndFile("S-04");
  CliRun excluded = a.Run("search '-用印 登记' --json");
  INFO(excluded.out);
  CHECK(excluded.exit_code == 0);
  CliRun ended = a.Run("search --json -- -草稿 用印");
  INFO(ended.out);
  CHECK(ended.exit_code == 0);
  CHECK(ended.out.find("用印") != std::string::npos);
  CliRun unknown = a.Run("search 用印 --bogus");
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.out.find("未知选项 --bogus") != std::string::npos);
}
