// Command-line arguments and the small things every dangan command shares.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/base/status.h"
#include "dangan/generator/template.h"

namespace dangan::cli {

using Json = nlohmann::json;

struct Args {
  std::string command;                         // argv[1]
  std::vector<std::string> positional;         // after the command
  std::map<std::string, std::string> options;  // --name value (last one wins)
  std::vector<std::string> sets;               // --set k=v, repeatable
  std::vector<std::string> flags;              // --json, --file, …

  bool Flag(const std::string& name) const;
  std::string Option(const std::string& name, const std::string& fallback = "") const;
  bool Has(const std::string& name) const { return options.count(name) > 0; }
};

Status ParseArgs(int argc, char** argv, Args* args);

// Prints the error for the clerk and returns the exit status: 3 not found, 1 check failed,
// 2 anything else the user can fix.
int Fail(const Status& s);

std::string TemplateDir(const Args& args);
Status FindTemplate(const Args& args, const std::string& id, Template* out);

// --archive, else $DANGAN_ARCHIVE, else ./dangan-archive.
std::string ArchiveDir(const Args& args);
// --user, else $DANGAN_USER, else $USER.
std::string UserName(const Args& args);

}  // namespace dangan::cli
