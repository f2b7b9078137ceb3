// Generator: the whole path from checked data to files, PDF and/or XLSX.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dangan/generator/document.h"
#include "dangan/generator/pdf_writer.h"
#include "dangan/base/status.h"

namespace dangan {

enum class OutputFormat { kPdf, kXlsx, kBoth };

struct GeneratedFile {
  std::string path;
  std::string format;  // "pdf" or "xlsx"
  int pages = 0;       // PDF only
};

struct GeneratedDocument {
  std::string template_id;
  std::string doc_number;
  std::string archive_title;   // 题名 from the template's pattern
  std::string archive_date;    // YYYY-MM-DD from the template's date field; "" if none
  std::string archive_people;  // 责任者: the template's people fields, joined with 、
  std::vector<std::string> approval_chain;
  size_t rows = 0;
  std::vector<GeneratedFile> files;
  // The document's words (title, each header field as 字段：值, each table row), for the archive's
  // full-text index: filing a just-generated PDF needs no reading back. Filled with KeepText.
  std::string text;
};

class Generator {
 public:
  explicit Generator(PdfOptions pdf_options = {}) : pdf_options_(std::move(pdf_options)) {}

  // Checks every record first: if any is wrong, nothing is written. `out` is a directory
  // (files named after the document number) or, for a single document, a file path ending
  // in .pdf or .xlsx.
  Status Generate(const Template& tmpl, std::vector<RawRecord> records, OutputFormat format,
                  const std::string& out, std::vector<GeneratedDocument>* result);

  // Also give each document its text (for filing); off by default, as a long register's text is
  // as large as its data.
  void KeepText(bool keep) { keep_text_ = keep; }
  // The company named as author in every PDF (PDF/A metadata); before the first Generate.
  void SetPdfAuthor(std::string company) { pdf_options_.author = std::move(company); }

 private:
  Status EnsurePdfWriter();

  PdfOptions pdf_options_;
  bool keep_text_ = false;
  std::unique_ptr<PdfWriter> pdf_;  // created on first use: parsing the fonts costs time
};

}  // namespace dangan
