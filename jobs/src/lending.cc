// Lending and use jobs (dangan/jobs/lending.h). Who may approve, what may be lent and the order
// of the steps are checked here, each refusal naming the field or the item; the archive keeps the
// rows and writes each step's audit entry in the step's transaction (archive.h: UpdateUseRequest).
#include "dangan/jobs/lending.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>

#include "dangan/jobs/registers.h"
#include "dangan/records/text.h"
#include "lending_rows.h"

namespace dangan::jobs {
namespace {

std::string Label(int64_t id) { return "第 " + std::to_string(id) + " 号利用申请"; }

Status Refuse(const std::string& message) { return Status::InvalidArgument(message); }

Status RequestNotFound(int64_t id) {
  return Status::NotFound("没有" + Label(id) + "（dangan use list 列出全部利用申请）");
}

// 查阅 / 复制 / 外借 as a clerk writes them (also traditional characters and the D-06 words).
std::string NormalizeKind(const std::string& given) {
  const std::string k = Trim(given);
  if (k == kUseRead || k == "查閱" || k == "阅览" || k == "閱覽" || k == "摘录" || k == "摘錄") {
    return kUseRead;
  }
  if (k == kUseCopy || k == "複製" || k == "复印" || k == "複印" || k == "利用副本") {
    return kUseCopy;
  }
  if (k == kUseLend || k == "借出" || k == "借阅" || k == "借閱") return kUseLend;
  return "";
}

// A date given by a clerk as YYYY-MM-DD; `fallback` when none is given.
Status ReadDate(const std::string& field, const std::string& given, const std::string& fallback,
                std::string* out) {
  if (Trim(given).empty()) {
    *out = fallback;
    return Status::Ok();
  }
  *out = NormalizeDate(given);
  if (out->empty()) return Refuse(field + "「" + given + "」不是有效日期，应写成 YYYY-MM-DD");
  return Status::Ok();
}

Secrecy LevelOf(const std::string& word) {
  return ParseSecrecy(word).value_or(Secrecy::kSecret);  // unknown words count as the highest
}

bool SeesAll(Secrecy clearance, const UseRequestRow& row) {
  for (const UseItemRow& i : row.items) {
    if (!MaySee(clearance, LevelOf(i.secrecy))) return false;
  }
  return true;
}

// A request ctx may see (its every item within ctx.clearance, or ctx's own); else the NotFound
// of a request that does not exist.
bool MayRead(const JobContext& ctx, const UseRequestRow& row) {
  return SeesAll(ctx.clearance, row) || (!row.account.empty() && row.account == ActingAccount(ctx));
}

// A step of request `id`: checks it is visible to ctx and in one of `states`, then `change`.
Status Step(const JobContext& ctx, int64_t id, const std::string& action,
            std::initializer_list<const char*> states, const std::string& what,
            const std::function<Status(UseRequestRow*)>& change) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->UpdateUseRequest(id, action, [&](UseRequestRow* r) {
    if (!MayRead(ctx, *r)) return RequestNotFound(id);
    bool allowed = false;
    for (const char* s : states) allowed = allowed || r->state == s;
    if (!allowed) return Refuse(Label(id) + "现为“" + r->state + "”，不能" + what);
    return change(r);
  });
}

UseItemRow* FindLoan(UseRequestRow* r, const std::string& danghao) {
  for (UseItemRow& i : r->items) {
    if (i.danghao == Trim(danghao)) return &i;
  }
  return nullptr;
}

// The loan of `danghao` in r, which must be out (lent, not back).
Status OutstandingLoan(UseRequestRow* r, const std::string& danghao, UseItemRow** loan) {
  *loan = FindLoan(r, danghao);
  if (*loan == nullptr) return Refuse("档号 " + Trim(danghao) + " 不在" + Label(r->id) + "中");
  if (r->kind != kUseLend) {
    return Refuse(Label(r->id) + "的利用方式为" + r->kind + "，没有借出原件");
  }
  if ((*loan)->lent_at.empty()) return Refuse("档号 " + (*loan)->danghao + " 的原件尚未借出");
  if (!(*loan)->returned_at.empty()) {
    return Refuse("档号 " + (*loan)->danghao + " 的原件已于 " + (*loan)->returned_at + " 归还");
  }
  return Status::Ok();
}

}  // namespace

