// The four-property checks (四性检测, DA/T 70-2018; issue 17 §2) on real files: usable files pass
// and damaged, encrypted or foreign ones fail naming the file; filing refuses them and files
// nothing; the archive-wide 长期保存 check passes on a fresh archive and names the item whose
// stored file was damaged; ClamAV finds a file matching a signature the test makes itself; and
// the GD-07 report says the same in its PDF.
#include "dangan/jobs/four_properties.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "dangan/generator/generator.h"
#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/filing.h"
#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/pdf_text.h"
#include "support/scan_fixtures.h"
#include "support/test_paths.h"
#include "support/zip_builder.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using jobs::FourPropertyReport;
using jobs::PropertyCheck;

std::string Lines(const FourPropertyReport& r) { return jobs::FourPropertyText(r); }

FourPropertyReport Usability(const std::string& path) {
  FourPropertyReport r;
  jobs::CheckFileUsable(path, std::filesystem::path(path).filename().string(), &r);
  return r;
}

// The check lines of `item` (all of them when empty) with `outcome`.
std::vector<PropertyCheck> With(const FourPropertyReport& r, const std::string& outcome,
                                const std::string& item = "") {
  std::vector<PropertyCheck> out;
  for (const PropertyCheck& c : r.checks) {
    if (c.outcome == outcome && (item.empty() || c.item == item)) out.push_back(c);
  }
  return out;
}

// The one failed line of a file that fails, naming it, with `reason` in its detail.
void ExpectFails(const std::string& path, const std::string& item, const std::string& reason) {
  const FourPropertyReport r = Usability(path);
  INFO(Lines(r));
  CHECK_FALSE(r.passed());
  const auto failed = With(r, jobs::kCheckFailed, item);
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].property == jobs::kUsability);
  CHECK(failed[0].subject == std::filesystem::path(path).filename().string());
  CHECK(failed[0].detail.find(reason) != std::string::npos);
}

std::string GenerateXlsx(const std::string& id, const std::string& dir) {
  Template t;
  REQUIRE(LoadTemplate(test::SourcePath("templates/" + id + ".yaml"), &t).ok());
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, test::SourcePath("samples/" + id + ".json"), {}, &records).ok());
  Generator generator;
  std::vector<GeneratedDocument> docs;
  REQUIRE(generator.Generate(t, std::move(records), OutputFormat::kXlsx, dir, &docs).ok());
  return docs.at(0).files.at(0).path;
}

TEST_CASE("a generated PDF, a scanned PNG and a generated XLSX pass the usability checks",
          "[four-properties]") {
  const std::string dir = test::ScratchDir("fourprops-good");
  const test::GeneratedPdf pdf = test::GeneratePdf("O-09", dir);
  const std::string png = test::WritePageImage(pdf.path, 0, 100, dir + "/scan.png");
  const std::string xlsx = GenerateXlsx("O-09", dir + "/xlsx");
  for (const std::string& path : {pdf.path, png, xlsx}) {
    const FourPropertyReport r = Usability(path);
    INFO(Lines(r));
    CHECK(r.passed());
    CHECK(With(r, jobs::kCheckSkipped).empty());
    CHECK(With(r, jobs::kCheckPassed, "格式符合要求").size() == 1);
    CHECK(With(r, jobs::kCheckPassed, "文件可打开").size() == 1);
  }
  // The archive's own PDFs are PDF/A-2b, and the check reads it from their XMP.
  const FourPropertyReport r = Usability(pdf.path);
  const auto pdfa = With(r, jobs::kCheckPassed, "PDF/A 标识");
  REQUIRE(pdfa.size() == 1);
  CHECK(pdfa[0].detail.find("PDF/A-2b") != std::string::npos);
  CHECK(With(r, jobs::kCheckPassed, "未加密").size() == 1);
}

