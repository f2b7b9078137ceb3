#include "xlsx/formulas.h"

#include <vector>

namespace dangan::xlsx {
namespace {

constexpr char kCapitalDigits[] = "\"零壹贰叁肆伍陆柒捌玖\"";

// SUBSTITUTE(text,from,to) for each pair in turn, innermost first.
std::string Substitute(std::string text,
                       const std::vector<std::pair<const char*, const char*>>& pairs) {
  for (const auto& [from, to] : pairs) {
    text = "SUBSTITUTE(" + text + ",\"" + from + "\",\"" + to + "\")";
  }
  return text;
}

std::string ColumnName(int col) {
  std::string name;
  for (int n = col + 1; n > 0; n = (n - 1) / 26) name.insert(name.begin(), 'A' + (n - 1) % 26);
  return name;
}

// The whole yuan of `fen` (an expression in fen, at least 100) in capitals, e.g. 壹仟零壹元.
// TEXT spells out all 16 digits with their units and a marker after each group of four
// ("^0仟0佰0拾1兆…0拾0元", 兆 standing for 万亿 so that no marker is a suffix of another); the
// substitutions then apply the rules of IntegerInCapitals (records/src/money.cc): a zero digit
// loses its unit, an empty group its marker, a run of zeros becomes one 零 which is dropped at
// the start and before a marker, and the digits become capitals.
std::string YuanInCapitals(const std::string& fen) {
  std::string format = "\"\"^\"\"";
  const char* const units[] = {"仟", "佰", "拾", "兆", "仟", "佰", "拾", "亿",
                               "仟", "佰", "拾", "万", "仟", "佰", "拾", "元"};
  for (const char* unit : units) format += std::string("0\"\"") + unit + "\"\"";
  std::string s = "TEXT(INT(" + fen + "/100),\"" + format + "\")";
  s = Substitute(s, {{"0仟", "0"}, {"0佰", "0"}, {"0拾", "0"}});
  s = Substitute(s, {{"0000兆", "0000"}, {"0000亿", "0000"}, {"0000万", "0000"}});
  s = Substitute(s, {{"00", "0"}, {"00", "0"}, {"00", "0"}, {"00", "0"}});  // 16 zeros at most
  s = Substitute(s, {{"^0", ""}, {"^", ""}});
  s = Substitute(s, {{"0兆", "兆"}, {"0亿", "亿"}, {"0万", "万"}, {"0元", "元"}, {"兆", "万亿"}});
  return Substitute(s, {{"0", "零"},
                        {"1", "壹"},
                        {"2", "贰"},
                        {"3", "叁"},
                        {"4", "肆"},
                        {"5", "伍"},
                        {"6", "陆"},
                        {"7", "柒"},
                        {"8", "捌"},
                        {"9", "玖"}});
}

}  // namespace

std::string CellRef(unsigned row, int col) { return ColumnName(col) + std::to_string(row + 1); }

std::string ColumnRange(unsigned first_row, unsigned last_row, int col) {
  return CellRef(first_row, col) + ":" + CellRef(last_row, col);
}

std::string MoneyCapitalsFormula(const std::string& amount) {
  const std::string fen = "ROUND(ABS(" + amount + ")*100,0)";
  const std::string jiao = "MOD(INT(" + fen + "/10),10)";
  const std::string cents = "MOD(" + fen + ",10)";
  const std::string digit = std::string("MID(") + kCapitalDigits + ",";
  // 元 then 角 and 分: 整 after whole yuan or whole jiao, 零 for a missing 角 between them.
  const std::string fraction = "IF(MOD(" + fen + ",100)=0,IF(" + fen +
                               "<100,\"零元整\",\"整\")," +                                   //
                               "IF(AND(" + fen + ">=100," + jiao + "=0),\"零\",\"\")&" +      //
                               "IF(" + jiao + "=0,\"\"," + digit + jiao + "+1,1)&\"角\")&" +  //
                               "IF(" + cents + "=0,\"整\"," + digit + cents + "+1,1)&\"分\"))";
  return "IF(" + amount + "=\"\",\"\",IF(ABS(" + amount + ")>9999999999999.99,\"\"," + "IF(ROUND(" +
         amount + "*100,0)<0,\"负\",\"\")&" +  //
         "IF(" + fen + "<100,\"\"," + YuanInCapitals(fen) + ")&" + fraction + "))";
}

std::string ProductFormula(const std::string& a, const std::string& b, bool money, bool blank_ok) {
  const std::string product = money ? "ROUND(" + a + "*" + b + ",2)" : a + "*" + b;
  if (!blank_ok) return product;
  return "IF(OR(" + a + "=\"\"," + b + "=\"\"),\"\"," + product + ")";
}

}  // namespace dangan::xlsx
