// Appraisal and destruction (鉴定与销毁, issue 16) under 档案法 (2020) 第二十一条, 机关档案管理规定
// and GB/T 18894-2016: items whose retention period has ended are appraised in a batch (鉴定); each
// is kept longer (续存, with a new period and a reason) or proposed for destruction (拟销毁). The
// proposed items make a 销毁清册 (template GD-02). Destruction needs, in this order and each
// recorded: the appraisal group's opinion, the leader's approval, two named 监销人 (two different
// people, neither the approver). Only then does Destroy run; nothing is destroyed by any other
// path. The command line (`dangan appraisal …`, `dangan destroy`) and the web pages (/appraisals)
// go through these jobs alone.
//
// Every job here needs the highest clearance (机密): an appraisal looks at every item that is due.
// A refusal (InvalidArgument, or NotFound for an unknown appraisal or 档号) names the item or the
// step and changes nothing.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

// The steps of an appraisal, in order. State names are what a clerk reads.
inline constexpr char kAppraisalOpen[] = "鉴定中";       // items being decided
inline constexpr char kAppraisalOpinion[] = "待批准";    // the group's opinion recorded
inline constexpr char kAppraisalApproved[] = "待监销";   // the leader approved
inline constexpr char kAppraisalWitnessed[] = "待销毁";  // two 监销人 named
inline constexpr char kAppraisalDestroyed[] = "已销毁";  // destroyed, 清册 filed
inline constexpr char kAppraisalKept[] = "已完成";       // closed with nothing to destroy

// Decisions on one item.
inline constexpr char kDecisionNone[] = "";      // not decided yet
inline constexpr char kDecisionKeep[] = "续存";  // new_retention longer than today's, reason
inline constexpr char kDecisionDestroy[] = "拟销毁";

struct AppraisalItem {
  std::string danghao, title;
  int year = 0;
  std::string retention;  // Y / D30 / D10 as catalogued when the appraisal began
  int pages = 0;
  std::string decision;       // kDecision…
  std::string new_retention;  // with 续存
  std::string reason;         // with 续存 (required) or 拟销毁 (optional 备注)
  bool hold = false;          // held now: cannot be proposed, stops Destroy
};

struct Appraisal {
  int64_t id = 0;
  std::string name;   // e.g. 2026年第1次鉴定
  std::string as_of;  // YYYY-MM-DD the items were due by
  std::string state;  // kAppraisal…
  std::string created_at, created_by;
  // 鉴定小组意见
  std::string group_members;  // names, separated by 、
  std::string group_opinion, opinion_at, opinion_by;
  // 批准
  std::string approver, approval_opinion, approved_at;
  // 监销
  std::string witness1, witness2, method, place, witnessed_at;
  // 销毁
  std::string destroyed_at, list_danghao;  // the 清册's 档号 once filed
  std::vector<AppraisalItem> items;        // empty from ListAppraisals
};

// Begins an appraisal of the items due by `as_of` (YYYY-MM-DD; "" = today): `danghaos` names
// them (each must be due and not destroyed; not yet in another appraisal that is not finished),
// or, when empty, every item due and in no open appraisal. An empty batch is refused.
Status StartAppraisal(const JobContext& ctx, const std::string& name, const std::string& as_of,
                      const std::vector<std::string>& danghaos, Appraisal* out);
Status ListAppraisals(const JobContext& ctx, std::vector<Appraisal>* out);  // newest first
Status ReadAppraisal(const JobContext& ctx, int64_t id, Appraisal* out);

// Decides one item while the appraisal is 鉴定中. 续存 needs a period longer than the item's
// (Y / D30) and a reason, and lengthens the item's retention (audit) once the group's opinion is
// recorded; 拟销毁 is refused for a held item.
Status DecideItem(const JobContext& ctx, int64_t id, const std::string& danghao,
                  const std::string& decision, const std::string& new_retention,
                  const std::string& reason);
// Records the group's opinion: every item decided; moves to 待批准 (or 已完成 when no item is
// proposed, after the 续存 periods are applied).
Status RecordGroupOpinion(const JobContext& ctx, int64_t id, const std::string& members,
                          const std::string& opinion);
// The leader's approval (or refusal: `approve` false returns the appraisal to 鉴定中).
Status ApproveDestruction(const JobContext& ctx, int64_t id, const std::string& approver,
                          bool approve, const std::string& opinion);
// Two named 监销人, different people, neither the approver; method (粉碎 / 焚烧 / 化浆 /
// 删除电子文件 / 其他), place, time (YYYY-MM-DD HH:MM; "" = now).
Status RecordWitnesses(const JobContext& ctx, int64_t id, const std::string& witness1,
                       const std::string& witness2, const std::string& method,
                       const std::string& place, const std::string& at);

struct DestructionResult {
  int64_t destroyed = 0;      // items marked 已销毁
  int64_t files_removed = 0;  // store files removed (a file another live item holds stays)
  int64_t files_kept = 0;     // store files kept because a live item holds the same content
  uint64_t bytes_removed = 0;
  ItemRecord list_item;  // the 清册 with the approvals, filed 永久
};

// Destroys every 拟销毁 item of a 待销毁 appraisal in one transaction: refused whole, naming
// the item, when any of them is held now. Each item stays in the catalogue marked 已销毁 (with
// metadata, digests, the 清册's 档号 and the date); its text leaves the search index; its store
// files are removed unless an item not destroyed holds the same content.
Status Destroy(const JobContext& ctx, int64_t id, DestructionResult* result);

// The 销毁清册 as it stands (GD-02 from the appraisal; fields not reached yet print blank), as
// PDF and XLSX under `out_base` (.pdf / .xlsx added): for a preview at any step.
Status RenderDestructionList(const JobContext& ctx, int64_t id, const std::string& out_base,
                             GeneratedDocument* out);

// JSON shared by the command's --json and the web API: {"id", "name", "as_of", "state",
// "created_at", "created_by", "group_members", "group_opinion", "opinion_at", "approver",
// "approval_opinion", "approved_at", "witness1", "witness2", "method", "place",
// "witnessed_at", "destroyed_at", "清册档号", "items": [{"档号", "题名", "年度", "保管期限",
// "页数", "decision", "new_retention", "reason", "hold"}]}
nlohmann::json AppraisalJson(const Appraisal& appraisal);

}  // namespace dangan::jobs
