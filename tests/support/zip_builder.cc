#include "support/zip_builder.h"

#include <zip.h>

#include <catch2/catch.hpp>

namespace dangan::test {

std::string WriteZip(const std::string& path, const std::vector<ZipPart>& parts) {
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  REQUIRE(zip != nullptr);
  for (const ZipPart& part : parts) {
    zip_source_t* source = zip_source_buffer(zip, part.content.data(), part.content.size(), 0);
    REQUIRE(source != nullptr);
    const zip_int64_t index = zip_file_add(zip, part.name.c_str(), source, ZIP_FL_OVERWRITE);
    REQUIRE(index >= 0);
    zip_set_file_compression(zip, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9);
  }
  REQUIRE(zip_close(zip) == 0);  // the buffers are read here, while `parts` is alive
  return path;
}

std::vector<ZipPart> MinimalWorkbook(const std::string& sheet_xml, const std::string& styles,
                                     const std::string& shared, const std::string& workbook_pr) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  std::vector<ZipPart> parts;
  parts.push_back({"[Content_Types].xml",
                   "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/"
                   "package/2006/content-types\"/>"});
  parts.push_back({"xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"" + ns +
                                          "\" xmlns:r=\"" + rel + "\">" + workbook_pr +
                                          "<sheets><sheet name=\"Sheet1\" sheetId=\"1\" "
                                          "r:id=\"rId1\"/></sheets></workbook>"});
  parts.push_back({"xl/_rels/workbook.xml.rels",
                   "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats."
                   "org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"" +
                       rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"});
  parts.push_back({"xl/worksheets/sheet1.xml", sheet_xml});
  if (!styles.empty()) parts.push_back({"xl/styles.xml", styles});
  if (!shared.empty()) parts.push_back({"xl/sharedStrings.xml", shared});
  return parts;
}

std::string WorksheetXml(const std::string& rows, const std::string& extra) {
  return "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/"
         "spreadsheetml/2006/main\"><sheetData>" +
         rows + "</sheetData>" + extra + "</worksheet>";
}

}  // namespace dangan::test
