// The four-property report's outputs: one line per check (text), JSON, and the GD-07 PDF.
#include "dangan/jobs/four_properties.h"

#include <map>

#include "dangan/generator/generator.h"
#include "dangan/jobs/registers.h"

namespace dangan::jobs {
namespace {

constexpr const char* kProperties[] = {kAuthenticity, kIntegrity, kUsability, kSecurity};
constexpr const char* kOutcomes[] = {kCheckFailed, kCheckSkipped, kCheckPassed};
constexpr char kWhole[] = "（全部）";
const char kReportTemplate[] = "GD-07";

// Checks per property and outcome.
using Tally = std::map<std::string, std::map<std::string, int>>;

Tally Count(const FourPropertyReport& report) {
  Tally tally;
  for (const PropertyCheck& c : report.checks) ++tally[c.property][c.outcome];
  return tally;
}

// "不通过 1 项，通过 4 项", failures first; "未检测项目" when a property had no check at all.
std::string Summary(const std::map<std::string, int>& counts) {
  std::string text;
  for (const char* outcome : kOutcomes) {
    auto it = counts.find(outcome);
    if (it == counts.end() || it->second == 0) continue;
    text += (text.empty() ? "" : "，") + std::string(outcome) + " " + std::to_string(it->second) +
            " 项";
  }
  return text.empty() ? "本环节无此类检测项目" : text;
}

std::string Conclusion(const FourPropertyReport& report) {
  int failed = 0, skipped = 0;
  for (const PropertyCheck& c : report.checks) {
    failed += c.outcome == kCheckFailed ? 1 : 0;
    skipped += c.outcome == kCheckSkipped ? 1 : 0;
  }
  if (failed > 0) {
    return "不通过：" + std::to_string(failed) + " 项检测不通过，须查明原因、处理后重新检测";
  }
  if (skipped > 0) return "通过（" + std::to_string(skipped) + " 项未检测，原因见说明）";
  return "通过";
}

// At most `chars` characters of UTF-8 text, "…" marking a cut.
std::string Clip(const std::string& text, size_t chars) {
  size_t count = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (++count > chars) return text.substr(0, i) + "…";
  }
  return text;
}

// The company of the context's archive, when there is one (a package is verified without).
std::string CompanyOf(const JobContext& ctx, std::string* fonds) {
  if (ctx.archive_dir.empty()) return "";
  std::unique_ptr<Archive> archive;
  if (!OpenArchive(ctx, &archive).ok()) return "";
  *fonds = archive->config().fonds;
  return archive->config().company;
}

}  // namespace

bool FourPropertyReport::passed() const {
  for (const PropertyCheck& c : checks) {
    if (c.outcome == kCheckFailed) return false;
  }
  return true;
}

std::string FourPropertyText(const FourPropertyReport& report) {
  std::string text =
      "四性检测（" + report.stage + "环节）：" + report.subject + "，" + report.checked_at + "\n";
  for (const PropertyCheck& c : report.checks) {
    text += c.property + "  " + c.item + "  " + (c.subject.empty() ? kWhole : c.subject) + "  " +
            c.outcome + (c.detail.empty() ? "" : "  " + c.detail) + "\n";
  }
  const Tally tally = Count(report);
  for (const char* property : kProperties) {
    auto it = tally.find(property);
    text += std::string(property) + "：" +
            (it == tally.end() ? std::string("本环节无此类检测项目") : Summary(it->second)) + "\n";
  }
  return text + "结论：" + Conclusion(report) + "\n";
}

nlohmann::json FourPropertyJson(const FourPropertyReport& report) {
  nlohmann::json checks = nlohmann::json::array();
  for (const PropertyCheck& c : report.checks) {
    checks.push_back({{"property", c.property},
                      {"item", c.item},
                      {"subject", c.subject},
                      {"outcome", c.outcome},
                      {"detail", c.detail}});
  }
  nlohmann::json summary = nlohmann::json::object();
  const Tally tally = Count(report);
  for (const char* property : kProperties) {
    nlohmann::json counts = nlohmann::json::object();
    for (const char* outcome : kOutcomes) {
      auto p = tally.find(property);
      int n = 0;
      if (p != tally.end() && p->second.count(outcome)) n = p->second.at(outcome);
      counts[outcome] = n;
    }
    summary[property] = counts;
  }
  return {{"stage", report.stage},
          {"subject", report.subject},
          {"checked_at", report.checked_at},
          {"passed", report.passed()},
          {"conclusion", Conclusion(report)},
          {"summary", summary},
          {"checks", checks}};
}

Status RenderFourPropertyReport(const JobContext& ctx, const FourPropertyReport& report,
                                const std::string& out_pdf) {
  if (out_pdf.size() <= 4 || out_pdf.compare(out_pdf.size() - 4, 4, ".pdf") != 0)
    return Status::InvalidArgument("报告文件「" + out_pdf + "」应以 .pdf 结尾");
  Template t;
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, kReportTemplate, &t));
  if (!t.table) return Status::Internal("模板 GD-07 缺少检测表格");
  RawRecord record;
  record.origin = "四性检测报告";
  record.row_origin = "检测项目";
  auto& v = record.values;
  std::string fonds = report.fonds;
  v["全宗名称"] = report.company.empty() ? CompanyOf(ctx, &fonds) : report.company;
  // A package too damaged to name its unit, checked without an archive: the report still prints.
  if (v["全宗名称"].empty()) v["全宗名称"] = "（未注明单位）";
  v["全宗号"] = fonds;
  v["检测环节"] = report.stage;
  v["检测对象"] = Clip(report.subject, 200);
  v["检测日期"] = report.checked_at.size() >= 10 ? report.checked_at.substr(0, 10) : Today();
  const Tally tally = Count(report);
  for (const char* property : kProperties) {
    auto it = tally.find(property);
    v[property] = it == tally.end() ? "本环节无此类检测项目" : Summary(it->second);
  }
  v["检测结论"] = Conclusion(report);
  record.rows = RowTable(t.table->columns.size());
  for (size_t i = 0; i < report.checks.size(); ++i) {
    const PropertyCheck& c = report.checks[i];
    std::map<std::string, std::string> cells = {
        {"序号", std::to_string(i + 1)},
        {"检测属性", c.property},
        {"检测项目", Clip(c.item, 30)},
        {"对象", Clip(c.subject.empty() ? kWhole : c.subject, 200)},
        {"结果", c.outcome},
        {"说明", Clip(c.detail, 400)}};
    std::vector<std::string> row;
    for (const TableColumn& col : t.table->columns) row.push_back(cells[col.field.name]);
    std::vector<std::string_view> view(row.begin(), row.end());
    record.rows.AddRow(view);
  }
  std::vector<RawRecord> records;
  records.push_back(std::move(record));
  Generator generator;
  if (!v["全宗名称"].empty()) generator.SetPdfAuthor(v["全宗名称"]);
  std::vector<GeneratedDocument> docs;
  return generator.Generate(t, std::move(records), OutputFormat::kPdf, out_pdf, &docs);
}

}  // namespace dangan::jobs
