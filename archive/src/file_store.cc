#include "file_store.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include "archive_util.h"

namespace dangan::archive {
namespace {

constexpr size_t kCopyBuffer = 256 * 1024;
constexpr size_t kSyncThreads = 16;

Status StoreError(const std::string& what, int err) {
  return Status::IoError("写入档案库失败（" + what + "）：" + SystemErrorText(err));
}

Status WriteAll(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w < 0) return StoreError("写临时文件", errno);
    p += w;
    n -= static_cast<size_t>(w);
  }
  return Status::Ok();
}

// Copies src to dst, digesting on the way.
Status Copy(int src_fd, int dst_fd, const std::string& display, DualHasher* hasher) {
  std::vector<char> buf(kCopyBuffer);
  for (;;) {
    ssize_t n = read(src_fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IoError("读取 " + display + " 出错：" + SystemErrorText(errno));
    if (n == 0) return Status::Ok();
    hasher->Update(buf.data(), static_cast<size_t>(n));
    DANGAN_RETURN_IF_ERROR(WriteAll(dst_fd, buf.data(), static_cast<size_t>(n)));
  }
}

Status SyncPath(const std::string& path, bool directory) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return StoreError("打开 " + path, errno);
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  return rc == 0 ? Status::Ok() : StoreError("同步 " + path, err);
}

bool IsHexName(const char* name) {
  size_t n = 0;
  for (; name[n]; ++n) {
    char c = name[n];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return n == 64;
}

}  // namespace

Status SyncDirectory(const std::string& dir) { return SyncPath(dir, true); }

Status SyncAll(const std::vector<std::string>& paths, bool directories) {
  if (paths.size() == 1) return SyncPath(paths[0], directories);
  // Flushes waiting at the same moment share one journal commit: on a disk where a flush costs
  // milliseconds, 200 files take about as long as two.
  std::atomic<size_t> next{0};
  std::mutex mu;
  Status first;
  auto worker = [&] {
    for (size_t i = next++; i < paths.size(); i = next++) {
      Status st = SyncPath(paths[i], directories);
      std::lock_guard<std::mutex> lock(mu);
      if (!st.ok() && first.ok()) first = st;
    }
  };
  std::vector<std::thread> threads;
  for (size_t t = 0; t < std::min(paths.size(), kSyncThreads); ++t) threads.emplace_back(worker);
  for (std::thread& t : threads) t.join();
  return first;
}

FileStore::FileStore(std::string root)
    : root_(std::move(root)), shared_(SharedWithGroup(root_)) {}

Status FileStore::Prepare(const std::string& root) {
  const bool shared = SharedWithGroup(root.substr(0, root.rfind('/') + 1) + ".");
  DANGAN_RETURN_IF_ERROR(MakeArchiveDir(root, shared, nullptr));
  return MakeArchiveDir(root + "/tmp", shared, nullptr);
}

std::string FileStore::PathFor(const std::string& sha256) const {
  return root_ + "/" + sha256.substr(0, 2) + "/" + sha256;
}

std::string FileStore::RelativePath(const std::string& sha256) {
  return "store/" + sha256.substr(0, 2) + "/" + sha256;
}

Status FileStore::PutAll(const std::vector<std::string>& srcs, DualHasher* hasher,
                         std::vector<Digests>* out) {
  std::vector<Pending> pending;
  std::set<std::string> dirs;
  Status st = CopyAll(srcs, hasher, out, &pending, &dirs);
  std::vector<std::string> tmp_paths;
  for (const Pending& p : pending) tmp_paths.push_back(p.tmp_path);
  FaultPoint("store: copied");
  // Content first: a final name must never point at bytes still only in memory.
  if (st.ok()) st = SyncAll(tmp_paths, false);
  FaultPoint("store: synced");
  if (st.ok()) st = InstallAll(&pending, &dirs);
  if (st.ok()) st = SyncAll(std::vector<std::string>(dirs.begin(), dirs.end()), true);
  FaultPoint("store: done");
  for (const Pending& p : pending) {
    if (!p.installed) unlink(p.tmp_path.c_str());
  }
  return st;
}

Status FileStore::CopyAll(const std::vector<std::string>& srcs, DualHasher* hasher,
                          std::vector<Digests>* out, std::vector<Pending>* pending,
                          std::set<std::string>* dirs) {
  out->clear();
  std::set<std::string> seen;
  for (const std::string& src : srcs) {
    Pending p;
    Digests d;
    Status st = CopyToTemporary(src, hasher, &p.tmp_path, &d);
    if (!st.ok()) return st;
    std::string sub = root_ + "/" + d.sha256.substr(0, 2);
    struct stat existing;
    // Same name = same content. A stored copy of another size was damaged: the fresh one,
    // verified by its digest, replaces it.
    bool stored = stat(PathFor(d.sha256).c_str(), &existing) == 0 &&
                  static_cast<uint64_t>(existing.st_size) == d.size;
    if (stored || !seen.insert(d.sha256).second) {
      unlink(p.tmp_path.c_str());
      // Whoever stored it may have been killed before syncing the directory entry.
      if (stored) dirs->insert(sub);
    } else {
      p.sha256 = d.sha256;
      pending->push_back(std::move(p));
    }
    out->push_back(std::move(d));
  }
  return Status::Ok();
}

