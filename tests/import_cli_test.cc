// dangan import and dangan register through the command, as a clerk runs them: --dry-run shows
// the mapping and changes nothing (the catalogue file stays byte for byte), exit codes, the
// report, --files, search over imported items, and a register generated --from-archive.
#include <catch2/catch.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

using Json = nlohmann::json;
using test::CliRun;
using test::RunDangan;
using test::ScratchDir;
using test::SourcePath;

class ImportArchive {
 public:
  explicit ImportArchive(const std::string& name) : dir_(ScratchDir(name)) {
    CliRun init = Run("init --fonds Z109 --company 华东精密机械有限公司");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
  }
  CliRun Run(const std::string& args) const {
    return RunDangan(args + " --archive " + dir_ + "/archive");
  }
  std::string Catalogue() const {
    return archive_test::ReadAll(dir_ + "/archive/catalogue.sqlite");
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

std::string Quoted(const std::string& path) { return "'" + path + "'"; }

std::string Sample(const std::string& name) { return Quoted(SourcePath("samples/legacy/" + name)); }

TEST_CASE("import --dry-run shows the mapping and the problems and changes nothing",
          "[import][cli]") {
  ImportArchive a("import-cli-dry");
  std::string before = a.Catalogue();
  CliRun run = a.Run("import " + Sample("归档文件目录2015-2016.csv") +
                     " --into catalogue --dry-run --files " + Sample("scans"));
  INFO(run.out);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("列的对应") != std::string::npos);
  CHECK(run.out.find("G 日期 → 日期") != std::string::npos);
  CHECK(run.out.find("2015.1.20 ⇒ 2015-01-20") != std::string::npos);
  CHECK(run.out.find("第 8 行 C（保管期限）") != std::string::npos);
  CHECK(run.out.find("试运行") != std::string::npos);
  CHECK(run.out.find("未作任何改动") != std::string::npos);
  CHECK(a.Catalogue() == before);
  run = a.Run("import " + Sample("用印登记表2019.xls") + " --into register:S-04 --dry-run " +
              "--skip-bad-rows");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  CHECK(run.out.find("可新增 38") != std::string::npos);
  CHECK(a.Catalogue() == before);
  CHECK_FALSE(std::filesystem::exists(SourcePath("samples/legacy/用印登记表2019.未导入的行.csv")));
}

TEST_CASE("import a catalogue with scans, then find the items with search", "[import][cli]") {
  ImportArchive a("import-cli-catalogue");
  std::string report = a.dir() + "/未导入.csv";
  CliRun run = a.Run("import " + Sample("归档文件目录2015-2016.csv") + " --into catalogue " +
                     "--mapping " + Sample("mapping-example.yaml") + " --skip-bad-rows --files " +
                     Sample("scans") + " --report " + Quoted(report));
  INFO(run.out);
  CHECK(run.exit_code == 1);  // rows were rejected
  CHECK(run.out.find("新增 26") != std::string::npos);
  CHECK(run.out.find("会议照片2016.pdf") != std::string::npos);
  CHECK(run.out.find("未导入的行已写入 " + report) != std::string::npos);
  CHECK(std::filesystem::exists(report));

  CliRun search = a.Run("search 工作要点 --json");
  INFO(search.out);
  REQUIRE(search.exit_code == 0);
  CHECK(search.out.find("Z109-WS·2015-Y-BGS-0001") != std::string::npos);
  CHECK(search.out.find("Z109-WS·2016-Y-BGS-0001") != std::string::npos);
  CliRun check = a.Run("check --clearance 机密");
  INFO(check.out);
  CHECK(check.exit_code == 0);

  // The catalogue holds 秘密 and 机密 items: only a clearance that sees them may compare them.
  CliRun again =
      a.Run("import " + Sample("归档文件目录2015-2016.csv") + " --into catalogue --mapping " +
            Sample("mapping-example.yaml") + " --skip-bad-rows --json --clearance 机密 --report " +
            Quoted(report));
  Json j = Json::parse(again.out);
  CHECK(j["rows_added"] == 0);
  CHECK(j["rows_unchanged"] == 26);
  CHECK(j["rows_rejected"] == 4);
  // Each problem carries its code, place and message for a front end to show at its cell.
  bool invalid_date_on_row_18 = false;
  for (const Json& p : j["problems"]) {
    CHECK_FALSE(p["code"].get<std::string>().empty());
    CHECK_FALSE(p["message"].get<std::string>().empty());
    if (p["code"] == "invalid_date" && p["row"] == 18 && p["field"] == "日期") {
      invalid_date_on_row_18 = true;
    }
  }
  CHECK(invalid_date_on_row_18);
}

TEST_CASE("import a register, then generate it from the archive and file it", "[import][cli]") {
  ImportArchive a("import-cli-register");
  std::string input = a.dir() + "/用印登记表2019.xls";
  std::filesystem::copy_file(SourcePath("samples/legacy/用印登记表2019.xls"), input);
  CliRun run = a.Run("import " + Quoted(input) + " --into register:S-04 --skip-bad-rows");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  std::string report = a.dir() + "/用印登记表2019.未导入的行.csv";
  std::string text = archive_test::ReadAll(report);
  text.replace(text.find("2019.06.31"), 10, "2019-06-28");
  text.replace(text.find("人力资源部,,"), std::string("人力资源部,,").size(), "人力资源部,刘洋,");
  test::WriteFile(report, text);
  run = a.Run("import " + Quoted(report) + " --into register:S-04");
  INFO(run.out);
  CHECK(run.exit_code == 0);

  CliRun show = a.Run("register show S-04 --rows 30-32");
  INFO(show.out);
  CHECK(show.exit_code == 0);
  CHECK(show.out.find("关于端午节放假安排的通知") != std::string::npos);

  // The same rows as a volume of their own: listed by register show, chosen by --volume.
  run = a.Run("import " + Quoted(input) + " --into register:S-04 --volume 2019 --skip-bad-rows");
  INFO(run.out);
  CHECK(run.exit_code == 1);
  show = a.Run("register show S-04");
  INFO(show.out);
  CHECK(show.out.find("（未分册）：40 行") != std::string::npos);
  CHECK(show.out.find("2019：38 行") != std::string::npos);
  show = a.Run("register show S-04 --volume 2019 --rows 1-1");
  INFO(show.out);
  CHECK(show.out.find("2019 册：档案库中有 1 行") != std::string::npos);
  CliRun none = a.Run("generate S-04 --from-archive --volume 2018 --format xlsx --out " +
                      Quoted(a.dir() + "/none.xlsx"));
  INFO(none.out);
  CHECK(none.exit_code != 0);
  CHECK(none.out.find("已有的册") != std::string::npos);

  std::string out = a.dir() + "/S-04.xlsx";
  CliRun gen = a.Run(
      "generate S-04 --from-archive --set 保管部门=行政管理部 --set 印章保管人=郭蕾 "
      "--set 册号=2019-01 --set 起始日期=2019-01-04 --format xlsx --out " +
      Quoted(out));
  INFO(gen.out);
  REQUIRE(gen.exit_code == 0);
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(out, &book).ok());
  bool found = false;
  for (const auto& [ref, cell] : book.sheets[0].cells)
    found = found || cell.value == "车辆年检委托书";
  CHECK(found);

