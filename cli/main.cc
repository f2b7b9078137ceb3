// dangan: the command line. A thin layer: parse arguments, call the libraries, print results.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/generator.h"
#include "dangan/template.h"

namespace {

using dangan::Status;
using Json = nlohmann::json;

const char kMainHelp[] =
    "dangan 档案：按公司制度生成表单、登记表（PDF/XLSX）\n"
    "\n"
    "用法：\n"
    "  dangan forms [--json]                 列出全部表单模板（编号、名称、类型）\n"
    "  dangan forms show 编号 [--json]        显示一个模板的字段、类型、是否必填\n"
    "  dangan generate 编号 --data 文件 [--format pdf|xlsx|both] [--out 路径]\n"
    "                 [--header 文件] [--set 字段=值]... [--json]\n"
    "                                        按数据生成表单（数据为 JSON，登记表也可为 CSV）\n"
    "\n"
    "通用选项：\n"
    "  --templates 目录   模板目录（默认：环境变量 DANGAN_TEMPLATES，或 ./templates）\n"
    "  --help             显示帮助\n";

const char kFormsHelp[] =
    "用法：dangan forms [--json] [--templates 目录]\n"
    "      dangan forms show 编号 [--json] [--templates 目录]\n"
    "列出表单模板，或显示一个模板的全部字段（类型、是否必填、限制）。\n";

const char kGenerateHelp[] =
    "用法：dangan generate 编号 --data 文件 [--format pdf|xlsx|both] [--out 路径]\n"
    "                      [--header 文件] [--set 字段=值]... [--json] [--templates 目录]\n"
    "\n"
    "  --data 文件     JSON：一条记录，或多条记录的列表（每条生成一份）；登记表的 JSON "
    "列表即为各行。\n"
    "                  登记表也可用 CSV（首行为中文列名，UTF-8）。\n"
    "  --format        pdf、xlsx 或 both（默认 both）\n"
    "  --out 路径      输出目录（默认 ./out），文件以文档编号命名；只生成一份时也可为 .pdf/.xlsx "
    "文件名\n"
    "  --header 文件   表头字段取自该 JSON 对象（CSV 登记表的会议名称、年度等）\n"
    "  --set 字段=值   给表头字段赋值（如 年度=2024），可重复，优先于 --header\n"
    "  --json          以 JSON 输出生成结果\n";

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value
  std::vector<std::string> sets;               // --set k=v (repeatable)
  bool json = false;
  bool help = false;
};

Status ParseArgs(int argc, char** argv, Args* args) {
  static const char* const kWithValue[] = {"--data",      "--format", "--out",
                                           "--templates", "--set",    "--header"};
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--json") {
      args->json = true;
    } else if (a == "--help" || a == "-h") {
      args->help = true;
    } else if (a.rfind("--", 0) == 0) {
      bool known = false;
      for (const char* k : kWithValue) known = known || a == k;
      if (!known) return Status::InvalidArgument("未知选项 " + a + "（用 --help 查看用法）");
      if (i + 1 >= argc) return Status::InvalidArgument("选项 " + a + " 缺少值");
      if (a == "--set") {
        args->sets.push_back(argv[++i]);
      } else {
        args->options[a] = argv[++i];
      }
    } else {
      args->positional.push_back(a);
    }
  }
  return Status::Ok();
}

bool IsDirectory(const std::string& path) { return access((path + "/.").c_str(), F_OK) == 0; }

// Templates live in the source tree; the build tree's binary finds them two levels up.
std::string TemplateDir(const Args& args) {
  auto it = args.options.find("--templates");
  if (it != args.options.end()) return it->second;
  if (const char* env = std::getenv("DANGAN_TEMPLATES")) return env;
  if (IsDirectory("templates")) return "templates";
  char exe[4096];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n > 0) {
    std::string dir(exe, static_cast<size_t>(n));
    for (int up = 0; up < 3; ++up) {
      dir = dir.substr(0, dir.rfind('/'));
      if (IsDirectory(dir + "/templates")) return dir + "/templates";
    }
  }
  return "templates";
}

int Fail(const Status& s) {
  std::cerr << "错误：" << s.ToString() << "\n";
  return s.code() == Status::Code::kNotFound ? 3 : 2;
}

const char* KindName(dangan::TemplateKind kind) {
  return kind == dangan::TemplateKind::kForm ? "表单" : "登记表";
}

Status FindTemplate(const Args& args, const std::string& id, dangan::Template* out) {
  std::string path = TemplateDir(args) + "/" + id + ".yaml";
  if (access(path.c_str(), F_OK) != 0) {
    return Status::NotFound("没有编号为「" + id + "」的模板（" + path +
                            "）；用 dangan forms 查看全部");
  }
  return dangan::LoadTemplate(path, out);
}

Json FieldJson(const dangan::Field& f) {
  Json j = {{"name", f.name}, {"type", dangan::FieldTypeName(f.type)}, {"required", f.required}};
  if (f.max_length) j["max_length"] = *f.max_length;
  if (f.min) j["min"] = *f.min;
  if (f.max) j["max"] = *f.max;
  if (!f.options.empty()) j["options"] = f.options;
  if (!f.compute.empty()) j["compute"] = f.compute;
  if (!f.note.empty()) j["note"] = f.note;
  return j;
}

