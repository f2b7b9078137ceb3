#include "support/cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "support/test_paths.h"

namespace dangan::test {

namespace {

CliRun RunWith(const std::string& args, const std::string& redirections) {
  std::string cmd = std::string(DANGAN_CLI) + " " +
                    WithOptions(args, "--templates " + SourcePath("templates")) + " " +
                    redirections;
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

}  // namespace

std::string WithOptions(const std::string& args, const std::string& options) {
  const size_t command_end = args.find(' ');
  if (command_end == std::string::npos) return args + " " + options;
  return args.substr(0, command_end) + " " + options + args.substr(command_end);
}

CliRun RunDangan(const std::string& args) { return RunWith(args, "2>&1"); }
CliRun RunDanganStdout(const std::string& args) { return RunWith(args, "2>/dev/null"); }

CliRun RunDanganWithInput(const std::string& args, const std::string& input) {
  std::string pattern = TempRoot() + "/dangan-stdin-XXXXXX";
  char* path = pattern.data();
  const int fd = mkstemp(path);
  if (fd < 0) return CliRun{};
  FILE* f = fdopen(fd, "w");
  fwrite(input.data(), 1, input.size(), f);
  fclose(f);
  CliRun run = RunWith(args, std::string("2>&1 < ") + path);
  unlink(path);
  return run;
}

}  // namespace dangan::test
