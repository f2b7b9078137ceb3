#include "support/cli_runner.h"

#include <sys/wait.h>

#include <cstdio>

#include "support/test_paths.h"

namespace dangan::test {

CliRun RunDangan(const std::string& args) {
  std::string cmd =
      std::string(DANGAN_CLI) + " " + args + " --templates " + SourcePath("templates") + " 2>&1";
  CliRun run;
  FILE* pipe = popen(cmd.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace dangan::test
