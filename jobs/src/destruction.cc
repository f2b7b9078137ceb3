// Appraisal and destruction jobs (dangan/jobs/destruction.h). The order of the steps and who may
// sign what are checked here, each refusal naming the step or the item; the archive checks again,
// inside its own transaction, what must hold whoever calls it (archive.h: DestroyAppraised).
#include "dangan/jobs/destruction.h"

#include <ctime>
#include <memory>
#include <set>

#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/filing.h"
#include "dangan/jobs/registers.h"
#include "dangan/jobs/scratch.h"
#include "dangan/records/retention.h"
#include "dangan/records/text.h"

namespace dangan::jobs {
namespace {

constexpr char kListTemplate[] = "GD-02";  // 档案销毁清册
const char* const kMethods[] = {"粉碎", "焚烧", "化浆", "删除电子文件", "其他"};

// Same rule as the integrity tools: an appraisal looks at every item that is due.
Status NeedHighestClearance(const JobContext& ctx) {
  if (ctx.clearance == Secrecy::kSecret) return Status::Ok();
  return Status::InvalidArgument("鉴定与销毁涉及全部到期档案，需要最高密级（--clearance " +
                                 std::string(SecrecyName(Secrecy::kSecret)) + "）；当前密级为" +
                                 SecrecyName(ctx.clearance));
}

Status Open(const JobContext& ctx, std::unique_ptr<Archive>* archive) {
  DANGAN_RETURN_IF_ERROR(NeedHighestClearance(ctx));
  return OpenArchive(ctx, archive);
}

std::string Label(int64_t id) { return "第 " + std::to_string(id) + " 号鉴定"; }

std::string NowMinute() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &local);
  return buf;
}

