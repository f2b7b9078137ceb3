// End-to-end tests of the dangan command: what a clerk runs, what comes out, what an error says.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "dangan/generator/document.h"
#include "dangan/generator/layout.h"
#include "support/cli_runner.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"
#include "generator/src/values.h"  // private part, tested on purpose

using namespace dangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using dangan::test::Squeeze;
using dangan::test::WriteFile;
using Json = nlohmann::json;

namespace {

using Run = test::CliRun;

Run Dangan(const std::string& args) { return test::RunDangan(args); }

Json GenerateJson(const std::string& id, const std::string& data, const std::string& out,
                  const std::string& extra = "") {
  Run run = Dangan("generate " + id + " --data " + data + " --format both --out " + out +
                   " --json " + extra);
  INFO(run.out);
  REQUIRE(run.exit_code == 0);
  return Json::parse(run.out)["documents"];
}

std::string FileOf(const Json& doc, const std::string& format) {
  for (const auto& f : doc["files"]) {
    if (f["format"] == format) return f["path"].get<std::string>();
  }
  FAIL("no " << format << " file in " << doc.dump());
  return "";
}

// What the PDF must show for each value of the bound sample: dates and money as printed.
std::vector<std::string> PrintedValues(const Document& doc) {
  const Template& t = *doc.tmpl;
  std::vector<std::string> out;
  for (const auto& [name, text] : doc.values) out.push_back(text);
  if (!t.table) return out;
  for (size_t r = 0; r < doc.rows.rows(); ++r) {
    for (size_t c = 0; c < t.table->columns.size(); ++c) {
      Value v;
      ParseValue(t.table->columns[c].field, doc.rows.at(r, c), &v);
      if (v.empty) continue;
      if (v.kind == CellKind::kDate) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", v.year, v.month, v.day);
        out.push_back(buf);
      } else {
        out.push_back(v.text);
      }
    }
  }
  return out;
}

Document BindSample(const Template& t, const std::string& data) {
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, data, {}, &records).ok());
  Document doc;
  Status s = BindDocument(t, std::move(records[0]), &doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
  return doc;
}

std::string AllXlsxText(const test::XlsxSheet& sheet) {
  std::string all;
  for (const auto& [ref, cell] : sheet.cells) all += cell.value + "\n";
  return all;
}

bool Exists(const std::string& path) { return access(path.c_str(), F_OK) == 0; }

}  // namespace

TEST_CASE("every template generates a PDF and an XLSX holding its title and every sample value",
          "[cli]") {
  std::vector<Template> templates;
  REQUIRE(LoadTemplateDir(SourcePath("templates"), &templates).ok());
  std::string dir = ScratchDir("all");
  for (const Template& t : templates) {
    INFO("template " << t.id);
    std::string sample = SourcePath("samples/" + t.id + ".json");
    Json result = GenerateJson(t.id, sample, dir + "/" + t.id);
    REQUIRE(result.size() >= 1);  // a list of records gives one document each; the first is checked

    test::PdfContent pdf = test::ReadPdf(FileOf(result[0], "pdf"));
    REQUIRE(pdf.loaded);
    CHECK(pdf.errors.empty());
    REQUIRE(!pdf.pages.empty());
    CHECK(pdf.pages.size() == result[0]["files"][0]["pages"].get<size_t>());
    std::string text;
    for (const std::string& page : pdf.pages) text += Squeeze(page);
    Document doc = BindSample(t, sample);
    const std::string title = LayOut(doc).title;  // {字段} in the title filled in
    CHECK_THAT(text, Catch::Contains(Squeeze(title)));
    CHECK_THAT(text, Catch::Contains(result[0]["文档编号"].get<std::string>()));
    for (const test::PdfFont& font : pdf.fonts) {
      INFO("font " << font.name);
      CHECK(font.embedded);
      CHECK(font.subset);
    }
    for (const std::string& value : PrintedValues(doc)) {
      INFO("value " << value);
      CHECK_THAT(text, Catch::Contains(Squeeze(value)));
    }

    test::XlsxWorkbook book;
    REQUIRE(test::XlsxWorkbook::Open(FileOf(result[0], "xlsx"), &book).ok());
    REQUIRE(!book.sheets.empty());
    const test::XlsxSheet& sheet = book.sheets[0];
    bool title_in_row_1 = false;  // right of the QR code at the top left
    for (const auto& [ref, cell] : sheet.cells) {
      int col = 0, row = 0;
      title_in_row_1 |= test::ParseCellRef(ref, &col, &row) && row == 1 && cell.value == title;
    }
    CHECK(title_in_row_1);
    std::string cells = Squeeze(AllXlsxText(sheet));
    for (const auto& [name, value] : doc.values) {
      const Field* f = t.FindField(name);
      if (f->type == FieldType::kDate || f->type == FieldType::kMoney ||
          f->type == FieldType::kNumber || f->type == FieldType::kTime) {
        continue;  // stored as numbers: checked by the typed-cell test below
      }
      INFO("field " << name);
      CHECK_THAT(cells, Catch::Contains(Squeeze(value)));
    }
  }
}