Status FileStore::CopyToTemporary(const std::string& src, DualHasher* hasher, std::string* tmp_path,
                                  Digests* out) {
  int src_fd = open(src.c_str(), O_RDONLY | O_CLOEXEC);
  if (src_fd < 0) return Status::IoError("无法读取 " + src + "：" + SystemErrorText(errno));
  std::string pattern = root_ + "/tmp/put-XXXXXX";
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    close(src_fd);
    return StoreError("创建临时文件", errno);
  }
  *tmp_path = name.data();
  Status st = Copy(src_fd, fd, src, hasher);
  *out = hasher->Finish();
  if (st.ok() && out->size == 0) st = Status::InvalidArgument("文件 " + src + " 是空文件");
  // Read-only from the start: nothing ever writes to a stored file again.
  if (st.ok() && fchmod(fd, ArchiveFileMode(shared_, 0400)) != 0) st = StoreError("设为只读", errno);
  close(src_fd);
  close(fd);
  if (!st.ok()) unlink(tmp_path->c_str());
  return st;
}

Status FileStore::InstallAll(std::vector<Pending>* pending, std::set<std::string>* dirs) {
  for (Pending& p : *pending) {
    std::string sub = root_ + "/" + p.sha256.substr(0, 2);
    bool created = false;
    DANGAN_RETURN_IF_ERROR(MakeArchiveDir(sub, shared_, &created));
    if (created) dirs->insert(root_);
    if (rename(p.tmp_path.c_str(), PathFor(p.sha256).c_str()) != 0) {
      return StoreError("放入 " + RelativePath(p.sha256), errno);
    }
    p.installed = true;
    dirs->insert(sub);
    FaultPoint("store: installed");
  }
  return Status::Ok();
}

Status FileStore::ListAll(std::vector<std::string>* sha256s) const {
  DIR* top = opendir(root_.c_str());
  if (!top) return Status::IoError("无法读取档案库目录 " + root_ + "：" + SystemErrorText(errno));
  while (dirent* e = readdir(top)) {
    std::string sub = e->d_name;
    if (sub.size() != 2 || sub == "..") continue;
    DIR* d = opendir((root_ + "/" + sub).c_str());
    if (!d) continue;
    while (dirent* f = readdir(d)) {
      if (IsHexName(f->d_name)) sha256s->push_back(f->d_name);
    }
    closedir(d);
  }
  closedir(top);
  return Status::Ok();
}

Status FileStore::ListTemporaries(std::vector<ReclaimableFile>* out) const {
  const std::string tmp = root_ + "/tmp";
  DIR* d = opendir(tmp.c_str());
  if (!d) return Status::IoError("无法读取 " + tmp + "：" + SystemErrorText(errno));
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    struct stat st;
    if (stat((tmp + "/" + e->d_name).c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    out->push_back(
        {std::string("store/tmp/") + e->d_name, static_cast<uint64_t>(st.st_size), true});
  }
  closedir(d);
  return Status::Ok();
}

Status FileStore::RemoveLeftover(const std::string& path) const {
  // root_ is DIR/store and `path` starts with store/.
  const std::string full = root_.substr(0, root_.size() - 5) + path;
  if (unlink(full.c_str()) != 0 && errno != ENOENT) {
    return Status::IoError("无法删除 " + path + "：" + SystemErrorText(errno));
  }
  return Status::Ok();
}

uint64_t FileStore::SizeOf(const std::string& sha256) const {
  struct stat st;
  return stat(PathFor(sha256).c_str(), &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

void FileStore::RemoveStaleTemporaries(long older_than_seconds) const {
  std::string tmp = root_ + "/tmp";
  DIR* d = opendir(tmp.c_str());
  if (!d) return;
  time_t now = time(nullptr);
  while (dirent* e = readdir(d)) {
    if (e->d_name[0] == '.') continue;
    std::string path = tmp + "/" + e->d_name;
    struct stat st;
    if (stat(path.c_str(), &st) == 0 && now - st.st_mtime > older_than_seconds) {
      unlink(path.c_str());
    }
  }
  closedir(d);
}

}  // namespace dangan::archive
