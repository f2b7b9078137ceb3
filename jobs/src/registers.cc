#include "dangan/jobs/registers.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <memory>
#include <set>

#include "dangan/generator/document.h"
#include "dangan/importers/import.h"
#include "dangan/jobs/filing.h"
#include "dangan/jobs/scratch.h"
#include "dangan/records/text.h"

namespace dangan::jobs {
namespace {

Status RequireRegister(const Template& t) {
  if (!t.table || t.kind != TemplateKind::kRegister) {
    return Status::InvalidArgument("模板 " + t.id + "（" + t.title +
                                   "）不是登记表；登记表见 dangan forms");
  }
  return Status::Ok();
}

// A register's rows are records of its template's 密级: above the reader's clearance the register
// answers as one that does not exist.
Status LoadRegister(const JobContext& ctx, const std::string& id, Template* t) {
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, id, t));
  if (!MaySee(ctx.clearance, t->archive.secrecy)) return TemplateNotFound(ctx, id);
  return RequireRegister(*t);
}

std::string VolumeLabel(const Template& t, const std::string& volume) {
  return "《" + t.title + "》" + (volume.empty() ? "（未分册）" : volume + " 册");
}

// The table's columns as the header fields of a form without a table: binding that form is
// the generator's own check of one row (types, required, choices, lengths, traditional and
// full-width input), and its values come back canonical (dates ISO, choices as the template
// spells them). 序号 is left out: the archive numbers the row.
Template OneRowForm(const Template& t) {
  Template form;
  form.id = t.id;
  form.title = t.title;
  form.kind = TemplateKind::kForm;
  for (const TableColumn& c : t.table->columns) {
    if (c.field.type == FieldType::kSerial) continue;
    Field f = c.field;
    if (!f.compute.empty()) f.required = false;
    f.compute.clear();
    form.fields.push_back(std::move(f));
  }
  return form;
}

// 册号 from the volume, 起始日期/截止日期 from the first and last dated row, where the template
// has those fields and they were not given.
Status DefaultHeader(Archive* archive, const Template& t, const std::string& volume,
                     std::map<std::string, std::string>* header) {
  if (t.FindField("册号") && !header->count("册号") && !volume.empty()) (*header)["册号"] = volume;
  const std::string date = DateColumnOf(t);
  if (date.empty() || (!t.FindField("起始日期") && !t.FindField("截止日期"))) return Status::Ok();
  std::vector<RegisterRow> rows;
  DANGAN_RETURN_IF_ERROR(archive->ReadRegisterRows(t.id, volume, 0, 0, &rows));
  std::string first, last;
  for (const RegisterRow& r : rows) {
    auto it = r.values.find(date);
    if (it == r.values.end() || it->second.empty()) continue;
    if (first.empty()) first = it->second;
    last = it->second;
  }
  if (t.FindField("起始日期") && !header->count("起始日期") && !first.empty()) {
    (*header)["起始日期"] = first;
  }
  if (t.FindField("截止日期") && !header->count("截止日期") && !last.empty()) {
    (*header)["截止日期"] = last;
  }
  return Status::Ok();
}

}  // namespace

int CurrentYear() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local.tm_year + 1900;
}

std::string Today() {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", local.tm_year + 1900, local.tm_mon + 1,
                local.tm_mday);
  return buf;
}

std::string OpenVolumeOf(const std::vector<RegisterVolume>& volumes, int year) {
  for (auto it = volumes.rbegin(); it != volumes.rend(); ++it) {
    if (!it->closed && !it->volume.empty()) return it->volume;
  }
  const std::string base = std::to_string(year);
  auto taken = [&](const std::string& name) {
    for (const RegisterVolume& v : volumes) {
      if (v.volume == name) return true;
    }
    return false;
  };
  if (!taken(base)) return base;
  for (int n = 2;; ++n) {
    std::string name = base + "-" + std::to_string(n);
    if (!taken(name)) return name;
  }
}

std::string DateColumnOf(const Template& tmpl) {
  if (!tmpl.table) return "";
  for (const TableColumn& c : tmpl.table->columns) {
    if (c.field.type == FieldType::kDate) return c.field.name;
  }
  return "";
}

Status ListRegisterTemplates(const JobContext& ctx, std::vector<Template>* out) {
  std::vector<Template> all;
  DANGAN_RETURN_IF_ERROR(LoadTemplateDir(ctx.templates_dir, &all));
  out->clear();
  for (Template& t : all) {
    if (t.kind == TemplateKind::kRegister && t.table && MaySee(ctx.clearance, t.archive.secrecy)) {
      out->push_back(std::move(t));
    }
  }
  return Status::Ok();
}

