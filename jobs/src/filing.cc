#include "dangan/jobs/filing.h"

#include <memory>
#include <utility>

#include "dangan/intake/intake.h"
#include "dangan/jobs/four_properties.h"
#include "dangan/records/retention.h"

namespace dangan::jobs {
namespace {

const char kXlsxMediaType[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// Reads every path; any bad file stops the whole job before anything is filed.
Status ReadScans(const FileScansRequest& request, std::vector<NewFile>* files,
                 std::vector<std::string>* doc_numbers) {
  IntakeOptions options;
  options.ocr = request.ocr;
  options.languages = request.ocr_languages;
  options.max_pages = request.max_pages;
  for (const std::string& path : request.paths) {
    IntakeResult scan;
    DANGAN_RETURN_IF_ERROR(ReadForFiling(path, options, &scan));
    NewFile f;
    f.path = path;
    f.media_type = scan.media_type;
    f.pages = static_cast<int>(scan.pages.size());
    f.text = scan.text;
    files->push_back(std::move(f));
    for (const std::string& qr : scan.qr_codes) {
      std::string number = DocNumberFromQr(qr);
      if (!number.empty()) doc_numbers->push_back(std::move(number));
    }
  }
  return Status::Ok();
}

void SetRole(std::vector<NewFile>* files, FileRole role) {
  for (NewFile& f : *files) f.role = role;
}

// The longer of two periods given as codes ("" = none): periods may only be lengthened.
std::string LongerCode(const std::string& a, const std::string& b) {
  const auto ra = ParseRetentionCode(a), rb = ParseRetentionCode(b);
  if (!ra) return b;
  if (!rb) return a;
  return RetentionCode(Longer(*ra, *rb));
}

// Every field of a new item the user typed, against the one text rule; all problems at once.
Status CheckItemText(const NewItem& item) {
  return CheckGivenText({{"题名", item.title},
                         {"门类", item.category},
                         {"机构", item.department},
                         {"保管期限", item.retention},
                         {"密级", item.secrecy},
                         {"日期", item.date},
                         {"责任者", item.responsible},
                         {"文号", item.doc_ref},
                         {"备注", item.notes, TextLines::kMany},
                         {"档号", item.danghao}});
}

// own_generated_only: the item a 经办人's scan joins must be a form they generated and filed.
Status CheckOwnGenerated(const JobContext& ctx, const ItemRecord& item) {
  // The command line's --as records "OS user（账户 NAME）" as who filed it.
  const std::string via_command_line = "（账户 " + ctx.user + "）";
  const bool own = item.filed_by == ctx.user ||
                   (item.filed_by.size() > via_command_line.size() &&
                    item.filed_by.compare(item.filed_by.size() - via_command_line.size(),
                                          std::string::npos, via_command_line) == 0);
  if (item.source == ItemSourceCode(ItemSource::kGenerated) && own) return Status::Ok();
  return Status::InvalidArgument("经办人只能归档自己生成的表单的签字扫描件，" + item.danghao +
                                 " 不是你生成归档的表单");
}

}  // namespace

Status FileScans(const JobContext& ctx, FileScansRequest request, FileScansResult* result) {
  if (request.paths.empty()) return Status::InvalidArgument("请给出要归档的文件");
  // Before any file is read (OCR takes long) and before anything reaches the catalogue.
  DANGAN_RETURN_IF_ERROR(CheckItemText(request.item));
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"档号（--item）", request.join_item}}));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  std::vector<NewFile> files;
  std::vector<std::string> doc_numbers;
  DANGAN_RETURN_IF_ERROR(ReadScans(request, &files, &doc_numbers));
  if (!request.join_item.empty()) {
    // An item above the clerk's clearance does not exist for them.
    ItemRecord joined;
    DANGAN_RETURN_IF_ERROR(archive->GetFor(request.join_item, ctx.clearance, false, &joined));
    if (request.own_generated_only) DANGAN_RETURN_IF_ERROR(CheckOwnGenerated(ctx, joined));
    SetRole(&files, FileRole::kSignedScan);
    result->how = FileScansResult::How::kJoinedGiven;
    return archive->AddFiles(request.join_item, files, &result->item);
  }
  for (const std::string& number : doc_numbers) {
    ItemRecord generated;
    Status found = archive->FindByDocNumber(number, &generated);
    if (found.code() == Status::Code::kNotFound) continue;
    DANGAN_RETURN_IF_ERROR(found);
    // The clerk holds the paper, but the item (title, 档号) stays hidden; filing the scan as a
    // new item would catalogue it below its 密级.
    if (!archive->GetFor(generated.danghao, ctx.clearance, false, nullptr).ok()) {
      return Status::InvalidArgument("扫描件上的文档编号 " + number +
                                     " 属于一件高于你密级的档案，请交给有相应密级的人员归档");
    }
    if (request.own_generated_only) DANGAN_RETURN_IF_ERROR(CheckOwnGenerated(ctx, generated));
    SetRole(&files, FileRole::kSignedScan);
    result->how = FileScansResult::How::kJoinedByQr;
    result->doc_number = number;
    return archive->AddFiles(generated.danghao, files, &result->item);
  }
  if (request.own_generated_only) {
    return Status::InvalidArgument(
        "经办人只能归档自己生成的表单的签字扫描件：没有在文件中读到本系统表单的二维码，"
        "请交给档案员按新件归档");
  }
  NewItem& item = request.item;
  for (const auto& [value, option] :
       {std::pair<const std::string&, const char*>{item.title, "--title"},
        {item.department, "--dept"}}) {
    if (value.empty()) {
      return Status::InvalidArgument(std::string("新归档的件需要 ") + option +
                                     "（或用 --item 档号 加入已有的件）");
    }
  }
  if (item.year == 0)
    return Status::InvalidArgument("新归档的件需要 --year（或用 --item 档号 加入已有的件）");
  if (!request.retention_given) {
    item.retention = archive->RetentionFor("", item.category, item.title);
    if (item.retention.empty()) {
      return Status::InvalidArgument(
          "请用 --retention 给出保管期限（Y、D30 或 D10）：保管期限表中没有对应的条目");
    }
  }
  item.source = ItemSourceCode(ItemSource::kScan);
  SetRole(&files, FileRole::kOriginal);
  result->how = FileScansResult::How::kNewItem;
  return archive->File(item, files, &result->item);
}

