// Runs the dangan command as a clerk would, capturing what it prints and its exit status.
#pragma once

#include <string>

namespace dangan::test {

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs `dangan ARGS --templates <source tree>/templates` through the shell.
CliRun RunDangan(const std::string& args);
// The same, with only stdout captured (stderr dropped): the JSON a front end reads.
CliRun RunDanganStdout(const std::string& args);

}  // namespace dangan::test
