// Layout: the Sheet both back ends draw holds the right cells in the right places.
#include "dangan/generator/layout.h"

#include <catch2/catch.hpp>

#include "support/sample_document.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::SourcePath;

namespace {

using Bound = test::BoundSample;
using test::BindSample;

const Cell* FindCell(const std::vector<Row>& rows, const std::string& field) {
  for (const Row& r : rows) {
    for (const Cell& c : r.cells) {
      if (c.field == field) return &c;
    }
  }
  return nullptr;
}

bool HasText(const std::vector<Row>& rows, const std::string& text) {
  for (const Row& r : rows) {
    for (const Cell& c : r.cells) {
      if (c.text.find(text) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace

TEST_CASE("a form's sheet carries identity, typed values and the total in capitals", "[layout]") {
  Bound b;
  BindSample("O-09", &b);
  Sheet s = LayOut(b.doc);
  CHECK(s.title == "办公用品申请单");
  CHECK(s.doc_number == b.doc.doc_number);
  CHECK(s.qr_payload.find(b.doc.doc_number) != std::string::npos);
  const Cell* date = FindCell(s.head, "申请日期");
  REQUIRE(date);
  CHECK(date->kind == CellKind::kDate);
  CHECK(date->text == "2024年3月5日");
  CHECK((date->year == 2024 && date->month == 3 && date->day == 5));
  CHECK(HasText(s.tail, "¥1,130.00"));
  CHECK(HasText(s.tail, "壹仟壹佰叁拾元整"));
  // 1,130 元 lies in the middle tier: the office director reviews, the admin deputy GM approves.
  std::vector<std::string> steps;  // approval rows: the step's name, then room to sign
  for (const Row& r : s.tail) {
    if (r.cells.size() == 2 && r.cells[1].style == CellStyle::kSignature)
      steps.push_back(r.cells[0].text);
  }
  CHECK(steps == std::vector<std::string>{"办公室主任审核", "行政副总审批"});
}

TEST_CASE("a form's table offers blank rows beyond the data for handwriting", "[layout]") {
  Bound b;
  BindSample("O-09", &b);
  Sheet s = LayOut(b.doc);
  REQUIRE(s.body_count == 6);  // min_rows 6, 4 rows of data
  Row first = s.body_row(0);
  CHECK(first.cells[0].text == "1");
  CHECK(first.cells[1].text == "A4复印纸");
  CHECK(first.cells[6].kind == CellKind::kMoney);
  CHECK(first.cells[6].number == Approx(640.0));
  Row blank = s.body_row(5);
  CHECK(blank.cells[1].text.empty());
}

TEST_CASE("every grid row of every sample covers each column exactly once", "[layout]") {
  std::vector<Template> templates;
  REQUIRE(LoadTemplateDir(SourcePath("templates"), &templates).ok());
  for (const Template& t : templates) {
    INFO(t.id);
    std::vector<RawRecord> records;
    Status read = ReadData(t, SourcePath("samples/" + t.id + ".json"), {}, &records);
    INFO(read.ToString());
    REQUIRE(read.ok());
    Document doc;
    Status bound = BindDocument(t, std::move(records[0]), &doc);
    INFO(bound.ToString());
    REQUIRE(bound.ok());
    Sheet s = LayOut(doc);
    const int columns = static_cast<int>(s.column_widths.size());
    for (const std::vector<Row>* block : {&s.head, &s.tail}) {
      std::vector<int> covered(columns, 0);
      for (size_t r = 0; r < block->size(); ++r) {
        for (const Cell& c : (*block)[r].cells) {
          for (int k = c.col; k < c.col + c.col_span; ++k) {
            REQUIRE(k < columns);
            CHECK(covered[k] <= static_cast<int>(r));
            covered[k] = static_cast<int>(r) + c.row_span;
          }
        }
        for (int k = 0; k < columns; ++k) CHECK(covered[k] > static_cast<int>(r));
      }
    }
  }
}
