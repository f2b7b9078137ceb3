#include "dangan/jobs/forms.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <tuple>

#include "dangan/generator/document.h"
#include "dangan/jobs/generate.h"
#include "dangan/jobs/scratch.h"
#include "dangan/records/text.h"
#include "dangan/search/pinyin_match.h"

namespace dangan::jobs {
namespace {

// What tells that a folder's templates changed: each *.yaml's name, size and mtime.
using Signature = std::vector<std::tuple<std::string, int64_t, int64_t>>;

Signature SignatureOf(const std::string& dir) {
  Signature sig;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.size() < 5 || name.compare(name.size() - 5, 5, ".yaml") != 0) continue;
    struct stat st {};
    if (stat(entry.path().c_str(), &st) != 0) continue;
    sig.emplace_back(name, static_cast<int64_t>(st.st_size),
                     static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
  }
  std::sort(sig.begin(), sig.end());
  return sig;
}

struct CachedDir {
  Signature signature;
  std::shared_ptr<const std::vector<Template>> templates;
};

// A scratch folder inside the archive's folder (private like the archive, on the same disk as
// the store), removed with everything in it when done. The prefix is the one the web API's
// scratch folders have, which the tests check are gone.
// The fields the layout prints in 大写 somewhere.
std::set<std::string> CapitalFields(const Template& t) {
  std::set<std::string> out;
  for (const auto* rows : {&t.head, &t.tail}) {
    for (const auto& row : *rows) {
      for (const LayoutCell& cell : row) {
        if (cell.capitals && !cell.field.empty()) out.insert(cell.field);
      }
    }
  }
  return out;
}

Json OptionalNumber(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json FullFieldJson(const Field& f, const std::set<std::string>& capitals) {
  return {{"name", f.name},
          {"type", FieldTypeName(f.type)},
          {"required", f.required},
          {"max_length", f.max_length ? Json(*f.max_length) : Json(nullptr)},
          {"min", OptionalNumber(f.min)},
          {"max", OptionalNumber(f.max)},
          {"options", f.options},
          {"lines", f.lines},
          {"compute", f.compute},
          {"note", f.note},
          {"capitals", capitals.count(f.name) > 0}};
}

// The values an account always gives, by field name: its 机构 for the department fields, its
// name for the fields of the person filling the form in. Fields named here:
//   机构: 申请部门 部门 用印部门 领用部门 登记部门 申购部门 使用部门 所在部门 填报部门 拟稿部门
//         报修部门 主办部门
//   name: 申请人 经办人 填表人 登记人 申购人 填报人 拟稿人 编制人
// (Not 领用人, 使用人 or the signatures: those are often someone else.)
const std::set<std::string>& DeptFields() {
  static const std::set<std::string> k = {"申请部门", "部门",     "用印部门", "领用部门",
                                          "登记部门", "申购部门", "使用部门", "所在部门",
                                          "填报部门", "拟稿部门", "报修部门", "主办部门"};
  return k;
}
const std::set<std::string>& NameFields() {
  static const std::set<std::string> k = {"申请人", "经办人", "填表人", "登记人",
                                          "申购人", "填报人", "拟稿人", "编制人"};
  return k;
}

// "1,130.00" → 1130.
double MoneyNumber(const std::string& text) {
  std::string digits;
  for (char c : text) {
    if (c != ',') digits += c;
  }
  return std::strtod(digits.c_str(), nullptr);
}

Json ProblemsJson(const std::vector<Problem>& problems) {
  Json list = Json::array();
  for (const Problem& p : problems) {
    list.push_back({{"code", p.code}, {"message", p.message}, {"field", p.field}, {"row", p.row}});
  }
  return list;
}

// `values` as the generator's records: InvalidArgument when not a JSON object.
Status RecordsOf(const Template& t, const Json& values, std::vector<RawRecord>* records) {
  if (!values.is_object()) {
    return Status::InvalidArgument(
        MakeProblem("invalid_data", 0, "", "表单的值应为 JSON 对象（字段名: 值）"));
  }
  return ReadJsonData(t, DumpJson(values, -1), "表单", records);
}

}  // namespace

Status CachedTemplates(const std::string& dir, std::shared_ptr<const std::vector<Template>>* out) {
  static std::mutex mu;
  static std::map<std::string, CachedDir> cache;
  Signature sig = SignatureOf(dir);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(dir);
    if (it != cache.end() && it->second.signature == sig) {
      *out = it->second.templates;
      return Status::Ok();
    }
  }
  // One load at a time: requests arriving meanwhile wait for it instead of each loading the
  // whole folder again (on a busy machine, fifty loads at once take seconds).
  static std::mutex loading;
  std::lock_guard<std::mutex> one_load(loading);
  {
    std::lock_guard<std::mutex> lock(mu);
    auto it = cache.find(dir);
    if (it != cache.end() && it->second.signature == sig) {
      *out = it->second.templates;
      return Status::Ok();
    }
  }
  auto loaded = std::make_shared<std::vector<Template>>();
  DANGAN_RETURN_IF_ERROR(LoadTemplateDir(dir, loaded.get()));
  std::lock_guard<std::mutex> lock(mu);
  cache[dir] = {std::move(sig), loaded};
  *out = std::move(loaded);
  return Status::Ok();
}

