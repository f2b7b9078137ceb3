// Archive benchmark: one process per measurement.
//
//   bench_archive data DIR TEMPLATES   generates 10,000 single-page 办公用品申请单 PDFs into
//   DIR/pdfs bench_archive file DIR             files them into a fresh DIR/archive (text
//   extracted, stored,
//                                      catalogued), prints "file seconds peak_MB items"
//   bench_archive check DIR            runs the full check over that archive
//   bench_archive ocr DIR              OCR of a dense scanned A4 page (300 dpi) on one core, and of
//                                      a 4-page TIFF scan with its pages spread over two cores
#include <dirent.h>
#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bench_measure.h"
#include "dangan/archive/archive.h"
#include "dangan/generator/generator.h"
#include "dangan/intake/intake.h"
#include "dangan/generator/template.h"

namespace {

constexpr int kDocuments = 10000;
const char* const kDepartments[] = {"办公室", "人事行政部", "财务部", "市场部",
                                    "销售部", "技术部",     "生产部"};
const char* const kPeople[] = {"王建国", "李娜", "陈晓东", "赵雪梅",
                               "刘洋",   "张伟", "孙丽",   "周杰"};

using dangan::bench::PeakMegabytes;
using dangan::bench::Seconds;

int MakeData(const std::string& dir, const std::string& templates) {
  std::string json = dir + "/forms.json";
  {
    std::ofstream out(json);
    out << "[\n";
    for (int i = 0; i < kDocuments; ++i) {
      out << (i ? ",\n" : "") << R"({"申请部门": ")" << kDepartments[i % 7]
          << R"(", "申请日期": "2024-)" << 1 + i % 12 << "-" << 1 + i % 28
          << R"(", "申请类别": "采购", "申请人": ")" << kPeople[i % 8]
          << R"(", "用途说明": "日常办公消耗，第 )" << i + 1 << R"( 次申请。", "明细": [)"
          << R"({"物品名称": "A4复印纸", "规格型号": "70g", "单位": "箱", "数量": )" << 1 + i % 5
          << R"(, "单价": 160}, {"物品名称": "黑色签字笔", "单位": "盒", "数量": 2, "单价": 24.5}]})";
    }
    out << "\n]\n";
  }
  dangan::Template t;
  dangan::Status s = dangan::LoadTemplate(templates + "/O-09.yaml", &t);
  std::vector<dangan::RawRecord> records;
  if (s.ok()) s = dangan::ReadData(t, json, {}, &records);
  std::vector<dangan::GeneratedDocument> docs;
  dangan::Generator generator;
  if (s.ok())
    s = generator.Generate(t, std::move(records), dangan::OutputFormat::kPdf, dir + "/pdfs", &docs);
  // A dense register (the 用印登记表 sample, 2-3 pages) for the OCR case.
  dangan::Template seal;
  std::vector<dangan::RawRecord> rows;
  if (s.ok()) s = dangan::LoadTemplate(templates + "/S-04.yaml", &seal);
  if (s.ok()) s = dangan::ReadData(seal, templates + "/../samples/S-04.json", {}, &rows);
  docs.clear();
  if (s.ok())
    s = generator.Generate(seal, std::move(rows), dangan::OutputFormat::kPdf, dir + "/register.pdf",
                           &docs);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  return 0;
}

// Page `page` of `pdf` as a 300 dpi grey "scan".
Pix* ScanPage(const std::string& pdf, int page) {
  std::unique_ptr<poppler::document> doc(poppler::document::load_from_file(pdf));
  if (!doc || page >= doc->pages()) return nullptr;
  std::unique_ptr<poppler::page> p(doc->create_page(page));
  poppler::page_renderer renderer;
  poppler::image img = renderer.render_page(p.get(), 300, 300);
  Pix* pix = pixCreate(img.width(), img.height(), 8);
  for (int y = 0; y < img.height(); ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(
        img.const_data() + static_cast<size_t>(y) * img.bytes_per_row());
    for (int x = 0; x < img.width(); ++x) pixSetPixel(pix, x, y, row[x * 4 + 1]);
  }
  return pix;
}