TEST_CASE("the XLSX of a form stores money, numbers and dates as numbers", "[cli]") {
  std::string dir = ScratchDir("typed");
  Json result = GenerateJson("O-09", SourcePath("samples/O-09.json"), dir);
  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(FileOf(result[0], "xlsx"), &book).ok());
  const test::XlsxSheet& sheet = book.sheets[0];
  bool date_found = false, total_found = false, line_found = false;
  for (const auto& [ref, cell] : sheet.cells) {
    if (!cell.is_number()) continue;
    if (book.styles.IsDateFormat(cell.style) && cell.number() == 45356)
      date_found = true;  // 2024-03-05
    if (cell.number() == Approx(1130.0)) total_found = true;
    if (cell.number() == Approx(640.0)) line_found = true;
  }
  CHECK(date_found);
  CHECK(total_found);
  CHECK(line_found);
  // Values sit in the cell right of their caption, as on the printed form.
  auto right_of = [&](const std::string& label) -> const test::XlsxCell* {
    for (const auto& [ref, cell] : sheet.cells) {
      if (cell.is_string() && cell.value == label) {
        int col = 0, row = 0;
        REQUIRE(test::ParseCellRef(ref, &col, &row));
        std::string next;
        for (int n = col + 2; n > 0; n = (n - 1) / 26)
          next.insert(next.begin(), static_cast<char>('A' + (n - 1) % 26));
        return sheet.Find(next + std::to_string(row));
      }
    }
    return nullptr;
  };
  const test::XlsxCell* department = right_of("部门");
  REQUIRE(department);
  CHECK(department->value == "市场部");
  const test::XlsxCell* date = right_of("申请日期");
  REQUIRE(date);
  CHECK(date->is_number());
  CHECK(date->number() == 45356);
  CHECK(book.styles.IsDateFormat(date->style));
  CHECK_THAT(AllXlsxText(sheet), Catch::Contains("壹仟壹佰叁拾元整"));
}

