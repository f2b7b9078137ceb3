// The content-addressed file store: DIR/store/<first two hex digits>/<sha256>, each file written
// once, read-only (0400, or 0440 in an archive shared with a group) and never changed. A file reaches its final name only after its bytes
// are on disk (temporary name in store/tmp, fsync, rename, directory fsync), so a name in the
// store always means complete content, whatever moment a crash hits.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"
#include "dangan/base/status.h"
#include "digest.h"

namespace dangan::archive {

class FileStore {
 public:
  // Shared with a group (archive_util.h) when `root` is.
  explicit FileStore(std::string root);

  // Makes store/ and store/tmp (Create), or checks they are there (Open); new directories are
  // shared with a group when the archive directory holding `root` is.
  static Status Prepare(const std::string& root);

  // Copies every file of `srcs` into the store, reading each once (digesting while writing its
  // temporary copy); `out` gets their digests in order. Content already stored is not stored
  // again. Returns only when every file is durable under its final name. The flushes are issued
  // together from several threads, so the file system commits its journal once for the lot
  // rather than twice per file. `srcs` are only read. On error no new final name is made.
  Status PutAll(const std::vector<std::string>& srcs, DualHasher* hasher,
                std::vector<Digests>* out);

  std::string PathFor(const std::string& sha256) const;
  // store/ab/… relative to the archive directory, for messages.
  static std::string RelativePath(const std::string& sha256);

  // Every content name in the store (the SHA-256 hex names), for finding files no item knows.
  Status ListAll(std::vector<std::string>* sha256s) const;

  // What is in store/tmp: copies filings in progress are writing, or ones that were killed.
  Status ListTemporaries(std::vector<ReclaimableFile>* out) const;
  // Removes a leftover (`path` as ReclaimableFile has it, relative to the archive directory).
  Status RemoveLeftover(const std::string& path) const;
  // Size of a stored content, 0 if it cannot be read.
  uint64_t SizeOf(const std::string& sha256) const;

  // Temporary files left by filings that were killed; removed once they are old enough that no
  // live filing can own them.
  void RemoveStaleTemporaries(long older_than_seconds) const;

 private:
  struct Pending {
    std::string tmp_path, sha256;
    bool installed = false;
  };
  Status CopyAll(const std::vector<std::string>& srcs, DualHasher* hasher,
                 std::vector<Digests>* out, std::vector<Pending>* pending,
                 std::set<std::string>* dirs);
  Status CopyToTemporary(const std::string& src, DualHasher* hasher, std::string* tmp_path,
                         Digests* out);
  Status InstallAll(std::vector<Pending>* pending, std::set<std::string>* dirs);

  std::string root_;
  bool shared_ = false;
};

// fsync on a directory, so a rename or a new entry in it survives a power cut.
Status SyncDirectory(const std::string& dir);

// fsync on every path (files, or directories), from several threads at once; the first error.
Status SyncAll(const std::vector<std::string>& paths, bool directories);

}  // namespace dangan::archive
