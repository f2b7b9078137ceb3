#include "dangan/records/text.h"
#include "dangan/generator/generator.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "dangan/generator/layout.h"
#include "dangan/generator/xlsx_writer.h"

namespace dangan {
namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

Status MakeDirectories(const std::string& path) {
  std::string partial;
  for (size_t i = 0; i <= path.size(); ++i) {
    if (i == path.size() || path[i] == '/') {
      if (!partial.empty() && mkdir(partial.c_str(), 0755) != 0 && errno != EEXIST) {
        return Status::IoError("无法创建目录 " + partial + "：" + SystemErrorText(errno));
      }
    }
    if (i < path.size()) partial += path[i];
  }
  return Status::Ok();
}

// Title, then 字段：值 for each header field with a value, then each table row's cells.
std::string DocumentText(const Document& doc) {
  std::string text = doc.ArchiveTitle();
  for (const Field& field : doc.tmpl->fields) {
    auto value = doc.values.find(field.name);
    if (value == doc.values.end() || value->second.empty()) continue;
    text += "\n" + field.name + "：" + value->second;
  }
  for (size_t r = 0; r < doc.rows.rows(); ++r) {
    text += '\n';
    for (size_t c = 0; c < doc.rows.columns(); ++c) {
      if (c > 0) text += '\t';
      text += doc.rows.at(r, c);
    }
  }
  return text;
}

}  // namespace

Status Generator::EnsurePdfWriter() {
  if (pdf_) return Status::Ok();
  return PdfWriter::Create(pdf_options_, &pdf_);
}

Status Generator::Generate(const Template& tmpl, std::vector<RawRecord> records,
                           OutputFormat format, const std::string& out,
                           std::vector<GeneratedDocument>* result) {
  std::vector<Document> docs(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    DANGAN_RETURN_IF_ERROR(BindDocument(tmpl, std::move(records[i]), &docs[i]));
  }
  bool single_file = EndsWith(out, ".pdf") || EndsWith(out, ".xlsx");
  if (single_file && docs.size() != 1) {
    return Status::InvalidArgument("数据中有 " + std::to_string(docs.size()) +
                                   " 条记录，--out 应为目录而不是单个文件 " + out);
  }
  std::string stem;
  if (single_file) {
    stem = out.substr(0, out.rfind('.'));
    size_t slash = stem.rfind('/');
    if (slash != std::string::npos) DANGAN_RETURN_IF_ERROR(MakeDirectories(stem.substr(0, slash)));
  } else {
    DANGAN_RETURN_IF_ERROR(MakeDirectories(out));
  }
  bool want_pdf = format != OutputFormat::kXlsx;
  bool want_xlsx = format != OutputFormat::kPdf;
  if (want_pdf) DANGAN_RETURN_IF_ERROR(EnsurePdfWriter());
  for (const Document& doc : docs) {
    GeneratedDocument g;
    g.template_id = tmpl.id;
    g.doc_number = doc.doc_number;
    g.archive_title = doc.ArchiveTitle();
    auto date = doc.values.find(tmpl.archive.date_field);
    if (date != doc.values.end()) g.archive_date = NormalizeDate(date->second);
    for (const std::string& field : tmpl.archive.people_fields) {
      auto person = doc.values.find(field);
      if (person == doc.values.end() || person->second.empty()) continue;
      g.archive_people += (g.archive_people.empty() ? "" : "、") + person->second;
    }
    g.approval_chain = doc.approval_chain;
    g.rows = doc.rows.rows();
    if (keep_text_) g.text = DocumentText(doc);
    std::string base = single_file ? stem : out + "/" + doc.doc_number;
    Sheet sheet = LayOut(doc);
    if (want_pdf) {
      GeneratedFile f{base + ".pdf", "pdf", 0};
      PdfResult pdf_result;
      DANGAN_RETURN_IF_ERROR(pdf_->Write(sheet, f.path, &pdf_result));
      f.pages = pdf_result.page_count;
      g.files.push_back(f);
    }
    if (want_xlsx) {
      GeneratedFile f{base + ".xlsx", "xlsx", 0};
      XlsxOptions xlsx_options;
      xlsx_options.tmpl = doc.tmpl;
      DANGAN_RETURN_IF_ERROR(WriteXlsx(sheet, f.path, xlsx_options));
      g.files.push_back(f);
    }
    result->push_back(std::move(g));
  }
  return Status::Ok();
}

}  // namespace dangan