std::string ActingAccount(const JobContext& ctx) {
  static const std::string kMark = "（账户 ";
  static const std::string kEnd = "）";
  const size_t at = ctx.user.rfind(kMark);
  if (at == std::string::npos || ctx.user.size() < kEnd.size() ||
      ctx.user.compare(ctx.user.size() - kEnd.size(), kEnd.size(), kEnd) != 0) {
    return ctx.user;
  }
  const size_t from = at + kMark.size();
  return ctx.user.substr(from, ctx.user.size() - kEnd.size() - from);
}

std::string AddDays(const std::string& date, int days) {
  const int64_t n = DaysFromCivil(std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)),
                                  std::stoi(date.substr(8, 2))) +
                    days;
  int64_t y = 0;
  unsigned m = 0, d = 0;
  CivilFromDays(n, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

int DaysBetween(const std::string& from, const std::string& to) {
  auto days = [](const std::string& s) {
    return DaysFromCivil(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)),
                         std::stoi(s.substr(8, 2)));
  };
  return static_cast<int>(days(to) - days(from));
}

UseRequest FromUseRow(const UseRequestRow& r) {
  UseRequest u;
  u.id = r.id;
  u.requester.account = r.account;
  u.requester.name = r.name;
  u.requester.unit = r.unit;
  u.requester.contact = r.contact;
  u.requester.letter = r.letter;
  u.requester.id_card = r.id_card;
  u.purpose = r.purpose;
  u.kind = r.kind;
  u.state = r.state;
  u.recorded_at = r.recorded_at;
  u.recorded_by = r.recorded_by;
  u.end_date = r.end_date;
  u.approver = r.approver;
  u.approval_opinion = r.approval_opinion;
  u.approved_at = r.approved_at;
  u.effect = r.effect;
  u.uses = r.uses;
  for (const UseItemRow& i : r.items) {
    UseRequestItem item;
    item.danghao = i.danghao;
    item.title = i.title;
    item.secrecy = i.secrecy;
    item.lent_at = i.lent_at;
    item.due_at = i.due_at;
    item.renewals = i.renewals;
    item.returned_at = i.returned_at;
    item.return_check = i.return_check;
    u.items.push_back(std::move(item));
  }
  return u;
}

Status VisibleUseRequests(const JobContext& ctx, Archive& archive, const std::string& state,
                          std::vector<UseRequest>* out) {
  out->clear();
  std::vector<UseRequestRow> rows;
  DANGAN_RETURN_IF_ERROR(archive.ListUseRequests(state, &rows));
  for (const UseRequestRow& r : rows) {
    if (MayRead(ctx, r)) out->push_back(FromUseRow(r));
  }
  return Status::Ok();
}

