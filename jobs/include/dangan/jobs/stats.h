// Annual statistics (统计, issue 16 §2): the figures an archive reports each year, the basis of the
// 档案工作基本情况 tables, computed from the catalogue and the audit log. As JSON for every front
// end, and as PDF/XLSX through the generator from template GD-03 (档案工作基本情况统计表).
//
// The figures are those the reader's clearance covers: an item above it is not counted, as it is
// not listed (so two readers may get different tables; the archivist reports with 机密).
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

inline constexpr char kStatsTemplate[] = "GD-03";

struct StatsLine {
  std::string key;    // 2024 / Y / WS / BGS
  std::string label;  // 2024年 / 永久 / WS 文书 / BGS
  int64_t items = 0, pages = 0;
};

struct AnnualStats {
  int year = 0;
  std::string fonds, company;
  std::string as_of;  // the holdings are counted as at this date: 31 December, or today
  std::string clearance;
  // 年末馆藏: items filed by as_of and not destroyed by then.
  int64_t items = 0, pages = 0;
  std::vector<StatsLine> by_year, by_retention, by_category, by_department;
  // In the year: filed (归档), destroyed (销毁, by the date the item records), copies for use
  // issued (出具利用副本 entries of the audit log) and the items they were made of.
  int64_t filed_items = 0, filed_pages = 0;
  int64_t destroyed_items = 0, destroyed_pages = 0;
  int64_t copies_issued = 0, items_copied = 0;
  // Now: items held (冻结) and not destroyed; the store files the items not destroyed hold
  // (each content once) and their size.
  int64_t held_items = 0;
  int64_t stored_files = 0;
  uint64_t stored_bytes = 0;
};

// The figures of `year` (1900 … the current year; a later one is refused, naming it).
Status ComputeStats(const JobContext& ctx, int year, AnnualStats* out);

// {"年度", "全宗号", "立档单位", "截至", "密级范围", "馆藏": {"件数", "页数"}, "按年度": [{"年度",
// "件数", "页数"}], "按保管期限": [{"保管期限", …}], "按门类": [{"门类", …}], "按机构":
// [{"机构", …}], "本年归档": {"件数", "页数"}, "本年销毁": {"件数", "页数"}, "本年利用":
// {"利用副本", "档案件数"}, "冻结件数", "存储": {"文件数", "字节"}}
nlohmann::json StatsJson(const AnnualStats& stats);

// The statistics table (GD-03) as PDF or XLSX at `out_path` (by its extension, .pdf or .xlsx).
// `header` gives 填报人, 填报日期 (default today), 审核人, 审核日期.
Status RenderStats(const JobContext& ctx, const AnnualStats& stats,
                   const std::map<std::string, std::string>& header, const std::string& out_path,
                   GeneratedDocument* out);

// A byte count as a clerk reads it: 512 字节, 3.2 KB, 1.5 MB, 2.1 GB.
std::string ReadableBytes(uint64_t bytes);

}  // namespace dangan::jobs
