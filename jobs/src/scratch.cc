#include "dangan/jobs/scratch.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace dangan::jobs {

ScratchDir::ScratchDir(const std::string& archive_dir) {
  std::string pattern = archive_dir + "/.web-XXXXXX";
  if (mkdtemp(pattern.data())) path_ = pattern;
}

ScratchDir::~ScratchDir() {
  if (path_.empty()) return;
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

Status ScratchDir::status() const {
  return ok() ? Status::Ok() : Status::IoError("无法在档案库目录中创建临时文件夹");
}

Status ReadWholeFile(const std::string& path, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  if (!in) return Status::IoError("无法读取生成的文件");
  *bytes = all.str();
  return Status::Ok();
}

Status WriteWholeFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out.flush()) return Status::IoError("无法写入临时文件（磁盘已满或无权限）");
  return Status::Ok();
}

}  // namespace dangan::jobs
