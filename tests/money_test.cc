// 大写金额 and money formatting: the words a bank or auditor checks on every approval form.
#include <catch2/catch.hpp>

#include "dangan/records/text.h"

using dangan::FormatMoney;
using dangan::MoneyInCapitals;

TEST_CASE("amounts in Chinese capitals follow the payment-settlement rules", "[money]") {
  CHECK(MoneyInCapitals(0) == "零元整");
  CHECK(MoneyInCapitals(10) == "壹拾元整");
  CHECK(MoneyInCapitals(300) == "叁佰元整");
  CHECK(MoneyInCapitals(300.01) == "叁佰元零壹分");
  CHECK(MoneyInCapitals(1130) == "壹仟壹佰叁拾元整");
  CHECK(MoneyInCapitals(3000) == "叁仟元整");
  CHECK(MoneyInCapitals(3000.5) == "叁仟元伍角整");
  CHECK(MoneyInCapitals(1409.50) == "壹仟肆佰零玖元伍角整");
  CHECK(MoneyInCapitals(325.04) == "叁佰贰拾伍元零肆分");
  CHECK(MoneyInCapitals(1680.32) == "壹仟陆佰捌拾元叁角贰分");
  CHECK(MoneyInCapitals(107000.53) == "壹拾万柒仟元伍角叁分");
  CHECK(MoneyInCapitals(100007) == "壹拾万零柒元整");
  CHECK(MoneyInCapitals(10001000) == "壹仟万壹仟元整");
  CHECK(MoneyInCapitals(100000000) == "壹亿元整");
  CHECK(MoneyInCapitals(0.5) == "伍角整");
  CHECK(MoneyInCapitals(0.05) == "伍分");
}

TEST_CASE("amounts in capitals round to the fen like the figures", "[money]") {
  CHECK(MoneyInCapitals(299.999) == "叁佰元整");
  CHECK(FormatMoney(299.999) == "300.00");
}

TEST_CASE("money figures are grouped by thousands with two decimals", "[money]") {
  CHECK(FormatMoney(0) == "0.00");
  CHECK(FormatMoney(1130) == "1,130.00");
  CHECK(FormatMoney(1234567.8) == "1,234,567.80");
  CHECK(FormatMoney(-45.5) == "-45.50");
}
