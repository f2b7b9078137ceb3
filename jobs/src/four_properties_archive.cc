// The 长期保存 stage of the four-property checks over the whole archive: the archive's own check
// (digests re-read, files present, 件号 without gaps, 页数, audit chain) turned into check lines,
// then what only this stage adds: every file's usability, 档号 well-formed and unique, required
// metadata present and in range, and a virus scan of the store.
#include <algorithm>
#include <ctime>
#include <map>
#include <memory>
#include <set>

#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/four_properties.h"
#include "dangan/records/danghao.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"

namespace dangan::jobs {
namespace {

struct CheckItem {
  const char* property;
  const char* item;
};

constexpr CheckItem kDigests{kAuthenticity, "数字摘要一致"};
constexpr CheckItem kDanghao{kAuthenticity, "档号规范且唯一"};
constexpr CheckItem kRange{kAuthenticity, "元数据在值域内"};
constexpr CheckItem kPagesMatch{kAuthenticity, "元数据与内容一致"};
constexpr CheckItem kFilesPresent{kIntegrity, "文件齐全"};
constexpr CheckItem kPieces{kIntegrity, "件号连续"};
constexpr CheckItem kRequired{kIntegrity, "必备元数据齐全"};
constexpr CheckItem kAudit{kSecurity, "审计日志完整"};

bool Contains(const std::string& text, const char* part) {
  return text.find(part) != std::string::npos;
}

// Which check item a problem of Archive::Check belongs to, by what it says.
CheckItem ItemOf(const CheckProblem& p) {
  if (Contains(p.problem, "件号缺号")) return kPieces;
  if (Contains(p.problem, "件号重复") || Contains(p.problem, "档号与其类别")) return kDanghao;
  if (Contains(p.problem, "找不到")) return kFilesPresent;
  if (Contains(p.problem, "审计日志")) return kAudit;
  if (Contains(p.problem, "页数不符") || Contains(p.problem, "页，目录记为")) return kPagesMatch;
  return kDigests;
}

void Add(FourPropertyReport* report, const CheckItem& item, const std::string& subject,
         const char* outcome, const std::string& detail) {
  report->checks.push_back({item.property, item.item, subject, outcome, detail});
}

// A passing line for each check item that found nothing wrong.
void AddPasses(const std::set<std::string>& failed,
               const std::vector<std::pair<CheckItem, std::string>>& passes,
               FourPropertyReport* report) {
  for (const auto& pass : passes) {
    if (!failed.count(pass.first.item)) Add(report, pass.first, "", kCheckPassed, pass.second);
  }
}

std::string CurrentTime() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

int ThisYear() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_year + 1900;
}

// As the archive checks a date at filing (archive/src/archive_util.cc): YYYY-MM-DD, a real day.
bool IsDate(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (d[i] < '0' || d[i] > '9') return false;
  }
  const int year = std::stoi(d.substr(0, 4)), month = std::stoi(d.substr(5, 2)),
            day = std::stoi(d.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month >= 1 && month <= 12 && day >= 1 &&
         day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

// 题名, 年度, 保管期限, 密级, 门类 (DA/T 46's elements every item needs), all at once.
std::string MissingMetadata(const ItemRecord& item) {
  std::string missing;
  const auto need = [&missing](bool present, const char* name) {
    if (!present) missing += (missing.empty() ? "" : "、") + std::string(name);
  };
  need(!item.title.empty(), "题名");
  need(item.year != 0, "年度");
  need(!item.retention.empty(), "保管期限");
  need(!item.secrecy.empty(), "密级");
  need(!item.category.empty(), "门类");
  return missing;
}

std::string OutOfRange(const ItemRecord& item, int latest_year) {
  std::string problems;
  const auto bad = [&problems](const std::string& text) {
    problems += (problems.empty() ? "" : "；") + text;
  };
  // Filing takes any four-digit year; one after next year is a slip of the keyboard.
  if (item.year != 0 && (item.year < 1000 || item.year > latest_year))
    bad("年度 " + std::to_string(item.year) + " 不在 1000–" + std::to_string(latest_year) +
        " 之间");
  if (!item.retention.empty() && !ParseRetentionCode(item.retention))
    bad("保管期限「" + item.retention + "」不是 Y、D30 或 D10");
  if (!item.secrecy.empty() && !ParseSecrecy(item.secrecy))
    bad("密级「" + item.secrecy + "」无法识别");
  if (!item.date.empty() && !IsDate(item.date))
    bad("日期「" + item.date + "」不是有效的 YYYY-MM-DD 日期");
  return problems;
}

// Why a 档号 is not well-formed for its item, or "": written in its one canonical spelling,
// and when it has the pattern's shape, its parts are the item's own.
std::string DanghaoProblem(const std::string& pattern, const ItemRecord& item) {
  if (item.danghao.empty()) return "档号为空";
  if (NormalizeDanghao(item.danghao) != item.danghao)
    return "档号书写不规范（应为 " + NormalizeDanghao(item.danghao) + "）";
  if (item.piece == 0) return "";  // a legacy 档号 kept as given
  // The parts a pattern does not show stay the item's own.
  DanghaoParts parts{item.fonds, item.category, item.retention, item.department, item.year};
  int piece = 0;
  if (!Danghao::Parse(item.danghao).Split(pattern, &parts, &piece))
    return "档号不符合档号格式 " + pattern;
  if (piece != item.piece || parts.year != item.year || parts.category != item.category ||
      parts.retention != item.retention || parts.department != item.department ||
      parts.fonds != item.fonds)
    return "档号与该件的全宗号、门类、年度、保管期限、机构或件号不一致";
  return "";
}

// The catalogue's checks of each item: 档号, required metadata, value ranges.
void CheckCatalogue(const std::string& pattern, const std::vector<ItemRecord>& items,
                    FourPropertyReport* report) {
  std::set<std::string> seen, failed;
  const int latest_year = ThisYear() + 1;
  for (const ItemRecord& item : items) {
    std::string problem = DanghaoProblem(pattern, item);
    if (problem.empty() && !seen.insert(item.danghao).second) problem = "档号重复";
    if (!problem.empty()) {
      Add(report, kDanghao, item.danghao, kCheckFailed, problem);
      failed.insert(kDanghao.item);
    }
    const std::string missing = MissingMetadata(item);
    if (!missing.empty()) {
      Add(report, kRequired, item.danghao, kCheckFailed, "缺少" + missing);
      failed.insert(kRequired.item);
    }
    const std::string range = OutOfRange(item, latest_year);
    if (!range.empty()) {
      Add(report, kRange, item.danghao, kCheckFailed, range);
      failed.insert(kRange.item);
    }
  }
  const std::string n = std::to_string(items.size());
  AddPasses(failed,
            {{kDanghao, n + " 个档号均规范，无重复"},
             {kRequired, n + " 件的题名、年度、保管期限、密级、门类均已著录"},
             {kRange, n + " 件的年度、保管期限、密级、日期均在值域内"}},
            report);
}

// Usability of every stored file of the items not destroyed: the failures one by one, the
// passes of each check item counted in one line.
void CheckUsability(Archive* archive, const std::vector<ItemRecord>& items,
                    std::map<std::string, std::string>* names, FourPropertyReport* report) {
  std::map<std::string, int> passed;
  std::vector<std::string> order;
  for (const ItemRecord& item : items) {
    if (item.destroyed) continue;
    for (const StoredFile& f : item.files) {
      const std::string path = archive->StoredPath(f);
      const std::string subject = item.danghao + " " + f.name;
      (*names)[path] = subject;
      FourPropertyReport one;
      CheckFileUsable(path, subject, &one);
      for (PropertyCheck& c : one.checks) {
        if (std::find(order.begin(), order.end(), c.item) == order.end()) order.push_back(c.item);
        if (c.outcome == kCheckPassed) {
          ++passed[c.item];
        } else {
          report->checks.push_back(std::move(c));
        }
      }
    }
  }
  for (const std::string& item : order) {
    if (passed[item] > 0)
      report->checks.push_back(
          {kUsability, item, "", kCheckPassed, std::to_string(passed[item]) + " 个文件"});
  }
}

}  // namespace

Status CheckArchiveFourProperties(const JobContext& ctx, const std::string& signature_db,
                                  FourPropertyReport* report) {
  *report = FourPropertyReport{};
  report->stage = kStageKeeping;
  report->checked_at = CurrentTime();
  // Check needs 机密 (it reads every item) and says so.
  CheckReport checked;
  DANGAN_RETURN_IF_ERROR(Check(ctx, &checked));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<ItemRecord> items;
  ListFilter all;
  all.limit = 0;
  DANGAN_RETURN_IF_ERROR(archive->List(all, &items, nullptr));
  int64_t destroyed = 0;
  for (const ItemRecord& item : items) destroyed += item.destroyed ? 1 : 0;
  report->subject = "档案库 " + archive->dir() + "（全宗 " + archive->config().fonds + "，" +
                    std::to_string(items.size()) + " 件）";

  std::set<std::string> failed;
  for (const CheckProblem& p : checked.problems) {
    const CheckItem item = ItemOf(p);
    Add(report, item, p.danghao, kCheckFailed, p.problem);
    failed.insert(item.item);
  }
  AddPasses(failed,
            {{kDigests, std::to_string(checked.items) + " 件、" + std::to_string(checked.files) +
                            " 个文件的 SHA-256 与 SM3 均与归档时一致"},
             {kPagesMatch, "各件页数与原件实有页数一致"},
             {kFilesPresent, "目录所列文件均在档案库中"},
             {kPieces, "各类件号连续" + (destroyed > 0 ? "，已销毁的 " + std::to_string(destroyed) +
                                                             " 件保留目录"
                                                       : std::string())},
             {kAudit, "审计日志哈希链完整，目录与审计日志一致"}},
            report);
  CheckCatalogue(archive->config().pattern, items, report);
  std::map<std::string, std::string> names;
  CheckUsability(archive.get(), items, &names, report);

  FourPropertyReport scan;
  ScanForViruses({archive->dir() + "/store"}, signature_db, &scan);
  for (PropertyCheck& c : scan.checks) {
    auto it = names.find(c.subject);
    if (it != names.end()) c.subject = it->second;
    report->checks.push_back(std::move(c));
  }
  // Grouped by property, in the standard's order; within one, as found.
  const auto rank = [](const PropertyCheck& c) {
    const std::string order[] = {kAuthenticity, kIntegrity, kUsability, kSecurity};
    return std::find(std::begin(order), std::end(order), c.property) - std::begin(order);
  };
  std::stable_sort(
      report->checks.begin(), report->checks.end(),
      [&rank](const PropertyCheck& a, const PropertyCheck& b) { return rank(a) < rank(b); });
  return Status::Ok();
}

}  // namespace dangan::jobs