bool IsDigits(const std::string& s, size_t from, size_t n) {
  for (size_t i = from; i < from + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool IsDate(const std::string& s) {
  if (s.size() != 10 || !IsDigits(s, 0, 4) || s[4] != '-' || !IsDigits(s, 5, 2) || s[7] != '-' ||
      !IsDigits(s, 8, 2)) {
    return false;
  }
  const int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// YYYY-MM-DD HH:MM
bool IsMinute(const std::string& s) {
  return s.size() == 16 && IsDate(s.substr(0, 10)) && s[10] == ' ' && IsDigits(s, 11, 2) &&
         s[13] == ':' && IsDigits(s, 14, 2) && std::stoi(s.substr(11, 2)) < 24 &&
         std::stoi(s.substr(14, 2)) < 60;
}

std::string Required(const std::string& value, const std::string& field) {
  return Trim(value).empty() ? field + "必须填写" : "";
}

Status Refuse(const std::string& message) { return Status::InvalidArgument(message); }

// What the appraisal still lacks before `wanted` (a state) can be reached, named as a step.
std::string MissingStep(const AppraisalRow& a) {
  if (a.state == kAppraisalOpen) return "尚未记录鉴定小组意见";
  if (a.state == kAppraisalOpinion) return "尚未经批准人批准";
  if (a.state == kAppraisalApproved) return "尚未记录两名监销人";
  if (a.state == kAppraisalWitnessed) return "已记录监销人，待销毁";
  if (a.state == kAppraisalDestroyed) return "已销毁";
  return "已完成（没有拟销毁的档案）";
}

Status WrongState(const AppraisalRow& a, const std::string& step) {
  return Refuse(Label(a.id) + "现为“" + a.state + "”（" + MissingStep(a) + "），不能" + step);
}

AppraisalEntryRow* FindEntry(AppraisalRow* a, const std::string& danghao) {
  for (AppraisalEntryRow& e : a->items) {
    if (e.danghao == danghao) return &e;
  }
  return nullptr;
}

Appraisal FromRow(const AppraisalRow& r) {
  Appraisal a;
  a.id = r.id;
  a.name = r.name;
  a.as_of = r.as_of;
  a.state = r.state;
  a.created_at = r.created_at;
  a.created_by = r.created_by;
  a.group_members = r.group_members;
  a.group_opinion = r.group_opinion;
  a.opinion_at = r.opinion_at;
  a.opinion_by = r.opinion_by;
  a.approver = r.approver;
  a.approval_opinion = r.approval_opinion;
  a.approved_at = r.approved_at;
  a.witness1 = r.witness1;
  a.witness2 = r.witness2;
  a.method = r.method;
  a.place = r.place;
  a.witnessed_at = r.witnessed_at;
  a.destroyed_at = r.destroyed_at;
  a.list_danghao = r.list_danghao;
  for (const AppraisalEntryRow& e : r.items) {
    AppraisalItem i;
    i.danghao = e.danghao;
    i.title = e.title;
    i.year = e.year;
    i.retention = e.retention;
    i.pages = e.pages;
    i.decision = e.decision;
    i.new_retention = e.new_retention;
    i.reason = e.reason;
    i.hold = e.hold;
    a.items.push_back(std::move(i));
  }
  return a;
}

std::string PeriodName(const std::string& code) {
  const std::optional<Retention> r = ParseRetentionCode(code);
  return r ? std::string(RetentionName(*r)) : code;
}

// The group's members as written (、，, or spaces between names); the first leads the group.
std::vector<std::string> Members(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    std::string name = Trim(cur);
    if (!name.empty()) out.push_back(name);
    cur.clear();
  };
  for (size_t i = 0; i < text.size();) {
    bool sep = false;
    for (const char* s : {"、", "，", ",", " ", "；", ";"}) {
      const std::string sv = s;
      if (text.compare(i, sv.size(), sv) == 0) {
        flush();
        i += sv.size();
        sep = true;
        break;
      }
    }
    if (!sep) cur += text[i++];
  }
  flush();
  return out;
}

std::string Join(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : "、") + n;
  return out;
}

// The 清册 as a record of GD-02: header from the archive's config and the appraisal's steps,
// one row per item proposed for destruction. `date` is the 销毁日期 ("" while not destroyed).
RawRecord ListRecord(const ArchiveConfig& config, const AppraisalRow& a, const std::string& date,
                     const Template& t) {
  RawRecord r;
  r.origin = Label(a.id) + "（" + a.name + "）";
  r.row_origin = "清册";
  auto put = [&](const char* field, const std::string& value) {
    if (!value.empty()) r.values[field] = value;
  };
  put("全宗名称", config.company);
  put("全宗号", config.fonds);
  char number[32];
  std::snprintf(number, sizeof number, "XH-%s-%03lld", a.as_of.substr(0, 4).c_str(),
                static_cast<long long>(a.id));
  put("清册编号", number);
  put("鉴定意见", a.group_opinion);
  const std::vector<std::string> members = Members(a.group_members);
  if (!members.empty()) put("鉴定小组负责人", members.front());
  put("鉴定日期", a.opinion_at.substr(0, 10));
  put("批准人", a.approver);
  put("批准日期", a.approved_at.substr(0, 10));
  put("监销人一", a.witness1);
  put("监销人二", a.witness2);
  put("销毁日期", date);
  put("销毁地点", a.place);
  put("销毁方式", a.method);
  const auto& columns = t.table->columns;
  r.rows = RowTable(columns.size());
  const int year_now = std::stoi((date.empty() ? Today() : date).substr(0, 4));
  long serial = 0;
  for (const AppraisalEntryRow& e : a.items) {
    if (e.decision != kDecisionDestroy) continue;
    std::vector<std::string> cells(columns.size());
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string& name = columns[c].field.name;
      if (columns[c].field.type == FieldType::kSerial) cells[c] = std::to_string(++serial);
      if (name == "档号") cells[c] = e.danghao;
      if (name == "文件题名") cells[c] = e.title;
      if (name == "所属年度") cells[c] = std::to_string(e.year);
      if (name == "应保管期限") cells[c] = PeriodName(e.retention);
      // Kept since 1 January of 年度+1, in whole years.
      if (name == "已保管期限") cells[c] = std::to_string(year_now - e.year - 1) + "年";
      if (name == "页数") cells[c] = std::to_string(e.pages);
      if (name == "备注") cells[c] = e.reason;
    }
    std::vector<std::string_view> views(cells.begin(), cells.end());
    r.rows.AddRow(views);
  }
  return r;
}

AppraisalEntryRow Entry(const std::string& danghao) {
  AppraisalEntryRow e;
  e.danghao = danghao;
  return e;
}

Status LoadListTemplate(const JobContext& ctx, Template* t) {
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, kListTemplate, t));
  if (!t->table) return Status::Internal("模板 GD-02（档案销毁清册）没有表格");
  return Status::Ok();
}

}  // namespace