TEST_CASE(
    "a truncated PDF, an encrypted PDF, a docx or random bytes named .pdf and half a JPEG "
    "fail naming the file",
    "[four-properties]") {
  const std::string dir = test::ScratchDir("fourprops-bad");
  const test::GeneratedPdf pdf = test::GeneratePdf("O-09", dir);
  const size_t size = std::filesystem::file_size(pdf.path);
  ExpectFails(test::WriteTruncated(pdf.path, size / 2, dir + "/截断.pdf"), "文件可打开", "不完整");
  ExpectFails(test::WriteEncryptedPdf(pdf.path, "", "owner-secret", dir + "/加密.pdf"), "未加密",
              "已加密");
  const std::string docx =
      test::WriteZip(dir + "/通知.pdf",
                     {{"[Content_Types].xml", "<Types/>"}, {"word/document.xml", "<w:document/>"}});
  ExpectFails(docx, "格式符合要求", "Word 文档（docx）");
  std::string noise;
  for (int i = 0; i < 4096; ++i) noise += static_cast<char>((i * 7919 + 13) % 251);
  ExpectFails(test::WriteFile(dir + "/乱码.pdf", noise), "格式符合要求", "允许的格式");
  const std::string jpeg = test::WritePageImage(pdf.path, 0, 100, dir + "/page.jpg");
  ExpectFails(test::WriteTruncated(jpeg, std::filesystem::file_size(jpeg) / 2, dir + "/半张.jpg"),
              "文件可打开", "JPEG");
}

TEST_CASE("an OFD is on the allowed list but is not rendered, and says so", "[four-properties]") {
  const std::string dir = test::ScratchDir("fourprops-ofd");
  const std::string ofd = test::WriteZip(dir + "/公文.ofd", {{"OFD.xml", "<ofd:OFD/>"}});
  const FourPropertyReport r = Usability(ofd);
  INFO(Lines(r));
  CHECK(r.passed());
  CHECK(With(r, jobs::kCheckPassed, "格式符合要求").at(0).detail == "OFD");
  CHECK(With(r, jobs::kCheckSkipped, "文件可打开").size() == 1);
}

TEST_CASE("filing refuses an unusable file naming it, and files nothing", "[four-properties]") {
  const std::string archive = fx::NewArchive("fourprops-filing");
  const std::string dir = test::ScratchDir("fourprops-filing-src");
  const test::GeneratedPdf pdf = test::GeneratePdf("O-09", dir);
  const std::string jpeg = test::WritePageImage(pdf.path, 0, 100, dir + "/page.jpg");
  const std::vector<std::string> bad = {
      test::WriteTruncated(pdf.path, std::filesystem::file_size(pdf.path) / 2, dir + "/截断.pdf"),
      test::WriteEncryptedPdf(pdf.path, "", "owner-secret", dir + "/加密.pdf"),
      test::WriteZip(dir + "/通知.pdf", {{"word/document.xml", "<w:document/>"}}),
      test::WriteTruncated(jpeg, std::filesystem::file_size(jpeg) / 2, dir + "/半张.jpg")};
  const jobs::JobContext ctx = test::SecretClerk(archive);
  for (const std::string& path : bad) {
    jobs::FileScansRequest request;
    request.paths = {pdf.path, path};  // a good file first: the whole item is refused
    request.item = fx::SampleItem("会议纪要扫描件");
    request.retention_given = true;
    request.ocr = false;
    jobs::FileScansResult result;
    const Status s = jobs::FileScans(ctx, request, &result);
    INFO(s.ToString());
    CHECK_FALSE(s.ok());
    CHECK(s.message().find(path) != std::string::npos);
  }
  CHECK(fx::SqlInt(archive, "SELECT count(*) FROM items") == 0);
  CHECK(fx::StoreFileCount(archive) == 0);
}

TEST_CASE("filing a generated document checks what the generator wrote", "[four-properties]") {
  const std::string dir = test::ScratchDir("fourprops-refuse");
  const test::GeneratedPdf pdf = test::GeneratePdf("O-09", dir);
  FourPropertyReport r;
  CHECK(jobs::RefuseUnusable(pdf.path, &r).ok());
  const std::string encrypted =
      test::WriteEncryptedPdf(pdf.path, "", "owner-secret", dir + "/加密.pdf");
  const Status s = jobs::RefuseUnusable(encrypted, &r);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("无法归档「" + encrypted + "」") != std::string::npos);
  CHECK(s.message().find("未加密不通过") != std::string::npos);
}

const std::string kLegacyScan =
    test::SourcePath("samples/legacy/scans/Z109-WS·2016-D10-BGS-0008.pdf");

// An archive holding a generated form (PDF and XLSX) and a scanned PNG.
struct Filed {
  std::string archive;
  jobs::JobContext ctx;
  std::string form, scan;  // 档号
};

