// Small text helpers shared by the generator stages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dangan {

// "sum(金额)" -> fn "sum", arg "金额". False if not of that shape or fn is not sum/count.
bool ParseAggregate(const std::string& expr, std::string* fn, std::string* arg);
// "数量*单价" -> a "数量", b "单价".
bool ParseProduct(const std::string& expr, std::string* a, std::string* b);

// Names inside {…} placeholders of a pattern such as "{申请部门}办公用品申请单".
std::vector<std::string> PlaceholderNames(const std::string& pattern);

}  // namespace dangan
