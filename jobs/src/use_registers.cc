// The registers and statistics of lending and use (dangan/jobs/lending.h): the 借阅（利用）登记
// register on template D-06, the 利用效果 register on GD-05, the year's use statistics, and the
// JSON the command line and the web application share.
#include <algorithm>
#include <map>
#include <memory>

#include "dangan/jobs/lending.h"
#include "dangan/jobs/registers.h"  // Today()
#include "dangan/records/text.h"
#include "lending_rows.h"

namespace dangan::jobs {
namespace {

constexpr char kRegisterTemplate[] = "D-06";  // 档案查阅借阅登记表
constexpr char kEffectsTemplate[] = "GD-05";  // 档案利用效果登记表
constexpr char kKeeper[] = "档案室";          // 保管单位 of both registers

// `text` cut to `max` characters (code points), so that a long title fits its column.
std::string Fit(const std::string& text, size_t max) {
  if (CodePointCount(text) <= max) return text;
  size_t at = 0, count = 0;
  while (at < text.size() && count + 1 < max) {
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    ++count;
  }
  return text.substr(0, at) + "…";
}

// Requests that were used (approved, or used and ended) and recorded in `year`, oldest first.
Status UsedInYear(const JobContext& ctx, Archive& archive, int year, std::vector<UseRequest>* out) {
  if (!IsRecordYear(year)) {
    return Status::InvalidArgument("年度 " + std::to_string(year) + " 无效（应在 1900–2200 之间）");
  }
  std::vector<UseRequest> all;
  DANGAN_RETURN_IF_ERROR(VisibleUseRequests(ctx, archive, "", &all));
  out->clear();
  const std::string prefix = std::to_string(year);
  for (auto it = all.rbegin(); it != all.rend(); ++it) {
    if (it->state != kUseApproved && it->state != kUseClosed) continue;
    if (it->recorded_at.compare(0, 4, prefix) == 0) out->push_back(*it);
  }
  return Status::Ok();
}

Status LoadTemplate(const JobContext& ctx, const char* id, Template* t) {
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, id, t));
  if (!t->table) return Status::Internal(std::string("模板 ") + id + " 没有表格");
  return Status::Ok();
}

// The D-06 word for a kind of use: the paper original leaves as 借出.
std::string RegisterKind(const std::string& kind) { return kind == kUseLend ? "借出" : kind; }

// 完好 / 有缺损 of a return check ("有缺损（有损坏）：…" keeps its word).
std::string CheckWord(const std::string& check) {
  if (check.empty()) return "";
  return check.rfind("完好", 0) == 0 ? "完好" : "有缺损";
}

Status Generate(Archive& archive, const Template& t, RawRecord record, const std::string& out_base,
                GeneratedDocument* out) {
  Generator generator;
  generator.SetPdfAuthor(archive.config().company);
  std::vector<RawRecord> records;
  records.push_back(std::move(record));
  std::vector<GeneratedDocument> docs;
  DANGAN_RETURN_IF_ERROR(
      generator.Generate(t, std::move(records), OutputFormat::kBoth, out_base + ".pdf", &docs));
  if (out && !docs.empty()) *out = docs.front();
  return Status::Ok();
}

void AddRow(const Template& t, const std::map<std::string, std::string>& values, long* serial,
            RawRecord* r) {
  const auto& columns = t.table->columns;
  std::vector<std::string> cells(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    const Field& f = columns[c].field;
    if (f.type == FieldType::kSerial) {
      cells[c] = std::to_string(++*serial);
      continue;
    }
    auto it = values.find(f.name);
    if (it != values.end()) cells[c] = f.max_length ? Fit(it->second, *f.max_length) : it->second;
  }
  std::vector<std::string_view> views(cells.begin(), cells.end());
  r->rows.AddRow(views);
}