TEST_CASE("a 500-row register runs over pages with every row once and the header on each page",
          "[cli]") {
  std::string dir = ScratchDir("500");
  std::string csv = "用印日期,用印部门,经办人,文件名称,份数,印章名称,用印目的\n";
  for (int i = 1; i <= 500; ++i) {
    csv += "2024-03-05,办公室,王建国,第" + std::to_string(i) + "号合同,1,公司章,签订合同\n";
  }
  WriteFile(dir + "/rows.csv", csv);
  Json result = GenerateJson("S-04", dir + "/rows.csv", dir + "/out",
                             "--set 保管部门=行政管理部 --set 印章保管人=李娜 --set 册号=2024-01 "
                             "--set 起始日期=2024-01-02");
  test::PdfContent pdf = test::ReadPdf(FileOf(result[0], "pdf"));
  REQUIRE(pdf.loaded);
  const size_t pages = pdf.pages.size();
  REQUIRE(pages > 1);
  CHECK(pages == result[0]["files"][0]["pages"].get<size_t>());
  std::vector<int> rows_on_page(pages, 0);
  int next = 1;
  for (size_t p = 0; p < pages; ++p) {
    std::string text = Squeeze(pdf.pages[p]);
    INFO("page " << p + 1);
    CHECK_THAT(text, Catch::Contains("用印日期"));  // header row repeated
    CHECK_THAT(text, Catch::Contains("第" + std::to_string(p + 1) + "页共" + std::to_string(pages) +
                                     "页"));
    while (next <= 500 && text.find("第" + std::to_string(next) + "号合同") != std::string::npos) {
      ++rows_on_page[p];
      ++next;
    }
  }
  CHECK(next == 501);  // every row found, in order
  // Rows are all one line high: every full page after the first holds the same number of rows,
  // and the page count is what that capacity implies.
  const int per_page = rows_on_page[1];
  for (size_t p = 1; p + 1 < pages; ++p) CHECK(rows_on_page[p] == per_page);
  CHECK(pages == 1 + static_cast<size_t>((500 - rows_on_page[0] + per_page - 1) / per_page));
}

TEST_CASE("traditional characters render and extract", "[cli]") {
  std::string dir = ScratchDir("trad");
  std::string data =
      WriteFile(dir + "/trad.json", R"({"申請部門": "檔案室", "申请日期": "2024年3月5日",
      "申请类别": "領用", "申请人": "陳曉東", "用途说明": "會議紀要歸檔用，檔案盒不足。",
      "明细": [{"物品名称": "檔案盒", "数量": 10, "单价": 12.5}]})");
  Json result = GenerateJson("O-09", data, dir + "/out");
  test::PdfContent pdf = test::ReadPdf(FileOf(result[0], "pdf"));
  std::string text = Squeeze(pdf.pages.at(0));
  CHECK_THAT(text, Catch::Contains("檔案室"));
  CHECK_THAT(text, Catch::Contains("陳曉東"));
  CHECK_THAT(text, Catch::Contains("會議紀要歸檔用，檔案盒不足。"));
  CHECK_THAT(text, Catch::Contains("领用"));
}

TEST_CASE("a character no font has is reported by name and code point and nothing is written",
          "[cli]") {
  std::string dir = ScratchDir("glyph");
  std::string data =
      WriteFile(dir + "/bad.json", R"({"申请部门": "市场部", "申请日期": "2024-03-05",
      "申请类别": "采购", "申请人": "王建国", "用途说明": "印章𓀀",
      "明细": [{"物品名称": "纸", "数量": 1, "单价": 1}]})");
  Run run = Dangan("generate O-09 --data " + data + " --format pdf --out " + dir + "/out");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("用途说明"));
  CHECK_THAT(run.out, Catch::Contains("U+13000"));
  CHECK_THAT(run.out, Catch::Contains("EGYPTIAN HIEROGLYPH"));
  CHECK(system(("test -z \"$(ls -A " + dir + "/out 2>/dev/null)\"").c_str()) == 0);
}

TEST_CASE("bad data lists every problem, exits non-zero and writes nothing", "[cli]") {
  std::string dir = ScratchDir("bad");
  std::string data =
      WriteFile(dir + "/bad.json", R"([{"申请部门": "市场部", "申请日期": "2024-03-05",
      "申请类别": "采购", "申请人": "王建国", "明细": [{"物品名称": "纸", "数量": 1, "单价": 1}]},
      {"申请日期": "明天", "申请类别": "采购", "申请人": "王建国", "明细": []}])");
  Run run = Dangan("generate O-09 --data " + data + " --out " + dir + "/out");
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.out, Catch::Contains("第 2 条记录"));
  CHECK_THAT(run.out, Catch::Contains("申请部门：必填"));
  CHECK_THAT(run.out, Catch::Contains("申请日期：值「明天」不是日期"));
  CHECK_FALSE(Exists(dir + "/out"));  // the good first record was not written either
}

