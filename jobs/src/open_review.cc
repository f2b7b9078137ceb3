// 开放审核 (dangan/jobs/transfer.h, open_review.h): which items are due for the review, the
// decision on one, and the register of the decisions (GD-06). Items reach the review 25 years
// after the end of their 年度 (档案法 2020 第二十七条); the archive checks again what must hold
// whoever calls (Archive::SetOpenDecision), the context's clearance is applied here.
#include "dangan/jobs/open_review.h"

#include "dangan/jobs/registers.h"
#include "dangan/jobs/transfer.h"
#include "dangan/records/retention.h"
#include "dangan/records/text.h"

namespace dangan::jobs {
namespace {

constexpr char kRegisterTemplate[] = "GD-06";  // 档案开放审核登记表
// The register prints the reason in a column of this many characters.
constexpr size_t kReasonMaxChars = 60;

Status Refuse(const std::string& message) { return Status::InvalidArgument(message); }

// The review date as given ("" = today), as YYYY-MM-DD; the clerk may write it as on paper.
Status ReviewDate(const std::string& as_of, std::string* out) {
  const std::string given = Trim(as_of);
  if (given.empty()) {
    *out = Today();
    return Status::Ok();
  }
  *out = NormalizeDate(given);
  if (out->empty()) return Refuse("审核截至日期「" + given + "」无效，应写成 YYYY-MM-DD");
  return Status::Ok();
}

// The last 年度 due on `day`: on any day of year Y, the items of 年度 <= Y - 1 - 25.
int LastDueYear(const std::string& day) {
  return std::stoi(day.substr(0, 4)) - 1 - kOpenAfterYears;
}

// 开放 / 控制 as typed, traditional 開放 accepted; "" when it is neither.
std::string StatusWord(const std::string& typed) {
  const std::string w = Trim(typed);
  if (w == kOpenStatusOpen || w == "開放") return kOpenStatusOpen;
  if (w == kOpenStatusControlled) return kOpenStatusControlled;
  return "";
}

std::string PeriodName(const std::string& code) {
  const std::optional<Retention> r = ParseRetentionCode(code);
  return r ? std::string(RetentionName(*r)) : code;
}

Status DueItems(const JobContext& ctx, Archive& archive, const std::string& day,
                bool include_decided, std::vector<ItemRecord>* out) {
  ListFilter filter;
  filter.year_to = LastDueYear(day);
  filter.clearance = ctx.clearance;
  filter.limit = 0;
  std::vector<ItemRecord> items;
  DANGAN_RETURN_IF_ERROR(archive.List(filter, &items, nullptr));
  out->clear();
  for (ItemRecord& item : items) {
    if (item.destroyed || (!include_decided && !item.open_status.empty())) continue;
    out->push_back(std::move(item));
  }
  return Status::Ok();
}

// The register as a record of GD-06: one row per item due, in 档号 order.
RawRecord RegisterRecord(const JobContext& ctx, const ArchiveConfig& config, const std::string& day,
                         const std::vector<ItemRecord>& items, const Template& t) {
  RawRecord r;
  r.origin = "开放审核登记表（截至 " + day + "）";
  r.row_origin = "登记表";
  auto put = [&](const char* field, const std::string& value) {
    if (!value.empty()) r.values[field] = value;
  };
  put("全宗名称", config.company);
  put("全宗号", config.fonds);
  put("审核截至日期", day);
  put("登记人", ctx.user);
  put("登记日期", Today());
  int open = 0, controlled = 0;
  const auto& columns = t.table->columns;
  r.rows = RowTable(columns.size());
  long serial = 0;
  for (const ItemRecord& item : items) {
    open += item.open_status == kOpenStatusOpen;
    controlled += item.open_status == kOpenStatusControlled;
    std::vector<std::string> cells(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string& name = columns[c].field.name;
      if (columns[c].field.type == FieldType::kSerial) cells[c] = std::to_string(++serial);
      if (name == "档号") cells[c] = item.danghao;
      if (name == "文件题名") cells[c] = item.title;
      if (name == "所属年度") cells[c] = std::to_string(item.year);
      if (name == "密级") cells[c] = item.secrecy;
      if (name == "审核结论") cells[c] = item.open_status;
      if (name == "理由") cells[c] = item.open_reason;
      if (name == "审核日期") cells[c] = item.open_reviewed_at.substr(0, 10);
      if (name == "审核人") cells[c] = item.open_reviewed_by;
    }
    std::vector<std::string_view> views(cells.begin(), cells.end());
    r.rows.AddRow(views);
  }
  r.values["开放件数"] = std::to_string(open);
  r.values["控制件数"] = std::to_string(controlled);
  return r;
}

}  // namespace

std::string OpenReviewDueOn(int year) {
  return std::to_string(year + 1 + kOpenAfterYears) + "-01-01";
}

Status ListOpenReviewDue(const JobContext& ctx, const std::string& as_of, bool include_decided,
                         std::vector<ItemRecord>* out) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"审核截至日期", as_of}}));
  std::string day;
  DANGAN_RETURN_IF_ERROR(ReviewDate(as_of, &day));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return DueItems(ctx, *archive, day, include_decided, out);
}