Status CachedTemplate(const JobContext& ctx, const std::string& id,
                      std::shared_ptr<const Template>* out) {
  std::shared_ptr<const std::vector<Template>> all;
  if (CachedTemplates(ctx.templates_dir, &all).ok()) {
    for (const Template& t : *all) {
      if (t.id == id) {
        // Shares the list's lifetime: a reload never frees a template in use.
        *out = std::shared_ptr<const Template>(all, &t);
        return Status::Ok();
      }
    }
  }
  // Not in the folder's list (or one template of it is broken): FindTemplate says why.
  auto t = std::make_shared<Template>();
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, id, t.get()));
  *out = std::move(t);
  return Status::Ok();
}

std::string RegulationOf(const std::string& source) {
  const std::string open = "《", close = "》";
  const size_t a = source.find(open);
  if (a == std::string::npos) return "";
  const size_t b = source.find(close, a);
  if (b == std::string::npos) return "";
  return source.substr(a, b + close.size() - a);
}

namespace {

// FoldForCompare goes through ICU's transliterator under one process-wide lock: a catalogue
// search folding every id and title at each keystroke took 30 ms. Ids and titles are few and
// fixed, so each is folded once.
const std::string& FoldedOnce(const std::string& text) {
  static std::mutex mu;
  static std::map<std::string, std::string> folded;
  std::lock_guard<std::mutex> lock(mu);
  auto it = folded.find(text);
  if (it == folded.end()) it = folded.emplace(text, FoldForCompare(text)).first;
  return it->second;
}

// O-09, o09, Ｏ－０９ alike: folded, lower-case, without dashes and spaces.
std::string PlainId(const std::string& folded) {
  std::string out;
  for (char c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != '-' && c != ' ') out += c;
  }
  return out;
}

struct TypedQuery {
  std::string typed, folded, plain;
};

bool Matches(const Template& t, const TypedQuery& q) {
  if (q.typed.empty()) return true;
  if (!q.plain.empty() && PlainId(FoldedOnce(t.id)).find(q.plain) != std::string::npos) {
    return true;
  }
  const std::string title = t.DisplayTitle();
  if (!q.folded.empty() && FoldedOnce(title).find(q.folded) != std::string::npos) return true;
  return search::MatchesPinyin(title, q.typed);
}

TypedQuery QueryOf(std::string_view q) {
  TypedQuery query;
  query.typed = Trim(q);
  if (query.typed.empty()) return query;
  query.folded = FoldForCompare(query.typed);
  query.plain = PlainId(query.folded);
  return query;
}

}  // namespace

bool FormMatches(const Template& t, std::string_view q) { return Matches(t, QueryOf(q)); }

