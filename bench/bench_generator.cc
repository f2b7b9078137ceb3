// Generator benchmark: one process per measurement, so peak memory is the case's own.
//
//   bench_generator data DIR            writes the inputs into DIR
//   bench_generator CASE DIR TEMPLATES  runs one case, prints "CASE seconds peak_MB extra"
//
// Cases: forms-pdf (1,000 single-page 办公用品申请单 from one JSON list, one process),
//        seal-pdf / seal-xlsx (10,000-row 用印登记表), big-xlsx (200,000-row register),
//        lib-floor (big-xlsx's cells written by libxlsxwriter alone, no dangan code: the floor).

#include <xlsxwriter.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "bench_measure.h"
#include "dangan/generator/generator.h"
#include "dangan/generator/template.h"

namespace {

const char* const kDepartments[] = {"办公室", "人事行政部", "财务部", "市场部",
                                    "销售部", "技术部",     "生产部"};
const char* const kPeople[] = {"王建国", "李娜", "陈晓东", "赵雪梅",
                               "刘洋",   "张伟", "孙丽",   "周杰"};
const char* const kDocs[] = {"华东精密机械有限公司采购合同",
                             "关于申请办理营业执照变更的报告",
                             "员工收入证明",
                             "介绍信（前往市税务局办理发票事宜）",
                             "2024年度安全生产责任书",
                             "设备维修服务协议（补充条款）"};

void WriteFormsBatch(const std::string& path) {
  std::ofstream out(path);
  out << "[\n";
  for (int i = 0; i < 1000; ++i) {
    out << (i ? ",\n" : "") << R"({"申请部门": ")" << kDepartments[i % 7]
        << R"(", "申请日期": "2024-03-)" << (1 + i % 28) << R"(", "申请类别": "采购", "申请人": ")"
        << kPeople[i % 8] << R"(", "用途说明": "日常办公消耗，第 )" << i + 1
        << R"( 次申请。", "明细": [)"
        << R"({"物品名称": "A4复印纸", "规格型号": "70g", "单位": "箱", "数量": )" << 1 + i % 5
        << R"(, "单价": 160}, {"物品名称": "黑色签字笔", "单位": "盒", "数量": 2, "单价": 24.5}]})";
  }
  out << "\n]\n";
}

const char* const kSeals[] = {"公司章", "合同专用章", "财务专用章"};
const char* const kNumbers[] = {"HJ-XS-2024-001", "华精办〔2024〕12号", "", "JS-2024-002"};

// A seal-use register (templates/S-04.yaml) as CSV: the 10 columns a clerk types (the three
// signature columns and the serial number are left to the pen and to dangan).
void WriteSealCsv(const std::string& path, int rows) {
  std::ofstream out(path);
  out << "用印日期,用印部门,经办人,文件名称,文件编号,份数,印章名称,用印目的,备注\n";
  for (int i = 0; i < rows; ++i) {
    out << "2024-" << (1 + i % 12) << "-" << (1 + i % 28) << "," << kDepartments[i % 7] << ","
        << kPeople[i % 8] << "," << kDocs[i % 6] << "," << kNumbers[i % 4] << "," << 1 + i % 3
        << "," << kSeals[i % 3] << ",对外办理业务," << (i % 10 == 0 ? "电话确认，事后补办" : "")
        << "\n";
  }
}

using dangan::bench::PeakMegabytes;

