#include "task_folder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "dangan/records/text.h"

namespace dangan::server {

namespace fs = std::filesystem;

std::string NewTaskId() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
  std::random_device random;
  char tail[16];
  std::snprintf(tail, sizeof tail, "%08x", static_cast<unsigned>(random()));
  return std::string(stamp) + "-" + tail;
}

bool IsTaskId(const std::string& id) {
  if (id.size() != 24 || id[8] != 'T' || id[15] != '-') return false;
  for (size_t i = 0; i < id.size(); ++i) {
    if (i == 8 || i == 15) continue;
    const char c = id[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

Status WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("无法写入 " + path + "：" + SystemErrorText(errno));
  size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      return Status::IoError("无法写入 " + path + "：" + SystemErrorText(err));
    }
    written += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    return Status::IoError("无法写入 " + path + "：" + SystemErrorText(err));
  }
  return Status::Ok();
}

Status ReadTaskFile(const std::string& path, const std::string& what, jobs::Json* task) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("没有这次" + what);
  std::stringstream text;
  text << in.rdbuf();
  *task = jobs::Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  if (task->is_discarded() || !task->is_object()) {
    return Status::Corruption(what + "任务文件已损坏：" + path);
  }
  return Status::Ok();
}

std::vector<std::string> TaskIdsIn(const std::string& root) {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(root, ec)) {
    const std::string id = entry.path().filename().string();
    if (IsTaskId(id)) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

Status CheckUploadName(const std::string& what, const std::string& given, std::string* name) {
  std::string base = given.substr(given.find_last_of("/\\") + 1);
  const Problem bad = CheckText(what, base, TextLines::kOne);
  if (!bad.code.empty()) return Status::InvalidArgument(bad);
  if (Trim(base).empty() || base == "." || base == "..") {
    return Status::InvalidArgument("上传的" + what + "「" + given + "」无效");
  }
  *name = base;
  return Status::Ok();
}

void WorkOffQueue(std::mutex& mu, std::condition_variable& wake, std::deque<std::string>& queue,
                  const bool& stopping, const std::function<void(const std::string& id)>& run) {
  for (;;) {
    std::string id;
    {
      std::unique_lock<std::mutex> lock(mu);
      wake.wait(lock, [&] { return stopping || !queue.empty(); });
      if (stopping) return;
      id = queue.front();
      queue.pop_front();
    }
    run(id);
  }
}

}  // namespace dangan::server