Status FormCatalogue(const JobContext& ctx, std::string_view q, Json* out) {
  std::shared_ptr<const std::vector<Template>> all;
  DANGAN_RETURN_IF_ERROR(CachedTemplates(ctx.templates_dir, &all));
  std::vector<std::string> recent;
  {
    std::unique_ptr<Archive> archive;
    DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
    DANGAN_RETURN_IF_ERROR(archive->RecentForms(ctx.user, 10, &recent));
  }
  const TypedQuery query = QueryOf(q);
  std::vector<const Template*> found;
  for (const Template& t : *all) {
    if (Matches(t, query)) found.push_back(&t);
  }
  auto rank = [&recent](const Template* t) {
    auto it = std::find(recent.begin(), recent.end(), t->id);
    return it == recent.end() ? recent.size() : static_cast<size_t>(it - recent.begin());
  };
  std::stable_sort(found.begin(), found.end(), [&](const Template* a, const Template* b) {
    return std::make_tuple(rank(a), RegulationOf(a->source), a->category, a->id) <
           std::make_tuple(rank(b), RegulationOf(b->source), b->category, b->id);
  });
  Json list = Json::array();
  for (const Template* t : found) {
    list.push_back({{"id", t->id},
                    {"title", t->DisplayTitle()},
                    {"kind", t->kind == TemplateKind::kForm ? "表单" : "登记表"},
                    {"category", t->category},
                    {"source", t->source},
                    {"regulation", RegulationOf(t->source)},
                    {"recent", rank(t) < recent.size()}});
  }
  *out = {{"recent", recent}, {"templates", list}};
  return Status::Ok();
}

Json FormDetailJson(const Template& t, const std::string& account_name,
                    const std::string& account_dept) {
  const std::set<std::string> capitals = CapitalFields(t);
  Json fields = Json::array();
  Json defaults = Json::object();
  for (const Field& f : t.fields) {
    fields.push_back(FullFieldJson(f, capitals));
    if (!f.compute.empty()) continue;
    if (DeptFields().count(f.name) && !account_dept.empty()) defaults[f.name] = account_dept;
    if (NameFields().count(f.name) && !account_name.empty()) defaults[f.name] = account_name;
  }
  Json columns = Json::array();
  if (t.table) {
    for (const TableColumn& c : t.table->columns) columns.push_back(FullFieldJson(c.field, {}));
  }
  Json rule = nullptr;
  if (t.approval_rule) {
    Json tiers = Json::array();
    for (const ApprovalTier& tier : t.approval_rule->tiers) {
      tiers.push_back({{"up_to", OptionalNumber(tier.up_to)}, {"chain", tier.chain}});
    }
    rule = {{"amount_field", t.approval_rule->amount_field}, {"tiers", tiers}};
  }
  return {{"id", t.id},
          {"title", t.DisplayTitle()},
          {"kind", t.kind == TemplateKind::kForm ? "表单" : "登记表"},
          {"category", t.category},
          {"source", t.source},
          {"regulation", RegulationOf(t.source)},
          {"orientation", t.orientation == Orientation::kLandscape ? "landscape" : "portrait"},
          {"fields", fields},
          {"columns", columns},
          {"min_rows", t.table ? t.table->min_rows : 0},
          {"approvals", t.approvals},
          {"approval_rule", rule},
          {"approval_note", t.approval_note},
          {"defaults", defaults}};
}

Status CheckForm(const JobContext& ctx, const std::string& id, const Json& values,
                 FormCheckResult* out) {
  *out = FormCheckResult();
  std::shared_ptr<const Template> t;
  DANGAN_RETURN_IF_ERROR(CachedTemplate(ctx, id, &t));
  std::vector<RawRecord> records;
  Status read = RecordsOf(*t, values, &records);
  if (!values.is_object()) return read;
  if (!read.ok()) {
    // The shape of the values is wrong (a list where one value belongs, an unknown column):
    // those are the problems, nothing can be computed.
    if (read.problems().empty()) return read;
    out->problems = read.problems();
    return Status::Ok();
  }
  Document doc;
  Status bound = BindDocumentForCheck(*t, std::move(records.front()), &doc, &out->rows);
  out->ok = bound.ok();
  out->problems = bound.problems();
  if (!bound.ok() && bound.problems().empty()) return bound;
  for (const Field& f : t->fields) {
    auto it = doc.values.find(f.name);
    if (!f.compute.empty()) out->computed[f.name] = it == doc.values.end() ? "" : it->second;
  }
  for (const std::string& name : CapitalFields(*t)) {
    auto it = doc.values.find(name);
    out->capitals[name] = it == doc.values.end() ? "" : MoneyInCapitals(MoneyNumber(it->second));
  }
  out->approval_chain = doc.approval_chain;
  out->approval_basis = doc.approval_basis;
  out->title = doc.ArchiveTitle();
  return Status::Ok();
}

