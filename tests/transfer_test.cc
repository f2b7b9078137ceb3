// Transfer (issue 17 §2) through the jobs: a year's records exported as a package, checked by the
// DA/T 70 移交接收 checks, received into another archive that `check` then finds clean; a package
// damaged in any one way fails, naming what is wrong, and is refused whole.
#include "dangan/jobs/transfer.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "dangan/jobs/archive_jobs.h"
#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"
#include "support/transfer_fixtures.h"
#include "support/xlsx_reader.h"

namespace dangan {
namespace {

namespace fs = std::filesystem;
namespace fx = archive_test;
using jobs::FourPropertyReport;
using jobs::kAuthenticity;
using jobs::kCheckFailed;
using jobs::kCheckPassed;
using jobs::kIntegrity;
using jobs::kSecurity;
using jobs::kStageTransfer;
using jobs::kUsability;
using jobs::PropertyCheck;

struct Exported {
  test::TransferSource source;
  std::string package;
};

Exported ExportYear(const std::string& name) {
  Exported e;
  e.source = test::MakeTransferSource(name);
  e.package = test::ScratchDir(name + "-out") + "/移交2010";
  jobs::ExportSelection sel;
  sel.year = 2010;
  jobs::ExportResult result;
  Status st = jobs::ExportPackage(e.source.ctx, sel, e.package, &result);
  INFO(st.ToString());
  REQUIRE(st.ok());
  CHECK(result.items == 3);
  CHECK(result.destroyed == 1);
  CHECK(result.files == 3);  // two originals and the attachment
  return e;
}

FourPropertyReport Verify(const std::string& dir) {
  FourPropertyReport report;
  jobs::JobContext ctx;
  ctx.templates_dir = test::SourcePath("templates");
  Status st = jobs::VerifyPackage(ctx, dir, "", &report);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return report;
}

std::string Failures(const FourPropertyReport& r) {
  std::string out;
  for (const PropertyCheck& c : r.checks) {
    if (c.outcome == kCheckFailed)
      out += c.property + "·" + c.item + " " + c.subject + " " + c.detail + "\n";
  }
  return out;
}

bool FailedOn(const FourPropertyReport& r, const std::string& item, const std::string& subject) {
  for (const PropertyCheck& c : r.checks) {
    if (c.outcome == kCheckFailed && c.item == item &&
        c.subject.find(subject) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string CopyPackage(const std::string& from, const std::string& name) {
  const std::string to = test::ScratchDir(name) + "/包";
  fs::copy(from, to, fs::copy_options::recursive);
  return to;
}

size_t ItemCount(const std::string& archive_dir) {
  return static_cast<size_t>(fx::SqlInt(archive_dir, "SELECT COUNT(*) FROM items"));
}

// Receives into a fresh archive and expects a refusal naming `named`; nothing is filed.
void ExpectRefused(const Exported& e, const std::string& package, const std::string& name,
                   const std::string& named) {
  const std::string other = test::MakeReceivingArchive(name + "-recv");
  jobs::ReceiveResult result;
  Status st = jobs::ReceivePackage(test::SecretClerk(other, "周接收"), package, "", &result);
  CHECK(st.code() == Status::Code::kInvalidArgument);
  CHECK_THAT(st.message(), Catch::Contains("整包拒收") && Catch::Contains(named));
  CHECK(ItemCount(other) == 0);
  (void)e;
}

std::string ReadText(const std::string& path) { return fx::ReadAll(path); }

std::string PathOf(const std::string& package, const std::string& danghao, int seq,
                   const std::string& name) {
  return package + "/档案/" + danghao + "/" + std::to_string(seq) + "-" + name;
}

std::string Run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[512];
  while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
  pclose(p);
  return out;
}

TEST_CASE("a year's records travel to another archive and arrive unchanged", "[transfer]") {
  Exported e = ExportYear("transfer-roundtrip");
  FourPropertyReport report = Verify(e.package);
  INFO(Failures(report));
  CHECK(report.stage == kStageTransfer);
  CHECK(Failures(report).empty());
  for (const char* property : {kAuthenticity, kIntegrity, kUsability, kSecurity}) {
    bool seen = false;
    for (const PropertyCheck& c : report.checks) seen = seen || c.property == property;
    CHECK(seen);
  }

  const std::string other = test::MakeReceivingArchive("transfer-roundtrip-recv");
  jobs::ReceiveResult received;
  Status st = jobs::ReceivePackage(test::SecretClerk(other, "周接收"), e.package, "", &received);
  INFO(st.ToString());
  REQUIRE(st.ok());
  CHECK(received.items == 3);
  CHECK(received.files == 3);
  CHECK(received.identical == 0);

  auto from = fx::OpenArchive(e.source.dir);
  auto to = fx::OpenArchive(other);
  for (const std::string& danghao : e.source.danghaos) {
    ItemRecord a, b;
    REQUIRE(from->Get(danghao, false, &a).ok());
    REQUIRE(to->Get(danghao, false, &b).ok());
    CHECK(b.title == a.title);
    CHECK(b.responsible == a.responsible);
    CHECK(b.doc_ref == a.doc_ref);
    CHECK(b.date == a.date);
    CHECK(b.secrecy == a.secrecy);
    CHECK(b.retention == a.retention);
    CHECK(b.piece == a.piece);
    CHECK(b.pages == a.pages);
    CHECK(b.destroyed == a.destroyed);
    CHECK(b.destruction_list == a.destruction_list);
    CHECK(b.open_status == a.open_status);
    CHECK(b.open_reason == a.open_reason);
    if (a.destroyed) {
      // A destroyed item travels without files: its entry arrives, its content was gone already.
      CHECK(b.files.empty());
      continue;
    }
    REQUIRE(b.files.size() == a.files.size());
    for (size_t i = 0; i < a.files.size(); ++i) {
      CHECK(b.files[i].sha256 == a.files[i].sha256);
      CHECK(b.files[i].sm3 == a.files[i].sm3);
      CHECK(b.files[i].name == a.files[i].name);
      CHECK(b.files[i].role == a.files[i].role);
    }
  }
  ItemRecord first;
  REQUIRE(to->Get(e.source.danghaos[0], false, &first).ok());
  CHECK(first.open_status == "控制");
  CHECK(first.open_reason == "涉及商业秘密");

  // The history came along: the receiving log's 移交接收 entry holds the source's 归档 entry.
  std::vector<AuditEntry> log;
  REQUIRE(to->AuditLog(e.source.danghaos[0], Secrecy::kSecret, &log).ok());
  bool kept = false;
  for (const AuditEntry& entry : log) {
    kept =
        kept || (entry.action == "移交接收" && entry.detail.find("\"归档\"") != std::string::npos &&
                 entry.detail.find("张档案") != std::string::npos);
  }
  CHECK(kept);

  CheckReport check;
  REQUIRE(to->Check(test::RealPages, &check).ok());
  INFO(fx::Describe(check));
  CHECK(check.ok());
  CHECK(check.items == 3);

  // The same package again: every item is already there and identical, so nothing is filed.
  jobs::ReceiveResult again;
  REQUIRE(jobs::ReceivePackage(test::SecretClerk(other, "周接收"), e.package, "", &again).ok());
  CHECK(again.items == 0);
  CHECK(again.identical == 3);
  CHECK(ItemCount(other) == 3);
}

TEST_CASE("a destroyed item travels as a catalogue entry without files", "[transfer]") {
  Exported e = ExportYear("transfer-destroyed");
  CHECK_FALSE(fs::exists(e.package + "/档案/" + e.source.destroyed));
  CHECK(fs::exists(e.package + "/档案/" + e.source.danghaos[0] + "/封装包.xml"));
  const std::string catalogue = ReadText(e.package + "/目录.xml");
  CHECK_THAT(catalogue,
             Catch::Contains(e.source.destroyed) && Catch::Contains("<已销毁>是</已销毁>"));
  FourPropertyReport report = Verify(e.package);
  INFO(Failures(report));
  CHECK(Failures(report).empty());
  bool gaps_checked = false;
  for (const PropertyCheck& c : report.checks) {
    gaps_checked = gaps_checked || (c.item == "件号连续" && c.outcome == kCheckPassed);
  }
  CHECK(gaps_checked);
}

TEST_CASE("the item metadata follows DA/T 48 and carries the history and the open decision",
          "[transfer]") {
  Exported e = ExportYear("transfer-eep");
  const std::string xml = ReadText(e.package + "/档案/" + e.source.danghaos[0] + "/封装包.xml");
  CHECK_THAT(xml, Catch::Contains("xmlns=\"http://www.saac.gov.cn/standards/ERM/encapsulation\""));
  for (const char* element :
       {"<封装包格式描述>", "<被签名对象 eep版本=\"2009\">", "<文件实体块>",
        "<聚合层次>文件</聚合层次>", "<业务实体块>", "<机构人员实体块>",
        "<题名>关于二〇一〇年档案移交工作的通知</题名>", "<保管期限>定期10年</保管期限>",
        "<控制标识>控制</控制标识>", "<审核理由>涉及商业秘密</审核理由>",
        "<业务行为>归档</业务行为>", "<文档类型>附件</文档类型>"}) {
    CHECK_THAT(xml, Catch::Contains(element));
  }
}

TEST_CASE("the manifest's SHA-256 and SM3 are those openssl computes", "[transfer]") {
  Exported e = ExportYear("transfer-manifest");
  const std::string manifest = ReadText(e.package + "/manifest.txt");
  const std::string file =
      PathOf(e.package, e.source.danghaos[0], 1, "Z109-WS·2015-Y-BGS-0001.pdf");
  REQUIRE(fs::exists(file));
  const std::string sha = Run("openssl dgst -sha256 -r '" + file + "'").substr(0, 64);
  const std::string sm3 = Run("openssl dgst -sm3 -r '" + file + "'").substr(0, 64);
  REQUIRE(sha.size() == 64);
  REQUIRE(sm3.size() == 64);
  CHECK(sha != sm3);
  const std::string rel = "档案/" + e.source.danghaos[0] + "/1-Z109-WS·2015-Y-BGS-0001.pdf";
  CHECK_THAT(manifest, Catch::Contains(sha + " " + sm3 + " ") && Catch::Contains(rel));
  // Every file but the manifest itself is listed.
  size_t files = 0;
  for (auto& entry : fs::recursive_directory_iterator(e.package)) files += entry.is_regular_file();
  size_t lines = 0;
  for (char c : manifest) lines += c == '\n';
  CHECK(lines == files);  // the heading line stands for the manifest itself
}

TEST_CASE("the transfer register reads back from its PDF and XLSX", "[transfer]") {
  Exported e = ExportYear("transfer-register");
  test::PdfContent pdf = test::ReadPdf(e.package + "/移交接收登记表.pdf");
  REQUIRE(pdf.loaded);
  REQUIRE_FALSE(pdf.pages.empty());
  const std::string text = test::Squeeze(pdf.pages[0]);
  CHECK_THAT(text, Catch::Contains("电子档案移交接收登记表"));
  CHECK_THAT(text, Catch::Contains("华东精密机械有限公司") || Catch::Contains("Z109"));
  CHECK_THAT(text, Catch::Contains("2010年度全部档案"));
  CHECK_THAT(text, Catch::Contains("真实性检测") && Catch::Contains("通过"));

  test::XlsxWorkbook book;
  REQUIRE(test::XlsxWorkbook::Open(e.package + "/移交接收登记表.xlsx", &book).ok());
  REQUIRE_FALSE(book.sheets.empty());
  bool scope = false, destroyed_row = false;
  for (const auto& [ref, cell] : book.sheets[0].cells) {
    scope = scope || cell.value == "2010年度全部档案";
    destroyed_row = destroyed_row || cell.value == "定期10年";
  }
  CHECK(scope);
  CHECK(destroyed_row);

  test::XlsxWorkbook catalogue;
  REQUIRE(test::XlsxWorkbook::Open(e.package + "/目录.xlsx", &catalogue).ok());
  bool listed = false;
  for (const auto& [ref, cell] : catalogue.sheets[0].cells)
    listed = listed || cell.value == e.source.destroyed;
  CHECK(listed);
}

TEST_CASE("one altered byte fails the digest check naming the file and is refused whole",
          "[transfer]") {
  Exported e = ExportYear("transfer-altered");
  const std::string pkg = CopyPackage(e.package, "transfer-altered-copy");
  const std::string file = PathOf(pkg, e.source.danghaos[2], 1, "Z109-WS·2016-D10-BGS-0008.pdf");
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(200);
    f.put('#');
  }
  FourPropertyReport report = Verify(pkg);
  INFO(Failures(report));
  CHECK(FailedOn(report, "数字摘要一致", "1-Z109-WS·2016-D10-BGS-0008.pdf"));
  ExpectRefused(e, pkg, "transfer-altered", "数字摘要一致");
}

TEST_CASE("a missing file fails naming it and is refused whole", "[transfer]") {
  Exported e = ExportYear("transfer-missing");
  const std::string pkg = CopyPackage(e.package, "transfer-missing-copy");
  fs::remove(PathOf(pkg, e.source.danghaos[0], 2, "Z109-WS.2016-Y-BGS-0002.pdf"));
  FourPropertyReport report = Verify(pkg);
  INFO(Failures(report));
  CHECK(FailedOn(report, "文件齐全", "2-Z109-WS.2016-Y-BGS-0002.pdf"));
  ExpectRefused(e, pkg, "transfer-missing", "Z109-WS.2016-Y-BGS-0002.pdf");
}

TEST_CASE("a stray file fails naming it and is refused whole", "[transfer]") {
  Exported e = ExportYear("transfer-stray");
  const std::string pkg = CopyPackage(e.package, "transfer-stray-copy");
  { std::ofstream(pkg + "/档案/" + e.source.danghaos[0] + "/备忘.txt") << "不是档案"; }
  FourPropertyReport report = Verify(pkg);
  INFO(Failures(report));
  CHECK(FailedOn(report, "无非归档文件", "备忘.txt"));
  ExpectRefused(e, pkg, "transfer-stray", "备忘.txt");
}

TEST_CASE("a broken metadata XML fails naming it and is refused whole", "[transfer]") {
  Exported e = ExportYear("transfer-broken-xml");
  const std::string pkg = CopyPackage(e.package, "transfer-broken-xml-copy");
  const std::string xml = pkg + "/档案/" + e.source.danghaos[2] + "/封装包.xml";
  std::string text = ReadText(xml);
  text.replace(text.find("</题名>"), 7, "</题目>");
  { std::ofstream(xml, std::ios::trunc | std::ios::binary) << text; }
  FourPropertyReport report = Verify(pkg);
  INFO(Failures(report));
  CHECK(FailedOn(report, "元数据格式良好", e.source.danghaos[2] + "/封装包.xml"));
  ExpectRefused(e, pkg, "transfer-broken-xml", "封装包.xml");
}

TEST_CASE("a duplicate 档号 in the catalogue fails naming it and is refused whole", "[transfer]") {
  Exported e = ExportYear("transfer-duplicate");
  const std::string pkg = CopyPackage(e.package, "transfer-duplicate-copy");
  const std::string path = pkg + "/目录.xml";
  std::string text = ReadText(path);
  const size_t from = text.find("<文件 ");
  const size_t to = text.find("</文件>", from) + std::string("</文件>\n").size();
  text.insert(to, text.substr(from, to - from));
  { std::ofstream(path, std::ios::trunc | std::ios::binary) << text; }
  FourPropertyReport report = Verify(pkg);
  INFO(Failures(report));
  CHECK(FailedOn(report, "档号唯一", e.source.danghaos[0]));
  ExpectRefused(e, pkg, "transfer-duplicate", "");
}

TEST_CASE("an export needs the highest clearance and a new folder, and leaves nothing when refused",
          "[transfer]") {
  test::TransferSource s = test::MakeTransferSource("transfer-refusals");
  const std::string out = test::ScratchDir("transfer-refusals-out");
  jobs::ExportSelection sel;
  sel.year = 2010;
  jobs::ExportResult result;
  jobs::JobContext low = s.ctx;
  low.clearance = Secrecy::kInternal;
  Status st = jobs::ExportPackage(low, sel, out + "/包", &result);
  CHECK_THAT(st.message(), Catch::Contains("机密"));
  CHECK_FALSE(fs::exists(out + "/包"));

  fs::create_directories(out + "/已有");
  std::ofstream(out + "/已有/占位.txt") << "x";
  st = jobs::ExportPackage(s.ctx, sel, out + "/已有", &result);
  CHECK_THAT(st.message(), Catch::Contains("已存在且不是空文件夹"));

  jobs::ExportSelection none;
  st = jobs::ExportPackage(s.ctx, none, out + "/空", &result);
  CHECK_THAT(st.message(), Catch::Contains("移交范围"));
  jobs::ExportSelection empty_year;
  empty_year.year = 1999;
  st = jobs::ExportPackage(s.ctx, empty_year, out + "/空", &result);
  CHECK_THAT(st.message(), Catch::Contains("没有档案"));
  jobs::ExportSelection unknown;
  unknown.danghaos = {"Z109-WS·2010-D10-BGS-0099"};
  st = jobs::ExportPackage(s.ctx, unknown, out + "/空", &result);
  CHECK(st.code() == Status::Code::kNotFound);
  // No temporary folders left behind.
  size_t entries = 0;
  for (auto& entry : fs::directory_iterator(out)) entries += entry.path().filename() != "已有";
  CHECK(entries == 0);
}

TEST_CASE("a 档号 already in the receiving archive with other content refuses the package",
          "[transfer]") {
  Exported e = ExportYear("transfer-conflict");
  const std::string other = test::MakeReceivingArchive("transfer-conflict-recv");
  {
    auto a = fx::OpenArchive(other);
    NewItem item = fx::SampleItem("另一份文件");
    item.year = 2010;
    item.retention = "D10";
    item.danghao = e.source.danghaos[0];
    ItemRecord rec;
    REQUIRE(a->File(item,
                    {fx::PdfFile(
                        fx::WritePdf(test::ScratchDir("transfer-conflict-src") + "/x.pdf", "x"))},
                    &rec)
                .ok());
  }
  jobs::ReceiveResult result;
  Status st = jobs::ReceivePackage(test::SecretClerk(other, "周接收"), e.package, "", &result);
  CHECK_THAT(st.message(), Catch::Contains(e.source.danghaos[0]) && Catch::Contains("内容不同"));
  CHECK(ItemCount(other) == 1);
}

}  // namespace
}  // namespace dangan

namespace dangan {
namespace {

TEST_CASE("a package holding a file ClamAV knows as infected fails the virus check and is refused",
          "[transfer][clamav]") {
  Exported e = ExportYear("transfer-virus");
  const std::string file =
      PathOf(e.package, e.source.danghaos[2], 1, "Z109-WS·2016-D10-BGS-0008.pdf");
  // A signature of the test's own: the MD5 of one file of the package (ClamAV's .hdb format).
  const std::string db = test::ScratchDir("transfer-virus-db");
  const std::string md5 = Run("md5sum '" + file + "'").substr(0, 32);
  REQUIRE(md5.size() == 32);
  std::ofstream(db + "/dangan-test.hdb")
      << md5 << ":" << fs::file_size(file) << ":Dangan.Test.Signature\n";

  FourPropertyReport report;
  jobs::JobContext ctx;
  REQUIRE(jobs::VerifyPackage(ctx, e.package, db, &report).ok());
  INFO(Failures(report));
  CHECK(FailedOn(report, "病毒检测", "1-Z109-WS·2016-D10-BGS-0008.pdf"));

  const std::string other = test::MakeReceivingArchive("transfer-virus-recv");
  jobs::ReceiveResult result;
  Status st = jobs::ReceivePackage(test::SecretClerk(other, "周接收"), e.package, db, &result);
  CHECK_THAT(st.message(), Catch::Contains("整包拒收") && Catch::Contains("病毒检测"));
  CHECK(ItemCount(other) == 0);
}

}  // namespace
}  // namespace dangan
