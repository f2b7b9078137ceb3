// Transfer (移交) to an archives (档案馆), issue 17: an archival information package following
// DA/T 48-2009's encapsulation with the metadata of DA/T 46-2009 and the registers of
// GB/T 18894-2016, checked by the four-property checks of DA/T 70-2018 (four_properties.h), and
// received into another archive. Before transfer, items reaching 25 years are reviewed for
// opening (开放审核, 档案法 2020 第二十七条); the decision travels in the package.
//
// The package's layout (folder and file names, the XML elements, the manifest's format) is
// documented where it is written (jobs/src/transfer_*.cc) and in the README; the export, the
// verification and the receiving all read it from there.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/jobs/four_properties.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

// What to export: a year, a class (门类 code), or a list of 档号 (one of them set).
struct ExportSelection {
  int year = 0;
  std::string category;
  std::vector<std::string> danghaos;
};

struct ExportResult {
  std::string dir;
  int64_t items = 0, destroyed = 0, files = 0;  // destroyed: catalogue entries without files
  uint64_t bytes = 0;
};

// Writes the package into `dir` (must not exist, or be empty): needs 机密 (a transfer carries
// every item selected). Written in a temporary sibling and renamed, so a failure leaves nothing.
// Audit entry 移交导出.
Status ExportPackage(const JobContext& ctx, const ExportSelection& selection,
                     const std::string& dir, ExportResult* result);

// The DA/T 70 移交接收 checks of a package folder (no archive needed; ctx only for the report's
// fonts and templates). `signature_db` as ScanForViruses. Never changes the folder.
Status VerifyPackage(const JobContext& ctx, const std::string& dir, const std::string& signature_db,
                     FourPropertyReport* report);

struct ReceiveResult {
  int64_t items = 0, identical = 0, files = 0;  // identical: already here, unchanged, skipped
  FourPropertyReport report;
};

// Verifies the package and, only when every check passes, files every item into the context's
// archive keeping its 档号, metadata, 开放审核 decision and history (the package's 业务实体块).
// A 档号 already in the archive is refused unless the item there is identical. Refused whole,
// naming the item or the failed check; nothing is filed then. Audit entry 移交接收 per item.
Status ReceivePackage(const JobContext& ctx, const std::string& dir,
                      const std::string& signature_db, ReceiveResult* result);

// 开放审核. An item is due for review when 25 years have passed since the end of its 年度 by
// `as_of` ("" = today), it is not destroyed and has no decision yet (or `include_decided`).
inline constexpr int kOpenAfterYears = 25;
inline constexpr char kOpenStatusOpen[] = "开放";
inline constexpr char kOpenStatusControlled[] = "控制";
Status ListOpenReviewDue(const JobContext& ctx, const std::string& as_of, bool include_decided,
                         std::vector<ItemRecord>* out);
// Records a decision (kOpenStatus…, a reason; the reason is required for 控制) on the item
// (Archive::SetOpenDecision, audit 开放审核). Needs the item within ctx's clearance.
Status DecideOpen(const JobContext& ctx, const std::string& danghao, const std::string& status,
                  const std::string& reason);

nlohmann::json ExportResultJson(const ExportResult& result);
nlohmann::json ReceiveResultJson(const ReceiveResult& result);

}  // namespace dangan::jobs