Status RecordUseRequest(const JobContext& ctx, const UseRequester& requester,
                        const std::string& purpose, const std::string& kind,
                        const std::vector<std::string>& danghaos, const std::string& end_date,
                        UseRequest* out) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"账户", requester.account},
                                         {"利用者", requester.name},
                                         {"部门/单位", requester.unit},
                                         {"联系方式", requester.contact},
                                         {"介绍信", requester.letter},
                                         {"证件", requester.id_card},
                                         {"利用目的", purpose},
                                         {"利用方式", kind},
                                         {"利用截止日期", end_date}}));
  for (const std::string& d : danghaos) DANGAN_RETURN_IF_ERROR(CheckGivenText({{"档号", d}}));
  UseRequestRow row;
  row.kind = NormalizeKind(kind);
  if (row.kind.empty()) {
    return Refuse("利用方式应为查阅、复制或外借，而不是「" + Trim(kind) + "」");
  }
  row.purpose = Trim(purpose);
  if (row.purpose.empty()) return Refuse("利用目的必须填写（如 工作查考、编史修志、学术研究）");
  if (danghaos.empty()) return Refuse("请给出要利用的档号");
  const std::string today = Today();
  DANGAN_RETURN_IF_ERROR(
      ReadDate("利用截止日期", end_date, AddDays(today, kDefaultLoanDays), &row.end_date));
  if (row.end_date < today) {
    return Refuse("利用截止日期 " + row.end_date + " 早于今天（" + today + "）");
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  Secrecy clearance = Secrecy::kPublic;  // an outside person's
  row.account = Trim(requester.account);
  row.name = Trim(requester.name);
  row.unit = Trim(requester.unit);
  row.contact = Trim(requester.contact);
  row.letter = Trim(requester.letter);
  row.id_card = Trim(requester.id_card);
  if (!row.account.empty()) {
    AccountRow account;
    Status s = archive->ReadAccount(row.account, &account);
    if (s.code() == Status::Code::kNotFound) return Refuse("账户「" + row.account + "」不存在");
    DANGAN_RETURN_IF_ERROR(s);
    if (account.disabled) return Refuse("账户「" + row.account + "」已停用");
    clearance = ParseSecrecy(account.clearance).value_or(Secrecy::kPublic);
    if (row.name.empty()) row.name = account.name;
    if (row.unit.empty()) row.unit = account.dept;
  } else {
    if (row.name.empty()) return Refuse("利用者姓名必须填写（本单位人员请给出账户）");
    if (row.unit.empty()) return Refuse("外单位利用者须写明单位");
    if (row.letter.empty()) return Refuse("外单位利用者须持介绍信：请写明介绍信编号");
  }
  bool within = true;
  for (const std::string& given : danghaos) {
    ItemRecord item;
    // Above the recorder's clearance an item answers as one not in the catalogue.
    DANGAN_RETURN_IF_ERROR(archive->GetFor(Trim(given), ctx.clearance, false, &item));
    const Secrecy level = LevelOf(item.secrecy);
    if (row.kind == kUseLend && level >= Secrecy::kConfidential) {
      return Refuse("档号 " + item.danghao + "（" + item.secrecy +
                    "）是涉密档案，原件不得外借，只能在阅览室查阅");
    }
    within = within && MaySee(clearance, level);
    UseItemRow i;
    i.danghao = item.danghao;
    row.items.push_back(std::move(i));
  }
  if (within) {
    row.state = kUseApproved;
    row.approval_opinion = "在利用者可看的密级内，无需审批";
    row.approved_at = today;
  } else {
    row.state = kUsePending;
  }
  DANGAN_RETURN_IF_ERROR(archive->CreateUseRequest(&row));
  if (out) *out = FromUseRow(row);
  return Status::Ok();
}

Status DecideUseRequest(const JobContext& ctx, int64_t id, bool approve,
                        const std::string& opinion) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"审批意见", opinion, TextLines::kMany}}));
  if (!approve && Trim(opinion).empty()) return Refuse("不批准须写明审批意见");
  const std::string approver = ActingAccount(ctx);
  return Step(ctx, id, approve ? "批准利用" : "不批准利用", {kUsePending}, "审批",
              [&](UseRequestRow* r) {
                if (!r->account.empty() && r->account == approver) {
                  return Refuse("审批人不能是利用者本人（" + r->account + "）");
                }
                if (r->recorded_by == ctx.user) {
                  return Refuse("审批人不能是登记这份申请的档案员（" + r->recorded_by + "）");
                }
                for (const UseItemRow& i : r->items) {
                  if (!MaySee(ctx.clearance, LevelOf(i.secrecy))) {
                    return Refuse("档号 " + i.danghao + " 的密级高于审批人可看的密级（" +
                                  SecrecyName(ctx.clearance) + "），须由有相应密级的人审批");
                  }
                }
                r->state = approve ? kUseApproved : kUseRefused;
                r->approver = approver;
                r->approval_opinion = Trim(opinion);
                r->approved_at = Today();
                return Status::Ok();
              });
}