Status StartAppraisal(const JobContext& ctx, const std::string& name, const std::string& as_of,
                      const std::vector<std::string>& danghaos, Appraisal* out) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"鉴定名称", name}, {"基准日期", as_of}}));
  for (const std::string& d : danghaos) DANGAN_RETURN_IF_ERROR(CheckGivenText({{"档号", d}}));
  const std::string day = Trim(as_of).empty() ? Today() : Trim(as_of);
  if (!IsDate(day)) return Refuse("基准日期「" + day + "」无效，应写成 YYYY-MM-DD");
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  AppraisalRow row;
  row.as_of = day;
  row.state = kAppraisalOpen;
  std::vector<AppraisalRow> all;
  DANGAN_RETURN_IF_ERROR(archive->ListAppraisals(&all));
  row.name = Trim(name);
  if (row.name.empty()) {
    int same_year = 1;
    for (const AppraisalRow& a : all) same_year += a.as_of.substr(0, 4) == day.substr(0, 4);
    row.name = day.substr(0, 4) + "年第" + std::to_string(same_year) + "次鉴定";
  }
  if (!danghaos.empty()) {
    for (const std::string& d : danghaos) row.items.push_back(Entry(Trim(d)));
  } else {
    // Every item due and free: not held, in no appraisal still going.
    std::set<std::string> busy;
    for (const AppraisalRow& a : all) {
      if (a.state == kAppraisalDestroyed || a.state == kAppraisalKept) continue;
      AppraisalRow full;
      DANGAN_RETURN_IF_ERROR(archive->ReadAppraisal(a.id, &full));
      for (const AppraisalEntryRow& e : full.items) busy.insert(e.danghao);
    }
    std::vector<ItemRecord> due;
    DANGAN_RETURN_IF_ERROR(archive->RetentionDue(day, Secrecy::kSecret, &due));
    for (const ItemRecord& item : due) {
      if (!item.hold && !busy.count(item.danghao)) row.items.push_back(Entry(item.danghao));
    }
    if (row.items.empty()) {
      return Refuse("到 " + day + " 没有保管期限已满、未冻结且不在其他鉴定中的档案，无需鉴定");
    }
  }
  DANGAN_RETURN_IF_ERROR(archive->CreateAppraisal(&row));
  if (out) DANGAN_RETURN_IF_ERROR(ReadAppraisal(ctx, row.id, out));
  return Status::Ok();
}

Status ListAppraisals(const JobContext& ctx, std::vector<Appraisal>* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  std::vector<AppraisalRow> rows;
  DANGAN_RETURN_IF_ERROR(archive->ListAppraisals(&rows));
  out->clear();
  for (const AppraisalRow& r : rows) out->push_back(FromRow(r));
  return Status::Ok();
}

Status ReadAppraisal(const JobContext& ctx, int64_t id, Appraisal* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  AppraisalRow row;
  DANGAN_RETURN_IF_ERROR(archive->ReadAppraisal(id, &row));
  *out = FromRow(row);
  return Status::Ok();
}

