// Registers kept live (issue 15), through the archive and the jobs as every front end calls
// them: rows numbered without gaps even when two clerks append at once, corrections that void a
// row, closed volumes that refuse rows, and a close that files the printed volume and closes it
// together or not at all.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "archive/src/archive_util.h"  // private part, tested on purpose: the fault hook
#include "dangan/jobs/registers.h"
#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;

std::map<std::string, std::string> SealRow(const std::string& what, const std::string& date) {
  return {{"用印日期", date}, {"用印部门", "行政部"}, {"经办人", "张三"},      {"文件名称", what},
          {"份数", "2"},      {"印章名称", "公司章"}, {"用印目的", "对外发文"}};
}

RegisterRow Typed(const std::string& what) {
  RegisterRow row;
  row.values = SealRow(what, "2026-03-05");
  return row;
}

bool HasField(const Status& s, const std::string& field, const std::string& text = "") {
  for (const Problem& p : s.problems()) {
    if (p.field == field && p.message.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string Messages(const Status& s) {
  std::string out = s.message();
  for (const Problem& p : s.problems()) out += "\n" + p.field + "：" + p.message;
  return out;
}

size_t ItemCount(Archive& a) {
  std::vector<ItemRecord> items;
  size_t total = 0;
  ListFilter filter;
  REQUIRE(a.List(filter, &items, &total).ok());
  return items.size();
}

TEST_CASE("two clerks appending at once get consecutive numbers, none shared or skipped",
          "[registers]") {
  const std::string dir = fx::NewArchive("register-concurrent");
  constexpr int kPerThread = 40;
  auto append = [&](const std::string& who, std::vector<int64_t>* got) {
    auto a = fx::OpenArchive(dir, who);
    for (int i = 0; i < kPerThread; ++i) {
      RegisterRow row = Typed(who + std::to_string(i));
      Status s = a->AppendRegisterRow("S-04", "2026", &row);
      if (!s.ok()) throw std::runtime_error(s.message());
      got->push_back(row.row_no);
    }
  };
  std::vector<int64_t> first, second;
  std::thread t1(append, "经办人甲", &first);
  std::thread t2(append, "经办人乙", &second);
  t1.join();
  t2.join();
  std::vector<int64_t> all = first;
  all.insert(all.end(), second.begin(), second.end());
  std::sort(all.begin(), all.end());
  REQUIRE(all.size() == 2 * kPerThread);
  for (size_t i = 0; i < all.size(); ++i) CHECK(all[i] == static_cast<int64_t>(i + 1));
  auto a = fx::OpenArchive(dir);
  std::vector<RegisterVolume> volumes;
  REQUIRE(a->ListRegisterVolumes("S-04", &volumes).ok());
  REQUIRE(volumes.size() == 1);
  CHECK(volumes[0].rows == 2 * kPerThread);
  CHECK(volumes[0].last_row == 2 * kPerThread);
  CHECK(fx::SqlInt(dir, "SELECT count(*) FROM audit_log WHERE action = '登记表添加行'") ==
        2 * kPerThread);
}

TEST_CASE("a correction voids a row of its volume once, with a reason, and the row stays",
          "[registers]") {
  const std::string dir = fx::NewArchive("register-voids");
  auto a = fx::OpenArchive(dir);
  for (const char* what : {"通知", "合同", "证明"}) {
    RegisterRow row = Typed(what);
    REQUIRE(a->AppendRegisterRow("S-04", "2026", &row).ok());
  }
  RegisterRow no_reason = Typed("合同");
  no_reason.voids = 2;
  CHECK(a->AppendRegisterRow("S-04", "2026", &no_reason).code() == Status::Code::kInvalidArgument);
  RegisterRow missing = Typed("合同");
  missing.voids = 9;
  missing.void_reason = "写错";
  Status s = a->AppendRegisterRow("S-04", "2026", &missing);
  CHECK(s.message().find("第 9 号") != std::string::npos);
  RegisterRow other_volume = Typed("合同");
  other_volume.voids = 2;
  other_volume.void_reason = "写错";
  CHECK(!a->AppendRegisterRow("S-04", "2025", &other_volume).ok());

  RegisterRow fix = Typed("合同（更正）");
  fix.voids = 2;
  fix.void_reason = "份数写错";
  REQUIRE(a->AppendRegisterRow("S-04", "2026", &fix).ok());
  CHECK(fix.row_no == 4);
  RegisterRow again = Typed("合同");
  again.voids = 2;
  again.void_reason = "再次";
  s = a->AppendRegisterRow("S-04", "2026", &again);
  CHECK(s.message().find("已由第 4 号作废") != std::string::npos);

  std::vector<RegisterRow> rows;
  REQUIRE(a->ReadRegisterRows("S-04", "2026", 0, 0, &rows).ok());
  REQUIRE(rows.size() == 4);  // the refused ones took no number
  CHECK(rows[1].values.at("文件名称") == "合同");
  CHECK(rows[1].voided_by == 4);
  CHECK(rows[1].voided_reason == "份数写错");
  CHECK(rows[3].voids == 2);
  CHECK(rows[3].void_reason == "份数写错");
  CHECK(rows[0].voided_by == 0);
  CHECK(fx::SqlInt(dir,
                   "SELECT count(*) FROM audit_log WHERE action = '登记表添加行' AND "
                   "detail LIKE '%\"voids\":2%'") == 1);
}

TEST_CASE("a closed volume refuses typed and imported rows, naming the volume", "[registers]") {
  const std::string dir = fx::NewArchive("register-closed");
  auto a = fx::OpenArchive(dir);
  RegisterRow row = Typed("通知");
  REQUIRE(a->AppendRegisterRow("S-04", "2025", &row).ok());
  CHECK(a->CloseRegisterVolume("S-04", "2024", "Z109-WS·2025-Y-XZGL-0001").code() ==
        Status::Code::kNotFound);
  REQUIRE(a->CloseRegisterVolume("S-04", "2025", "Z109-WS·2025-Y-XZGL-0001").ok());
  RegisterRow late = Typed("迟到的行");
  Status s = a->AppendRegisterRow("S-04", "2025", &late);
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(s.message().find("2025 册") != std::string::npos);
  CHECK(s.message().find("已封册") != std::string::npos);
  RegisterRow imported = Typed("旧台账");
  imported.row_no = 2;
  s = a->AddRegisterRows("S-04", "2025", {imported}, "旧台账.xls", nullptr);
  CHECK(s.message().find("2025 册") != std::string::npos);
  CHECK(!a->CloseRegisterVolume("S-04", "2025", "Z109-WS·2025-Y-XZGL-0002").ok());
  std::vector<RegisterVolume> volumes;
  REQUIRE(a->ListRegisterVolumes("S-04", &volumes).ok());
  REQUIRE(volumes.size() == 1);
  CHECK(volumes[0].closed);
  CHECK(volumes[0].danghao == "Z109-WS·2025-Y-XZGL-0001");
  CHECK(volumes[0].closed_by == "张档案");
  CHECK(volumes[0].rows == 1);
}

TEST_CASE("the open volume is this year's, then the year's next one once it is closed",
          "[registers]") {
  CHECK(jobs::OpenVolumeOf({}, 2026) == "2026");
  RegisterVolume old;
  old.volume = "2025";
  CHECK(jobs::OpenVolumeOf({old}, 2026) == "2025");  // not closed yet: rows still go there
  old.closed = true;
  CHECK(jobs::OpenVolumeOf({old}, 2026) == "2026");
  RegisterVolume closed_this_year;
  closed_this_year.volume = "2026";
  closed_this_year.closed = true;
  CHECK(jobs::OpenVolumeOf({old, closed_this_year}, 2026) == "2026-2");
}

TEST_CASE("a register above the reader's clearance is not there for them", "[registers]") {
  const std::string dir = fx::NewArchive("register-clearance");
  jobs::JobContext cleared = test::SecretClerk(dir, "经办人乙");
  jobs::AddRowRequest request;
  request.template_id = "S-04";  // 用印登记表: 内部
  request.values = SealRow("关于端午节放假安排的通知", "2026-03-05");
  REQUIRE(jobs::AddRow(cleared, request, nullptr, nullptr).ok());

  jobs::JobContext public_only = cleared;
  public_only.clearance = Secrecy::kPublic;
  jobs::RegisterState state;
  Status read = jobs::ReadRegister(public_only, "S-04", &state);
  CHECK(read.code() == Status::Code::kNotFound);
  // The very answer for a template that is not there: nothing tells the register exists.
  CHECK(read.message() == jobs::TemplateNotFound(public_only, "S-04").message());
  CHECK(read.message().find("没有编号为「S-04」的模板") != std::string::npos);
  std::vector<RegisterRow> rows;
  CHECK(jobs::ReadVolumeRows(public_only, "S-04", "2026", &rows).code() == Status::Code::kNotFound);
  CHECK(rows.empty());
  CHECK(jobs::AddRow(public_only, request, nullptr, nullptr).code() == Status::Code::kNotFound);
  std::vector<Template> registers;
  REQUIRE(jobs::ListRegisterTemplates(public_only, &registers).ok());
  for (const Template& t : registers) CHECK(t.id != "S-04");
  REQUIRE(jobs::ListRegisterTemplates(cleared, &registers).ok());
  CHECK(std::any_of(registers.begin(), registers.end(),
                    [](const Template& t) { return t.id == "S-04"; }));
}

TEST_CASE("a typed row is checked by the template's rules, each problem naming its field",
          "[registers]") {
  const std::string dir = fx::NewArchive("register-add-checks");
  const jobs::JobContext ctx = test::SecretClerk(dir, "经办人乙");
  jobs::AddRowRequest request;
  request.template_id = "S-04";
  request.values = SealRow("关于端午节放假安排的通知", "2026-02-30");
  request.values["份数"] = "很多";
  request.values["印章名称"] = "公章";
  request.values.erase("用印目的");
  request.values["文件名称"] = std::string(41, 'x');
  Status s = jobs::AddRow(ctx, request, nullptr, nullptr);
  INFO(Messages(s));
  CHECK(s.code() == Status::Code::kInvalidArgument);
  CHECK(HasField(s, "用印日期"));
  CHECK(HasField(s, "份数"));
  CHECK(HasField(s, "印章名称", "公司章"));
  CHECK(HasField(s, "用印目的", "必填"));
  CHECK(HasField(s, "文件名称", "40"));
  CHECK(!HasField(s, "份数", "必填"));  // refused, not also "missing"

  // Full-width digits, a date in Chinese and a traditional spelling of a choice are read as
  // everywhere else, and stored canonical.
  request.values = SealRow("關於用印的通知", "２０２６年３月５日");
  request.values["份数"] = "３";
  request.values["印章名称"] = "合同專用章";
  RegisterRow row;
  std::string volume;
  s = jobs::AddRow(ctx, request, &row, &volume);
  INFO(Messages(s));
  REQUIRE(s.ok());
  CHECK(row.row_no == 1);
  CHECK(volume == std::to_string(jobs::CurrentYear()));
  CHECK(row.values.at("用印日期") == "2026-03-05");
  CHECK(row.values.at("份数") == "3");
  CHECK(row.values.at("印章名称") == "合同专用章");

  request.voids = 1;
  request.reason = "";
  s = jobs::AddRow(ctx, request, nullptr, nullptr);
  CHECK(HasField(s, "作废原因", "原因"));
  request.reason = std::string(30, 'x');  // 备注 holds 30, "作废：" included
  s = jobs::AddRow(ctx, request, nullptr, nullptr);
  CHECK(HasField(s, "作废原因", "30"));
  request.values["序号"] = "7";
  request.reason = "份数写错";
  s = jobs::AddRow(ctx, request, nullptr, nullptr);
  CHECK(HasField(s, "序号"));
  request.values.erase("序号");
  request.template_id = "O-09";
  s = jobs::AddRow(ctx, request, nullptr, nullptr);
  CHECK(s.message().find("不是登记表") != std::string::npos);
}

TEST_CASE("closing a volume files a PDF with its rows, the voided one marked 作废, and closes it",
          "[registers]") {
  const std::string dir = fx::NewArchive("register-close");
  const jobs::JobContext ctx = test::SecretClerk(dir, "经办人乙");
  jobs::AddRowRequest request;
  request.template_id = "S-04";
  request.volume = "2026";
  for (const auto& [what, date] :
       std::vector<std::pair<std::string, std::string>>{{"端午节放假通知", "2026-03-02"},
                                                        {"采购合同", "2026-03-09"},
                                                        {"在职证明", "2026-04-20"}}) {
    request.values = SealRow(what, date);
    REQUIRE(jobs::AddRow(ctx, request, nullptr, nullptr).ok());
  }
  request.values = SealRow("采购合同（更正）", "2026-04-21");
  request.voids = 2;
  request.reason = "份数写错";
  REQUIRE(jobs::AddRow(ctx, request, nullptr, nullptr).ok());

  jobs::CloseVolumeRequest close;
  close.template_id = "S-04";
  close.volume = "2026";
  jobs::CloseVolumeResult result;
  Status s = jobs::CloseVolume(ctx, close, &result);
  INFO(Messages(s));
  CHECK(HasField(s, "保管部门", "必填"));  // the header an archivist must give
  close.header = {{"保管部门", "行政管理部"}, {"印章保管人", "赵六"}};
  s = jobs::CloseVolume(ctx, close, &result);
  INFO(Messages(s));
  REQUIRE(s.ok());
  CHECK(result.document.rows == 4);
  CHECK(result.item.title == "行政管理部用印登记表（2026）");
  CHECK(result.item.date == "2026-03-02");  // 起始日期: the first row's date

  auto a = fx::OpenArchive(dir);
  ItemRecord item;
  REQUIRE(a->Get(result.item.danghao, false, &item).ok());
  REQUIRE(item.files.size() == 2);
  test::PdfContent pdf = test::ReadPdf(a->dir() + "/store/" + item.files[0].sha256.substr(0, 2) +
                                       "/" + item.files[0].sha256);
  REQUIRE(pdf.loaded);
  std::string text;
  for (const std::string& page : pdf.pages) text += test::Squeeze(page);
  CHECK(text.find("端午节放假通知") != std::string::npos);
  CHECK(text.find("在职证明") != std::string::npos);
  CHECK(text.find("作废：份数写错") != std::string::npos);
  CHECK(text.find("2026年4月21日") != std::string::npos);  // 截止日期: the last row's
  CHECK(text.find("采购合同（更正）") != std::string::npos);

  std::vector<RegisterVolume> volumes;
  REQUIRE(a->ListRegisterVolumes("S-04", &volumes).ok());
  REQUIRE(volumes.size() == 1);
  CHECK(volumes[0].closed);
  CHECK(volumes[0].danghao == result.item.danghao);
  jobs::RegisterState state;
  REQUIRE(jobs::ReadRegister(ctx, "S-04", &state).ok());
  CHECK(state.open_volume ==
        (jobs::CurrentYear() == 2026 ? "2026-2" : std::to_string(jobs::CurrentYear())));
  request.voids = 0;
  request.reason.clear();
  s = jobs::AddRow(ctx, request, nullptr, nullptr);
  CHECK(s.message().find("已封册") != std::string::npos);
  CHECK(fx::SqlInt(dir, "SELECT count(*) FROM audit_log WHERE action = '登记表封册'") == 1);
}

TEST_CASE("a voided row prints red where the template marks written-off rows", "[registers]") {
  const std::string dir = fx::NewArchive("register-red");
  const jobs::JobContext ctx = test::SecretClerk(dir, "经办人乙");
  jobs::AddRowRequest request;
  request.template_id = "O-18";
  request.volume = "2026";
  for (const char* id : {"ZC-001", "ZC-002"}) {
    request.values = {{"资产编号", id},
                      {"资产名称", "笔记本电脑"},
                      {"购置日期", "2026-01-05"},
                      {"原值", "6800"},
                      {"使用部门", "行政部"}};
    REQUIRE(jobs::AddRow(ctx, request, nullptr, nullptr).ok());
  }
  const std::string plain = test::ScratchDir("register-red-out") + "/plain.pdf";
  REQUIRE(jobs::RenderVolume(ctx, "O-18", "2026", {}, plain).ok());
  request.voids = 1;
  request.reason = "编号重复";
  request.values["资产编号"] = "ZC-003";
  REQUIRE(jobs::AddRow(ctx, request, nullptr, nullptr).ok());
  const std::string voided = test::ScratchDir("register-red-out2") + "/voided.pdf";
  REQUIRE(jobs::RenderVolume(ctx, "O-18", "2026", {}, voided).ok());
  test::PdfContent before = test::ReadPdf(plain, true);
  test::PdfContent after = test::ReadPdf(voided, true);
  REQUIRE(before.loaded);
  REQUIRE(after.loaded);
  CHECK(before.red_pixels[0] == 0);
  CHECK(after.red_pixels[0] > 0);
  // The note goes in the last text column (O-18 has no 备注).
  CHECK(test::Squeeze(after.pages[0]).find("作废：编号重复") != std::string::npos);
}

void ThrowAtClosing(const char* point) {
  if (std::string(point) == "register: closing") throw std::runtime_error("断电");
}

TEST_CASE("a close that fails after filing leaves the volume open and no item", "[registers]") {
  const std::string dir = fx::NewArchive("register-close-atomic");
  const jobs::JobContext ctx = test::SecretClerk(dir, "经办人乙");
  jobs::AddRowRequest request;
  request.template_id = "S-04";
  request.volume = "2026";
  request.values = SealRow("通知", "2026-03-02");
  REQUIRE(jobs::AddRow(ctx, request, nullptr, nullptr).ok());
  jobs::CloseVolumeRequest close;
  close.template_id = "S-04";
  close.volume = "2026";
  close.header = {{"保管部门", "行政管理部"}, {"印章保管人", "赵六"}};
  archive::SetFaultHook(ThrowAtClosing);
  bool thrown = false;
  try {
    jobs::CloseVolumeResult result;
    (void)jobs::CloseVolume(ctx, close, &result);
  } catch (const std::runtime_error&) {
    thrown = true;
  }
  archive::SetFaultHook(nullptr);
  REQUIRE(thrown);
  auto a = fx::OpenArchive(dir);
  CHECK(ItemCount(*a) == 0);
  std::vector<RegisterVolume> volumes;
  REQUIRE(a->ListRegisterVolumes("S-04", &volumes).ok());
  REQUIRE(volumes.size() == 1);
  CHECK(!volumes[0].closed);
  CHECK(fx::SqlInt(dir, "SELECT count(*) FROM audit_log WHERE action IN ('归档', '登记表封册')") ==
        0);
  // The volume can be closed once the fault is gone.
  jobs::CloseVolumeResult result;
  REQUIRE(jobs::CloseVolume(ctx, close, &result).ok());
  CHECK(ItemCount(*a) == 1);
}

}  // namespace
}  // namespace dangan
