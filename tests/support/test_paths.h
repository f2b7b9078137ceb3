// Paths the tests use: the source tree's templates and samples, and a scratch directory.
#pragma once

#include <string>

namespace dangan::test {

inline std::string SourcePath(const std::string& relative) {
  return std::string(DANGAN_SOURCE_DIR) + "/" + relative;
}

// A fresh empty directory under the system temp dir, unique to this test run.
std::string ScratchDir(const std::string& name);
// Where scratch files go: $TMPDIR, else the system's temporary folder.
std::string TempRoot();

// Writes `text` to `path`, returns path.
std::string WriteFile(const std::string& path, const std::string& text);

}  // namespace dangan::test