Filed FileSamples(const std::string& name) {
  Filed f;
  f.archive = fx::NewArchive(name);
  f.ctx = test::SecretClerk(f.archive);
  const std::string dir = test::ScratchDir(name + "-src");
  Template t;
  REQUIRE(LoadTemplate(test::SourcePath("templates/O-09.yaml"), &t).ok());
  std::vector<RawRecord> records;
  REQUIRE(ReadData(t, test::SourcePath("samples/O-09.json"), {}, &records).ok());
  Generator generator;
  generator.KeepText(true);
  std::vector<GeneratedDocument> docs;
  REQUIRE(generator.Generate(t, std::move(records), OutputFormat::kBoth, dir, &docs).ok());
  std::vector<ItemRecord> filed;
  const Status s = jobs::FileGenerated(f.ctx, t, docs, 2024, &filed);
  INFO(s.ToString());
  REQUIRE(s.ok());
  f.form = filed.at(0).danghao;
  jobs::FileScansRequest request;
  // A page of a legacy scan (no QR code: it becomes an item of its own) as a PNG.
  request.paths = {test::WritePageImage(kLegacyScan, 0, 100, dir + "/扫描.png")};
  request.item = fx::SampleItem("会议纪要扫描件");
  request.retention_given = true;
  request.ocr = false;
  jobs::FileScansResult result;
  REQUIRE(jobs::FileScans(f.ctx, request, &result).ok());
  f.scan = result.item.danghao;
  return f;
}

TEST_CASE("the archive-wide check passes on a fresh archive and needs 机密", "[four-properties]") {
  const Filed f = FileSamples("fourprops-archive");
  FourPropertyReport r;
  const Status s = jobs::CheckArchiveFourProperties(f.ctx, "", &r);
  INFO(s.ToString() << "\n" << Lines(r));
  REQUIRE(s.ok());
  CHECK(r.passed());
  CHECK(r.stage == jobs::kStageKeeping);
  for (const char* property :
       {jobs::kAuthenticity, jobs::kIntegrity, jobs::kUsability, jobs::kSecurity}) {
    bool seen = false;
    for (const PropertyCheck& c : r.checks) seen = seen || c.property == property;
    CHECK(seen);
  }
  for (const char* item : {"数字摘要一致", "档号规范且唯一", "元数据在值域内", "件号连续",
                           "必备元数据齐全", "文件可打开", "格式符合要求", "病毒检测"}) {
    bool seen = false;
    for (const PropertyCheck& c : r.checks) seen = seen || c.item == item;
    CHECK(seen);
  }
  jobs::JobContext reader = f.ctx;
  reader.clearance = Secrecy::kInternal;
  const Status refused = jobs::CheckArchiveFourProperties(reader, "", &r);
  CHECK(refused.code() == Status::Code::kInvalidArgument);
  CHECK(refused.message().find("机密") != std::string::npos);
}

