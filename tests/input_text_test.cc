// Text at the edge: every value a user gives is valid UTF-8 without control characters (line
// breaks only where a field has several lines), and every --json output survives bad bytes an
// older archive may already hold.
#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "dangan/records/text.h"
#include "support/archive_fixtures.h"
#include "support/cli_runner.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::archive_test;
using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::RunDanganStdout;
using dangan::test::ScratchDir;
using dangan::test::WithOptions;
using dangan::test::WriteFile;
using Json = nlohmann::json;

namespace {

// Single-quoted for sh: the bytes reach the command as they are (0xFF, ESC, a line break).
std::string Quoted(const std::string& text) { return "'" + text + "'"; }

struct FreshArchive {
  std::string dir = NewArchive("input_text");
  // A real PDF with a text layer: the intake reads what it files.
  std::string pdf = dangan::test::SourcePath("samples/legacy/scans/Z109-WS·2015-Y-BGS-0001.pdf");

  CliRun Run(const std::string& args) const {
    return RunDangan(WithOptions(args, "--archive " + dir));
  }
  CliRun File(const std::string& options) const {
    return Run("file " + pdf + " --no-ocr --year 2024 --retention D10 " + options);
  }
  long long Items() const { return SqlInt(dir, "SELECT count(*) FROM items"); }
};

}  // namespace

TEST_CASE("the text rule refuses bad bytes and control characters, naming what is wrong",
          "[text]") {
  CHECK(TextFault("合同\xff", TextLines::kOne).find("无效的 UTF-8") != std::string::npos);
  CHECK(TextFault("合同\x1b[31m", TextLines::kOne).find("U+001B") != std::string::npos);
  CHECK(TextFault("响铃\x07", TextLines::kOne).find("U+0007") != std::string::npos);
  CHECK(TextFault("C1\xc2\x9b", TextLines::kOne).find("U+009B") != std::string::npos);
  CHECK(TextFault("第一行\n第二行", TextLines::kOne) == "不能换行");
  CHECK(TextFault("第一行\xe2\x80\xa8第二行", TextLines::kOne) == "不能换行");
  CHECK(TextFault("第一行\n第二行\r\n第三行", TextLines::kMany).empty());
  CHECK_FALSE(TextFault("回车\r覆盖", TextLines::kMany).empty());
  const Problem p = CheckText("题名", "坏\xff", TextLines::kOne);
  CHECK(p.code == problem_codes::kInvalidText);
  CHECK(DescribeProblem(p).rfind("题名：含有无效的 UTF-8 字节", 0) == 0);
}

TEST_CASE("traditional characters, full-width digits and tabs still pass the text rule", "[text]") {
  for (const char* text :
       {"申請部門領用", "２０２４年３月５日", "Ｚ１０９", "甲\t乙", "①㈠", "𠀀字（扩展B）", ""}) {
    INFO(text);
    CHECK(TextFault(text, TextLines::kOne).empty());
  }
}

TEST_CASE("file refuses a title or 机构 of invalid UTF-8 with exit 2 and files nothing",
          "[text][cli]") {
  FreshArchive a;
  CliRun run = a.File("--title " + Quoted("坏\xff") + " --dept BGS");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("题名：含有无效的 UTF-8 字节"));
  run = a.File("--title 通知 --dept " + Quoted("\xff"));
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("机构：含有无效的 UTF-8 字节"));
  run = a.File("--title " + Quoted("通知\x1b]0;被改的标题\x07") + " --dept BGS");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("题名：含有控制字符 U+001B"));
  run = a.File("--title " + Quoted("两行\n题名") + " --dept BGS");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("题名：不能换行"));
  CHECK(a.Items() == 0);
}

TEST_CASE("notes may have several lines, and traditional text files as given", "[text][cli]") {
  FreshArchive a;
  CliRun run = a.File("--title 申請領用辦公用品 --dept BGS --notes " + Quoted("第一行\n第二行"));
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK(a.Items() == 1);
}

TEST_CASE("nobody names another actor: --user is refused, pointing to --as, and nothing is filed",
          "[text][cli]") {
  FreshArchive a;
  CliRun run = a.File("--title 通知 --dept BGS --user " + Quoted("张三\n2026-01-01T00:00:00  李四  销毁"));
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("--user 已取消"));
  CHECK_THAT(run.out, Catch::Contains("--as"));
  CHECK(a.Items() == 0);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM audit_log") == 0);
}

TEST_CASE("edit and hold refuse control characters in what they write", "[text][cli]") {
  FreshArchive a;
  REQUIRE(a.File("--title 通知 --dept BGS").exit_code == 0);
  const std::string danghao = "Z109-WS·2024-D10-BGS-0001";
  CliRun run = a.Run("edit " + danghao + " --title " + Quoted("改\xff"));
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("题名"));
  run = a.Run("hold " + danghao + " --reason " + Quoted("诉讼\n未结"));
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("冻结原因：不能换行"));
  run = a.Run("edit " + danghao + " --notes " + Quoted("备注第一行\n第二行"));
  CHECK(run.exit_code == 0);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM items WHERE title = '通知' AND hold = 0") == 1);
}