Status ReadRegister(const JobContext& ctx, const std::string& template_id, RegisterState* out) {
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadRegister(ctx, template_id, &t));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  *out = RegisterState();
  out->template_id = t.id;
  out->title = t.title;
  DANGAN_RETURN_IF_ERROR(archive->ListRegisterVolumes(t.id, &out->volumes));
  out->open_volume = OpenVolumeOf(out->volumes, CurrentYear());
  return Status::Ok();
}

Status ReadVolumeRows(const JobContext& ctx, const std::string& template_id,
                      const std::string& volume, std::vector<RegisterRow>* out) {
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadRegister(ctx, template_id, &t));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return archive->ReadRegisterRows(t.id, volume, 0, 0, out);
}

Status AddRow(const JobContext& ctx, const AddRowRequest& request, RegisterRow* out,
              std::string* volume) {
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadRegister(ctx, request.template_id, &t));
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"册", request.volume}, {"作废原因", request.reason}}));
  if (request.voids < 0) {
    return Status::InvalidArgument(MakeProblem("invalid_number", 0, "作废序号", "应为正整数"));
  }
  if (request.voids > 0 && Trim(request.reason).empty()) {
    return Status::InvalidArgument(
        MakeProblem(problem_codes::kRequired, 0, "作废原因",
                    "作废第 " + std::to_string(request.voids) + " 号须写明原因"));
  }
  if (request.voids == 0 && !request.reason.empty()) {
    return Status::InvalidArgument(
        MakeProblem("reason_without_void", 0, "作废原因", "只有作废一行时才写原因"));
  }
  const int note = RegisterNoteColumn(t);
  if (request.voids > 0 && note >= 0) {
    const Field& f = t.table->columns[note].field;
    const std::string printed = "作废：" + Trim(request.reason);
    if (f.max_length && CodePointCount(printed) > *f.max_length) {
      return Status::InvalidArgument(MakeProblem(
          problem_codes::kTooLong, 0, "作废原因",
          "印在「" + f.name + "」栏，连同“作废：”不能超过 " + std::to_string(*f.max_length) +
              " 个字（现有 " + std::to_string(CodePointCount(printed)) + " 个）"));
    }
  }
  // The serial column is the archive's to number; a value typed for it is refused by name.
  std::vector<Problem> problems;
  RawRecord record;
  record.origin = "新行";
  for (const auto& [name, value] : request.values) {
    const TableColumn* c = t.FindColumn(name);
    if (c && c->field.type == FieldType::kSerial) {
      problems.push_back(MakeProblem("serial_given", 0, name, "由登记表按顺序自动编号，不能填写"));
      continue;
    }
    Problem text = CheckText(name, value, TextLines::kMany);
    if (!text.code.empty()) {
      problems.push_back(std::move(text));
      continue;
    }
    if (!Trim(value).empty()) record.values[name] = value;
  }
  if (!problems.empty()) return Status::InvalidArgument("这一行不能登记：", problems);
  const Template form = OneRowForm(t);
  Document doc;
  Status bound = BindDocument(form, std::move(record), &doc);
  if (!bound.ok()) {
    if (bound.problems().empty()) return bound;
    // A value refused is not also "missing": one problem a field.
    std::set<std::string> refused;
    for (const Problem& p : bound.problems()) {
      if (p.code != problem_codes::kRequired) refused.insert(p.field);
    }
    for (const Problem& p : bound.problems()) {
      if (p.code != problem_codes::kRequired || !refused.count(p.field)) problems.push_back(p);
    }
    return Status::InvalidArgument("这一行不能登记：", problems);
  }
  // Dates are stored as imports store them (ISO), whatever way they were typed.
  for (const Field& f : form.fields) {
    auto it = doc.values.find(f.name);
    if (f.type == FieldType::kDate && it != doc.values.end())
      it->second = NormalizeDate(it->second);
  }
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::string target = Trim(request.volume);
  if (target.empty()) {
    std::vector<RegisterVolume> volumes;
    DANGAN_RETURN_IF_ERROR(archive->ListRegisterVolumes(t.id, &volumes));
    target = OpenVolumeOf(volumes, CurrentYear());
  }
  RegisterRow row;
  row.values = doc.values;
  row.voids = request.voids;
  row.void_reason = Trim(request.reason);
  DANGAN_RETURN_IF_ERROR(archive->AppendRegisterRow(t.id, target, &row));
  if (out) *out = std::move(row);
  if (volume) *volume = target;
  return Status::Ok();
}