Status LendOriginals(const JobContext& ctx, int64_t id, const std::string& due) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"应还日期", due}}));
  const std::string today = Today();
  std::string due_at;
  DANGAN_RETURN_IF_ERROR(ReadDate("应还日期", due, AddDays(today, kDefaultLoanDays), &due_at));
  if (due_at < today) return Refuse("应还日期 " + due_at + " 早于今天（" + today + "）");
  // The 密级 now, not as when asked: an item classified since stays in the reading room.
  std::map<std::string, ItemRecord> now;
  {
    std::unique_ptr<Archive> archive;
    DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
    UseRequestRow row;
    DANGAN_RETURN_IF_ERROR(archive->ReadUseRequest(id, &row));
    for (const UseItemRow& i : row.items) {
      DANGAN_RETURN_IF_ERROR(archive->GetFor(i.danghao, Secrecy::kSecret, false, &now[i.danghao]));
    }
  }
  return Step(ctx, id, "外借原件", {kUseApproved}, "借出原件", [&](UseRequestRow* r) {
    if (r->kind != kUseLend) {
      return Refuse(Label(id) + "的利用方式为" + r->kind + "，不借出原件");
    }
    int lent = 0;
    for (UseItemRow& i : r->items) {
      if (!i.lent_at.empty()) continue;
      const ItemRecord& item = now[i.danghao];
      if (LevelOf(item.secrecy) >= Secrecy::kConfidential) {
        return Refuse("档号 " + i.danghao + "（" + item.secrecy +
                      "）是涉密档案，原件不得外借，只能在阅览室查阅");
      }
      if (item.destroyed) return Refuse("档号 " + i.danghao + " 已销毁，没有原件可借");
      i.lent_at = today;
      i.due_at = due_at;
      ++lent;
    }
    if (lent == 0) return Refuse(Label(id) + "的原件都已借出");
    r->end_date = std::max(r->end_date, due_at);
    return Status::Ok();
  });
}

Status RenewLoan(const JobContext& ctx, int64_t id, const std::string& danghao,
                 const std::string& new_due) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"档号", danghao}, {"应还日期", new_due}}));
  if (Trim(new_due).empty()) return Refuse("续借须给出新的应还日期");
  std::string due_at;
  DANGAN_RETURN_IF_ERROR(ReadDate("应还日期", new_due, "", &due_at));
  return Step(ctx, id, "续借", {kUseApproved}, "续借", [&](UseRequestRow* r) {
    UseItemRow* loan = nullptr;
    DANGAN_RETURN_IF_ERROR(OutstandingLoan(r, danghao, &loan));
    if (due_at <= loan->due_at) {
      return Refuse("档号 " + loan->danghao + " 续借的应还日期 " + due_at + " 须晚于原应还日期 " +
                    loan->due_at);
    }
    loan->due_at = due_at;
    ++loan->renewals;
    r->end_date = std::max(r->end_date, due_at);
    return Status::Ok();
  });
}

Status ReturnOriginal(const JobContext& ctx, int64_t id, const std::string& danghao, bool complete,
                      bool undamaged, const std::string& note) {
  DANGAN_RETURN_IF_ERROR(
      CheckGivenText({{"档号", danghao}, {"归还检查说明", note, TextLines::kMany}}));
  const std::string why = Trim(note);
  if ((!complete || !undamaged) && why.empty()) {
    return Refuse("归还检查：原件" + std::string(!complete ? "不完整" : "有损坏") +
                  "时须写明情况");
  }
  return Step(ctx, id, "归还原件", {kUseApproved}, "归还", [&](UseRequestRow* r) {
    UseItemRow* loan = nullptr;
    DANGAN_RETURN_IF_ERROR(OutstandingLoan(r, danghao, &loan));
    loan->returned_at = Today();
    std::string check = complete && undamaged ? "完好" : "有缺损";
    if (!complete) check += "（不完整）";
    if (!undamaged) check += "（有损坏）";
    loan->return_check = check + (why.empty() ? "" : "：" + why);
    bool all_back = true;
    for (const UseItemRow& i : r->items) all_back = all_back && !i.returned_at.empty();
    if (all_back) r->state = kUseClosed;  // the last original is back
    return Status::Ok();
  });
}