TEST_CASE("generate refuses a control character in a form value, naming the field", "[text][cli]") {
  const std::string dir = ScratchDir("input_text_generate");
  const std::string data =
      WriteFile(dir + "/data.json",
                R"({"申请部门": "市场部\u001b[2J", "申请日期": "2024-03-05", "申请类别": "采购",
          "申请人": "王建国", "明细": [{"物品名称": "复印纸", "数量": 1, "单价": 10}]})");
  const CliRun run =
      RunDanganStdout("generate O-09 --data " + data + " --out " + dir + "/out --json");
  CHECK(run.exit_code == 2);
  const Json j = Json::parse(run.out);
  bool named = false;
  for (const Json& p : j["problems"]) {
    named = named || (p["code"] == "invalid_text" && p["field"] == "申请部门");
  }
  CHECK(named);
}

TEST_CASE("every --json output survives bad bytes stored by an older dangan", "[text][cli]") {
  const std::string dir = NewArchive("input_text_stored");
  {
    // What a dangan without the text rule filed: a title and a user of invalid UTF-8.
    std::unique_ptr<Archive> old = OpenArchive(dir, "录入员\xff");
    NewItem item = SampleItem("坏题名\xff");
    item.year = 2010;
    item.retention = "D10";
    item.date = "2010-03-05";
    ItemRecord rec;
    const std::string pdf = WritePdf(ScratchDir("input_text_stored_pdf") + "/a.pdf", "stored");
    REQUIRE(old->File(item, {PdfFile(pdf)}, &rec).ok());
  }
  REQUIRE(Sql(dir, "UPDATE items SET notes = CAST(X'e5a487ff0a1b' AS TEXT)").empty());
  const std::string danghao = "Z109-WS·2010-D10-BGS-0001";
  for (const std::string& command :
       {std::string("list"), "show " + danghao, std::string("retention due --as-of 2030-01-01"),
        "audit show " + danghao, std::string("search 坏题名")}) {
    INFO(command);
    const CliRun run =
        RunDanganStdout(WithOptions(command, "--archive " + dir + " --json"));
    CHECK(run.exit_code == 0);
    REQUIRE_NOTHROW(Json::parse(run.out));
    CHECK_THAT(run.out, Catch::Contains("\xef\xbf\xbd"));  // U+FFFD where the bad byte was
  }
}

TEST_CASE("show, list and search print stored escape sequences as U+FFFD, never to the terminal",
          "[text][cli]") {
  const std::string dir = NewArchive("input_text_escape");
  {
    std::unique_ptr<Archive> old = OpenArchive(dir, "录入员");  // before the text rule
    NewItem item = SampleItem("印章\x1b[2J管理");
    item.notes = "第一行\n第二行\x1b]0;title\x07";
    ItemRecord rec;
    const std::string pdf = WritePdf(ScratchDir("input_text_escape_pdf") + "/a.pdf", "印章管理");
    REQUIRE(old->File(item, {PdfFile(pdf)}, &rec).ok());
  }
  for (const std::string& command : {std::string("show Z109-WS·2024-Y-BGS-0001"),
                                     std::string("list"), std::string("search 印章")}) {
    INFO(command);
    const CliRun run = RunDanganStdout(WithOptions(command, "--archive " + dir + ""));
    INFO(run.out);
    CHECK(run.exit_code == 0);
    CHECK(run.out.find('\x1b') == std::string::npos);
    CHECK(run.out.find('\x07') == std::string::npos);
    CHECK_THAT(run.out, Catch::Contains("印章\xef\xbf\xbd[2J管理"));
  }
  const CliRun show = RunDanganStdout(
      WithOptions("show Z109-WS·2024-Y-BGS-0001", "--archive " + dir + ""));
  CHECK_THAT(show.out, Catch::Contains("备注：第一行\n      第二行"));
}

TEST_CASE("a stored user name with a line break cannot forge a line of audit show", "[text][cli]") {
  CHECK(ForOneLine("张三\n李四\x1b[2J\xff") == "张三\xef\xbf\xbd李四\xef\xbf\xbd[2J\xef\xbf\xbd");
  const std::string dir = NewArchive("input_text_forged");
  {
    // Filed by a dangan before the text rule, which took --user as it came.
    std::unique_ptr<Archive> old = OpenArchive(dir, "张三\n2026-01-01T00:00:00  李四  销毁");
    ItemRecord rec;
    const std::string pdf = WritePdf(ScratchDir("input_text_forged_pdf") + "/a.pdf", "forged");
    REQUIRE(old->File(SampleItem(), {PdfFile(pdf)}, &rec).ok());
  }
  const CliRun run = RunDanganStdout(
      WithOptions("audit show Z109-WS·2024-Y-BGS-0001", "--archive " + dir + ""));
  INFO(run.out);
  CHECK(run.exit_code == 0);
  CHECK(std::count(run.out.begin(), run.out.end(), '\n') == 1);  // one entry, one line
  CHECK(run.out.find("\n2026-01-01") == std::string::npos);
}

