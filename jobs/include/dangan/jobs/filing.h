// Filing jobs: scans and other files into the archive, and documents just generated.
#pragma once

#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/base/input_limits.h"
#include "dangan/generator/generator.h"
#include "dangan/jobs/job_context.h"

namespace dangan::jobs {

struct FileScansRequest {
  std::vector<std::string> paths;  // one item's files (PDF, PNG, JPEG, TIFF)
  std::string join_item;           // a 档号: add the files to this item as signed scans
  NewItem item;                    // for a new item: its metadata (title, year, dept, …)
  bool retention_given = false;    // item.retention was chosen by the user, not defaulted
  bool ocr = true;
  std::string ocr_languages = "chi_sim";  // chi_sim, chi_tra or chi_sim+chi_tra
  int max_pages = kDefaultMaxPages;       // pages a PDF (frames a TIFF) may have: --max-pages
  // A 经办人 files only the signed scans of forms they generated and filed themselves: the files
  // must join (by QR code, or join_item) a generated item filed by the context's user; nothing
  // else is filed (InvalidArgument saying so).
  bool own_generated_only = false;
};

struct FileScansResult {
  enum class How { kNewItem, kJoinedGiven, kJoinedByQr };
  How how = How::kNewItem;
  std::string doc_number;  // kJoinedByQr: the number read from the QR code
  ItemRecord item;         // the item as it stands after filing
};

// Reads every file first (any bad file stops the job before anything is filed). A scan that
// carries one of our QR codes joins the item generated with that number as a signed scan; an
// error while looking that item up is an error, never "no match, file a new item". Without a
// match, the files become a new item; its retention defaults from the archive's table. An item
// above the context's clearance is not joined: --item answers as for a 档号 not in the
// catalogue, a QR code of one is refused (InvalidArgument) without naming it.
Status FileScans(const JobContext& ctx, FileScansRequest request, FileScansResult* result);

// Files each generated document as one item, in one batch: the PDF as the original (text and
// pages from the generator, no reading back), the XLSX as an attachment. The period is the
// longer of the template's and the archive's table; 年度 is the document's date's year, else
// `fallback_year` (the front end's "this year").
Status FileGenerated(const JobContext& ctx, const Template& tmpl,
                     const std::vector<GeneratedDocument>& docs, int fallback_year,
                     std::vector<ItemRecord>* filed);

// FileGenerated on an archive already open, so that a caller can file inside its own
// transaction (BeginImport … CommitImport), e.g. a register's volume with its closing.
Status FileGeneratedInto(Archive* archive, const Template& tmpl,
                         const std::vector<GeneratedDocument>& docs, int fallback_year,
                         std::vector<ItemRecord>* filed);

}  // namespace dangan::jobs