Status DecideItem(const JobContext& ctx, int64_t id, const std::string& danghao,
                  const std::string& decision, const std::string& new_retention,
                  const std::string& reason) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"档号", danghao},
                                         {"鉴定结论", decision},
                                         {"新保管期限", new_retention},
                                         {"理由", reason}}));
  const std::string what = Trim(decision);
  if (what != kDecisionKeep && what != kDecisionDestroy) {
    return Refuse("鉴定结论「" + decision + "」无效，应为“续存”或“拟销毁”");
  }
  const std::string why = Trim(reason);
  std::string period;
  if (what == kDecisionKeep) {
    const RetentionReading reading = ReadRetention(Trim(new_retention));
    if (reading.kind == RetentionReading::Kind::kEmpty) {
      return Refuse("档号 " + Trim(danghao) + " 续存须给出新的保管期限（定期30年或永久）");
    }
    if (reading.kind != RetentionReading::Kind::kCode)
      return Refuse("新保管期限：" + reading.reason);
    period = RetentionCode(reading.code);
    if (why.empty()) return Refuse("档号 " + Trim(danghao) + " 续存须写明理由");
  } else {
    if (!Trim(new_retention).empty()) return Refuse("拟销毁的档案不需要新的保管期限");
    // The reason prints in the 清册's 备注 column (40 characters).
    if (CodePointCount(why) > 40) {
      return Refuse("档号 " + Trim(danghao) + " 的备注印在销毁清册上，不能超过 40 个字（现有 " +
                    std::to_string(CodePointCount(why)) + " 个）");
    }
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  Archive* a = archive.get();
  return archive->UpdateAppraisal(id, "鉴定决定", [&](AppraisalRow* row) -> Status {
    if (row->state != kAppraisalOpen) return WrongState(*row, "再逐件鉴定");
    ItemRecord item;
    DANGAN_RETURN_IF_ERROR(a->Get(danghao, false, &item));
    AppraisalEntryRow* e = FindEntry(row, item.danghao);
    if (!e) return Status::NotFound("档号 " + item.danghao + " 不在" + Label(id) + "中");
    if (what == kDecisionKeep) {
      const Retention have = *ParseRetentionCode(item.retention);
      if (!(have < *ParseRetentionCode(period))) {
        return Refuse("档号 " + item.danghao + " 续存的保管期限须长于现在的" +
                      PeriodName(item.retention) + "，" + PeriodName(period) + "不行");
      }
    } else {
      if (item.hold) {
        return Refuse("档号 " + item.danghao + " 已冻结（" + item.hold_reason + "），不能拟销毁");
      }
      if (item.retention != e->retention) {
        return Refuse("档号 " + item.danghao + " 的保管期限已延长为" + PeriodName(item.retention) +
                      "，不能拟销毁");
      }
    }
    e->decision = what;
    e->new_retention = period;
    e->reason = why;
    return Status::Ok();
  });
}