// The floor libxlsxwriter itself sets: the big-xlsx register's cells (200,000 rows × 14 columns,
// same texts, bordered, constant-memory mode) written straight through its C API, no dangan code.
int RunLibraryFloor(const std::string& dir) {
  auto start = std::chrono::steady_clock::now();
  lxw_workbook_options options = {};
  options.constant_memory = LXW_TRUE;
  std::string path = dir + "/floor.xlsx";
  lxw_workbook* wb = workbook_new_opt(path.c_str(), &options);
  lxw_worksheet* ws = workbook_add_worksheet(wb, "用印登记表");
  lxw_format* border = workbook_add_format(wb);
  format_set_border(border, LXW_BORDER_THIN);
  format_set_text_wrap(border);
  lxw_format* date = workbook_add_format(wb);
  format_set_border(date, LXW_BORDER_THIN);
  format_set_num_format(date, "yyyy\"年\"m\"月\"d\"日\"");
  for (uint32_t r = 0; r < 200000; ++r) {
    worksheet_set_row(ws, r, 20, nullptr);
    worksheet_write_number(ws, r, 0, r + 1, border);
    lxw_datetime dt = {2024, static_cast<int>(1 + r % 12), static_cast<int>(1 + r % 28), 0, 0, 0};
    worksheet_write_datetime(ws, r, 1, &dt, date);
    worksheet_write_string(ws, r, 2, kDepartments[r % 7], border);
    worksheet_write_string(ws, r, 3, kPeople[r % 8], border);
    worksheet_write_string(ws, r, 4, kDocs[r % 6], border);
    worksheet_write_string(ws, r, 5, kNumbers[r % 4], border);
    worksheet_write_number(ws, r, 6, 1 + r % 3, border);
    worksheet_write_string(ws, r, 7, kSeals[r % 3], border);
    worksheet_write_string(ws, r, 8, "对外办理业务", border);
    for (lxw_col_t c = 9; c < 14; ++c) worksheet_write_blank(ws, r, c, border);
  }
  lxw_error err = workbook_close(wb);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (err != LXW_NO_ERROR) return 1;
  std::printf("lib-floor %.3f %.1f rows=200000 cols=14\n", seconds, PeakMegabytes());
  return 0;
}

int RunCase(const std::string& name, const std::string& dir, const std::string& templates) {
  std::string id = name == "forms-pdf" ? "O-09" : "S-04";
  std::string data = name == "forms-pdf"  ? dir + "/forms.json"
                     : name == "big-xlsx" ? dir + "/seal-200k.csv"
                                          : dir + "/seal-10k.csv";
  dangan::OutputFormat format = name == "forms-pdf" || name == "seal-pdf"
                                    ? dangan::OutputFormat::kPdf
                                    : dangan::OutputFormat::kXlsx;
  auto start = std::chrono::steady_clock::now();
  dangan::Template t;
  dangan::Status s = dangan::LoadTemplate(templates + "/" + id + ".yaml", &t);
  std::vector<dangan::RawRecord> records;
  std::map<std::string, std::string> header;
  if (id == "S-04") {
    header = {{"保管部门", "行政管理部"},
              {"印章保管人", "李娜"},
              {"册号", "2024-01"},
              {"起始日期", "2024-01-02"}};
  }
  if (s.ok()) s = dangan::ReadData(t, data, header, &records);
  std::vector<dangan::GeneratedDocument> docs;
  dangan::Generator generator;
  if (s.ok()) s = generator.Generate(t, std::move(records), format, dir + "/out-" + name, &docs);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  int pages = 0;
  for (const auto& d : docs) {
    for (const auto& f : d.files) pages += f.pages;
  }
  std::printf("%s %.3f %.1f docs=%zu pages=%d\n", name.c_str(), seconds, PeakMegabytes(),
              docs.size(), pages);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "data") {
    std::string dir = argv[2];
    WriteFormsBatch(dir + "/forms.json");
    WriteSealCsv(dir + "/seal-10k.csv", 10000);
    WriteSealCsv(dir + "/seal-200k.csv", 200000);
    return 0;
  }
  if (argc >= 3 && std::string(argv[1]) == "lib-floor") return RunLibraryFloor(argv[2]);
  if (argc == 4) return RunCase(argv[1], argv[2], argv[3]);
  std::fprintf(stderr, "usage: bench_generator data DIR | bench_generator CASE DIR TEMPLATES\n");
  return 2;
}