Status DecideOpen(const JobContext& ctx, const std::string& danghao, const std::string& status,
                  const std::string& reason) {
  return DecideOpenItems(ctx, {danghao}, status, reason, nullptr);
}

Status DecideOpenItems(const JobContext& ctx, const std::vector<std::string>& danghaos,
                       const std::string& status, const std::string& reason,
                       std::vector<ItemRecord>* decided) {
  if (danghaos.empty()) return Refuse("请给出要审核的档号");
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"开放审核结论", status}, {"理由", reason}}));
  for (const std::string& d : danghaos) DANGAN_RETURN_IF_ERROR(CheckGivenText({{"档号", d}}));
  const std::string first = Trim(danghaos.front());
  const std::string word = StatusWord(status);
  const std::string named = danghaos.size() == 1 ? "档号 " + first + " 的" : "";
  if (word.empty()) {
    return Refuse(named + "开放审核结论「" + Trim(status) + "」无效，应为“" + kOpenStatusOpen +
                  "”或“" + kOpenStatusControlled + "”");
  }
  const std::string why = Trim(reason);
  if (word == kOpenStatusControlled && why.empty()) {
    return Refuse((danghaos.size() == 1 ? "档号 " + first + " " : std::string()) +
                  "控制使用须写明理由（如涉及商业秘密、个人隐私）");
  }
  if (CodePointCount(why) > kReasonMaxChars) {
    return Refuse("理由印在开放审核登记表上，不能超过 " + std::to_string(kReasonMaxChars) +
                  " 个字（现有 " + std::to_string(CodePointCount(why)) + " 个）");
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  // Every item first: a refusal names it and nothing is recorded.
  const int last_due = LastDueYear(Today());
  std::vector<std::string> checked;
  for (const std::string& given : danghaos) {
    const std::string d = Trim(given);
    if (d.empty()) return Refuse("档号不能为空");
    // Above the clearance the item answers as a 档号 not in the catalogue (Archive::GetFor).
    ItemRecord item;
    DANGAN_RETURN_IF_ERROR(archive->GetFor(d, ctx.clearance, /*log_view=*/false, &item));
    if (item.destroyed) {
      return Refuse("档号 " + item.danghao + " 已于 " + item.destroyed_at + " 销毁，不需开放审核");
    }
    if (item.year > last_due) {
      return Refuse("档号 " + item.danghao + "（" + std::to_string(item.year) + " 年度）到 " +
                    OpenReviewDueOn(item.year) + " 才满二十五年，尚不需开放审核");
    }
    for (const std::string& c : checked) {
      if (c == item.danghao) return Refuse("档号 " + c + " 重复列出");
    }
    checked.push_back(item.danghao);
  }
  if (decided) decided->clear();
  for (const std::string& d : checked) {
    DANGAN_RETURN_IF_ERROR(archive->SetOpenDecision(d, word, why, ctx.user));
    if (decided) {
      ItemRecord item;
      DANGAN_RETURN_IF_ERROR(archive->GetFor(d, ctx.clearance, /*log_view=*/false, &item));
      decided->push_back(std::move(item));
    }
  }
  return Status::Ok();
}

Status RenderOpenReviewRegister(const JobContext& ctx, const std::string& as_of,
                                const std::string& out_base, GeneratedDocument* out) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"审核截至日期", as_of}}));
  std::string day;
  DANGAN_RETURN_IF_ERROR(ReviewDate(as_of, &day));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<ItemRecord> items;
  DANGAN_RETURN_IF_ERROR(DueItems(ctx, *archive, day, /*include_decided=*/true, &items));
  if (items.empty()) {
    return Refuse("截至 " + day + " 没有年度已满二十五年的档案，开放审核登记表没有内容");
  }
  Template t;
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, kRegisterTemplate, &t));
  if (!t.table) return Status::Internal("模板 GD-06（档案开放审核登记表）没有表格");
  std::vector<RawRecord> records;
  records.push_back(RegisterRecord(ctx, archive->config(), day, items, t));
  Generator generator;
  generator.SetPdfAuthor(archive->config().company);
  std::vector<GeneratedDocument> docs;
  DANGAN_RETURN_IF_ERROR(
      generator.Generate(t, std::move(records), OutputFormat::kBoth, out_base + ".pdf", &docs));
  if (out && !docs.empty()) *out = docs.front();
  return Status::Ok();
}

nlohmann::json OpenReviewItemJson(const ItemRecord& item) {
  return {{"档号", item.danghao},
          {"题名", item.title},
          {"年度", item.year},
          {"密级", item.secrecy},
          {"保管期限", PeriodName(item.retention)},
          {"due_on", OpenReviewDueOn(item.year)},
          {"status", item.open_status},
          {"reason", item.open_reason},
          {"reviewed_at", item.open_reviewed_at},
          {"reviewed_by", item.open_reviewed_by}};
}

}  // namespace dangan::jobs
