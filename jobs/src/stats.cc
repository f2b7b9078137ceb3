#include "dangan/jobs/stats.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <set>

#include "dangan/jobs/registers.h"  // Today()
#include "dangan/records/retention.h"

namespace dangan::jobs {

namespace {

// 门类 codes of 企业档案 as most companies use them; another code is shown as it is.
std::string CategoryLabel(const std::string& code) {
  static const std::map<std::string, std::string> kNames = {
      {"WS", "文书"}, {"KJ", "会计"}, {"KY", "科研"}, {"JJ", "基建"},
      {"SB", "设备"}, {"CP", "产品"}, {"ZP", "照片"}, {"LX", "录音录像"},
      {"SW", "实物"}, {"RS", "人事"}, {"HT", "合同"}, {"DZ", "电子"}};
  const std::string main = code.substr(0, code.find("·"));
  auto it = kNames.find(main);
  return it == kNames.end() ? code : code + " " + it->second;
}

std::string RetentionLabel(const std::string& code) {
  auto r = ParseRetentionCode(code);
  return r ? RetentionName(*r) : code;
}

// Retention periods in the order the rules list them, longest first.
int RetentionRank(const std::string& code) {
  if (code == "Y") return 0;
  if (code == "D30") return 1;
  if (code == "D10") return 2;
  return 3;
}

void Count(std::map<std::string, StatsLine>* lines, const std::string& key,
           const std::string& label, int pages) {
  StatsLine& l = (*lines)[key];
  l.key = key;
  l.label = label;
  ++l.items;
  l.pages += pages;
}

std::vector<StatsLine> Lines(const std::map<std::string, StatsLine>& lines) {
  std::vector<StatsLine> out;
  for (const auto& [key, line] : lines) out.push_back(line);
  return out;
}

nlohmann::json LinesJson(const std::vector<StatsLine>& lines, const char* name) {
  nlohmann::json out = nlohmann::json::array();
  for (const StatsLine& l : lines) {
    out.push_back({{name, l.key}, {"名称", l.label}, {"件数", l.items}, {"页数", l.pages}});
  }
  return out;
}

}  // namespace

std::string ReadableBytes(uint64_t bytes) {
  char buf[32];
  const double b = static_cast<double>(bytes);
  if (bytes < 1024) {
    std::snprintf(buf, sizeof buf, "%llu 字节", static_cast<unsigned long long>(bytes));
  } else if (bytes < 1024ull * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f KB", b / 1024);
  } else if (bytes < 1024ull * 1024 * 1024) {
    std::snprintf(buf, sizeof buf, "%.1f MB", b / (1024.0 * 1024));
  } else {
    std::snprintf(buf, sizeof buf, "%.2f GB", b / (1024.0 * 1024 * 1024));
  }
  return buf;
}

Status ComputeStats(const JobContext& ctx, int year, AnnualStats* out) {
  const std::string today = Today();
  const int this_year = std::stoi(today.substr(0, 4));
  if (year < 1900 || year > this_year) {
    return Status::InvalidArgument("统计年度「" + std::to_string(year) + "」无效：应为 1900 至 " +
                                   std::to_string(this_year) + " 之间的四位年份");
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  ListFilter filter;
  filter.clearance = ctx.clearance;
  filter.limit = 0;
  std::vector<ItemRecord> items;
  DANGAN_RETURN_IF_ERROR(archive->List(filter, &items, nullptr));

  AnnualStats s;
  s.year = year;
  s.fonds = archive->config().fonds;
  s.company = archive->config().company;
  s.clearance = SecrecyName(ctx.clearance);
  const std::string y = std::to_string(year);
  const std::string year_end = y + "-12-31";
  s.as_of = year == this_year ? today : year_end;
  std::map<std::string, StatsLine> by_year, by_retention, by_category, by_department;
  std::set<std::string> stored;
  for (const ItemRecord& item : items) {
    const std::string filed_on = item.filed_at.substr(0, 10);
    const bool destroyed_by_end = item.destroyed && item.destroyed_at <= year_end;
    if (filed_on <= year_end && !destroyed_by_end) {
      ++s.items;
      s.pages += item.pages;
      Count(&by_year, std::to_string(item.year), std::to_string(item.year) + "年", item.pages);
      Count(&by_retention, item.retention, RetentionLabel(item.retention), item.pages);
      Count(&by_category, item.category, CategoryLabel(item.category), item.pages);
      Count(&by_department, item.department,
            item.department.empty() ? "（未分机构）" : item.department, item.pages);
    }
    if (filed_on.compare(0, 4, y) == 0) {
      ++s.filed_items;
      s.filed_pages += item.pages;
    }
    if (item.destroyed && item.destroyed_at.compare(0, 4, y) == 0) {
      ++s.destroyed_items;
      s.destroyed_pages += item.pages;
    }
    if (item.destroyed) continue;
    if (item.hold) ++s.held_items;
    for (const StoredFile& f : item.files) {
      if (stored.insert(f.sha256).second) {
        ++s.stored_files;
        s.stored_bytes += f.size;
      }
    }
  }
  s.by_year = Lines(by_year);
  s.by_retention = Lines(by_retention);
  std::stable_sort(s.by_retention.begin(), s.by_retention.end(),
                   [](const StatsLine& a, const StatsLine& b) {
                     return RetentionRank(a.key) < RetentionRank(b.key);
                   });
  s.by_category = Lines(by_category);
  s.by_department = Lines(by_department);

  std::vector<AuditEntry> log;
  DANGAN_RETURN_IF_ERROR(archive->AuditLog("", ctx.clearance, &log));
  std::set<std::string> copied;
  for (const AuditEntry& e : log) {
    if (e.action != "出具利用副本" || e.at.compare(0, 4, y) != 0) continue;
    ++s.copies_issued;
    copied.insert(e.danghao);
  }
  s.items_copied = static_cast<int64_t>(copied.size());
  *out = std::move(s);
  return Status::Ok();
}

nlohmann::json StatsJson(const AnnualStats& s) {
  return {{"年度", s.year},
          {"全宗号", s.fonds},
          {"立档单位", s.company},
          {"截至", s.as_of},
          {"密级范围", s.clearance},
          {"馆藏", {{"件数", s.items}, {"页数", s.pages}}},
          {"按年度", LinesJson(s.by_year, "年度")},
          {"按保管期限", LinesJson(s.by_retention, "保管期限")},
          {"按门类", LinesJson(s.by_category, "门类")},
          {"按机构", LinesJson(s.by_department, "机构")},
          {"本年归档", {{"件数", s.filed_items}, {"页数", s.filed_pages}}},
          {"本年销毁", {{"件数", s.destroyed_items}, {"页数", s.destroyed_pages}}},
          {"本年利用", {{"利用副本", s.copies_issued}, {"档案件数", s.items_copied}}},
          {"冻结件数", s.held_items},
          {"存储", {{"文件数", s.stored_files}, {"字节", s.stored_bytes}}}};
}

Status RenderStats(const JobContext& ctx, const AnnualStats& s,
                   const std::map<std::string, std::string>& header, const std::string& out_path,
                   GeneratedDocument* out) {
  const auto ends_with = [&](const std::string& ext) {
    return out_path.size() > ext.size() &&
           out_path.compare(out_path.size() - ext.size(), ext.size(), ext) == 0;
  };
  OutputFormat format;
  if (ends_with(".pdf")) {
    format = OutputFormat::kPdf;
  } else if (ends_with(".xlsx")) {
    format = OutputFormat::kXlsx;
  } else {
    return Status::InvalidArgument("输出文件「" + out_path + "」应以 .pdf 或 .xlsx 结尾");
  }
  Template t;
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, kStatsTemplate, &t));
  RawRecord record;
  record.origin = std::to_string(s.year) + "年度统计";
  record.row_origin = "统计项目";
  auto& v = record.values;
  v["全宗名称"] = s.company;
  v["全宗号"] = s.fonds;
  v["统计年度"] = std::to_string(s.year);
  v["截至日期"] = s.as_of;
  v["年末馆藏件数"] = std::to_string(s.items);
  v["年末馆藏页数"] = std::to_string(s.pages);
  v["本年归档件数"] = std::to_string(s.filed_items);
  v["本年归档页数"] = std::to_string(s.filed_pages);
  v["本年销毁件数"] = std::to_string(s.destroyed_items);
  v["本年利用副本次数"] = std::to_string(s.copies_issued);
  v["本年利用档案件数"] = std::to_string(s.items_copied);
  v["冻结件数"] = std::to_string(s.held_items);
  v["存储文件数"] = std::to_string(s.stored_files);
  v["存储用量"] = ReadableBytes(s.stored_bytes);
  v["填报日期"] = Today();
  // Only the signatures are the archivist's to give: the figures come from the catalogue.
  for (const auto& [key, value] : header) {
    if (key != "填报人" && key != "填报日期" && key != "审核人" && key != "审核日期") {
      return Status::InvalidArgument("统计表的「" + key +
                                     "」由档案库计算，不能填写；可填写的只有填报人、填报日期、"
                                     "审核人、审核日期");
    }
    DANGAN_RETURN_IF_ERROR(CheckGivenText({{key.c_str(), value}}));
    if (!value.empty()) v[key] = value;
  }
  // The table's columns in the template's order: 序号, 统计项目, 类别, 件数, 页数, 备注.
  if (!t.table) return Status::Internal("模板 GD-03 缺少统计表格");
  record.rows = RowTable(t.table->columns.size());
  std::vector<std::vector<std::string>> rows;
  auto add = [&](const char* what, const std::vector<StatsLine>& lines) {
    for (const StatsLine& l : lines) {
      std::map<std::string, std::string> cells = {{"序号", std::to_string(rows.size() + 1)},
                                                  {"统计项目", what},
                                                  {"类别", l.label},
                                                  {"件数", std::to_string(l.items)},
                                                  {"页数", std::to_string(l.pages)}};
      std::vector<std::string> row;
      for (const TableColumn& c : t.table->columns) row.push_back(cells[c.field.name]);
      rows.push_back(std::move(row));
    }
  };
  add("按年度", s.by_year);
  add("按保管期限", s.by_retention);
  add("按门类", s.by_category);
  add("按机构", s.by_department);
  for (const auto& row : rows) {
    std::vector<std::string_view> cells(row.begin(), row.end());
    record.rows.AddRow(cells);
  }
  std::vector<RawRecord> records;
  records.push_back(std::move(record));
  Generator generator;
  generator.SetPdfAuthor(s.company);
  std::vector<GeneratedDocument> docs;
  DANGAN_RETURN_IF_ERROR(generator.Generate(t, std::move(records), format, out_path, &docs));
  if (out && !docs.empty()) *out = docs[0];
  return Status::Ok();
}

}  // namespace dangan::jobs
