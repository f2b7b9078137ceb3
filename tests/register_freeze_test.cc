// A register's XLSX freezes only its column heading row (issue 18 §3): the window opens at the
// headings, which stay in view while the rows scroll; the title and head block stay in the sheet
// and on the printout. Read back from the package's XML and printed through LibreOffice.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "dangan/generator/layout.h"
#include "dangan/generator/xlsx_writer.h"
#include "support/pdf_text.h"
#include "support/sample_document.h"
#include "support/test_paths.h"
#include "support/xlsx_reader.h"

using namespace dangan;

namespace {

struct Written {
  test::BoundSample bound;
  std::string path, title;
  test::XlsxWorkbook book;
};

// Writes the sample of register `id`; `constant_memory` as a long register would be written.
void WriteRegister(const std::string& id, bool constant_memory, Written* w) {
  test::BindSample(id, &w->bound);
  Sheet sheet = LayOut(w->bound.doc);
  w->title = sheet.title;
  w->path = test::ScratchDir("freeze") + "/" + id + (constant_memory ? "-long" : "") + ".xlsx";
  XlsxOptions options;
  options.tmpl = &w->bound.t;
  if (constant_memory) options.constant_memory_rows = 0;
  REQUIRE(WriteXlsx(sheet, w->path, options).ok());
  REQUIRE(test::XlsxWorkbook::Open(w->path, &w->book).ok());
}

// The 1-based row holding the column heading `text` in column A..Z.
int HeadingRow(const test::XlsxSheet& sheet, const std::string& text) {
  for (const auto& [ref, cell] : sheet.cells) {
    if (cell.value != text) continue;
    int col = 0, row = 0;
    REQUIRE(test::ParseCellRef(ref, &col, &row));
    return row;
  }
  FAIL("no heading " << text);
  return 0;
}

// The attributes of the sheet's <sheetView> tag.
std::string SheetViewTag(const test::XlsxWorkbook& book) {
  const std::string& xml = book.raw.at("xl/worksheets/sheet1.xml");
  size_t at = xml.find("<sheetView ");
  REQUIRE(at != std::string::npos);
  return xml.substr(at, xml.find('>', at) - at);
}

}  // namespace

TEST_CASE("a register's sheet opens at its heading row, the only row frozen", "[xlsx][freeze]") {
  for (bool constant_memory : {false, true}) {
    INFO((constant_memory ? "constant memory" : "in memory"));
    Written w;
    WriteRegister("S-04", constant_memory, &w);
    const test::XlsxSheet& s = w.book.sheets.at(0);
    const int heading = HeadingRow(s, "印章名称");
    REQUIRE(heading > 3);  // title rows and a head block above the headings
    // The window's first row is the heading row; one row is frozen; the rows scroll under it.
    CHECK_THAT(SheetViewTag(w.book),
               Catch::Contains("topLeftCell=\"A" + std::to_string(heading) + "\""));
    CHECK(s.pane.at("state") == "frozen");
    CHECK(s.pane.at("ySplit") == "1");
    CHECK(s.pane.at("topLeftCell") == "A" + std::to_string(heading + 1));
    // The title is still the sheet's first row, and the print area starts there.
    int title_row = 0;
    for (const auto& [ref, cell] : s.cells) {
      int col = 0, row = 0;
      if (cell.value == w.title && test::ParseCellRef(ref, &col, &row)) title_row = row;
    }
    CHECK(title_row == 1);  // right of the QR code at the top left
    const test::XlsxDefinedName* area = w.book.DefinedName("_xlnm.Print_Area");
    REQUIRE(area != nullptr);
    CHECK_THAT(area->value, Catch::Contains("!$A$1:"));
    // The rest of the package is as written: the rows are there.
    CHECK(s.MaxRow() > heading + 1);
  }
}

TEST_CASE("a form's sheet still opens at its top with nothing frozen", "[xlsx][freeze]") {
  Written w;
  WriteRegister("O-09", false, &w);
  CHECK(w.book.sheets.at(0).pane.empty());
  CHECK(SheetViewTag(w.book).find("topLeftCell") == std::string::npos);
}

TEST_CASE("a register printed through LibreOffice still starts with its title", "[xlsx][freeze]") {
  if (std::system("command -v soffice >/dev/null 2>&1") != 0) {
    WARN("没有安装 LibreOffice（soffice），跳过打印检查");
    return;
  }
  Written w;
  WriteRegister("S-04", false, &w);
  const std::string out = test::ScratchDir("freeze-pdf");
  const std::string profile = test::ScratchDir("freeze-lo-profile");
  const std::string command = "soffice -env:UserInstallation=file://" + profile +
                              " --headless --convert-to pdf --outdir '" + out + "' '" + w.path +
                              "' >/dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  test::PdfContent pdf = test::ReadPdf(out + "/S-04.pdf");
  REQUIRE(pdf.loaded);
  REQUIRE(!pdf.pages.empty());
  const std::string first = test::Squeeze(pdf.pages[0]);
  const std::string title = test::Squeeze(w.title);
  CHECK_THAT(first, Catch::Contains(title));
  CHECK_THAT(first, Catch::Contains("印章名称"));
  // The title comes before the headings on the printed page.
  CHECK(first.find(title) < first.find("印章名称"));
}
