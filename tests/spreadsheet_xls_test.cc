// Reading legacy .xls with our BIFF reader: the 用印登记表 LibreOffice saved as Excel 97 (BIFF8,
// UTF-16 strings) and the same register saved as Excel 95 (BIFF5, GBK strings, CODEPAGE 936).
#include <catch2/catch.hpp>

#include "dangan/spreadsheet/spreadsheet.h"
#include "support/sheet_collector.h"
#include "support/test_paths.h"

using namespace dangan;
using namespace dangan::test;

namespace {

const std::string kBiff8 = SourcePath("samples/legacy/用印登记表2019.xls");
const std::string kBiff5 = SourcePath("samples/legacy/用印登记表2019-Excel95.xls");

ReadResult MustReadAll(const std::string& path) {
  ReadResult r = ReadAll(path);
  INFO(r.status.ToString());
  REQUIRE(r.status.ok());
  return r;
}

}  // namespace

TEST_CASE("an Excel 97 seal register: title rows, header, 40 numbered rows, date cells",
          "[spreadsheet][xls]") {
  const ReadResult r = MustReadAll(kBiff8);
  CHECK(r.info.format == SpreadsheetFormat::kXls);
  CHECK(r.info.encoding == "BIFF8 UTF-16");
  REQUIRE(r.sheets.size() == 1);
  const CollectedSheet& s = r.sheets[0];
  CHECK(s.name == "2019年用印登记");
  CHECK(s.Text(1, 1) == "华东精密机械有限公司用印登记表（2019年）");
  CHECK(s.Text(2, 1) == "保管部门：行政管理部　　印章保管人：郭蕾　　册号：2019-01");
  CHECK(s.Text(3, 2) == "用印日期");
  CHECK(s.Text(3, 10) == "备注");
  CHECK(s.rows.back().number == 43);
  CHECK(s.Cell(43, 1).number == 40);
  const SheetCell first = s.Cell(4, 2);
  CHECK(first.type == SheetCellType::kDate);
  CHECK(first.text == "2019-01-04");
  CHECK(first.number == 43469);
  CHECK(s.Cell(6, 2).text == "2019-01-09");  // formatted yyyy年m月d日 in the source
  CHECK(s.Cell(4, 7).type == SheetCellType::kNumber);
  CHECK(s.Text(4, 7) == "2");
  CHECK(s.Text(6, 6) == "华精办〔2019〕1号");
  // The deliberate mistakes stay as typed: a text date and an empty 经办人.
  CHECK(s.Cell(33, 2).type == SheetCellType::kText);
  CHECK(s.Text(33, 2) == "2019.06.31");
  CHECK(s.Cell(35, 4).type == SheetCellType::kEmpty);
  CHECK_FALSE(s.merged.empty());  // the title rows are merged across the table
}

TEST_CASE("an Excel 95 file's GBK strings come out as the same Chinese text as Excel 97's",
          "[spreadsheet][xls]") {
  const ReadResult old = MustReadAll(kBiff5);
  CHECK(old.info.encoding == "BIFF5 CP936");
  const CollectedSheet& s = old.sheets.at(0);
  const ReadResult current = MustReadAll(kBiff8);
  const CollectedSheet& reference = current.sheets.at(0);
  CHECK(s.name == "2019年用印登记");
  // Rich-text cells (RSTRING: Chinese and Latin in different fonts), which FreeXL 1.0.6 skipped.
  CHECK(s.Text(1, 1) == "华东精密机械有限公司用印登记表（2019年）");
  CHECK(s.Text(6, 5) == "关于印发《2019年度工作要点》的通知");
  CHECK(s.Text(3, 1) == "序号");
  CHECK(s.Text(4, 5) == "与苏州恒达机电有限公司购销合同");
  CHECK(s.Cell(4, 2).text == "2019-01-04");
  CHECK(s.Cell(4, 2).type == SheetCellType::kDate);
  for (int row = 3; row <= 43; ++row) {
    for (int column = 1; column <= 10; ++column) {
      INFO("row " << row << " column " << column);
      CHECK(s.Text(row, column) == reference.Text(row, column));
    }
  }
}
