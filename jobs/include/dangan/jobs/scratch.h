// Scratch files of a job that writes documents before handing them on (a preview, a download,
// a volume filed): one folder inside the archive's own folder (private like the archive, on the
// same disk as the store), removed with everything in it when the job is done.
#pragma once

#include <string>

#include "dangan/base/status.h"

namespace dangan::jobs {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& archive_dir);
  ~ScratchDir();  // removes the folder; nothing to tell the user about one left behind
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  Status status() const;  // IoError when the folder could not be made
  bool ok() const { return !path_.empty(); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A whole file in or out (documents just generated, a request's body).
Status ReadWholeFile(const std::string& path, std::string* bytes);
Status WriteWholeFile(const std::string& path, const std::string& bytes);

}  // namespace dangan::jobs
