#include "source_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <map>

namespace dangan::archive {
namespace {

const char kPdf[] = "application/pdf";
const char kPng[] = "image/png";
const char kJpeg[] = "image/jpeg";
const char kTiff[] = "image/tiff";
const char kXlsx[] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const char kDocx[] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

std::string Lower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return s;
}

std::string Extension(const std::string& name) {
  size_t dot = name.rfind('.');
  return dot == std::string::npos ? std::string() : Lower(name.substr(dot + 1));
}

std::string TypeForExtension(const std::string& ext) {
  static const std::map<std::string, std::string> kTypes = {{"pdf", kPdf},
                                                            {"png", kPng},
                                                            {"jpg", kJpeg},
                                                            {"jpeg", kJpeg},
                                                            {"tif", kTiff},
                                                            {"tiff", kTiff},
                                                            {"xlsx", kXlsx},
                                                            {"docx", kDocx},
                                                            {"txt", "text/plain"},
                                                            {"csv", "text/csv"},
                                                            {"json", "application/json"},
                                                            {"xml", "application/xml"},
                                                            {"zip", "application/zip"}};
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? std::string() : it->second;
}

bool StartsWith(const std::string& s, const char* prefix, size_t n) {
  return s.size() >= n && s.compare(0, n, prefix, n) == 0;
}

// Types whose content can be recognised: only for these is a name or declaration checked.
bool Recognisable(const std::string& type) {
  return type == kPdf || type == kPng || type == kJpeg || type == kTiff || type == kXlsx ||
         type == kDocx;
}

const char* ShortName(const std::string& type) {
  if (type == kPdf) return "PDF";
  if (type == kPng) return "PNG 图像";
  if (type == kJpeg) return "JPEG 图像";
  if (type == kTiff) return "TIFF 图像";
  if (type == kXlsx) return "Excel（xlsx）表格";
  if (type == kDocx) return "Word（docx）文档";
  return "所声明的格式";
}

Status ReadHead(const std::string& path, std::string* head) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError("无法读取文件 " + path + "：" + SystemErrorText(errno));
  char buf[16];
  ssize_t n = read(fd, buf, sizeof buf);
  int err = errno;
  close(fd);
  if (n < 0) return Status::IoError("读取文件 " + path + " 出错：" + SystemErrorText(err));
  head->assign(buf, static_cast<size_t>(n));
  return Status::Ok();
}

Status CheckContentMatches(const NewFile& file, const std::string& sniffed, SourceInfo* out) {
  std::string claimed =
      file.media_type.empty() ? TypeForExtension(Extension(out->name)) : file.media_type;
  if (Recognisable(claimed) && claimed != sniffed) {
    std::string by = file.media_type.empty() ? "文件名" : "声明的类型 " + file.media_type;
    return Status::InvalidArgument("文件 " + file.path + " 的内容不是 " + ShortName(claimed) +
                                   "（" + by + "与内容不符）");
  }
  out->media_type = file.media_type.empty() ? sniffed : file.media_type;
  return Status::Ok();
}

}  // namespace

std::string BaseName(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string SniffMediaType(const std::string& head, const std::string& name) {
  if (StartsWith(head, "%PDF-", 5)) return kPdf;
  if (StartsWith(head, "\x89PNG\r\n\x1a\n", 8)) return kPng;
  if (StartsWith(head, "\xff\xd8\xff", 3)) return kJpeg;
  if (StartsWith(head, "II*\0", 4) || StartsWith(head, "MM\0*", 4)) return kTiff;
  std::string by_name = TypeForExtension(Extension(name));
  if (StartsWith(head, "PK\x03\x04", 4)) {
    return by_name == kXlsx || by_name == kDocx ? by_name : "application/zip";
  }
  if (!by_name.empty() && !Recognisable(by_name) && by_name != "application/zip") return by_name;
  return "application/octet-stream";
}

Status InspectSource(const NewFile& file, SourceInfo* out) {
  if (file.path.empty()) return Status::InvalidArgument("要归档的文件没有给出路径");
  struct stat st;
  if (stat(file.path.c_str(), &st) != 0) {
    return Status::NotFound("文件 " + file.path + " 无法归档：" + SystemErrorText(errno));
  }
  if (S_ISDIR(st.st_mode))
    return Status::InvalidArgument("文件 " + file.path + " 是一个目录，不能归档");
  if (!S_ISREG(st.st_mode))
    return Status::InvalidArgument("文件 " + file.path + " 不是普通文件，不能归档");
  if (st.st_size == 0) return Status::InvalidArgument("文件 " + file.path + " 是空文件，不能归档");
  if (file.pages < 0) return Status::InvalidArgument("文件 " + file.path + " 的页数不能为负数");
  out->name = file.name.empty() ? BaseName(file.path) : file.name;
  out->size = static_cast<uint64_t>(st.st_size);
  std::string head;
  DANGAN_RETURN_IF_ERROR(ReadHead(file.path, &head));
  return CheckContentMatches(file, SniffMediaType(head, out->name), out);
}

}  // namespace dangan::archive
