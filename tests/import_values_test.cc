// The values of legacy spreadsheets made canonical for imports: dates, money, 档号, 保管期限
// and 密级 as old registers and catalogues hold them.
#include "dangan/importers/import_values.h"
#include "dangan/records/danghao.h"
#include "dangan/records/text.h"

#include <catch2/catch.hpp>

using namespace dangan;

namespace {

std::string Date(const std::string& text) {
  std::string iso;
  const std::string reason = ImportDateText(text, &iso);
  return reason.empty() ? iso : "!" + reason;
}

SheetCell NumberCell(double n) {
  SheetCell c;
  c.type = SheetCellType::kNumber;
  c.number = n;
  c.text = std::to_string(n);
  return c;
}

int64_t Fen(const std::string& text) {
  int64_t fen = -1;
  const std::string reason = ImportMoneyText(text, &fen);
  INFO(text << ": " << reason);
  CHECK(reason.empty());
  return fen;
}

bool MoneyRefused(const std::string& text) {
  int64_t fen = 0;
  return !ImportMoneyText(text, &fen).empty();
}

}  // namespace

TEST_CASE("import dates in every written form become ISO dates", "[import-values]") {
  CHECK(Date("2015-01-08") == "2015-01-08");
  CHECK(Date("2015.1.20") == "2015-01-20");
  CHECK(Date("2015/3/18") == "2015-03-18");
  CHECK(Date("2015年3月5日") == "2015-03-05");
  CHECK(Date(" 二〇一五年三月十八日 ") == "2015-03-18");
  CHECK(Date("二〇一五年十二月二十五日") == "2015-12-25");
  CHECK(Date("２０１６年１月２２日") == "2016-01-22");
  CHECK(Date("20240305") == "2024-03-05");
  CHECK(Date("45356") == "2024-03-05");  // an Excel serial exported as text
  CHECK(Date("45356.75") == "2024-03-05");
  CHECK(Date("") == "");
}

TEST_CASE("dates that do not exist are refused with a reason", "[import-values]") {
  CHECK(Date("2015-02-30").find("不是有效的日期") != std::string::npos);
  CHECK(Date("2019.06.31").find("不是有效的日期") != std::string::npos);
  CHECK(Date("明天").find("不是日期") != std::string::npos);
  CHECK(Date("20241305")[0] == '!');
}

TEST_CASE("Excel serials follow the 1900 system and its leap-year quirk", "[import-values]") {
  std::string iso;
  CHECK(ExcelSerialDate(1, &iso).empty());
  CHECK(iso == "1900-01-01");
  CHECK(ExcelSerialDate(59, &iso).empty());
  CHECK(iso == "1900-02-28");
  CHECK(ExcelSerialDate(60, &iso).find("1900年2月29日") != std::string::npos);
  CHECK(iso.empty());
  CHECK(ExcelSerialDate(61, &iso).empty());
  CHECK(iso == "1900-03-01");
  CHECK(ExcelSerialDate(45356, &iso).empty());
  CHECK(iso == "2024-03-05");
  CHECK_FALSE(ExcelSerialDate(0, &iso).empty());
  CHECK_FALSE(ExcelSerialDate(-5, &iso).empty());
}

TEST_CASE("date cells: kDate cells, serial numbers, a bare year refused", "[import-values]") {
  std::string iso;
  SheetCell date;
  date.type = SheetCellType::kDate;
  date.text = "2019-01-04 08:30";
  CHECK(ImportDate(date, &iso).empty());
  CHECK(iso == "2019-01-04");
  CHECK(ImportDate(NumberCell(43469), &iso).empty());
  CHECK(iso == "2019-01-04");
  CHECK(ImportDate(NumberCell(20190104), &iso).empty());
  CHECK(iso == "2019-01-04");
  CHECK(ImportDate(NumberCell(2019), &iso).find("只有年份") != std::string::npos);
  date.text = "08:30";
  CHECK(ImportDate(date, &iso).find("没有日期") != std::string::npos);
  CHECK(ImportDate(SheetCell(), &iso).empty());
  CHECK(iso.empty());
}

