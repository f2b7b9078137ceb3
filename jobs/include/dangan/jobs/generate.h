// The generate job: a template and data (a file, or the rows of a register stored in the
// archive) in, PDF/XLSX out, optionally filed at once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

struct GenerateRequest {
  std::string template_id;
  std::string data_path;                    // JSON or CSV; empty with from_archive
  bool from_archive = false;                // a register's rows imported earlier
  std::string volume;                       // from_archive: the register's 册
  int64_t rows_from = 0, rows_to = 0;       // from_archive: 序号 range; 0 = all
  std::string header_path;                  // JSON object of header fields
  std::map<std::string, std::string> sets;  // header fields given one by one (win over the file)
  OutputFormat format = OutputFormat::kBoth;
  std::string out = "out";  // directory, or a file name for one document
  bool file = false;        // file each document into the archive
  int fallback_year = 0;    // filing: 年度 of a document without a date
};

struct GenerateResult {
  std::vector<GeneratedDocument> documents;
  std::vector<ItemRecord> filed;  // parallel to documents when filed
};

Status Generate(const JobContext& ctx, const GenerateRequest& request, GenerateResult* result);

// Checks the data of `data_path` (JSON or CSV) against template `template_id` as Generate
// would, writing nothing: Ok, or the problems of the first record at fault.
Status CheckData(const JobContext& ctx, const std::string& template_id,
                 const std::string& data_path);

// "1-50" → 1 and 50; "7" → 7 and 7; "" → 0 and 0 (all). `what` names the option in messages.
Status ParseRange(const std::string& text, const std::string& what, int64_t* from, int64_t* to);

// The company a generated PDF names as its author (PDF/A metadata): the 立档单位 of the context's
// archive; empty when there is no archive there.
std::string PdfAuthor(const JobContext& ctx);

}  // namespace dangan::jobs