void PrintField(const dangan::Field& f) {
  std::cout << "  " << f.name << "\t" << dangan::FieldTypeName(f.type)
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
  dangan::Template t;
  Status s = FindTemplate(args, id, &t);
  if (!s.ok()) return Fail(s);
  if (args.json) {
    Json j = {{"id", t.id},
              {"title", t.DisplayTitle()},
              {"kind", KindName(t.kind)},
              {"source", t.source},
              {"category", t.category},
              {"fields", Json::array()},
              {"columns", Json::array()}};
    for (const auto& f : t.fields) j["fields"].push_back(FieldJson(f));
    if (t.table) {
      for (const auto& c : t.table->columns) j["columns"].push_back(FieldJson(c.field));
    }
    j["archive"] = {{"category", t.archive.category},
                    {"retention", t.archive.retention},
                    {"department", t.archive.department},
                    {"secrecy", t.archive.secrecy}};
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::cout << t.id << "  " << t.DisplayTitle() << "（" << KindName(t.kind) << "，"
            << (t.orientation == dangan::Orientation::kPortrait ? "A4 纵向" : "A4 横向") << "）\n"
            << "依据：" << t.source << "\n"
            << "归档：门类 " << t.archive.category << "，保管期限 " << t.archive.retention
            << "，机构 " << t.archive.department << "，密级 " << t.archive.secrecy << "\n"
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

int Forms(const Args& args) {
  if (args.help) {
    std::cout << kFormsHelp;
    return 0;
  }
  if (!args.positional.empty()) {
    if (args.positional[0] != "show" || args.positional.size() != 2) {
      return Fail(Status::InvalidArgument("用法：dangan forms show 编号"));
    }
    return ShowForm(args, args.positional[1]);
  }
  std::vector<dangan::Template> templates;
  Status s = dangan::LoadTemplateDir(TemplateDir(args), &templates);
  if (!s.ok()) return Fail(s);
  if (args.json) {
    Json list = Json::array();
    for (const auto& t : templates) {
      list.push_back({{"id", t.id},
                      {"title", t.DisplayTitle()},
                      {"kind", KindName(t.kind)},
                      {"category", t.category}});
    }
    std::cout << list.dump(2) << "\n";
    return 0;
  }
  for (const auto& t : templates) {
    std::cout << t.id << "\t" << t.DisplayTitle() << "\t" << KindName(t.kind) << "\t" << t.category
              << "\n";
  }
  return 0;
}

Status ParseSets(const Args& args, std::map<std::string, std::string>* out) {
  for (const std::string& s : args.sets) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      return Status::InvalidArgument("--set 应写作 字段=值，而不是「" + s + "」");
    }
    (*out)[s.substr(0, eq)] = s.substr(eq + 1);
  }
  return Status::Ok();
}

int Generate(const Args& args) {
  if (args.help) {
    std::cout << kGenerateHelp;
    return 0;
  }
  if (args.positional.size() != 1) {
    return Fail(
        Status::InvalidArgument("用法：dangan generate 编号 --data 文件（用 --help 查看用法）"));
  }
  auto data = args.options.find("--data");
  if (data == args.options.end()) return Fail(Status::InvalidArgument("缺少 --data 数据文件"));
  dangan::OutputFormat format = dangan::OutputFormat::kBoth;
  auto f = args.options.find("--format");
  if (f != args.options.end()) {
    if (f->second == "pdf") {
      format = dangan::OutputFormat::kPdf;
    } else if (f->second == "xlsx") {
      format = dangan::OutputFormat::kXlsx;
    } else if (f->second != "both") {
      return Fail(
          Status::InvalidArgument("--format 应为 pdf、xlsx 或 both，而不是「" + f->second + "」"));
    }
  }
  auto out_it = args.options.find("--out");
  std::string out = out_it == args.options.end() ? "out" : out_it->second;

  dangan::Template t;
  Status s = FindTemplate(args, args.positional[0], &t);
  if (!s.ok()) return Fail(s);
  std::map<std::string, std::string> sets;
  auto header = args.options.find("--header");
  if (header != args.options.end()) {
    s = dangan::ReadHeaderValues(header->second, &sets);
    if (!s.ok()) return Fail(s);
  }
  s = ParseSets(args, &sets);
  if (!s.ok()) return Fail(s);
  std::vector<dangan::RawRecord> records;
  s = dangan::ReadData(t, data->second, sets, &records);
  if (!s.ok()) return Fail(s);
  dangan::Generator generator;
  std::vector<dangan::GeneratedDocument> docs;
  s = generator.Generate(t, std::move(records), format, out, &docs);
  if (!s.ok()) return Fail(s);

  if (args.json) {
    Json list = Json::array();
    for (const auto& d : docs) {
      Json files = Json::array();
      for (const auto& file : d.files) {
        Json jf = {{"path", file.path}, {"format", file.format}};
        if (file.format == "pdf") jf["pages"] = file.pages;
        files.push_back(jf);
      }
      list.push_back({{"template", d.template_id},
                      {"doc_number", d.doc_number},
                      {"title", d.archive_title},
                      {"approval_chain", d.approval_chain},
                      {"rows", d.rows},
                      {"files", files}});
    }
    std::cout << list.dump(2) << "\n";
    return 0;
  }
  for (const auto& d : docs) {
    std::cout << d.doc_number << "  " << d.archive_title;
    if (!d.approval_chain.empty()) {
      std::cout << "  审批：";
      for (size_t i = 0; i < d.approval_chain.size(); ++i)
        std::cout << (i ? " → " : "") << d.approval_chain[i];
    }
    std::cout << "\n";
    for (const auto& file : d.files) {
      std::cout << "  " << file.path;
      if (file.format == "pdf") std::cout << "（" << file.pages << " 页）";
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" ||
      std::string(argv[1]) == "help") {
    std::cout << kMainHelp;
    return argc < 2 ? 1 : 0;
  }
  Args args;
  Status s = ParseArgs(argc, argv, &args);
  if (!s.ok()) return Fail(s);
  std::string command = argv[1];
  if (command == "forms") return Forms(args);
  if (command == "generate") return Generate(args);
  return Fail(Status::InvalidArgument("未知命令「" + command + "」（用 dangan --help 查看用法）"));
}
