// Scans given with --files: matched to catalogue rows by 档号 (the file named after it, with any
// look-alike dot, e.g. Z109-WS·2015-D30-BGS-0012.pdf or Z109-WS.2015-D30-BGS-0012.pdf) or by the
// row's 文件名 column.
#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "dangan/importers/import_values.h"
#include "dangan/records/danghao.h"
#include "import_internal.h"

namespace dangan::import {
namespace {

std::string WithoutExtension(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of("/\\");
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// What intake files: other files in the directory (notes, scripts) are not scans.
bool LooksLikeScan(const std::string& name) {
  size_t dot = name.rfind('.');
  if (dot == std::string::npos) return false;
  std::string ext = name.substr(dot + 1);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == "pdf" || ext == "png" || ext == "jpg" || ext == "jpeg" || ext == "tif" ||
         ext == "tiff";
}

}  // namespace

Status ListScans(const std::string& dir, std::vector<ScanFile>* out) {
  out->clear();
  DIR* d = opendir(dir.c_str());
  if (d == nullptr) {
    return Status::NotFound("找不到扫描件目录 " + dir + "：" + SystemErrorText(errno));
  }
  while (dirent* e = readdir(d)) {
    std::string name = e->d_name;
    if (name.empty() || name[0] == '.' || !LooksLikeScan(name)) continue;
    std::string path = dir + "/" + name;
    struct stat st;
    if (stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    ScanFile f;
    f.path = path;
    f.name = name;
    f.key = NormalizeDanghao(WithoutExtension(name));
    out->push_back(std::move(f));
  }
  closedir(d);
  std::sort(out->begin(), out->end(),
            [](const ScanFile& a, const ScanFile& b) { return a.name < b.name; });
  return Status::Ok();
}

ScanFile* MatchScan(std::vector<ScanFile>* scans, const std::string& danghao,
                    const std::string& file_name) {
  std::string wanted = BaseName(file_name);
  for (ScanFile& s : *scans) {
    bool by_name = !wanted.empty() &&
                   (s.name == wanted || s.key == NormalizeDanghao(WithoutExtension(wanted)));
    bool by_danghao = wanted.empty() && !danghao.empty() && s.key == danghao;
    if (!s.claimed && (by_name || by_danghao)) {
      s.claimed = true;
      return &s;
    }
  }
  return nullptr;
}

}  // namespace dangan::import