TEST_CASE("the archive-wide check fails naming the item whose stored file was damaged",
          "[four-properties]") {
  const Filed f = FileSamples("fourprops-damaged");
  auto a = fx::OpenArchive(f.archive);
  ItemRecord form;
  REQUIRE(a->Get(f.form, false, &form).ok());
  const StoredFile* pdf = nullptr;
  for (const StoredFile& file : form.files) {
    if (file.media_type == "application/pdf") pdf = &file;
  }
  REQUIRE(pdf != nullptr);
  const std::string stored = a->StoredPath(*pdf);
  std::filesystem::permissions(stored, std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  const std::string bytes = test::ReadAll(stored);
  test::WriteFile(stored, bytes.substr(0, bytes.size() / 2));
  FourPropertyReport r;
  REQUIRE(jobs::CheckArchiveFourProperties(f.ctx, "", &r).ok());
  INFO(Lines(r));
  CHECK_FALSE(r.passed());
  const auto digests = With(r, jobs::kCheckFailed, "数字摘要一致");
  REQUIRE(digests.size() == 1);
  CHECK(digests[0].subject == f.form);
  CHECK(digests[0].property == jobs::kAuthenticity);
  const auto opens = With(r, jobs::kCheckFailed, "文件可打开");
  REQUIRE(opens.size() == 1);
  CHECK(opens[0].subject == f.form + " " + pdf->name);
  // The other item is not blamed.
  CHECK(Lines(r).find(f.scan + " ") == std::string::npos);
}

// A signature of the test's own: the MD5 of one file (ClamAV's .hdb format).
std::string WriteSignature(const std::string& infected, const std::string& db) {
  FILE* pipe = ::popen(("md5sum '" + infected + "'").c_str(), "r");
  REQUIRE(pipe != nullptr);
  char md5[33] = {};
  REQUIRE(std::fread(md5, 1, 32, pipe) == 32);
  ::pclose(pipe);
  std::filesystem::create_directories(db);
  return test::WriteFile(db + "/dangan-test.hdb",
                         std::string(md5) + ":" +
                             std::to_string(std::filesystem::file_size(infected)) +
                             ":Dangan.Test.Signature\n");
}

TEST_CASE(
    "ClamAV with a signature of the test's own names the infected file and passes a clean "
    "one",
    "[four-properties][clamav]") {
  const std::string dir = test::ScratchDir("fourprops-clamav");
  std::filesystem::create_directories(dir + "/files");
  const std::string infected =
      test::WriteFile(dir + "/files/附件.bin", "DANGAN-EICAR-LIKE-PAYLOAD-17");
  const std::string clean = test::WriteFile(dir + "/files/说明.txt", "本文件无害");
  const std::string db = dir + "/db";
  WriteSignature(infected, db);

  FourPropertyReport found;
  jobs::ScanForViruses({dir + "/files"}, db, &found);
  INFO(Lines(found));
  const auto failed = With(found, jobs::kCheckFailed, "病毒检测");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].property == jobs::kSecurity);
  CHECK(failed[0].subject == infected);
  CHECK(failed[0].detail.find("Dangan.Test.Signature") != std::string::npos);
  CHECK_FALSE(found.passed());

  FourPropertyReport passed;
  jobs::ScanForViruses({clean}, db, &passed);
  INFO(Lines(passed));
  CHECK(passed.passed());
  CHECK(With(passed, jobs::kCheckPassed, "病毒检测").size() == 1);

  // No signatures at all (Debian offline): 未检测 with the reason, never 通过.
  std::filesystem::create_directories(dir + "/empty-db");
  FourPropertyReport none;
  jobs::ScanForViruses({clean}, dir + "/empty-db", &none);
  INFO(Lines(none));
  const auto skipped = With(none, jobs::kCheckSkipped, "病毒检测");
  REQUIRE(skipped.size() == 1);
  CHECK(skipped[0].detail.find("特征库") != std::string::npos);
  CHECK(none.passed());
}

TEST_CASE("the archive-wide virus scan names the item of an infected stored file",
          "[four-properties][clamav]") {
  const Filed f = FileSamples("fourprops-archive-virus");
  auto a = fx::OpenArchive(f.archive);
  ItemRecord scan;
  REQUIRE(a->Get(f.scan, false, &scan).ok());
  const std::string db = test::ScratchDir("fourprops-archive-virus-db");
  WriteSignature(a->StoredPath(scan.files.at(0)), db);
  FourPropertyReport r;
  REQUIRE(jobs::CheckArchiveFourProperties(f.ctx, db, &r).ok());
  INFO(Lines(r));
  const auto failed = With(r, jobs::kCheckFailed, "病毒检测");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].subject == f.scan + " " + scan.files.at(0).name);
}

TEST_CASE("the four-property report reads as a GD-07 PDF and as JSON", "[four-properties]") {
  const Filed f = FileSamples("fourprops-report");
  FourPropertyReport r;
  REQUIRE(jobs::CheckArchiveFourProperties(f.ctx, "", &r).ok());
  const std::string out = test::ScratchDir("fourprops-report-out") + "/四性检测报告.pdf";
  const Status s = jobs::RenderFourPropertyReport(f.ctx, r, out);
  INFO(s.ToString());
  REQUIRE(s.ok());
  const test::PdfContent pdf = test::ReadPdf(out);
  REQUIRE(pdf.loaded);
  std::string text;
  for (const std::string& page : pdf.pages) text += test::Squeeze(page);
  for (const char* expected :
       {"四性检测报告", "长期保存", "真实性", "完整性", "可用性", "安全性", "数字摘要一致",
        "件号连续", "文件可打开", "病毒检测", "检测结论", "示例科技有限公司"}) {
    INFO(expected);
    CHECK(text.find(test::Squeeze(expected)) != std::string::npos);
  }
  const nlohmann::json json = jobs::FourPropertyJson(r);
  CHECK(json["stage"] == "长期保存");
  CHECK(json["passed"] == true);
  CHECK(json["checks"].size() == r.checks.size());
  CHECK(json["summary"]["可用性"]["不通过"] == 0);
  CHECK_FALSE(jobs::RenderFourPropertyReport(f.ctx, r, out + ".txt").ok());
}

}  // namespace
}  // namespace dangan