Status RecordGroupOpinion(const JobContext& ctx, int64_t id, const std::string& members,
                          const std::string& opinion) {
  DANGAN_RETURN_IF_ERROR(
      CheckGivenText({{"鉴定小组成员", members}, {"鉴定小组意见", opinion, TextLines::kMany}}));
  const std::vector<std::string> names = Members(members);
  if (names.empty()) return Refuse(Required(members, "鉴定小组成员（姓名，用、分隔）"));
  if (Trim(opinion).empty()) return Refuse(Required(opinion, "鉴定小组意见"));
  // It prints in the 清册's 鉴定意见 box (300 characters).
  if (CodePointCount(Trim(opinion)) > 300) {
    return Refuse("鉴定小组意见印在销毁清册上，不能超过 300 个字（现有 " +
                  std::to_string(CodePointCount(Trim(opinion))) + " 个）");
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  Archive* a = archive.get();
  return archive->UpdateAppraisal(id, "鉴定小组意见", [&](AppraisalRow* row) -> Status {
    if (row->state != kAppraisalOpen) return WrongState(*row, "记录鉴定小组意见");
    std::vector<std::string> undecided;
    bool proposed = false;
    for (const AppraisalEntryRow& e : row->items) {
      if (e.decision.empty()) undecided.push_back(e.danghao);
      if (e.decision == kDecisionDestroy) {
        proposed = true;
        if (e.hold) {
          return Refuse("档号 " + e.danghao + " 已冻结，不能拟销毁；请改为续存或解除冻结");
        }
      }
    }
    if (!undecided.empty()) {
      std::string list = undecided.front();
      if (undecided.size() > 1) {
        list += " 等 " + std::to_string(undecided.size()) + " 件";
      }
      return Refuse(Label(id) + "中还有档案尚未鉴定：" + list + "；每件都须定为续存或拟销毁");
    }
    // 续存 takes effect with the group's opinion; the archive refuses any shortening.
    for (const AppraisalEntryRow& e : row->items) {
      if (e.decision == kDecisionKeep) {
        DANGAN_RETURN_IF_ERROR(a->SetRetention(e.danghao, e.new_retention));
      }
    }
    row->group_members = Join(names);
    row->group_opinion = Trim(opinion);
    row->opinion_at = NowMinute();
    row->opinion_by = ctx.user;
    row->state = proposed ? kAppraisalOpinion : kAppraisalKept;
    return Status::Ok();
  });
}

Status ApproveDestruction(const JobContext& ctx, int64_t id, const std::string& approver,
                          bool approve, const std::string& opinion) {
  DANGAN_RETURN_IF_ERROR(
      CheckGivenText({{"批准人", approver}, {"批准意见", opinion, TextLines::kMany}}));
  const std::string who = Trim(approver);
  if (who.empty()) return Refuse("批准人必须填写（批准销毁的负责人姓名）");
  if (!approve && Trim(opinion).empty()) return Refuse("退回鉴定须写明意见");
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  return archive->UpdateAppraisal(
      id, approve ? "批准销毁" : "退回鉴定", [&](AppraisalRow* row) -> Status {
        if (row->state != kAppraisalOpinion) {
          return WrongState(*row, approve ? "批准销毁" : "退回鉴定");
        }
        if (approve) {
          row->approver = who;
          row->approval_opinion = Trim(opinion);
          row->approved_at = NowMinute();
          row->state = kAppraisalApproved;
        } else {
          // Back to the group: its opinion must be given again on the items as decided anew.
          row->approver.clear();
          row->approved_at.clear();
          row->approval_opinion = "退回（" + who + "）：" + Trim(opinion);
          row->group_opinion.clear();
          row->opinion_at.clear();
          row->opinion_by.clear();
          row->state = kAppraisalOpen;
        }
        return Status::Ok();
      });
}

Status RecordWitnesses(const JobContext& ctx, int64_t id, const std::string& witness1,
                       const std::string& witness2, const std::string& method,
                       const std::string& place, const std::string& at) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"监销人一", witness1},
                                         {"监销人二", witness2},
                                         {"销毁方式", method},
                                         {"销毁地点", place},
                                         {"监销时间", at}}));
  const std::string w1 = Trim(witness1), w2 = Trim(witness2);
  if (w1.empty() || w2.empty()) {
    return Refuse("监销须有两名监销人（" + std::string(w1.empty() ? "监销人一" : "监销人二") +
                  "未填写）");
  }
  if (w1 == w2) return Refuse("两名监销人须是不同的人（都写了 " + w1 + "）");
  const std::string how = Trim(method);
  bool known = false;
  for (const char* m : kMethods) known = known || how == m;
  if (!known)
    return Refuse("销毁方式「" + method + "」无效，应为粉碎、焚烧、化浆、删除电子文件或其他");
  const std::string where = Trim(place);
  if (where.empty()) return Refuse("销毁地点必须填写");
  if (CodePointCount(where) > 40) return Refuse("销毁地点不能超过 40 个字");
  const std::string when = Trim(at).empty() ? NowMinute() : Trim(at);
  if (!IsMinute(when)) return Refuse("监销时间「" + at + "」无效，应写成 YYYY-MM-DD HH:MM");
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  return archive->UpdateAppraisal(id, "记录监销人", [&](AppraisalRow* row) -> Status {
    if (row->state != kAppraisalApproved) return WrongState(*row, "记录监销人");
    for (const std::string& w : {w1, w2}) {
      if (w == row->approver) {
        return Refuse("批准人 " + w + " 不能兼任监销人；请另请一名监销人");
      }
    }
    row->witness1 = w1;
    row->witness2 = w2;
    row->method = how;
    row->place = where;
    row->witnessed_at = when;
    row->state = kAppraisalWitnessed;
    return Status::Ok();
  });
}

