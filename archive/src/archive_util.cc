#include "archive_util.h"

#include <sys/stat.h>

#include <atomic>
#include <cerrno>
#include <ctime>

namespace dangan::archive {

std::string Dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string NowIso() {
  time_t now = time(nullptr);
  struct tm local;
  localtime_r(&now, &local);
  char buf[40];
  size_t n = strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S%z", &local);
  std::string out(buf, n);
  // %z gives +0800; ISO 8601 extended format writes +08:00.
  if (out.size() >= 5) out.insert(out.size() - 2, ":");
  return out;
}

bool IsValidDate(const std::string& date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (date[i] < '0' || date[i] > '9') return false;
  }
  int y = std::stoi(date.substr(0, 4));
  int m = std::stoi(date.substr(5, 2));
  int d = std::stoi(date.substr(8, 2));
  if (m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return std::string();
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

namespace {
std::atomic<FaultHook> fault_hook{nullptr};
}  // namespace

void SetFaultHook(FaultHook hook) { fault_hook.store(hook); }

void FaultPoint(const char* point) {
  if (FaultHook hook = fault_hook.load(std::memory_order_relaxed)) hook(point);
}

bool SharedWithGroup(const std::string& dir) {
  struct stat st;
  return stat(dir.c_str(), &st) == 0 && (st.st_mode & S_IRWXG) != 0;
}

mode_t ArchiveFileMode(bool shared, mode_t private_mode) {
  return shared ? private_mode | ((private_mode & S_IRWXU) >> 3) : private_mode;
}

Status MakeArchiveDir(const std::string& dir, bool shared, bool* created) {
  if (created) *created = false;
  if (mkdir(dir.c_str(), 0700) != 0) {
    if (errno == EEXIST) return Status::Ok();
    return Status::IoError("无法创建目录 " + dir + "：" + SystemErrorText(errno));
  }
  if (created) *created = true;
  const mode_t mode = shared ? (S_ISGID | 0770) : 0700;
  if (chmod(dir.c_str(), mode) != 0) {
    return Status::IoError("无法设置目录 " + dir + " 的权限：" + SystemErrorText(errno));
  }
  return Status::Ok();
}

std::string VisibleSecrecySql(Secrecy clearance) {
  std::string list = "(";
  for (int i = 0; i <= static_cast<int>(clearance); ++i) {
    list += std::string(i ? ", '" : "'") + SecrecyName(static_cast<Secrecy>(i)) + "'";
  }
  return list + ")";
}

}  // namespace dangan::archive