void Count(std::map<std::string, UseCount>* table, const std::string& key, const UseRequest& r) {
  UseCount& c = (*table)[key.empty() ? "（未填）" : key];
  c.key = key.empty() ? "（未填）" : key;
  ++c.requests;
  c.items += static_cast<int64_t>(r.items.size());
  c.uses += r.uses;
}

std::vector<UseCount> Sorted(const std::map<std::string, UseCount>& table) {
  std::vector<UseCount> out;
  for (const auto& entry : table) out.push_back(entry.second);
  std::stable_sort(out.begin(), out.end(),
                   [](const UseCount& a, const UseCount& b) { return a.requests > b.requests; });
  return out;
}

nlohmann::json CountsJson(const std::vector<UseCount>& counts) {
  nlohmann::json out = nlohmann::json::array();
  for (const UseCount& c : counts) {
    out.push_back({{"key", c.key}, {"requests", c.requests}, {"items", c.items}, {"uses", c.uses}});
  }
  return out;
}

}  // namespace

Status RenderUseRegister(const JobContext& ctx, int year, const std::string& out_base,
                         GeneratedDocument* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<UseRequest> used;
  DANGAN_RETURN_IF_ERROR(UsedInYear(ctx, *archive, year, &used));
  if (used.empty()) {
    return Status::InvalidArgument(std::to_string(year) +
                                   " 年没有已批准的利用申请，登记表没有内容");
  }
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadTemplate(ctx, kRegisterTemplate, &t));
  RawRecord r;
  r.origin = std::to_string(year) + " 年借阅（利用）登记";
  r.row_origin = "利用申请";
  r.values["保管单位"] = kKeeper;
  r.values["登记年度"] = std::to_string(year);
  r.values["档案管理员"] = Fit(ActingAccount(ctx), 20);
  r.values["起始日期"] = used.front().recorded_at.substr(0, 10);
  r.values["截止日期"] = used.back().recorded_at.substr(0, 10);
  r.rows = RowTable(t.table->columns.size());
  long serial = 0;
  for (const UseRequest& u : used) {
    for (const UseRequestItem& i : u.items) {
      if (!MaySee(ctx.clearance, ParseSecrecy(i.secrecy).value_or(Secrecy::kSecret))) continue;
      AddRow(t,
             {{"查阅日期", i.lent_at.empty() ? u.recorded_at.substr(0, 10) : i.lent_at},
              {"查阅人", u.requester.name},
              {"部门", u.requester.unit},
              {"档号", i.danghao},
              {"档案题名", i.title},
              {"利用方式", RegisterKind(u.kind)},
              {"利用目的", u.purpose},
              {"批准人", u.approver},
              {"应还日期", i.due_at},
              {"归还日期", i.returned_at},
              {"归还检查", CheckWord(i.return_check)}},
             &serial, &r);
    }
  }
  return Generate(*archive, t, std::move(r), out_base, out);
}

Status RenderUseEffects(const JobContext& ctx, int year, const std::string& out_base,
                        GeneratedDocument* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<UseRequest> used;
  DANGAN_RETURN_IF_ERROR(UsedInYear(ctx, *archive, year, &used));
  used.erase(std::remove_if(used.begin(), used.end(),
                            [](const UseRequest& u) { return u.effect.empty(); }),
             used.end());
  if (used.empty()) {
    return Status::InvalidArgument(
        std::to_string(year) + " 年没有记录利用效果的申请（先记录各申请的利用效果）");
  }
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadTemplate(ctx, kEffectsTemplate, &t));
  RawRecord r;
  r.origin = std::to_string(year) + " 年利用效果登记";
  r.row_origin = "利用申请";
  r.values["保管单位"] = kKeeper;
  r.values["登记年度"] = std::to_string(year);
  r.values["登记人"] = Fit(ActingAccount(ctx), 20);
  r.values["登记日期"] = Today();
  r.rows = RowTable(t.table->columns.size());
  long serial = 0;
  for (const UseRequest& u : used) {
    std::string items = u.items.front().danghao + " " + u.items.front().title;
    if (u.items.size() > 1) items += " 等" + std::to_string(u.items.size()) + "件";
    AddRow(t,
           {{"申请编号", std::to_string(u.id)},
            {"利用日期", u.recorded_at.substr(0, 10)},
            {"利用者", u.requester.name},
            {"部门", u.requester.unit},
            {"利用目的", u.purpose},
            {"利用方式", u.kind},
            {"利用档案", items},
            {"利用效果", u.effect}},
           &serial, &r);
  }
  return Generate(*archive, t, std::move(r), out_base, out);
}

