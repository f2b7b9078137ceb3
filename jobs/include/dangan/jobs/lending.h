// Lending and use (借阅与利用, issue 17) under 机关档案管理规定 (令第13号) and 档案法 (2020): an
// archivist records a request (who, why, which items, how they are used), the request is approved
// at the level the items' 密级 requires, paper originals are lent and taken back, and electronic
// use is registered against the request. The command line (`dangan use …`) and the web pages
// (/use…) go through these jobs alone.
//
// Rules:
// - The requester is an account (its clearance and department come from the accounts) or an
//   outside person (name, unit, 介绍信 number; clearance 公开).
// - A request whose items are all within the requester's clearance needs no approval (state
//   kUseApproved at once). Otherwise it waits (kUsePending) for an approver: an account other than
//   the requester and the recorder, whose clearance covers every item asked for. Approval grants
//   exactly those items to that person until the request's end date, and nothing else: Show,
//   OpenStoredFile and MakeUseCopy (archive_jobs.h, use_copy.h) let a user with such a grant see
//   those items above their clearance, and register each look or copy against the request.
// - 外借 (lending the paper original) is refused for a 秘密 or 机密 item (涉密 originals are read
//   in the reading room only). A loan is due after kDefaultLoanDays unless a due date is given;
//   it can be renewed (a new due date, recorded), and is returned with a check (complete,
//   undamaged, a note).
// - Every refusal (InvalidArgument; NotFound for an unknown request or 档号, answered as for an
//   item that does not exist when it is above the recorder's clearance) names the field or item
//   and changes nothing. Each step writes its audit entry.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

inline constexpr int kDefaultLoanDays = 7;

// Kinds of use (利用方式).
inline constexpr char kUseRead[] = "查阅";  // in the reading room, or on screen
inline constexpr char kUseCopy[] = "复制";  // 利用副本 with the 归档章
inline constexpr char kUseLend[] = "外借";  // the paper original leaves the archive

// States of a request, as a clerk reads them.
inline constexpr char kUsePending[] = "待审批";
inline constexpr char kUseApproved[] = "已批准";  // in use: grants active until end_date
inline constexpr char kUseRefused[] = "未批准";
inline constexpr char kUseClosed[] = "已结束";  // every loan returned, or closed by hand

struct UseRequester {
  std::string account;  // an account's name; empty for an outside person
  std::string name;     // the person (the account's display name when an account)
  std::string unit;     // 部门/单位
  std::string contact;  // 联系方式
  std::string letter;   // 介绍信 number: required for an outside person
  std::string id_card;  // 证件 (optional)
};

struct UseRequestItem {
  std::string danghao, title, secrecy;  // title and 密级 as when requested
  // 外借 only:
  std::string lent_at, due_at;  // YYYY-MM-DD
  int renewals = 0;
  std::string returned_at;   // "" while out
  std::string return_check;  // 完好 / 缺损 …, with the note
};

struct UseRequest {
  int64_t id = 0;
  UseRequester requester;
  std::string purpose;  // 利用目的 (工作查考, 编史修志, 学术研究, 经济建设, 宣传教育, 其他 …)
  std::string kind;                      // kUseRead / kUseCopy / kUseLend
  std::string state;                     // kUse…
  std::string recorded_at, recorded_by;  // the archivist
  std::string end_date;                  // YYYY-MM-DD: grants end after this day
  std::string approver, approval_opinion, approved_at;
  std::string effect;  // 利用效果, written after the use
  std::vector<UseRequestItem> items;
  int64_t uses = 0;  // electronic uses registered against the request
};

// Records a request. `end_date` "" = today + kDefaultLoanDays. Items must exist, not be
// destroyed, and be within the recorder's (ctx) clearance.
Status RecordUseRequest(const JobContext& ctx, const UseRequester& requester,
                        const std::string& purpose, const std::string& kind,
                        const std::vector<std::string>& danghaos, const std::string& end_date,
                        UseRequest* out);
