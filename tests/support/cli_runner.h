// Runs the dangan command as a clerk would, capturing what it prints and its exit status.
#pragma once

#include <string>

namespace dangan::test {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// "search 用印 -- -x" with OPTIONS put right after the command word ("search OPTIONS 用印 -- -x"),
// so that they stay options when ARGS ends them with "--".
std::string WithOptions(const std::string& args, const std::string& options);

// Runs `dangan COMMAND --templates <source tree>/templates REST` through the shell.
CliRun RunDangan(const std::string& args);
// The same, with only stdout captured (stderr dropped): the JSON a front end reads.
CliRun RunDanganStdout(const std::string& args);
// The same as RunDangan, with `input` as standard input (a password, as a script would give it).
CliRun RunDanganWithInput(const std::string& args, const std::string& input);

}  // namespace dangan::test