Status ComputeUseStatistics(const JobContext& ctx, int year, UseStatistics* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<UseRequest> used;
  DANGAN_RETURN_IF_ERROR(UsedInYear(ctx, *archive, year, &used));
  *out = UseStatistics();
  out->year = year;
  const std::string today = Today();
  std::map<std::string, UseCount> by_unit, by_purpose, by_kind;
  for (const UseRequest& u : used) {
    ++out->requests;
    out->items += static_cast<int64_t>(u.items.size());
    out->uses += u.uses;
    for (const UseRequestItem& i : u.items) {
      if (i.lent_at.empty()) continue;
      ++out->loans;
      // Overdue: came back after its due date, or is still out past it.
      const std::string back = i.returned_at.empty() ? today : i.returned_at;
      if (back > i.due_at) ++out->overdue;
    }
    Count(&by_unit, u.requester.unit, u);
    Count(&by_purpose, u.purpose, u);
    Count(&by_kind, u.kind, u);
  }
  out->by_unit = Sorted(by_unit);
  out->by_purpose = Sorted(by_purpose);
  out->by_kind = Sorted(by_kind);
  return Status::Ok();
}

nlohmann::json UseRequestJson(const UseRequest& r) {
  nlohmann::json items = nlohmann::json::array();
  for (const UseRequestItem& i : r.items) {
    items.push_back({{"档号", i.danghao},
                     {"题名", i.title},
                     {"密级", i.secrecy},
                     {"lent_at", i.lent_at},
                     {"due_at", i.due_at},
                     {"renewals", i.renewals},
                     {"returned_at", i.returned_at},
                     {"return_check", i.return_check}});
  }
  return {{"id", r.id},
          {"state", r.state},
          {"kind", r.kind},
          {"purpose", r.purpose},
          {"requester",
           {{"account", r.requester.account},
            {"name", r.requester.name},
            {"unit", r.requester.unit},
            {"contact", r.requester.contact},
            {"letter", r.requester.letter},
            {"id_card", r.requester.id_card}}},
          {"recorded_at", r.recorded_at},
          {"recorded_by", r.recorded_by},
          {"end_date", r.end_date},
          {"approver", r.approver},
          {"approval_opinion", r.approval_opinion},
          {"approved_at", r.approved_at},
          {"effect", r.effect},
          {"uses", r.uses},
          {"items", items}};
}

nlohmann::json OverdueJson(const std::vector<OverdueLoan>& loans) {
  nlohmann::json out = nlohmann::json::array();
  for (const OverdueLoan& l : loans) {
    out.push_back({{"request", l.request_id},
                   {"person", l.person},
                   {"unit", l.unit},
                   {"档号", l.danghao},
                   {"题名", l.title},
                   {"due_at", l.due_at},
                   {"days_overdue", l.days_overdue}});
  }
  return out;
}

nlohmann::json UseStatisticsJson(const UseStatistics& s) {
  return {{"year", s.year},
          {"requests", s.requests},
          {"items", s.items},
          {"uses", s.uses},
          {"loans", s.loans},
          {"overdue", s.overdue},
          {"by_unit", CountsJson(s.by_unit)},
          {"by_purpose", CountsJson(s.by_purpose)},
          {"by_kind", CountsJson(s.by_kind)}};
}

}  // namespace dangan::jobs
