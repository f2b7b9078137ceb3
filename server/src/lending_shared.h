// What the lending API (lending_routes.cc) and the lending pages (lending_pages.cc) share: the
// request id in a path, who may see a request, the 档号 list a clerk types, the year of the
// register. Every rule about lending itself lives in dangan/jobs/lending.h; these only decide
// what a page offers and which requests a non-archivist is shown.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core.h"
#include "dangan/jobs/lending.h"

namespace dangan::server::lending {

// A request's id as a path segment: digits only, at most 18 of them so that it fits an int64.
inline constexpr char kIdPattern[] = R"((\d{1,18}))";

std::string UseUrl(int64_t id);
int64_t IdOf(const httplib::Request& req);
std::string Param(const httplib::Request& req, const std::string& name);

// The archivist (kLend) sees every request. Anyone else allowed to approve sees the requests
// made for them, those they decided, and those waiting for an approver they could be (neither
// the requester nor the recorder); the job still checks the clearance when they decide.
bool MaySee(const accounts::Account& account, const jobs::UseRequest& request);
// The approval form is offered: the request waits, the role may approve, and the account is
// neither the requester nor the recorder.
bool MayDecide(const accounts::Account& account, const jobs::UseRequest& request);

// 档号 typed one a line, or separated by spaces, commas, 、 or semicolons; empty ones dropped.
std::vector<std::string> SplitDanghaos(const std::string& text);

// ?year=, the current year when absent; InvalidArgument naming the value otherwise.
Status YearOf(const httplib::Request& req, int* year);

// Registered by RegisterLendingRoutes after the API.
void RegisterLendingPages(Core& core);

}  // namespace dangan::server::lending
