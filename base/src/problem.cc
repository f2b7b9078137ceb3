#include "dangan/base/problem.h"

namespace dangan {

std::string ColumnLetters(int column) {
  std::string letters;
  for (int n = column; n > 0; n = (n - 1) / 26) letters.insert(letters.begin(), 'A' + (n - 1) % 26);
  return letters;
}

std::string DescribeProblem(const Problem& p) {
  std::string place;
  auto add = [&place](const std::string& part) {
    // "工作表「2019」第 12 行": no space after a closing corner bracket, as Chinese is written.
    if (!place.empty() && place.compare(place.size() - 3, 3, "」") != 0) place += ' ';
    place += part;
  };
  if (!p.file.empty()) add("文件 " + p.file);
  if (!p.sheet.empty()) add("工作表「" + p.sheet + "」");
  if (p.row > 0) add("第 " + std::to_string(p.row) + " 行");
  if (p.column > 0) {
    if (p.row > 0) {
      place += ' ';
      place += ColumnLetters(p.column) + " 列";
    } else {
      add(ColumnLetters(p.column) + " 列");
    }
  }
  if (!p.field.empty()) add(p.field);
  if (place.empty()) return p.message;
  return place + "：" + p.message;
}

}  // namespace dangan
