#include "support/test_paths.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace dangan::test {

std::string TempRoot() { return std::filesystem::temp_directory_path().string(); }

std::string ScratchDir(const std::string& name) {
  std::string dir = TempRoot() + "/dangan-test-" + std::to_string(getpid()) + "-" + name;
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
