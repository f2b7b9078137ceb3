#include "dangan/jobs/json.h"

namespace dangan::jobs {
namespace {

const char* CodeOfStatus(Status::Code code) {
  switch (code) {
    case Status::Code::kOk:
      return "ok";
    case Status::Code::kInvalidArgument:
      return "invalid_argument";
    case Status::Code::kNotFound:
      return "not_found";
    case Status::Code::kCorruption:
      return "corrupt_file";
    case Status::Code::kIoError:
      return "io_error";
    case Status::Code::kUnsupported:
      return "unsupported";
    case Status::Code::kInternal:
      return "internal_error";
    case Status::Code::kResourceExhausted:
      return "too_many_attempts";
  }
  return "internal_error";
}

}  // namespace

std::string DumpJson(const Json& j, int indent) {
  return j.dump(indent, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
}

Json FieldJson(const Field& f) {
  Json j = {{"name", f.name}, {"type", FieldTypeName(f.type)}, {"required", f.required}};
  if (f.max_length) j["max_length"] = *f.max_length;
  if (f.min) j["min"] = *f.min;
  if (f.max) j["max"] = *f.max;
  if (!f.options.empty()) j["options"] = f.options;
  if (!f.compute.empty()) j["compute"] = f.compute;
  if (!f.note.empty()) j["note"] = f.note;
  return j;
}

Json FileJson(const StoredFile& f) {
  return {{"role", FileRoleName(f.role)},
          {"name", f.name},
          {"size", f.size},
          {"media_type", f.media_type},
          {"pages", f.pages},
          {"sha256", f.sha256},
          {"sm3", f.sm3},
          {"added_at", f.added_at},
          {"text", f.text}};  // empty where the listing leaves it out
}

Json ItemJson(const ItemRecord& item) {
  Json files = Json::array();
  for (const StoredFile& f : item.files) files.push_back(FileJson(f));
  return {{"档号", item.danghao},
          {"全宗号", item.fonds},
          {"门类", item.category},
          {"年度", item.year},
          {"保管期限", item.retention},
          {"机构", item.department},
          {"件号", item.piece},
          {"题名", item.title},
          {"责任者", item.responsible},
          {"文号", item.doc_ref},
          {"日期", item.date},
          {"页数", item.pages},
          {"密级", item.secrecy},
          {"备注", item.notes},
          {"来源", item.source},
          {"模板", item.template_id},
          {"文档编号", item.doc_number},
          {"冻结", item.hold},
          {"冻结原因", item.hold_reason},
          {"归档时间", item.filed_at},
          {"归档人", item.filed_by},
          {"已销毁", item.destroyed},
          {"销毁日期", item.destroyed_at},
          {"销毁清册", item.destruction_list},
          {"开放审核", item.open_status},  // 开放 / 控制, "" = not reviewed (issue 17)
          {"开放审核理由", item.open_reason},
          {"开放审核日期", item.open_reviewed_at},
          {"开放审核人", item.open_reviewed_by},
          {"files", files}};
}

Json ProblemJson(const Problem& p) {
  Json j = {{"code", p.code}, {"message", DescribeProblem(p)}, {"reason", p.message}};
  if (!p.file.empty()) j["file"] = p.file;
  if (!p.sheet.empty()) j["sheet"] = p.sheet;
  if (p.row > 0) j["row"] = p.row;
  if (p.column > 0) j["column"] = ColumnLetters(p.column);
  if (!p.field.empty()) j["field"] = p.field;
  return j;
}

Json StatusJson(const Status& s) {
  Json problems = Json::array();
  for (const Problem& p : s.problems()) problems.push_back(ProblemJson(p));
  if (problems.empty() && !s.ok()) {
    problems.push_back({{"code", CodeOfStatus(s.code())}, {"message", s.message()}});
  }
  return {{"error", s.ok() ? "" : s.message()}, {"problems", problems}};
}

Json GeneratedJson(const GeneratedDocument& d) {
  Json files = Json::array();
  for (const GeneratedFile& file : d.files) {
    Json jf = {{"path", file.path}, {"format", file.format}};
    if (file.format == "pdf") jf["pages"] = file.pages;
    files.push_back(jf);
  }
  return {{"模板", d.template_id},    {"文档编号", d.doc_number}, {"题名", d.archive_title},
          {"审批", d.approval_chain}, {"行数", d.rows},           {"files", files}};
}

Json ImportReportJson(const ImportReport& r) {
  Json columns = Json::array();
  for (const ColumnReport& c : r.columns) {
    Json samples = Json::array();
    for (const auto& [before, after] : c.samples) samples.push_back({before, after});
    columns.push_back({{"sheet", c.sheet},
                       {"column", ColumnName(c.column)},
                       {"header", c.header},
                       {"field", c.field},
                       {"how", c.how},
                       {"samples", samples}});
  }
  Json problems = Json::array();
  for (const ImportProblem& p : r.problems) {
    problems.push_back({{"code", p.code},
                        {"message", DescribeImportProblem(p)},
                        {"reason", p.reason},
                        {"sheet", p.sheet},
                        {"row", p.row},
                        {"column", p.column},
                        {"field", p.field},
                        {"rejects", p.rejects}});
  }
  return {{"source", r.source},
          {"format", r.format},
          {"encoding", r.encoding},
          {"sheets", r.sheets},
          {"columns", columns},
          {"rows_read", r.rows_read},
          {"rows_added", r.rows_added},
          {"rows_unchanged", r.rows_unchanged},
          {"rows_changed", r.rows_changed},
          {"rows_rejected", r.rows_rejected},
          {"problems", problems},
          {"problems_truncated", r.problems_truncated},
          {"changed", r.changed},
          {"changed_truncated", r.changed_truncated},
          {"added", r.added},
          {"scans_attached", r.scans_attached},
          {"unmatched_scans", r.unmatched_scans},
          {"rows_without_scan", r.rows_without_scan},
          {"header_values", r.header_values},
          {"report_file", r.report_file},
          {"written", r.written},
          {"dry_run", r.dry_run}};
}

}  // namespace dangan::jobs