TEST_CASE("a one-line value wrapped in its cell is joined as one line", "[text]") {
  CHECK(JoinLines("关于印章\n管理的通知") == "关于印章管理的通知");
  CHECK(JoinLines("关于印章 \r\n  管理的通知") == "关于印章管理的通知");
  CHECK(JoinLines("English\ntitle") == "English title");
  CHECK(JoinLines("2024年\nISO 9001 审核") == "2024年 ISO 9001 审核");
  CHECK(JoinLines("一行") == "一行");
  CHECK(JoinLines("结尾换行\n") == "结尾换行");
}

TEST_CASE("import joins wrapped titles and refuses a cell with a control character by its row",
          "[text][import][cli]") {
  FreshArchive a;
  const std::string dir = ScratchDir("input_text_import");
  const std::string csv =
      WriteFile(dir + "/目录.csv",
                "档号,年度,保管期限,机构,题名,责任者,日期,备注\n"
                "Z109-WS·2015-Y-BGS-0001,2015,永久,BGS,\"关于印章\n管理的通知\",办公室,2015-03-02,"
                "\"第一行\n第二行\"\n"
                "Z109-WS·2015-Y-BGS-0002,2015,永久,BGS,\"坏\x1b[31m标题\",办公室,2015-03-02,\n");
  const CliRun run = a.Run("import " + Quoted(csv) + " --into catalogue --skip-bad-rows --report " +
                           Quoted(dir + "/未导入.csv") + " --json");
  INFO(run.out);
  CHECK(run.exit_code == 1);  // one row rejected
  CHECK(run.out.find("invalid_text") != std::string::npos);
  CHECK(run.out.find("U+001B") != std::string::npos);
  CHECK(a.Items() == 1);
  CHECK(SqlInt(a.dir,
               "SELECT count(*) FROM items WHERE title = '关于印章管理的通知' AND "
               "notes = '第一行' || char(10) || '第二行'") == 1);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM items WHERE instr(title, char(27)) > 0") == 0);
}

TEST_CASE("a register import refuses a cell with a control character by its row and column",
          "[text][import][cli]") {
  FreshArchive a;
  const std::string dir = ScratchDir("input_text_register");
  const std::string csv =
      WriteFile(dir + "/用印登记.csv",
                "序号,用印日期,用印部门,经办人,文件名称,文件编号,份数,印章名称,用印目的,备注\n"
                "1,2024-01-04,销售部,李娜,\"年度购销\n合同\",HT-001,2,合同专用章,签订合同,\n"
                "2,2024-01-05,销售部,李娜,\"合同\x07\",HT-002,1,合同专用章,签订合同,\n");
  const std::string import = "import " + Quoted(csv) + " --into register:S-04 --volume 2024 " +
                             "--report " + Quoted(dir + "/未导入.csv") + " --json";
  const CliRun whole = a.Run(import);
  INFO(whole.out);
  CHECK(whole.exit_code == 2);  // a bad row stops the import unless --skip-bad-rows
  CHECK(whole.out.find("invalid_text") != std::string::npos);
  CHECK(whole.out.find("U+0007") != std::string::npos);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM register_rows") == 0);

  const CliRun skipping = a.Run(import + " --skip-bad-rows");
  INFO(skipping.out);
  CHECK(skipping.exit_code == 1);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM register_rows") == 1);
  CHECK(SqlInt(a.dir,
               "SELECT count(*) FROM register_rows WHERE instr(values_json, '年度购销合同')") == 1);
}

TEST_CASE("密级 and 保管期限 are read in every spelling a clerk uses, as filters and new values",
          "[text][cli]") {
  FreshArchive a;
  REQUIRE(a.File("--title 合同 --dept BGS --secrecy 秘密").exit_code == 0);
  const std::string item = "Z109-WS·2024-D10-BGS-0001";
  const std::string archivist = " --clearance 機密";
  CHECK(a.Run("list --secrecy 祕密" + archivist).out.find(item) != std::string::npos);
  CHECK(a.Run("list --retention 定期10年" + archivist).out.find(item) != std::string::npos);
  CHECK(a.Run("search 合同 --retention Ｄ１０" + archivist).out.find(item) != std::string::npos);
  const CliRun legacy = a.Run("list --retention 長期" + archivist);
  CHECK(legacy.exit_code == 2);
  CHECK(legacy.out.find("旧的保管期限") != std::string::npos);
  CHECK(a.Run("list --secrecy 绝密" + archivist).exit_code == 2);
  CHECK(a.Run("retention set " + item + " 定期30年" + archivist).exit_code == 0);
  CHECK(a.Run("edit " + item + " --secrecy 機密" + archivist).exit_code == 0);
  CHECK(SqlInt(a.dir, "SELECT count(*) FROM items WHERE retention = 'D30' AND secrecy = '机密'") ==
        1);
}
