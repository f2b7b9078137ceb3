#include "support/import_fixtures.h"

#include <filesystem>

#include "support/test_paths.h"

namespace dangan::import_test {

bool HasProblemCode(const ImportReport& r, int row, const std::string& column,
                    const std::string& code) {
  for (const ImportProblem& p : r.problems) {
    if (p.row == row && p.column.rfind(column, 0) == 0 && p.code == code) return true;
  }
  return false;
}

bool HasProblem(const ImportReport& r, int row, const std::string& column,
                const std::string& text) {
  for (const ImportProblem& p : r.problems) {
    if (p.row == row && p.column.rfind(column, 0) == 0 &&
        p.reason.find(text) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string Problems(const ImportReport& r) {
  std::string out;
  for (const ImportProblem& p : r.problems) {
    out += p.sheet + " " + std::to_string(p.row) + " " + p.column + " " + p.reason + "\n";
  }
  return out;
}

std::string CopySample(const std::string& dir, const std::string& relative) {
  std::string to = dir + "/" + std::filesystem::path(relative).filename().string();
  std::filesystem::copy_file(test::SourcePath(relative), to,
                             std::filesystem::copy_options::overwrite_existing);
  return to;
}

}  // namespace dangan::import_test
