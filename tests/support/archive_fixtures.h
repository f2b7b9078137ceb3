// Helpers for the archive tests: a fresh archive, sample items and files, raw SQL on the
// catalogue (to play someone editing it behind the program's back).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dangan/archive/archive.h"

namespace dangan::archive_test {

ArchiveConfig TestConfig();  // 全宗号 Z109, the default pattern

// Creates an archive in a fresh scratch directory named `name`; returns the directory.
std::string NewArchive(const std::string& name, const ArchiveConfig& config = TestConfig());
// Opens it (failing the test if it cannot).
std::unique_ptr<Archive> OpenArchive(const std::string& dir, const std::string& user = "张档案");

// 门类 WS, 年度 2024, 永久, 办公室.
NewItem SampleItem(const std::string& title = "关于加强印章管理的通知");

// Files the legacy sample scan samples/legacy/scans/SCAN as an item of 2010 (D10, dated
// 2010-05-06) at `secrecy`; returns its 档号. For tests of what a reader below a clearance sees.
std::string FileSampleScanAt(Archive& a, const std::string& title, const std::string& secrecy,
                             const std::string& scan);

// A small PDF-looking file (starts with %PDF-, one "%%Page" marker per page), unique by `seed`.
std::string WritePdf(const std::string& path, const std::string& seed, int pages = 1);
NewFile PdfFile(const std::string& path, int pages = 1, FileRole role = FileRole::kOriginal);

// Runs SQL on DIR/catalogue.sqlite with a separate connection; returns SQLite's error or "".
std::string Sql(const std::string& dir, const std::string& sql);
// One integer from a query on DIR/catalogue.sqlite.
long long SqlInt(const std::string& dir, const std::string& sql);

// Counts "%%Page" markers: the PageCounter the tests hand to Check.
int CountTestPages(const std::string& path, const std::string& media_type);

// The report's problems as text, for failure messages; and whether one matches.
std::string Describe(const CheckReport& report);
bool HasProblem(const CheckReport& report, const std::string& danghao, const std::string& text);

// Number of content files in DIR/store (tmp excluded).
int StoreFileCount(const std::string& dir);

std::string ReadAll(const std::string& path);

}  // namespace dangan::archive_test