  CliRun filed = a.Run(
      "generate S-04 --from-archive --set 保管部门=行政管理部 --set 印章保管人=郭蕾 "
      "--set 册号=2019-01 --set 起始日期=2019-01-04 --out " +
      Quoted(a.dir() + "/forms") + " --file --json");
  INFO(filed.out);
  REQUIRE(filed.exit_code == 0);
  Json docs = Json::parse(filed.out)["documents"];
  CHECK(docs[0]["行数"] == 40);
  CHECK(docs[0].contains("档号"));
}

TEST_CASE("import refuses unclear commands with a message", "[import][cli]") {
  ImportArchive a("import-cli-usage");
  CliRun run = a.Run("import " + Sample("用印登记2023.csv"));
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("--into") != std::string::npos);
  run = a.Run("import " + Sample("用印登记2023.csv") + " --into register:X-99");
  CHECK(run.exit_code == 3);
  run = a.Run("import " + Sample("用印登记2023.csv") + " --into register:O-09");
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("不是登记表") != std::string::npos);
  run = a.Run("import " + Sample("mapping-example.yaml") + " --into catalogue");
  CHECK(run.exit_code != 0);
  run = a.Run("import " + Sample("用印登记2023.csv") + " --into register:S-04 --assign-danghao");
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("--assign-danghao 只用于") != std::string::npos);
  run = a.Run("import " + Sample("用印登记2023.csv") + " --into catalogue --volume 2023");
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("--volume 只用于") != std::string::npos);
  run = a.Run("generate S-04 --from-archive --set 保管部门=行政管理部");
  CHECK(run.exit_code == 3);
  CHECK(run.out.find("dangan import") != std::string::npos);
}

TEST_CASE("a --report naming the file being imported is refused and the file is kept",
          "[import][cli]") {
  ImportArchive a("import-cli-report-over-input");
  const std::string input = a.dir() + "/目录.csv";
  std::filesystem::copy_file(SourcePath("samples/legacy/归档文件目录2015-2016.csv"), input);
  const std::string before = archive_test::ReadAll(input);
  const std::string catalogue = a.Catalogue();
  CliRun run = a.Run("import " + Quoted(input) + " --into catalogue --mapping " +
                     Sample("mapping-example.yaml") + " --skip-bad-rows --report " +
                     Quoted(a.dir() + "/./目录.csv"));
  INFO(run.out);
  CHECK(run.exit_code == 2);
  CHECK(run.out.find("报告不能覆盖导入的文件") != std::string::npos);
  CHECK(archive_test::ReadAll(input) == before);
  CHECK(a.Catalogue() == catalogue);
}

}  // namespace
}  // namespace dangan
