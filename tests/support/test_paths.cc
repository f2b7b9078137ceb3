#include "support/test_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>

namespace dangan::test {

std::string ScratchDir(const std::string& name) {
  const char* tmp = std::getenv("TMPDIR");
  std::string dir =
      std::string(tmp ? tmp : "/tmp") + "/dangan-test-" + std::to_string(getpid()) + "-" + name;
  std::string cmd = "rm -rf '" + dir + "' && mkdir -p '" + dir + "'";
  if (std::system(cmd.c_str()) != 0) return dir;
  return dir;
}

std::string WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return path;
}

}  // namespace dangan::test