Json FormCheckJson(const FormCheckResult& r) {
  Json rows = Json::array();
  for (const auto& row : r.rows) rows.push_back(row);
  return {{"ok", r.ok},
          {"problems", ProblemsJson(r.problems)},
          {"computed", r.computed},
          {"capitals", r.capitals},
          {"rows", rows},
          {"approval_chain", r.approval_chain},
          {"approval_basis", r.approval_basis},
          {"title", r.title}};
}

Status GenerateForm(const JobContext& ctx, const std::string& id, const Json& values,
                    OutputFormat format, FormFile* out) {
  if (format == OutputFormat::kBoth) return Status::InvalidArgument("一次只能生成 PDF 或 XLSX");
  std::shared_ptr<const Template> t;
  DANGAN_RETURN_IF_ERROR(CachedTemplate(ctx, id, &t));
  std::vector<RawRecord> records;
  DANGAN_RETURN_IF_ERROR(RecordsOf(*t, values, &records));
  ScratchDir scratch(ctx.archive_dir);
  DANGAN_RETURN_IF_ERROR(scratch.status());
  const std::string ext = format == OutputFormat::kPdf ? "pdf" : "xlsx";
  const std::string path = scratch.path() + "/document." + ext;
  Generator generator;
  generator.SetPdfAuthor(PdfAuthor(ctx));
  std::vector<GeneratedDocument> docs;
  DANGAN_RETURN_IF_ERROR(generator.Generate(*t, std::move(records), format, path, &docs));
  FormFile file;
  DANGAN_RETURN_IF_ERROR(ReadWholeFile(path, &file.bytes));
  file.doc_number = docs.empty() ? id : docs.front().doc_number;
  file.file_name = file.doc_number + "." + ext;
  file.media_type = format == OutputFormat::kPdf
                        ? "application/pdf"
                        : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  *out = std::move(file);
  return Status::Ok();
}

Status FileForm(const JobContext& ctx, const std::string& id, const Json& values, FiledForm* out) {
  if (!values.is_object()) {
    return Status::InvalidArgument(
        MakeProblem("invalid_data", 0, "values", "表单的值应为 JSON 对象（字段名: 值）"));
  }
  ScratchDir scratch(ctx.archive_dir);
  DANGAN_RETURN_IF_ERROR(scratch.status());
  // Generate's filing path reads its data from a file; the folder goes when filing is done.
  GenerateRequest request;
  request.template_id = id;
  request.data_path = scratch.path() + "/data.json";
  DANGAN_RETURN_IF_ERROR(WriteWholeFile(request.data_path, DumpJson(values, -1)));
  request.format = OutputFormat::kBoth;
  request.out = scratch.path() + "/out";
  std::error_code ec;
  std::filesystem::create_directory(request.out, ec);
  if (ec) return Status::IoError("无法在档案库目录中创建临时文件夹");
  request.file = true;
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  request.fallback_year = local.tm_year + 1900;
  GenerateResult result;
  DANGAN_RETURN_IF_ERROR(Generate(ctx, request, &result));
  if (result.filed.empty() || result.documents.empty()) {
    return Status::Internal("生成后没有归档任何文件");
  }
  out->danghao = result.filed.front().danghao;
  out->doc_number = result.documents.front().doc_number;
  out->title = result.filed.front().title;
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  // Filed already: a failure to note the use must not read as a failure to file.
  (void)archive->NoteFormUse(ctx.user, id, static_cast<int64_t>(now));
  return Status::Ok();
}

}  // namespace dangan::jobs
