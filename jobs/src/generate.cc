#include "dangan/jobs/generate.h"

#include <cerrno>
#include <cstdio>
#include <memory>

#include "dangan/generator/document.h"
#include "dangan/importers/import.h"
#include "dangan/jobs/filing.h"

namespace dangan::jobs {
namespace {

Status RecordsFromArchive(const JobContext& ctx, const Template& t, const GenerateRequest& request,
                          const std::map<std::string, std::string>& header,
                          std::vector<RawRecord>* records) {
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  records->emplace_back();
  return RegisterRecordFromArchive(archive.get(), t, request.volume, header, request.rows_from,
                                   request.rows_to, &records->back());
}

// `s` with `note` added to its message, keeping its code and problems.
Status WithNote(const Status& s, const std::string& note) {
  const std::string message = s.message() + note;
  switch (s.code()) {
    case Status::Code::kOk:
      return s;
    case Status::Code::kInvalidArgument:
      return s.problems().empty() ? Status::InvalidArgument(message)
                                  : Status::InvalidArgument(message, s.problems());
    case Status::Code::kNotFound:
      return Status::NotFound(message);
    case Status::Code::kCorruption:
      return Status::Corruption(message);
    case Status::Code::kIoError:
      return Status::IoError(message);
    case Status::Code::kUnsupported:
      return Status::Unsupported(message);
    case Status::Code::kResourceExhausted:
      return Status::ResourceExhausted(message);
    case Status::Code::kInternal:
      break;
  }
  return Status::Internal(message);
}

// Files written by a run whose filing failed: left in --out they would look like filed
// documents (numbered, with a QR code) that the archive has never seen. Returns how many
// could not be removed.
int RemoveGenerated(const std::vector<GeneratedDocument>& docs) {
  int left = 0;
  for (const GeneratedDocument& d : docs) {
    for (const GeneratedFile& f : d.files) {
      if (std::remove(f.path.c_str()) != 0 && errno != ENOENT) ++left;
    }
  }
  return left;
}

}  // namespace

Status ParseRange(const std::string& text, const std::string& what, int64_t* from, int64_t* to) {
  *from = *to = 0;
  if (text.empty()) return Status::Ok();
  const Status bad =
      Status::InvalidArgument(what + " 应写作 起-止（如 1-50），而不是「" + text + "」");
  const size_t dash = text.find('-');
  try {
    *from = std::stoll(text.substr(0, dash));
    *to = dash == std::string::npos ? *from : std::stoll(text.substr(dash + 1));
  } catch (const std::exception&) {
    return bad;
  }
  if (*from < 1 || *to < *from) return bad;
  return Status::Ok();
}

Status CheckData(const JobContext& ctx, const std::string& template_id,
                 const std::string& data_path) {
  Template t;
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, template_id, &t));
  std::vector<RawRecord> records;
  DANGAN_RETURN_IF_ERROR(ReadData(t, data_path, {}, &records));
  for (RawRecord& record : records) {
    Document doc;
    DANGAN_RETURN_IF_ERROR(BindDocument(t, std::move(record), &doc));
  }
  return Status::Ok();
}

std::string PdfAuthor(const JobContext& ctx) {
  if (ctx.archive_dir.empty()) return "";
  std::unique_ptr<Archive> archive;
  // Generating needs no archive; without one (or with one that does not open, which --file then
  // reports) the PDF simply names no author.
  if (!OpenArchive(ctx, &archive).ok()) return "";
  return archive->config().company;
}

Status Generate(const JobContext& ctx, const GenerateRequest& request, GenerateResult* result) {
  if (request.data_path.empty() && !request.from_archive) {
    return Status::InvalidArgument("缺少 --data 数据文件（或用 --from-archive 取导入的登记表）");
  }
  Template t;
  DANGAN_RETURN_IF_ERROR(FindTemplate(ctx, request.template_id, &t));
  std::map<std::string, std::string> header;
  if (!request.header_path.empty()) {
    DANGAN_RETURN_IF_ERROR(ReadHeaderValues(request.header_path, &header));
  }
  for (const auto& [field, value] : request.sets) header[field] = value;
  std::vector<RawRecord> records;
  DANGAN_RETURN_IF_ERROR(request.from_archive
                             ? RecordsFromArchive(ctx, t, request, header, &records)
                             : ReadData(t, request.data_path, header, &records));
  Generator generator;
  generator.KeepText(request.file);
  generator.SetPdfAuthor(PdfAuthor(ctx));
  DANGAN_RETURN_IF_ERROR(
      generator.Generate(t, std::move(records), request.format, request.out, &result->documents));
  if (!request.file) return Status::Ok();
  Status filed = FileGenerated(ctx, t, result->documents, request.fallback_year, &result->filed);
  if (filed.ok()) return filed;
  const int left = RemoveGenerated(result->documents);
  result->documents.clear();
  return WithNote(filed, left == 0
                             ? "（未归档：本次生成的文件已从 " + request.out + " 删除）"
                             : "（未归档：本次生成的文件有 " + std::to_string(left) + " 个无法从 " +
                                   request.out + " 删除，请勿当作已归档的文件使用）");
}

}  // namespace dangan::jobs
