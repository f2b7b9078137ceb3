#include "support/archive_fixtures.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "dangan/intake/intake.h"
#include "dangan/search/tokenizer.h"
#include "support/test_paths.h"

using dangan::test::ScratchDir;
using dangan::test::WriteFile;

namespace dangan::archive_test {

ArchiveConfig TestConfig() {
  ArchiveConfig c;
  c.fonds = "Z109";
  c.company = "示例科技有限公司";
  return c;
}

std::string NewArchive(const std::string& name, const ArchiveConfig& config) {
  std::string dir = ScratchDir(name) + "/archive";
  Status st = Archive::Create(dir, config);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return dir;
}

std::unique_ptr<Archive> OpenArchive(const std::string& dir, const std::string& user) {
  std::unique_ptr<Archive> a;
  Status st = Archive::Open(dir, user, &a);
  INFO(st.ToString());
  REQUIRE(st.ok());
  return a;
}

NewItem SampleItem(const std::string& title) {
  NewItem item;
  item.category = "WS";
  item.year = 2024;
  item.retention = "Y";
  item.department = "BGS";
  item.title = title;
  item.responsible = "行政管理部";
  item.date = "2024-03-05";
  return item;
}

std::string WritePdf(const std::string& path, const std::string& seed, int pages) {
  std::string text = "%PDF-1.4\n% " + seed + "\n";
  for (int i = 1; i <= pages; ++i) text += "%%Page " + std::to_string(i) + "\n";
  text += "%%EOF\n";
  return WriteFile(path, text);
}

NewFile PdfFile(const std::string& path, int pages, FileRole role) {
  NewFile f;
  f.path = path;
  f.pages = pages;
  f.role = role;
  f.text = "关于加强印章管理的通知 正文";
  return f;
}

std::string Sql(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string error;
  if (sqlite3_open((dir + "/catalogue.sqlite").c_str(), &db) != SQLITE_OK) {
    error = sqlite3_errmsg(db);
  } else {
    sqlite3_busy_timeout(db, 5000);
    // As `.load libdangan_fts5` in the shell.
    const Status tokenizer = RegisterChineseTokenizer(db);
    char* msg = nullptr;
    if (!tokenizer.ok()) {
      error = tokenizer.ToString();
    } else if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) {
      error = msg ? msg : "error";
      sqlite3_free(msg);
    }
  }
  sqlite3_close(db);
  return error;
}

long long SqlInt(const std::string& dir, const std::string& sql) {
  sqlite3* db = nullptr;
  long long value = -1;
  sqlite3_open((dir + "/catalogue.sqlite").c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  if (RegisterChineseTokenizer(db).ok() && sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
      sqlite3_step(stmt) == SQLITE_ROW) {
    value = sqlite3_column_int64(stmt, 0);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return value;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int CountTestPages(const std::string& path, const std::string&) {
  std::string text = ReadAll(path);
  int n = 0;
  for (size_t pos = text.find("%%Page"); pos != std::string::npos;
       pos = text.find("%%Page", pos + 1)) {
    ++n;
  }
  return n;
}

std::string Describe(const CheckReport& report) {
  std::string out;
  for (const CheckProblem& p : report.problems) out += p.danghao + ": " + p.problem + "\n";
  return out;
}

bool HasProblem(const CheckReport& report, const std::string& danghao, const std::string& text) {
  for (const CheckProblem& p : report.problems) {
    if (p.danghao == danghao && p.problem.find(text) != std::string::npos) return true;
  }
  return false;
}

int StoreFileCount(const std::string& dir) {
  int n = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir + "/store")) {
    // store/tmp holds copies in progress, store/.lock the lock filings and gc share.
    if (e.is_regular_file() && e.path().parent_path().filename() != "tmp" &&
        e.path().filename().string()[0] != '.')
      ++n;
  }
  return n;
}

std::string FileSampleScanAt(Archive& a, const std::string& title, const std::string& secrecy,
                             const std::string& scan) {
  NewItem item = SampleItem(title);
  item.year = 2010;
  item.retention = "D10";
  item.date = "2010-05-06";
  item.secrecy = secrecy;
  ItemRecord rec;
  const std::string pdf = dangan::test::SourcePath("samples/legacy/scans/" + scan);
  REQUIRE(a.File(item, {PdfFile(pdf, CountPages(pdf, "application/pdf"))}, &rec).ok());
  return rec.danghao;
}

}  // namespace dangan::archive_test
