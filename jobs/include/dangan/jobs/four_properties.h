// The four-property checks (四性检测) of DA/T 70-2018: 真实性, 完整性, 可用性, 安全性, at the three
// stages the standard names — 归档 (when an item is filed), 移交接收 (a transfer package, see
// transfer.h) and 长期保存 (`dangan check --four-properties` over the whole archive). Each stage
// runs the check items it can; the report lists one line per check item and subject, so that a
// clerk reads what passed, what failed (naming the file or 档号) and what was not checked.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

inline constexpr char kAuthenticity[] = "真实性";
inline constexpr char kIntegrity[] = "完整性";
inline constexpr char kUsability[] = "可用性";
inline constexpr char kSecurity[] = "安全性";

inline constexpr char kCheckPassed[] = "通过";
inline constexpr char kCheckFailed[] = "不通过";
inline constexpr char kCheckSkipped[] = "未检测";  // e.g. no virus signatures installed

inline constexpr char kStageFiling[] = "归档";
inline constexpr char kStageTransfer[] = "移交接收";
inline constexpr char kStageKeeping[] = "长期保存";

struct PropertyCheck {
  std::string property;  // kAuthenticity …
  std::string item;  // the check item, e.g. 数字摘要一致, 档号唯一, 文件可打开, 病毒检测
  std::string subject;  // the file (path inside the package) or 档号; "" = the whole
  std::string outcome;  // kCheckPassed / kCheckFailed / kCheckSkipped
  std::string detail;   // why, for a clerk
};

struct FourPropertyReport {
  std::string stage;    // kStage…
  std::string subject;  // the package folder, the archive, or the 档号 filed
  std::string checked_at;
  // Whose records were checked (全宗名称, 全宗号): a package states them; "" = the context's
  // archive, read when the report is rendered.
  std::string company, fonds;
  std::vector<PropertyCheck> checks;
  // Every check passed or was skipped for a reason the report states (未检测).
  bool passed() const;
};

// Usability (可用性) of one file as the archive keeps it: the format is on the allowed list
// (PDF, OFD, JPEG, TIFF, PNG, XLSX …), the file opens (a PDF parses and its pages render, an
// image decodes, an XLSX opens), it is not encrypted; a PDF the archive generated is PDF/A.
// `subject` names the file in the report.
void CheckFileUsable(const std::string& path, const std::string& subject,
                     FourPropertyReport* report);

// The 归档 stage for one file about to be filed: CheckFileUsable, the first failed check turned
// into a refusal naming the file (InvalidArgument "无法归档「path」：detail"); Ok otherwise.
// Scans are read by intake, which refuses the same unusable files (ReadForFiling); this is for
// files that do not pass through intake: the documents the archive generates.
Status RefuseUnusable(const std::string& path, FourPropertyReport* report);

// Virus scan (安全性) of files or folders with ClamAV's clamscan. `signature_db` "" = the
// installed signatures; when clamscan or any signature is missing, one line 未检测 says why.
void ScanForViruses(const std::vector<std::string>& paths, const std::string& signature_db,
                    FourPropertyReport* report);

// The 长期保存 stage over the whole archive (needs 机密): every item's files re-read against
// their digests, usability of each file, 档号 well-formed and unique, 件号 without gaps
// (destroyed items accounted for), required metadata present, a virus scan of the store.
Status CheckArchiveFourProperties(const JobContext& ctx, const std::string& signature_db,
                                  FourPropertyReport* report);

// Output of a report: one line per check (text), --json, and a PDF (template GD-07 四性检测报告).
std::string FourPropertyText(const FourPropertyReport& report);
nlohmann::json FourPropertyJson(const FourPropertyReport& report);
Status RenderFourPropertyReport(const JobContext& ctx, const FourPropertyReport& report,
                                const std::string& out_pdf);

}  // namespace dangan::jobs
