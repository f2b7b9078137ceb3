// Command-line arguments and the small things every dangan command shares.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dangan/base/status.h"
#include "dangan/generator/template.h"
#include "dangan/jobs/job_context.h"
#include "dangan/jobs/json.h"

namespace dangan::cli {

using Json = nlohmann::json;
using jobs::JobContext;

struct Args {
  std::string command;                         // argv[1]
  std::vector<std::string> positional;         // after the command
  std::map<std::string, std::string> options;  // --name value (last one wins)
  // Every value given, for the options that may be repeated (--checkpoint).
  std::map<std::string, std::vector<std::string>> all_values;
  std::vector<std::string> sets;               // --set k=v, repeatable
  std::vector<std::string> flags;              // --json, --file, …

  bool Flag(const std::string& name) const;
  std::string Option(const std::string& name, const std::string& fallback = "") const;
  bool Has(const std::string& name) const { return options.count(name) > 0; }
  // Every value of an option that may be given several times (--checkpoint A --checkpoint B).
  std::vector<std::string> All(const std::string& name) const;
};

Status ParseArgs(int argc, char** argv, Args* args);

// Prints the error for the clerk (stderr) and returns the exit status (ExitStatusOf: 2 bad input,
// 3 not found, 4 I/O or environment, 5 internal error). With --json, the problems also go to
// stdout as {"error", "problems": [{"code", "message", "field", "row", …}]}.
int Fail(const Status& s);
int Fail(const Args& args, const Status& s);

std::string TemplateDir(const Args& args);

// --archive, else $DANGAN_ARCHIVE, else ./dangan-archive.
std::string ArchiveDir(const Args& args);
// The operating-system user running the command (the archive's owner on the server machine):
// who the audit log records. Nobody can name someone else: --user and DANGAN_USER are gone.
std::string OsUserName();
// The jobs' context: archive and templates as above; the user is the OS user, or with --as NAME
// "OS user（账户 NAME）" once NAME's password (first line of standard input) is checked; the
// clearance from --clearance, else the --as account's, else $DANGAN_CLEARANCE, else 内部.
Status ContextFromArgs(const Args& args, jobs::JobContext* ctx);

// A password: the first line of standard input when it is not a terminal, else asked on the
// terminal without echo. ReadNewPassword asks twice on a terminal and refuses a mismatch.
Status ReadPassword(const std::string& prompt, std::string* out);
Status ReadNewPassword(std::string* out);
Status ContextFromArgs(const Args& args, jobs::JobContext* ctx);

// The --set 字段=值 of the command line as field → value (a later one for the same field wins);
// refuses one without "=" or without a field.
Status SetsFromArgs(const Args& args, std::map<std::string, std::string>* out);

}  // namespace dangan::cli