TEST_CASE("money in figures with ¥, 元, separators and full-width digits, in fen",
          "[import-values]") {
  CHECK(Fen("¥1,234.50") == 123450);
  CHECK(Fen("￥1234.5") == 123450);
  CHECK(Fen("1234.5元") == 123450);
  CHECK(Fen("1,234") == 123400);
  CHECK(Fen("１，２３４．５０") == 123450);
  CHECK(Fen("人民币1234元") == 123400);
  CHECK(Fen("RMB 88.8") == 8880);
  CHECK(Fen("1.5万元") == 1500000);  // 15,000 元
  CHECK(Fen("-45.5") == -4550);
  CHECK(MoneyRefused("两份"));
  CHECK(MoneyRefused("12.345"));
  CHECK(MoneyRefused("1.2.3"));
  int64_t fen = 0;
  CHECK(ImportMoney(NumberCell(4580), &fen).empty());
  CHECK(fen == 458000);
  CHECK(ImportMoney(NumberCell(0.1 + 0.2), &fen).empty());
  CHECK(fen == 30);
  CHECK_FALSE(ImportMoney(NumberCell(1.234), &fen).empty());
}

TEST_CASE("money in Chinese capitals, simplified or traditional", "[import-values]") {
  CHECK(Fen("壹仟贰佰叁拾肆元伍角") == 123450);
  CHECK(Fen("人民币壹万元整") == 1000000);
  CHECK(Fen("壹拾万柒仟元伍角叁分") == 10700053);
  CHECK(Fen("壹仟肆佰零玖元伍角整") == 140950);
  CHECK(Fen("叁佰元零壹分") == 30001);
  CHECK(Fen("拾元整") == 1000);
  CHECK(Fen("壹亿元整") == 10000000000);
  CHECK(Fen("貳佰圓整") == 20000);
  CHECK(Fen("伍角") == 50);
  CHECK(MoneyRefused("壹贰元"));
  CHECK(MoneyRefused("壹仟元整伍角"));
}

TEST_CASE("档号 look-alikes of the middle dot and the dash are made the archive's",
          "[import-values]") {
  const std::string standard = "Z109-WS·2024-Y-BGS-0001";
  for (const char* written :
       {"Z109-WS·2024-Y-BGS-0001", "Z109-WS・2024-Y-BGS-0001", "Z109-WS･2024-Y-BGS-0001",
        "Z109-WS•2024-Y-BGS-0001", "Z109-WS‧2024-Y-BGS-0001", "Z109-WS∙2024-Y-BGS-0001",
        "Z109-WS⋅2024-Y-BGS-0001", "Z109-WS.2024-Y-BGS-0001", "Z109-WS．2024-Y-BGS-0001",
        "Z109-WS。2024-Y-BGS-0001", "Ｚ１０９－ＷＳ·２０２４－Ｙ－ＢＧＳ－０００１",
        "Z109—WS·2024–Y-BGS-0001", " z109-ws·2024-y-bgs-0001 ",
        "Z109 - WS·2024 - Y - BGS - 0001"}) {
    INFO(written);
    CHECK(NormalizeDanghao(written) == standard);
  }
  CHECK(NormalizeDanghao("Z109-WS·2015-长期-BGS-0012") == "Z109-WS·2015-长期-BGS-0012");
  CHECK(NormalizeDanghao("Z109-WS·2015-長期-BGS-0012") == "Z109-WS·2015-长期-BGS-0012");
}

TEST_CASE("full-width text folds to ASCII and is trimmed", "[import-values]") {
  CHECK(FoldNfkcTrim("　ＢＧＳ－２０２４　") == "BGS-2024");
  CHECK(FoldNfkcTrim("关于印发制度的通知") == "关于印发制度的通知");
}
