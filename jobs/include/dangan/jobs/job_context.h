// What every job is given by its front end (the command line, the web application): whose
// archive, who acts, what they may see. Nothing a job needs comes from the environment or the
// terminal; the front end decides it (the command from --archive/DANGAN_ARCHIVE, the web
// application from the signed-in account).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>

#include "dangan/archive/archive.h"
#include "dangan/base/status.h"
#include "dangan/generator/template.h"
#include "dangan/records/secrecy.h"
#include "dangan/records/text.h"

namespace dangan::jobs {

struct JobContext {
  std::string archive_dir;              // the archive directory
  std::string user;                     // who acts: written to the audit log
  std::string templates_dir;            // where the form templates are
  Secrecy clearance = kDefaultSecrecy;  // the highest 密级 the user may see
};

// Opens the context's archive; a user name that is not one line of clean text (records/text.h:
// CheckText) is refused first, since it goes into every audit entry.
Status OpenArchive(const JobContext& ctx, std::unique_ptr<Archive>* out);

// Values a user gives, each as (field name as the clerk says it, value, one line or many):
// every one that breaks the text rule (invalid UTF-8, control characters, line breaks in a
// one-line field) is a problem naming its field, all at once; InvalidArgument, or Ok.
struct GivenText {
  const char* field;
  const std::string& value;
  TextLines lines = TextLines::kOne;
};
Status CheckGivenText(std::initializer_list<GivenText> values);
// The template `id` from the context's template folder; NotFound names it.
Status FindTemplate(const JobContext& ctx, const std::string& id, Template* out);
// FindTemplate's answer for a template that is not there (also for one the reader may not see).
Status TemplateNotFound(const JobContext& ctx, const std::string& id);

}  // namespace dangan::jobs