int Ocr(const std::string& dir) {
  const std::string register_pdf = dir + "/register.pdf";
  Pix* first = ScanPage(register_pdf, 0);
  if (first == nullptr) return 1;
  const std::string png = dir + "/scan-page.png";
  pixWrite(png.c_str(), first, IFF_PNG);
  dangan::IntakeOptions one_core;
  one_core.threads = 1;
  dangan::IntakeResult result;
  auto start = std::chrono::steady_clock::now();
  dangan::Status s = dangan::ReadForFiling(png, one_core, &result);
  const double one_page = Seconds(start);
  // Four pages (the register's, repeated as needed) in one multi-page TIFF.
  const std::string tiff = dir + "/scan-4pages.tif";
  std::remove(tiff.c_str());
  for (int i = 0; i < 4; ++i) {
    Pix* page = i == 0 ? pixClone(first) : ScanPage(register_pdf, i % 2);
    pixWriteTiff(tiff.c_str(), page, IFF_TIFF_ZIP, i == 0 ? "w" : "a");
    pixDestroy(&page);
  }
  pixDestroy(&first);
  dangan::IntakeOptions two_cores;
  two_cores.threads = 2;
  dangan::IntakeResult four;
  start = std::chrono::steady_clock::now();
  if (s.ok()) s = dangan::ReadForFiling(tiff, two_cores, &four);
  const double four_pages = Seconds(start);
  if (!s.ok() || four.pages.size() != 4) {
    std::fprintf(stderr, "%s pages=%zu\n", s.ToString().c_str(), four.pages.size());
    return 1;
  }
  std::printf("ocr %.3f %.1f chars=%zu four_pages_two_cores=%.2fs (%.2fs/page)\n", one_page,
              PeakMegabytes(), result.text.size(), four_pages, four_pages / 4);
  return 0;
}

std::vector<std::string> PdfFiles(const std::string& dir) {
  std::vector<std::string> files;
  DIR* d = opendir(dir.c_str());
  while (d != nullptr) {
    dirent* e = readdir(d);
    if (e == nullptr) break;
    std::string name = e->d_name;
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".pdf") == 0)
      files.push_back(dir + "/" + name);
  }
  if (d != nullptr) closedir(d);
  std::sort(files.begin(), files.end());
  return files;
}

int FileAll(const std::string& dir) {
  std::vector<std::string> pdfs = PdfFiles(dir + "/pdfs");
  std::string archive_dir = dir + "/archive";
  std::string rm = "rm -rf '" + archive_dir + "'";
  if (std::system(rm.c_str()) != 0) return 1;
  dangan::ArchiveConfig config;
  config.fonds = "Z109";
  config.company = "华东精密机械有限公司";
  auto start = std::chrono::steady_clock::now();
  dangan::Status s = dangan::Archive::Create(archive_dir, config);
  std::unique_ptr<dangan::Archive> archive;
  if (s.ok()) s = dangan::Archive::Open(archive_dir, "bench", &archive);
  dangan::IntakeOptions no_ocr;
  no_ocr.ocr = false;
  no_ocr.read_qr = false;  // as `dangan generate --file`: the identity is known
  // As `dangan generate --file` does: batches of 500 documents, one transaction each.
  constexpr size_t kBatch = 500;
  std::vector<dangan::Filing> batch;
  std::vector<dangan::ItemRecord> records;
  for (size_t i = 0; s.ok() && i < pdfs.size(); ++i) {
    dangan::IntakeResult read;
    s = dangan::ReadForFiling(pdfs[i], no_ocr, &read);
    if (!s.ok()) break;
    dangan::Filing filing;
    filing.item.category = "WS";
    filing.item.year = 2024;
    filing.item.retention = "D10";
    // 4-digit 件号: a class holds at most 9,999 items, so the bench spreads over departments.
    static const char* const kCodes[] = {"BGS", "RSXZ", "CWB", "SCB", "XSB", "JSB", "SCCJ"};
    filing.item.department = kCodes[i % 7];
    filing.item.title = "办公用品申请单";
    filing.item.source = "generated";
    filing.item.template_id = "O-09";
    dangan::NewFile f;
    f.path = pdfs[i];
    f.media_type = read.media_type;
    f.pages = static_cast<int>(read.pages.size());
    f.text = read.text;
    filing.files.push_back(f);
    batch.push_back(std::move(filing));
    if (batch.size() == kBatch || i + 1 == pdfs.size()) {
      s = archive->FileBatch(batch, &records);
      batch.clear();
    }
  }
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.ToString().c_str());
    return 1;
  }
  std::printf("file %.3f %.1f items=%zu\n", Seconds(start), PeakMegabytes(), pdfs.size());
  return 0;
}

int CheckAll(const std::string& dir) {
  auto start = std::chrono::steady_clock::now();
  std::unique_ptr<dangan::Archive> archive;
  dangan::Status s = dangan::Archive::Open(dir + "/archive", "bench", &archive);
  dangan::CheckReport report;
  if (s.ok()) s = archive->Check(dangan::CountPages, &report);
  if (!s.ok() || !report.ok()) {
    std::fprintf(stderr, "%s problems=%zu\n", s.ToString().c_str(), report.problems.size());
    return 1;
  }
  std::printf("check %.3f %.1f items=%lld files=%lld MB=%.1f\n", Seconds(start), PeakMegabytes(),
              static_cast<long long>(report.items), static_cast<long long>(report.files),
              report.bytes / 1048576.0);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "data" && argc == 4) return MakeData(argv[2], argv[3]);
  if (mode == "file" && argc == 3) return FileAll(argv[2]);
  if (mode == "check" && argc == 3) return CheckAll(argv[2]);
  if (mode == "ocr" && argc == 3) return Ocr(argv[2]);
  std::fprintf(stderr, "usage: bench_archive data DIR TEMPLATES | file DIR | check DIR\n");
  return 2;
}
