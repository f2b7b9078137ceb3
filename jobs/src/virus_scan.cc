// 安全性: the virus scan of DA/T 70-2018 with ClamAV's clamscan. Debian installs no signatures
// (freshclam needs the internet), so a machine offline has none: the scan then reads 未检测 with
// that reason, never 通过.
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

#include "dangan/jobs/four_properties.h"

namespace dangan::jobs {
namespace {

constexpr char kItem[] = "病毒检测";

bool OnPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (!dir.empty() && ::access((dir + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

// One argument for /bin/sh, whatever it holds.
std::string ShellQuoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs `command` (stderr joined to stdout); the exit status, or -1 when it did not run.
int Run(const std::string& command, std::string* output) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen((command + " 2>&1").c_str(), "r"),
                                             [](FILE* f) { return f ? ::pclose(f) : -1; });
  if (!pipe) return -1;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, pipe.get())) > 0) output->append(buf, n);
  const int status = ::pclose(pipe.release());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void Add(FourPropertyReport* report, const std::string& subject, const char* outcome,
         const std::string& detail) {
  report->checks.push_back({kSecurity, kItem, subject, outcome, detail});
}

// clamscan's stdout with --infected: "PATH: SIGNATURE FOUND" for each infected file.
int AddInfections(const std::string& output, FourPropertyReport* report) {
  std::istringstream lines(output);
  std::string line;
  int found = 0;
  const std::string suffix = " FOUND";
  while (std::getline(lines, line)) {
    if (line.size() <= suffix.size() ||
        line.compare(line.size() - suffix.size(), suffix.size(), suffix) != 0)
      continue;
    const size_t colon = line.rfind(": ", line.size() - suffix.size());
    if (colon == std::string::npos) continue;
    const std::string signature = line.substr(colon + 2, line.size() - suffix.size() - colon - 2);
    Add(report, line.substr(0, colon), kCheckFailed, "发现病毒或恶意代码：" + signature);
    ++found;
  }
  return found;
}

std::string FirstLines(const std::string& output) {
  std::string text = output.substr(0, 300);
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

}  // namespace

void ScanForViruses(const std::vector<std::string>& paths, const std::string& signature_db,
                    FourPropertyReport* report) {
  if (!OnPath("clamscan")) {
    Add(report, "", kCheckSkipped, "未安装 ClamAV（clamscan），没有做病毒检测");
    return;
  }
  struct stat st;
  if (!signature_db.empty() && ::stat(signature_db.c_str(), &st) != 0) {
    Add(report, "", kCheckSkipped, "病毒特征库「" + signature_db + "」不存在，没有做病毒检测");
    return;
  }
  std::string command = "clamscan --no-summary --infected --recursive --stdout";
  if (!signature_db.empty()) command += " -d " + ShellQuoted(signature_db);
  command += " --";
  for (const std::string& p : paths) command += " " + ShellQuoted(p);
  std::string output;
  const int status = Run(command, &output);
  if (status == 0) {
    Add(report, "", kCheckPassed,
        "ClamAV 未发现病毒（特征库：" +
            (signature_db.empty() ? std::string("系统安装的") : signature_db) + "）");
    return;
  }
  if (status == 1) {
    // Exit status 1 is "virus found" whatever the lines say; a line we cannot read still fails.
    if (AddInfections(output, report) == 0)
      Add(report, "", kCheckFailed, "ClamAV 报告发现病毒：" + FirstLines(output));
    return;
  }
  // Exit status 2: clamscan could not scan. Without signatures it says so on stderr.
  if (output.find("database") != std::string::npos ||
      output.find("Database") != std::string::npos) {
    Add(report, "", kCheckSkipped,
        "没有病毒特征库（Debian 离线安装不带特征库；联网后运行 freshclam，或用 --clamav-db "
        "指定特征库目录），没有做病毒检测");
    return;
  }
  Add(report, "", kCheckSkipped, "clamscan 未能完成扫描：" + FirstLines(output));
}

}  // namespace dangan::jobs
