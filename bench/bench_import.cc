// Import benchmark: one process per measurement.
//
//   bench_import data DIR ROWS    writes DIR/catalogue.csv: ROWS rows of an old 归档文件目录 (GBK,
//                                 legacy 档号, dates typed in five ways, 长期 for a tenth of them)
//   bench_import import DIR       imports it into a fresh DIR/archive (read, map, normalise,
//                                 check, catalogue, index, audit: streamed, filed in chunks in
//                                 one transaction), prints
//                                 "import seconds peak_MB rows added"
//   bench_import again DIR        the same import into that archive again (everything unchanged)
//   bench_import dry DIR          --dry-run into a fresh archive: everything but the filing
#include <unicode/ucnv.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "bench_measure.h"
#include "dangan/archive/archive.h"
#include "dangan/importers/import.h"

namespace {

const char* const kDepartments[] = {"BGS", "CWB", "RSB", "XSB", "SCB", "JSB", "ZLB"};
const char* const kRetention[] = {"永久", "定期30年", "定期10年", "长期"};
const char* const kRetentionCode[] = {"Y", "D30", "D10", "长期"};
const char* const kSubjects[] = {"关于印发年度工作要点的通知",
                                 "年度工作总结",
                                 "董事会会议决议",
                                 "关于调整组织机构的决定",
                                 "购销合同",
                                 "安全生产检查记录",
                                 "关于召开职工代表大会的通知",
                                 "质量管理体系内部审核报告"};
const char* const kPeople[] = {"华东精密机械有限公司", "办公室", "财务部", "人力资源部",
                               "华东精密机械有限公司董事会"};

using dangan::bench::PeakMegabytes;
using dangan::bench::Seconds;

std::string Date(int i, int year) {
  int m = 1 + i % 12, d = 1 + i % 28;
  char buf[64];
  switch (i % 5) {
    case 0:
      std::snprintf(buf, sizeof buf, "%d-%02d-%02d", year, m, d);
      break;
    case 1:
      std::snprintf(buf, sizeof buf, "%d.%d.%d", year, m, d);
      break;
    case 2:
      std::snprintf(buf, sizeof buf, "%d/%d/%d", year, m, d);
      break;
    default:
      std::snprintf(buf, sizeof buf, "%d年%d月%d日", year, m, d);
      break;
  }
  return buf;
}

std::string ToGbk(const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  out.resize(U_SUCCESS(err) ? n : 0);
  return out;
}

// 档号 classes: 20 years × 4 periods × 7 departments = 560, so 100,000 rows stay under 9999 a
// class.
int MakeData(const std::string& dir, int rows) {
  std::string text = "档号,年度,保管期限,机构,题名,责任者,日期,页数,密级,备注\n";
  std::map<std::string, int> pieces;
  for (int i = 0; i < rows; ++i) {
    int year = 2000 + i % 20;
    int r = (i / 20) % 4;
    const char* dept = kDepartments[(i / 80) % 7];
    std::string klass = std::to_string(year) + "-" + kRetentionCode[r] + "-" + dept;
    int piece = ++pieces[klass];
    char danghao[96];
    std::snprintf(danghao, sizeof danghao, "Z109-WS·%s-%04d", klass.c_str(), piece);
    text += std::string(danghao) + "," + std::to_string(year) + "," + kRetention[r] + "," + dept +
            "," + std::to_string(year) + "年" + kSubjects[i % 8] + "（第" + std::to_string(i + 1) +
            "号）," + kPeople[i % 5] + "," + Date(i, year) + "," + std::to_string(1 + i % 30) +
            "," + (i % 7 == 0 ? "秘密" : "内部") + ",\n";
  }
  std::ofstream(dir + "/catalogue.csv", std::ios::binary) << ToGbk(text);
  std::ofstream(dir + "/mapping.yaml") << "retention:\n  长期: D30\n";
  std::printf("data %d rows in %s/catalogue.csv\n", rows, dir.c_str());
  return 0;
}

int Import(const std::string& dir, bool fresh, bool dry_run = false) {
  std::string archive_dir = dir + "/archive";
  if (fresh) {
    std::string rm = "rm -rf '" + archive_dir + "'";
    if (std::system(rm.c_str()) != 0) return 1;
    dangan::ArchiveConfig config;
    config.fonds = "Z109";
    config.company = "华东精密机械有限公司";
    dangan::Status st = dangan::Archive::Create(archive_dir, config);
    if (!st.ok()) return std::fprintf(stderr, "%s\n", st.ToString().c_str()), 1;
  }
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<dangan::Archive> archive;
  dangan::Status st = dangan::Archive::Open(archive_dir, "基准测试", &archive);
  dangan::ImportOptions options;
  options.target = dangan::ImportTarget::kCatalogue;
  options.dry_run = dry_run;
  if (st.ok()) st = dangan::LoadImportMapping(dir + "/mapping.yaml", &options.mapping);
  dangan::ImportReport report;
  if (st.ok())
    st = dangan::ImportSpreadsheet(dir + "/catalogue.csv", options, archive.get(), &report);
  if (!st.ok()) return std::fprintf(stderr, "%s\n", st.ToString().c_str()), 1;
  std::printf("%s %.2f %.0f rows=%lld added=%lld unchanged=%lld\n",
              dry_run ? "dry"
              : fresh ? "import"
                      : "again",
              Seconds(start), PeakMegabytes(), static_cast<long long>(report.rows_read),
              static_cast<long long>(dry_run ? report.added.size() : report.rows_added),
              static_cast<long long>(report.rows_unchanged));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string what = argc > 1 ? argv[1] : "";
  if (what == "data" && argc == 4) return MakeData(argv[2], std::atoi(argv[3]));
  if (what == "import" && argc == 3) return Import(argv[2], true);
  if (what == "again" && argc == 3) return Import(argv[2], false);
  if (what == "dry" && argc == 3) return Import(argv[2], true, true);
  std::fprintf(stderr, "usage: bench_import data DIR ROWS | import DIR | again DIR | dry DIR\n");
  return 2;
}
