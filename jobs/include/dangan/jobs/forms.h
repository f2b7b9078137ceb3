// Filling a form in the browser (issue 15): the catalogue of forms, one form's description with
// the values an account always gives, checking what has been typed so far (the generator's own
// checks: BindDocument), generating the PDF or XLSX from posted JSON, and filing it.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "dangan/base/problem.h"
#include "dangan/generator/generator.h"
#include "dangan/generator/template.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"

namespace dangan::jobs {

// The templates of a folder, loaded once and loaded again when a file of the folder is added,
// removed or changed (size or mtime): loading all 31 costs milliseconds, a check must not.
// Thread-safe; the list handed out never changes.
Status CachedTemplates(const std::string& dir, std::shared_ptr<const std::vector<Template>>* out);
// One template of the cached folder: NotFound as FindTemplate.
Status CachedTemplate(const JobContext& ctx, const std::string& id,
                      std::shared_ptr<const Template>* out);

// The 《…》 part of a template's source: "《印章管理制度及流程》第四条" → "《印章管理制度及流程》".
std::string RegulationOf(const std::string& source);

// Whether the catalogue's search `q` finds template `t`: its id (O-09, o09), its title
// (simplified or traditional), or the title's pinyin in full or by initials (yydj).
bool FormMatches(const Template& t, std::string_view q);

// GET /api/forms: {"recent": [ids], "templates": [{"id","title","kind","category","source",
// "regulation","recent"}]}, the account's recently used forms first, then by regulation,
// category and id.
Status FormCatalogue(const JobContext& ctx, std::string_view q, Json* out);

// GET /api/forms/{ID}: the form's fields, table columns, approvals and the defaults the account
// gives (its name and 机构) for the fields the template has.
Json FormDetailJson(const Template& t, const std::string& account_name,
                    const std::string& account_dept);

struct FormCheckResult {
  bool ok = false;
  std::vector<Problem> problems;                // every one, with field and row (0 = header)
  std::map<std::string, std::string> computed;  // computed header fields as printed (1,130.00)
  std::map<std::string, std::string> capitals;  // money fields the layout prints in 大写
  std::vector<std::map<std::string, std::string>> rows;  // computed columns of each row
  std::vector<std::string> approval_chain;
  std::string approval_basis;
  std::string title;  // 题名 it would be filed under
};

// Checks `values` (a JSON object as `generate --data` reads it) against template `id`. Problems
// of the values are in `out`; the status fails only for an unknown template (NotFound) or values
// that are not a JSON object (InvalidArgument).
Status CheckForm(const JobContext& ctx, const std::string& id, const Json& values,
                 FormCheckResult* out);
Json FormCheckJson(const FormCheckResult& r);

struct FormFile {
  std::string bytes;
  std::string doc_number;
  std::string file_name;  // {doc_number}.pdf
  std::string media_type;
};
// The PDF or XLSX (format kPdf or kXlsx) of `values`: InvalidArgument with the problems when
// they are not complete. Written to a scratch folder inside the archive's folder, read back and
// removed.
Status GenerateForm(const JobContext& ctx, const std::string& id, const Json& values,
                    OutputFormat format, FormFile* out);

struct FiledForm {
  std::string danghao, doc_number, title;
};
// Generates PDF and XLSX of `values` and files them as one item (Generate with file = true),
// as ctx.user; notes the form as used by that account.
Status FileForm(const JobContext& ctx, const std::string& id, const Json& values, FiledForm* out);

}  // namespace dangan::jobs