// The approver is ctx.user with ctx.clearance (see the rules above). `approve` false refuses.
Status DecideUseRequest(const JobContext& ctx, int64_t id, bool approve,
                        const std::string& opinion);
// 外借: hands out the paper originals of an approved 外借 request; `due` "" = today + 7 days.
Status LendOriginals(const JobContext& ctx, int64_t id, const std::string& due);
Status RenewLoan(const JobContext& ctx, int64_t id, const std::string& danghao,
                 const std::string& new_due);
// Takes one original back. `complete` and `undamaged` are the return check; `note` says what
// is missing or damaged (required when either is false). The request closes when the last
// original is back.
Status ReturnOriginal(const JobContext& ctx, int64_t id, const std::string& danghao, bool complete,
                      bool undamaged, const std::string& note);
Status RecordUseEffect(const JobContext& ctx, int64_t id, const std::string& effect);
Status CloseUseRequest(const JobContext& ctx, int64_t id);

Status ReadUseRequest(const JobContext& ctx, int64_t id, UseRequest* out);
// Newest first; `state` "" = all.
Status ListUseRequests(const JobContext& ctx, const std::string& state,
                       std::vector<UseRequest>* out);
// Originals out past their due date as of `as_of` ("" = today), most overdue first.
struct OverdueLoan {
  int64_t request_id = 0;
  std::string person, unit, danghao, title, due_at;
  int days_overdue = 0;
};
Status ListOverdue(const JobContext& ctx, const std::string& as_of, std::vector<OverdueLoan>* out);

// The 借阅（利用）登记 register (template D-06) of the requests recorded in `year`, and the
// 利用效果 register, as PDF and XLSX under `out_base` (.pdf / .xlsx added).
Status RenderUseRegister(const JobContext& ctx, int year, const std::string& out_base,
                         GeneratedDocument* out);
Status RenderUseEffects(const JobContext& ctx, int year, const std::string& out_base,
                        GeneratedDocument* out);

// Use statistics of a year: requests, items and uses by 部门/单位, by 利用目的 and by 利用方式.
struct UseCount {
  std::string key;
  int64_t requests = 0, items = 0, uses = 0;
};
struct UseStatistics {
  int year = 0;
  int64_t requests = 0, items = 0, uses = 0, loans = 0, overdue = 0;
  std::vector<UseCount> by_unit, by_purpose, by_kind;
};
Status ComputeUseStatistics(const JobContext& ctx, int year, UseStatistics* out);

// JSON shared by the command's --json and the web API. UseRequestJson: {"id", "state", "kind",
// "purpose", "requester": {"account", "name", "unit", "contact", "letter", "id_card"},
// "recorded_at", "recorded_by", "end_date", "approver", "approval_opinion", "approved_at",
// "effect", "uses", "items": [{"档号", "题名", "密级", "lent_at", "due_at", "renewals",
// "returned_at", "return_check"}]}
nlohmann::json UseRequestJson(const UseRequest& request);
nlohmann::json OverdueJson(const std::vector<OverdueLoan>& loans);
nlohmann::json UseStatisticsJson(const UseStatistics& stats);

// The grant (one place for Show, OpenStoredFile and MakeUseCopy): reads `danghao` as
// Archive::GetFor does for ctx.clearance, or above it when an approved request of ctx.user's
// account lists the item and has not ended today; *request_id is that request (0 when none), so
// that the caller registers the use with RegisterUse once it has happened.
Status GetWithGrant(const JobContext& ctx, Archive& archive, const std::string& danghao,
                    bool log_view, ItemRecord* out, int64_t* request_id);
// Registers one electronic use (`how`: 查看, 打开文件, 利用副本) against request `request_id`;
// nothing when it is 0.
Status RegisterUse(Archive& archive, int64_t request_id, const std::string& danghao,
                   const std::string& how);
// The account acting in `ctx`: the name in the command line's "OS user（账户 NAME）", else
// ctx.user (the web application's signed-in account).
std::string ActingAccount(const JobContext& ctx);

}  // namespace dangan::jobs
