#include "lending_shared.h"

#include <ctime>

#include "dangan/accounts/roles.h"

namespace dangan::server::lending {

std::string UseUrl(int64_t id) { return "/use/" + std::to_string(id); }

int64_t IdOf(const httplib::Request& req) { return std::stoll(req.matches[1].str()); }

std::string Param(const httplib::Request& req, const std::string& name) {
  return req.has_param(name) ? req.get_param_value(name) : std::string();
}

bool MaySee(const accounts::Account& account, const jobs::UseRequest& request) {
  if (accounts::Allows(account.role, accounts::Action::kLend)) return true;
  if (!accounts::Allows(account.role, accounts::Action::kApproveUse)) return false;
  return request.requester.account == account.name || request.approver == account.name ||
         MayDecide(account, request);
}

bool MayDecide(const accounts::Account& account, const jobs::UseRequest& request) {
  return request.state == jobs::kUsePending &&
         accounts::Allows(account.role, accounts::Action::kApproveUse) &&
         request.requester.account != account.name && request.recorded_by != account.name;
}

std::vector<std::string> SplitDanghaos(const std::string& text) {
  // ASCII separators, and the full-width ones a Chinese keyboard types: ， 、 ； and the
  // ideographic space.
  static const char* kWide[] = {"，", "、", "；", "　"};
  std::string plain = text;
  for (const char* wide : kWide) {
    const std::string w = wide;
    for (size_t at = plain.find(w); at != std::string::npos; at = plain.find(w, at)) {
      plain.replace(at, w.size(), " ");
    }
  }
  std::vector<std::string> out;
  std::string current;
  for (char c : plain) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ',' || c == ';') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) out.push_back(current);
  return out;
}

Status YearOf(const httplib::Request& req, int* year) {
  const std::string text = Param(req, "year");
  if (text.empty()) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    *year = tm.tm_year + 1900;
    return Status::Ok();
  }
  if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::InvalidArgument("年度「" + text + "」应为四位数字的年份（如 2026）");
  }
  *year = std::stoi(text);
  return Status::Ok();
}

}  // namespace dangan::server::lending
