// dangan register: a register's volumes and rows (imported or typed), a row added to the open
// volume (or a correction voiding one), and a volume closed, printed and filed.
#include <iostream>
#include <memory>

#include "args.h"
#include "commands.h"
#include "dangan/jobs/generate.h"
#include "dangan/jobs/registers.h"

namespace dangan::cli {
namespace {

const char kRegisterHelp[] =
    "用法：\n"
    "  dangan register show 模板编号 [--volume 册名] [--rows 1-50] [--json]\n"
    "      列出登记表的册（行数、序号、在用或已封册及其档号）和一册的各行（作废的行注明作废）；\n"
    "      不给 --volume 时显示未分册导入的行，没有则显示在用的册\n"
    "  dangan register add 模板编号 --set 字段=值 … [--volume 册名] [--voids 序号 --reason 原因] "
    "[--json]\n"
    "      在在用的册（或 --volume 给出的册）末尾登记一行，序号自动接续；--voids 登记一行更正，\n"
    "      作废该册中的第 N 号（原行保留，打印时注明“作废”和原因）\n"
    "  dangan register close 模板编号 --volume 册名 [--set 字段=值 …] [--json]\n"
    "      封册：按册中各行生成 PDF 和 XLSX（册号、起始日期、截止日期自动填入），归档为一件，\n"
    "      此后该册不能再添加行；表头字段（如 保管部门、印章保管人）用 --set 给出\n"
    "在用的册：最后一个未封的册；都已封则为今年（如 2026），今年的已封则为 2026-2。\n"
    "退出码：0 成功；2 输入有误（问题写明字段）；3 模板或册不存在；4 档案库无法读写。\n";

std::string VolumeName(const std::string& volume) { return volume.empty() ? "（未分册）" : volume; }

int Show(const Args& args, const JobContext& ctx, const std::string& id) {
  Template tmpl;
  Status s = jobs::FindTemplate(ctx, id, &tmpl);
  int64_t from = 0, to = 0;
  if (s.ok()) s = jobs::ParseRange(args.Option("--rows"), "--rows", &from, &to);
  jobs::RegisterState state;
  if (s.ok()) s = jobs::ReadRegister(ctx, id, &state);
  if (!s.ok()) return Fail(args, s);
  std::string volume = args.Option("--volume");
  if (!args.Has("--volume")) {
    bool unnamed = false;
    for (const RegisterVolume& v : state.volumes) unnamed = unnamed || v.volume.empty();
    volume = unnamed ? "" : state.open_volume;
  }
  std::vector<RegisterRow> rows;
  s = jobs::ReadVolumeRows(ctx, id, volume, &rows);
  if (!s.ok()) return Fail(args, s);
  std::vector<RegisterRow> shown;
  for (RegisterRow& r : rows) {
    if ((from == 0 || r.row_no >= from) && (to == 0 || r.row_no <= to)) {
      shown.push_back(std::move(r));
    }
  }
  if (args.Flag("--json")) {
    Json volumes = Json::array();
    for (const RegisterVolume& v : state.volumes) volumes.push_back(jobs::RegisterVolumeJson(v));
    Json list = Json::array();
    for (const RegisterRow& r : shown) list.push_back(jobs::RegisterRowJson(r));
    std::cout << jobs::DumpJson({{"template_id", tmpl.id},
                                 {"title", tmpl.title},
                                 {"open_volume", state.open_volume},
                                 {"volumes", volumes},
                                 {"volume", volume},
                                 {"rows", list}})
              << "\n";
    return 0;
  }
  std::cout << tmpl.id << "《" << tmpl.title << "》的册（在用：" << state.open_volume << "）：\n";
  for (const RegisterVolume& v : state.volumes) {
    std::cout << "  " << VolumeName(v.volume) << "：" << v.rows << " 行，序号 " << v.first_row
              << "–" << v.last_row
              << (v.closed                        ? "，已封册，档号 " + v.danghao
                  : v.volume == state.open_volume ? "，在用"
                                                  : "")
              << "\n";
  }
  std::cout << tmpl.id << "《" << tmpl.title << "》" << (volume.empty() ? "" : volume + " 册")
            << "：档案库中有 " << shown.size() << " 行\n";
  for (const RegisterRow& r : shown) {
    std::cout << r.row_no;
    for (const TableColumn& c : tmpl.table->columns) {
      auto it = r.values.find(c.field.name);
      if (it != r.values.end()) std::cout << "  " << it->second;
    }
    if (r.voided_by > 0) {
      std::cout << "  【作废：" << r.voided_reason << "，见第 " << r.voided_by << " 号】";
    }
    if (r.voids > 0) std::cout << "  【更正第 " << r.voids << " 号】";
    std::cout << "\n";
  }
  return 0;
}

int Add(const Args& args, const JobContext& ctx, const std::string& id) {
  jobs::AddRowRequest request;
  request.template_id = id;
  request.volume = args.Option("--volume");
  request.reason = args.Option("--reason");
  Status s = SetsFromArgs(args, &request.values);
  if (s.ok() && args.Has("--voids")) {
    const std::string text = args.Option("--voids");
    if (text.empty() || text.size() > 9 ||
        text.find_first_not_of("0123456789") != std::string::npos || std::stoll(text) < 1) {
      s = Status::InvalidArgument("--voids 应为要作废的序号（正整数），而不是「" + text + "」");
    } else {
      request.voids = std::stoll(text);
    }
  }
  if (s.ok() && request.values.empty()) {
    s = Status::InvalidArgument("用 --set 字段=值 给出这一行的内容（字段见 dangan forms show " +
                                id + "）");
  }
  RegisterRow row;
  std::string volume;
  if (s.ok()) s = jobs::AddRow(ctx, request, &row, &volume);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json j = jobs::RegisterRowJson(row);
    j["volume"] = volume;
    j["row_no"] = row.row_no;
    std::cout << jobs::DumpJson(j) << "\n";
    return 0;
  }
  std::cout << "已登记：" << id << " " << volume << " 册第 " << row.row_no << " 号";
  if (row.voids > 0) std::cout << "（作废第 " << row.voids << " 号：" << row.void_reason << "）";
  std::cout << "\n";
  return 0;
}

int Close(const Args& args, const JobContext& ctx, const std::string& id) {
  if (!args.Has("--volume")) {
    return Fail(args, Status::InvalidArgument("封册须用 --volume 册名 指明哪一册（dangan register "
                                              "show " +
                                              id + " 列出各册）"));
  }
  jobs::CloseVolumeRequest request;
  request.template_id = id;
  request.volume = args.Option("--volume");
  Status s = SetsFromArgs(args, &request.header);
  jobs::CloseVolumeResult result;
  if (s.ok()) s = jobs::CloseVolume(ctx, request, &result);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    Json j = jobs::ItemJson(result.item);
    j["volume"] = request.volume;
    j["rows"] = result.document.rows;
    std::cout << jobs::DumpJson(j) << "\n";
    return 0;
  }
  std::cout << "已封册：" << id << " " << request.volume << " 册（" << result.document.rows
            << " 行）归档为 " << result.item.danghao << "《" << result.item.title << "》\n";
  return 0;
}

}  // namespace

int RegisterCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kRegisterHelp;
    return 0;
  }
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  if (args.positional.size() != 2 || (sub != "show" && sub != "add" && sub != "close")) {
    return Fail(args, Status::InvalidArgument(
                          "用法：dangan register show|add|close 模板编号 …（用 --help 查看用法）"));
  }
  JobContext ctx;
  Status s = ContextFromArgs(args, &ctx);
  if (!s.ok()) return Fail(args, s);
  const std::string& id = args.positional[1];
  if (sub == "show") return Show(args, ctx, id);
  if (sub == "add") return Add(args, ctx, id);
  return Close(args, ctx, id);
}

}  // namespace dangan::cli