Status RecordUseEffect(const JobContext& ctx, int64_t id, const std::string& effect) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"利用效果", effect, TextLines::kMany}}));
  if (Trim(effect).empty()) return Refuse("利用效果必须填写");
  return Step(ctx, id, "记录利用效果", {kUseApproved, kUseClosed}, "记录利用效果",
              [&](UseRequestRow* r) {
                r->effect = Trim(effect);
                return Status::Ok();
              });
}

Status CloseUseRequest(const JobContext& ctx, int64_t id) {
  return Step(ctx, id, "结束利用", {kUseApproved, kUsePending}, "结束", [&](UseRequestRow* r) {
    for (const UseItemRow& i : r->items) {
      if (!i.lent_at.empty() && i.returned_at.empty()) {
        return Refuse("档号 " + i.danghao + " 的原件尚未归还，" + Label(id) + "不能结束");
      }
    }
    r->state = kUseClosed;
    return Status::Ok();
  });
}

Status ReadUseRequest(const JobContext& ctx, int64_t id, UseRequest* out) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  UseRequestRow row;
  DANGAN_RETURN_IF_ERROR(archive->ReadUseRequest(id, &row));
  if (!MayRead(ctx, row)) return RequestNotFound(id);
  *out = FromUseRow(row);
  return Status::Ok();
}

Status ListUseRequests(const JobContext& ctx, const std::string& state,
                       std::vector<UseRequest>* out) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"状态", state}}));
  const std::string s = Trim(state);
  if (!s.empty() && s != kUsePending && s != kUseApproved && s != kUseRefused && s != kUseClosed) {
    return Refuse("状态应为待审批、已批准、未批准或已结束，而不是「" + s + "」");
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return VisibleUseRequests(ctx, *archive, s, out);
}

Status ListOverdue(const JobContext& ctx, const std::string& as_of, std::vector<OverdueLoan>* out) {
  out->clear();
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"截至日期", as_of}}));
  std::string day;
  DANGAN_RETURN_IF_ERROR(ReadDate("截至日期", as_of, Today(), &day));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<UseRequest> open;
  DANGAN_RETURN_IF_ERROR(VisibleUseRequests(ctx, *archive, kUseApproved, &open));
  for (const UseRequest& r : open) {
    for (const UseRequestItem& i : r.items) {
      if (i.lent_at.empty() || !i.returned_at.empty() || i.due_at >= day) continue;
      OverdueLoan loan;
      loan.request_id = r.id;
      loan.person = r.requester.name;
      loan.unit = r.requester.unit;
      loan.danghao = i.danghao;
      loan.title = i.title;
      loan.due_at = i.due_at;
      loan.days_overdue = DaysBetween(i.due_at, day);
      out->push_back(std::move(loan));
    }
  }
  std::stable_sort(out->begin(), out->end(), [](const OverdueLoan& a, const OverdueLoan& b) {
    return a.days_overdue > b.days_overdue;
  });
  return Status::Ok();
}

Status GetWithGrant(const JobContext& ctx, Archive& archive, const std::string& danghao,
                    bool log_view, ItemRecord* out, int64_t* request_id) {
  *request_id = 0;
  DANGAN_RETURN_IF_ERROR(
      archive.FindUseGrant(ActingAccount(ctx), Trim(danghao), Today(), request_id));
  // The grant opens exactly the items of the request: the clearance is raised for this one read.
  return archive.GetFor(danghao, *request_id != 0 ? Secrecy::kSecret : ctx.clearance, log_view,
                        out);
}

Status RegisterUse(Archive& archive, int64_t request_id, const std::string& danghao,
                   const std::string& how) {
  if (request_id == 0) return Status::Ok();
  return archive.RecordUse(request_id, danghao, how);
}

}  // namespace dangan::jobs