Status FileGenerated(const JobContext& ctx, const Template& tmpl,
                     const std::vector<GeneratedDocument>& docs, int fallback_year,
                     std::vector<ItemRecord>* filed) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  return FileGeneratedInto(archive.get(), tmpl, docs, fallback_year, filed);
}

Status FileGeneratedInto(Archive* archive, const Template& tmpl,
                         const std::vector<GeneratedDocument>& docs, int fallback_year,
                         std::vector<ItemRecord>* filed) {
  // One batch: every document is filed or none is, and the store's flushes are shared.
  std::vector<Filing> batch;
  for (const GeneratedDocument& d : docs) {
    Filing filing;
    NewItem& item = filing.item;
    item.category = tmpl.archive.category;
    item.department = tmpl.archive.department;
    item.secrecy = SecrecyName(tmpl.archive.secrecy);
    item.retention =
        LongerCode(RetentionCode(tmpl.archive.retention),
                   archive->RetentionFor(tmpl.id, tmpl.archive.category, d.archive_title));
    item.title = d.archive_title;
    item.date = d.archive_date;
    item.year = d.archive_date.size() >= 4 ? std::stoi(d.archive_date.substr(0, 4)) : fallback_year;
    item.responsible = d.archive_people;
    item.source = ItemSourceCode(ItemSource::kGenerated);
    item.template_id = tmpl.id;
    item.doc_number = d.doc_number;
    for (const GeneratedFile& g : d.files) {
      // 归档环节 of the four-property checks: what the generator wrote opens, is not encrypted,
      // and a PDF carries its PDF/A identification.
      FourPropertyReport filing_checks;
      DANGAN_RETURN_IF_ERROR(RefuseUnusable(g.path, &filing_checks));
      NewFile f;
      f.path = g.path;
      if (g.format == "pdf") {
        f.role = FileRole::kOriginal;
        f.media_type = "application/pdf";
        f.pages = g.pages;
        f.text = d.text;
      } else {
        f.role = FileRole::kAttachment;
        f.media_type = kXlsxMediaType;
      }
      filing.files.push_back(std::move(f));
    }
    batch.push_back(std::move(filing));
  }
  return archive->FileBatch(batch, filed);
}

}  // namespace dangan::jobs
