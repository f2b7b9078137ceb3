#include "text.h"

#include "dangan/records/text.h"

namespace dangan {

bool ParseAggregate(const std::string& expr, std::string* fn, std::string* arg) {
  size_t open = expr.find('(');
  if (open == std::string::npos || expr.empty() || expr.back() != ')') return false;
  *fn = Trim(expr.substr(0, open));
  *arg = Trim(expr.substr(open + 1, expr.size() - open - 2));
  return (*fn == "sum" || *fn == "count") && !arg->empty();
}

bool ParseProduct(const std::string& expr, std::string* a, std::string* b) {
  size_t star = expr.find('*');
  if (star == std::string::npos) return false;
  *a = Trim(expr.substr(0, star));
  *b = Trim(expr.substr(star + 1));
  return !a->empty() && !b->empty() && b->find('*') == std::string::npos;
}

std::vector<std::string> PlaceholderNames(const std::string& pattern) {
  std::vector<std::string> names;
  size_t pos = 0;
  while ((pos = pattern.find('{', pos)) != std::string::npos) {
    size_t end = pattern.find('}', pos);
    if (end == std::string::npos) break;
    names.push_back(pattern.substr(pos + 1, end - pos - 1));
    pos = end + 1;
  }
  return names;
}

}  // namespace dangan