TEST_CASE("a broken template is refused by the command with file, line and reason", "[cli]") {
  std::string dir = ScratchDir("broken");
  std::string text;
  {
    std::ifstream in(SourcePath("templates/O-09.yaml"));
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  size_t p = text.find("type: 日期");
  REQUIRE(p != std::string::npos);
  text.replace(p, std::string("type: 日期").size(), "type: 生日");
  const auto line = 1 + std::count(text.begin(), text.begin() + p, '\n');
  WriteFile(dir + "/O-09.yaml", text);
  std::string cmd = std::string(DANGAN_CLI) + " forms show O-09 --templates " + dir + " 2>&1";
  FILE* pipe = popen(cmd.c_str(), "r");
  char buf[4096];
  std::string out;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  int status = pclose(pipe);
  CHECK(WEXITSTATUS(status) == 2);
  CHECK_THAT(out, Catch::Contains("O-09.yaml 第 " + std::to_string(line) + " 行"));
  CHECK_THAT(out, Catch::Contains("类型「生日」不存在"));
}

TEST_CASE("an unknown template or data file is reported as not found", "[cli]") {
  Run unknown = Dangan("generate X-99 --data x.json");
  CHECK(unknown.exit_code == 3);
  CHECK_THAT(unknown.out, Catch::Contains("没有编号为「X-99」的模板"));
  Run missing = Dangan("generate O-09 --data /nonexistent/data.json");
  CHECK(missing.exit_code == 3);
  CHECK_THAT(missing.out, Catch::Contains("/nonexistent/data.json"));
  Run format = Dangan("generate O-09 --data x.json --format docx");
  CHECK(format.exit_code == 2);
  CHECK_THAT(format.out, Catch::Contains("--format 应为 pdf、xlsx 或 both"));
}

TEST_CASE("help is available for the command and each subcommand", "[cli]") {
  for (const char* args : {"--help", "forms --help", "generate --help"}) {
    Run run = Dangan(args);
    INFO(args);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.out, Catch::Contains("用法"));
  }
}

TEST_CASE("forms lists every template and shows fields as JSON", "[cli]") {
  Run list = Dangan("forms --json");
  REQUIRE(list.exit_code == 0);
  Json forms = Json::parse(list.out);
  CHECK(forms.size() >= 30);
  Run show = Dangan("forms show O-09 --json");
  REQUIRE(show.exit_code == 0);
  Json form = Json::parse(show.out);
  CHECK(form["title"] == "办公用品申请单");
  bool applicant_required = false;
  for (const auto& f : form["fields"]) {
    if (f["name"] == "申请人") applicant_required = f["required"].get<bool>();
  }
  CHECK(applicant_required);
}

TEST_CASE("a JSON list of forms generates one document each with its own number", "[cli]") {
  std::string dir = ScratchDir("batch");
  std::string one =
      R"({"申请部门": "市场部", "申请日期": "2024-03-05", "申请类别": "采购", "申请人": "王建国",
      "明细": [{"物品名称": "纸", "数量": 1, "单价": 1}]})";
  std::string data = WriteFile(dir + "/batch.json", "[" + one + "," + one + "," + one + "]");
  Json result = GenerateJson("O-09", data, dir + "/out");
  REQUIRE(result.size() == 3);
  CHECK(result[0]["文档编号"] != result[1]["文档编号"]);
  CHECK(result[1]["文档编号"] != result[2]["文档编号"]);
  for (const auto& doc : result) CHECK(Exists(FileOf(doc, "pdf")));
}
