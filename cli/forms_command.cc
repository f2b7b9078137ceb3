// dangan forms, dangan forms show: the templates as dangan understood them.
#include <iostream>

#include "args.h"
#include "commands.h"

namespace dangan::cli {
namespace {

const char kFormsHelp[] =
    "用法：dangan forms [--json] [--templates 目录]\n"
    "      dangan forms show 编号 [--json] [--templates 目录]\n"
    "列出表单模板，或显示一个模板的全部字段（类型、是否必填、限制）。\n";

const char* KindName(TemplateKind kind) { return kind == TemplateKind::kForm ? "表单" : "登记表"; }

void PrintField(const Field& f) {
  std::cout << "  " << f.name << "\t" << FieldTypeName(f.type)
            << (f.required ? "\t必填" : "\t选填");
  if (f.max_length) std::cout << "\t最多" << *f.max_length << "字";
  if (f.min) std::cout << "\t≥" << *f.min;
  if (f.max) std::cout << "\t≤" << *f.max;
  if (!f.compute.empty()) std::cout << "\t自动计算：" << f.compute;
  if (!f.options.empty()) {
    std::cout << "\t可选：";
    for (size_t i = 0; i < f.options.size(); ++i) std::cout << (i ? "、" : "") << f.options[i];
  }
  if (!f.note.empty()) std::cout << "\t（" << f.note << "）";
  std::cout << "\n";
}

int ShowForm(const Args& args, const std::string& id) {
  JobContext ctx;
  Template t;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = jobs::FindTemplate(ctx, id, &t);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json j = {{"id", t.id},
              {"title", t.DisplayTitle()},
              {"kind", KindName(t.kind)},
              {"source", t.source},
              {"category", t.category},
              {"fields", Json::array()},
              {"columns", Json::array()}};
    for (const auto& f : t.fields) j["fields"].push_back(jobs::FieldJson(f));
    if (t.table) {
      for (const auto& c : t.table->columns) j["columns"].push_back(jobs::FieldJson(c.field));
    }
    j["archive"] = {{"category", t.archive.category},
                    {"retention", RetentionCode(t.archive.retention)},
                    {"department", t.archive.department},
                    {"secrecy", SecrecyName(t.archive.secrecy)}};
    std::cout << jobs::DumpJson(j) << "\n";
    return 0;
  }
  std::cout << t.id << "  " << t.DisplayTitle() << "（" << KindName(t.kind) << "，"
            << (t.orientation == Orientation::kPortrait ? "A4 纵向" : "A4 横向") << "）\n"
            << "依据：" << t.source << "\n"
            << "归档：门类 " << t.archive.category << "，保管期限 "
            << RetentionCode(t.archive.retention) << "，机构 " << t.archive.department << "，密级 "
            << SecrecyName(t.archive.secrecy) << "\n"
            << "字段：\n";
  for (const auto& f : t.fields) PrintField(f);
  if (t.table) {
    std::cout << "表格各列（数据中的「明细」或 CSV 各列）：\n";
    for (const auto& c : t.table->columns) PrintField(c.field);
  }
  if (!t.approvals.empty()) {
    std::cout << "审批：";
    for (size_t i = 0; i < t.approvals.size(); ++i) std::cout << (i ? " → " : "") << t.approvals[i];
    std::cout << "\n";
  }
  if (t.approval_rule) {
    std::cout << "审批（按「" << t.approval_rule->amount_field << "」分档）：\n";
    for (const auto& tier : t.approval_rule->tiers) {
      std::cout << "  "
                << (tier.up_to ? "≤ " + std::to_string(static_cast<long>(*tier.up_to)) + " 元"
                               : "其余")
                << "：";
      for (size_t i = 0; i < tier.chain.size(); ++i) std::cout << (i ? " → " : "") << tier.chain[i];
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace

int FormsCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kFormsHelp;
    return 0;
  }
  if (!args.positional.empty()) {
    if (args.positional[0] != "show" || args.positional.size() != 2) {
      return Fail(Status::InvalidArgument("用法：dangan forms show 编号"));
    }
    return ShowForm(args, args.positional[1]);
  }
  std::vector<Template> templates;
  Status s = LoadTemplateDir(TemplateDir(args), &templates);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json list = Json::array();
    for (const auto& t : templates) {
      list.push_back({{"id", t.id},
                      {"title", t.DisplayTitle()},
                      {"kind", KindName(t.kind)},
                      {"category", t.category}});
    }
    std::cout << jobs::DumpJson(list) << "\n";
    return 0;
  }
  for (const auto& t : templates) {
    std::cout << t.id << "\t" << t.DisplayTitle() << "\t" << KindName(t.kind) << "\t" << t.category
              << "\n";
  }
  return 0;
}

}  // namespace dangan::cli
