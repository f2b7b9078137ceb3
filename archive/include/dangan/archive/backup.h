// Backup and restore of an archive folder (issue 16 §3).
//
// A backup folder DEST holds what a restore needs and nothing else:
//
//   DEST/manifest.json      what the backup holds: every file with its size and SHA-256, the
//                           catalogue's schema version, the item count, when it was taken
//   DEST/catalogue.sqlite   the catalogue as one consistent moment (SQLite's online backup)
//   DEST/retention.txt      the retention table
//   DEST/store/ab/cdef…     every stored file the backed-up catalogue references
//
// A backup is taken while filings go on: the catalogue is copied inside one read transaction,
// and the store's files are written before the filing that references them commits, so every file
// the copy references is there. DEST is updated in place: a store file already in DEST (named by
// its digest, listed with it in the previous manifest) is not copied again, and one the new
// catalogue no longer references (a destroyed item's) is removed. DEST is private to its owner
// (0700, files 0600) whatever the umask. The checkpoint key, the server's configuration and files
// waiting in the upload and import queues are not part of the archive folder's records and are
// not backed up.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dangan/base/status.h"

namespace dangan {

inline constexpr char kBackupManifest[] = "manifest.json";
// The manifest's "format": what tells a backup folder from any other folder.
inline constexpr char kBackupFormat[] = "dangan-backup";

struct BackupFileEntry {
  std::string path;  // relative to the backup folder: catalogue.sqlite, store/ab/…
  uint64_t size = 0;
  std::string sha256;  // hex
};

struct BackupManifest {
  // False while a first backup into the folder is under way: such a folder is a backup (a later
  // backup may complete it) but cannot be restored.
  bool complete = false;
  std::string fonds, company;
  int schema_version = 0;
  int64_t items = 0;     // items in the backed-up catalogue (destroyed ones included)
  std::string taken_at;  // ISO 8601 local time when the catalogue was copied
  std::string source;    // the archive folder it was taken from
  std::vector<BackupFileEntry> files;
};

struct BackupReport {
  BackupManifest manifest;
  int64_t copied = 0, skipped = 0, removed = 0;  // store files
  uint64_t bytes_copied = 0, bytes_skipped = 0, bytes_removed = 0;
  uint64_t bytes_total = 0;  // every file of the backup, the catalogue included
};

struct BackupOptions {
  // Who takes the backup: recorded in the archive's audit log (备份档案库).
  std::string user;
  // Re-read every store file already in DEST and compare its SHA-256 before skipping it (slower;
  // repairs a backup damaged since). Otherwise a file listed in the previous manifest with the
  // same size is trusted; restore verifies every digest in any case.
  bool verify_existing = false;
};

// Backs the archive at `archive_dir` up into `dest` (made if missing). A `dest` that is neither
// empty nor a backup folder (no manifest.json of a dangan backup) is refused, naming it, and left
// as it was. A stored file whose content no longer matches its digest is refused, naming the item.
Status BackupArchive(const std::string& archive_dir, const std::string& dest,
                     const BackupOptions& options, BackupReport* report);

// Reads and checks the manifest of the backup folder `dest`.
Status ReadBackupManifest(const std::string& dest, BackupManifest* out);

// Checks every file the manifest of `backup_dir` lists against its size and SHA-256; the first
// difference is refused (Corruption naming the file).
Status VerifyBackup(const std::string& backup_dir, BackupManifest* manifest);

struct RestoreReport {
  BackupManifest manifest;
  int64_t files = 0;
  uint64_t bytes = 0;
};

// Brings the backup at `backup_dir` back as a new archive folder `new_dir`, which must not exist
// (refused naming it). Every digest is verified before anything is written; the archive is built
// under a temporary sibling name and renamed into place at the end, so a refusal or a failure
// leaves no `new_dir` behind.
// `user` is recorded in the restored archive's audit log (从备份恢复).
Status RestoreArchive(const std::string& backup_dir, const std::string& new_dir,
                      const std::string& user, RestoreReport* report);

}  // namespace dangan