Status Destroy(const JobContext& ctx, int64_t id, DestructionResult* result) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  AppraisalRow row;
  DANGAN_RETURN_IF_ERROR(archive->ReadAppraisal(id, &row));
  if (row.state != kAppraisalWitnessed) return WrongState(row, "销毁");
  for (const AppraisalEntryRow& e : row.items) {
    if (e.decision == kDecisionDestroy && e.hold) {
      return Refuse("档号 " + e.danghao + " 在批准后被冻结，" + Label(id) +
                    "整批不能销毁；解除冻结或退回重新鉴定后再办");
    }
  }
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadListTemplate(ctx, &t));
  const std::string today = Today();
  std::vector<RawRecord> records;
  records.push_back(ListRecord(archive->config(), row, today, t));
  ScratchDir scratch(ctx.archive_dir);
  DANGAN_RETURN_IF_ERROR(scratch.status());
  Generator generator;
  generator.SetPdfAuthor(archive->config().company);
  generator.KeepText(true);
  std::vector<GeneratedDocument> docs;
  DANGAN_RETURN_IF_ERROR(
      generator.Generate(t, std::move(records), OutputFormat::kBoth, scratch.path(), &docs));
  // The 清册 and the destruction commit together: a destruction without its 清册 filed, or a
  // 清册 of a destruction that did not happen, would both be false records.
  DANGAN_RETURN_IF_ERROR(archive->BeginImport());
  std::vector<ItemRecord> filed;
  DestructionCounts counts;
  Status st = FileGeneratedInto(archive.get(), t, docs, CurrentYear(), &filed);
  if (st.ok() && filed.size() != 1) {
    st = Status::Internal("销毁清册应归档一件，而不是 " + std::to_string(filed.size()) + " 件");
  }
  if (st.ok()) st = archive->DestroyAppraised(id, filed[0].danghao, today, &counts);
  if (st.ok()) st = archive->CommitImport();
  if (!st.ok()) {
    archive->RollbackImport();
    return st;
  }
  // After the commit, under the store's exclusive lock; should it not be had now, `gc` removes
  // what is left (a destroyed item's content is never kept for it).
  const Status purged = archive->PurgeDestroyedFiles(kGcWaitSeconds, &counts);
  if (result) {
    *result = DestructionResult();
    result->destroyed = counts.destroyed;
    result->files_removed = counts.files_removed;
    result->files_kept = counts.files_kept;
    result->bytes_removed = counts.bytes_removed;
    DANGAN_RETURN_IF_ERROR(archive->Get(filed[0].danghao, false, &result->list_item));
  }
  if (!purged.ok()) {
    return Status::IoError("已销毁 " + std::to_string(counts.destroyed) + " 件并归档清册 " +
                           filed[0].danghao + "，但文件尚未从档案库删除（" + purged.message() +
                           "）；请稍后运行 dangan gc");
  }
  return Status::Ok();
}

Status RenderDestructionList(const JobContext& ctx, int64_t id, const std::string& out_base,
                             GeneratedDocument* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(Open(ctx, &archive));
  AppraisalRow row;
  DANGAN_RETURN_IF_ERROR(archive->ReadAppraisal(id, &row));
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadListTemplate(ctx, &t));
  bool proposed = false;
  for (const AppraisalEntryRow& e : row.items)
    proposed = proposed || e.decision == kDecisionDestroy;
  if (!proposed) return Refuse(Label(id) + "中还没有拟销毁的档案，清册没有内容");
  // Steps not reached yet print blank.
  for (Field& f : t.fields) f.required = false;
  std::vector<RawRecord> records;
  records.push_back(ListRecord(archive->config(), row, row.destroyed_at, t));
  Generator generator;
  generator.SetPdfAuthor(archive->config().company);
  std::vector<GeneratedDocument> docs;
  DANGAN_RETURN_IF_ERROR(
      generator.Generate(t, std::move(records), OutputFormat::kBoth, out_base + ".pdf", &docs));
  if (out && !docs.empty()) *out = docs.front();
  return Status::Ok();
}

nlohmann::json AppraisalJson(const Appraisal& a) {
  nlohmann::json items = nlohmann::json::array();
  for (const AppraisalItem& i : a.items) {
    items.push_back({{"档号", i.danghao},
                     {"题名", i.title},
                     {"年度", i.year},
                     {"保管期限", i.retention},
                     {"页数", i.pages},
                     {"decision", i.decision},
                     {"new_retention", i.new_retention},
                     {"reason", i.reason},
                     {"hold", i.hold}});
  }
  return {{"id", a.id},
          {"name", a.name},
          {"as_of", a.as_of},
          {"state", a.state},
          {"created_at", a.created_at},
          {"created_by", a.created_by},
          {"group_members", a.group_members},
          {"group_opinion", a.group_opinion},
          {"opinion_at", a.opinion_at},
          {"approver", a.approver},
          {"approval_opinion", a.approval_opinion},
          {"approved_at", a.approved_at},
          {"witness1", a.witness1},
          {"witness2", a.witness2},
          {"method", a.method},
          {"place", a.place},
          {"witnessed_at", a.witnessed_at},
          {"destroyed_at", a.destroyed_at},
          {"清册档号", a.list_danghao},
          {"items", items}};
}

}  // namespace dangan::jobs