Status CloseVolume(const JobContext& ctx, const CloseVolumeRequest& request,
                   CloseVolumeResult* result) {
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadRegister(ctx, request.template_id, &t));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<RegisterVolume> volumes;
  DANGAN_RETURN_IF_ERROR(archive->ListRegisterVolumes(t.id, &volumes));
  const RegisterVolume* found = nullptr;
  for (const RegisterVolume& v : volumes) {
    if (v.volume == request.volume) found = &v;
  }
  if (!found) return Status::NotFound(VolumeLabel(t, request.volume) + "没有行，无法封册");
  if (found->closed) {
    return Status::InvalidArgument(VolumeLabel(t, request.volume) + "已封册（归档为 " +
                                   found->danghao + "）");
  }
  std::map<std::string, std::string> header = request.header;
  DANGAN_RETURN_IF_ERROR(DefaultHeader(archive.get(), t, request.volume, &header));
  std::vector<RawRecord> records(1);
  DANGAN_RETURN_IF_ERROR(
      RegisterRecordFromArchive(archive.get(), t, request.volume, header, 0, 0, &records[0]));
  ScratchDir scratch(ctx.archive_dir);
  DANGAN_RETURN_IF_ERROR(scratch.status());
  Generator generator;
  generator.SetPdfAuthor(archive->config().company);
  generator.KeepText(true);
  std::vector<GeneratedDocument> docs;
  DANGAN_RETURN_IF_ERROR(
      generator.Generate(t, std::move(records), OutputFormat::kBoth, scratch.path(), &docs));
  // Filing and closing in one transaction: a volume closed without its item (or an item of a
  // volume still open) would be a register that can never be printed the same way again.
  DANGAN_RETURN_IF_ERROR(archive->BeginImport());
  std::vector<ItemRecord> filed;
  Status st = FileGeneratedInto(archive.get(), t, docs, CurrentYear(), &filed);
  if (st.ok() && filed.size() != 1)
    st = Status::Internal("封册应归档一件，而不是 " + std::to_string(filed.size()) + " 件");
  if (st.ok()) st = archive->CloseRegisterVolume(t.id, request.volume, filed[0].danghao);
  if (st.ok()) st = archive->CommitImport();
  if (!st.ok()) {
    archive->RollbackImport();
    return st;
  }
  if (result) {
    result->document = docs[0];
    result->item = filed[0];
  }
  return Status::Ok();
}

Status RenderVolume(const JobContext& ctx, const std::string& template_id,
                    const std::string& volume, const std::map<std::string, std::string>& given,
                    const std::string& pdf_path) {
  Template t;
  DANGAN_RETURN_IF_ERROR(LoadRegister(ctx, template_id, &t));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::map<std::string, std::string> header = given;
  DANGAN_RETURN_IF_ERROR(DefaultHeader(archive.get(), t, volume, &header));
  std::vector<RawRecord> records(1);
  DANGAN_RETURN_IF_ERROR(
      RegisterRecordFromArchive(archive.get(), t, volume, header, 0, 0, &records[0]));
  // What the archivist gives at closing (保管部门 …) is not known yet: it prints blank.
  Template preview = t;
  for (Field& f : preview.fields) f.required = false;
  Generator generator;
  generator.SetPdfAuthor(archive->config().company);
  std::vector<GeneratedDocument> docs;
  return generator.Generate(preview, std::move(records), OutputFormat::kPdf, pdf_path, &docs);
}

nlohmann::json RegisterRowJson(const RegisterRow& row) {
  nlohmann::json j = {{"序号", row.row_no},
                      {"values", row.values},
                      {"source", row.source},
                      {"imported_at", row.imported_at},
                      {"imported_by", row.imported_by}};
  if (row.voids > 0) {
    j["voids"] = row.voids;
    j["void_reason"] = row.void_reason;
  }
  if (row.voided_by > 0) {
    j["voided_by"] = row.voided_by;
    j["voided_reason"] = row.voided_reason;
  }
  return j;
}

nlohmann::json RegisterVolumeJson(const RegisterVolume& v) {
  nlohmann::json j = {{"volume", v.volume},
                      {"rows", v.rows},
                      {"first_row", v.first_row},
                      {"last_row", v.last_row},
                      {"closed", v.closed}};
  if (v.closed) {
    j["closed_at"] = v.closed_at;
    j["closed_by"] = v.closed_by;
    j["档号"] = v.danghao;
  }
  return j;
}

}  // namespace dangan::jobs
