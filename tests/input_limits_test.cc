// Every input has documented limits (README "### Limits"), enforced before the expensive work
// with a message naming the file and the limit: the real dangan command on real files.
#include "dangan/base/input_limits.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/limit_fixtures.h"
#include "support/test_paths.h"

using dangan::test::CliRun;
using dangan::test::RunDangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;
using dangan::test::WriteFile;
using Json = nlohmann::json;

namespace {

class LimitsArchive {
 public:
  explicit LimitsArchive(const std::string& name) : dir_(ScratchDir(name)) {
    CliRun init = Run("init --fonds Z109 --company 华东精密机械有限公司");
    INFO(init.out);
    REQUIRE(init.exit_code == 0);
  }
  CliRun Run(const std::string& args) const {
    return RunDangan(
        dangan::test::WithOptions(args, "--archive " + dir_ + "/archive"));
  }
  // `dangan file PATH OPTIONS` as a new item, without OCR.
  CliRun File(const std::string& path, const std::string& options = "") const {
    return Run("file " + path + " --title 空白 --year 2024 --retention D10 --dept BGS --no-ocr " +
               options);
  }
  long ItemCount() const {
    CliRun list = Run("list --json");
    INFO(list.out);
    REQUIRE(list.exit_code == 0);
    return Json::parse(list.out)["total"].get<long>();
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A file of `size` bytes that takes no disk space (a hole): larger than a limit, cheaply.
std::string WriteSparse(const std::string& path, off_t size) {
  WriteFile(path, "");
  REQUIRE(::truncate(path.c_str(), size) == 0);
  return path;
}

}  // namespace

TEST_CASE("a PDF with more pages than the limit is refused naming it and the limit, filing nothing",
          "[limits]") {
  LimitsArchive a("limits-pages");
  const std::string pdf = dangan::test::WriteBlankPdf(30, a.dir() + "/三十页.pdf");
  CliRun refused = a.File(pdf, "--max-pages 20");
  INFO(refused.out);
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.out, "三十页.pdf"));
  CHECK(Contains(refused.out, "有 30 页，超过上限 20 页"));
  CHECK(Contains(refused.out, "--max-pages"));
  CHECK(a.ItemCount() == 0);

  CliRun raised = a.File(pdf, "--max-pages 30");
  INFO(raised.out);
  CHECK(raised.exit_code == 0);
  CHECK(a.ItemCount() == 1);
}

TEST_CASE("the page limit given with --max-pages must be a positive count", "[limits]") {
  LimitsArchive a("limits-max-pages-arg");
  const std::string pdf = dangan::test::WriteBlankPdf(2, a.dir() + "/两页.pdf");
  CliRun bad = a.File(pdf, "--max-pages 0");
  INFO(bad.out);
  CHECK(bad.exit_code == 2);
  CHECK(Contains(bad.out, "--max-pages 应为正整数"));
}

TEST_CASE("a blank 2,000-page PDF files in seconds and 2,001 pages are refused by default",
          "[limits][slow]") {
  LimitsArchive a("limits-2000");
  const std::string legitimate = dangan::test::WriteBlankPdf(2000, a.dir() + "/blank2000.pdf");
  const auto start = std::chrono::steady_clock::now();
  CliRun filed = a.File(legitimate);
  const double seconds = SecondsSince(start);
  INFO(filed.out);
  CHECK(filed.exit_code == 0);
  CHECK(Contains(filed.out, "2000 页"));
  // 1.5 s on an idle machine; the bound leaves room for a loaded CI host (it took minutes before).
  CHECK(seconds < 20);

  const std::string too_long = dangan::test::WriteBlankPdf(2001, a.dir() + "/blank2001.pdf");
  CliRun refused = a.File(too_long);
  INFO(refused.out);
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.out, "blank2001.pdf"));
  CHECK(Contains(refused.out, "有 2,001 页，超过上限 2,000 页"));
  CHECK(a.ItemCount() == 1);
}

TEST_CASE("a PDF whose content stream inflates far beyond its size is refused quickly",
          "[limits]") {
  LimitsArchive a("limits-bomb");
  // 256 MB of operators deflated into about 250 KB.
  const std::string bomb = dangan::test::WriteFlateBombPdf(256ull << 20, a.dir() + "/炸弹.pdf");
  const auto start = std::chrono::steady_clock::now();
  CliRun refused = a.File(bomb);
  const double seconds = SecondsSince(start);
  INFO(refused.out);
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.out, "炸弹.pdf"));
  CHECK(Contains(refused.out, "PDF 对象 4 的数据流"));
  CHECK(Contains(refused.out, "解压后超过上限 64 MB"));
  CHECK(seconds < 10);
  CHECK(a.ItemCount() == 0);
}

TEST_CASE("an image with more pixels than the limit is refused before it is decoded", "[limits]") {
  LimitsArchive a("limits-pixels");
  // 12,000 × 10,000 bilevel pixels: a 15 KB PNG that decodes to 120 MB of grey.
  const std::string png = dangan::test::WriteHugePng(12000, 10000, a.dir() + "/巨幅.png");
  const auto start = std::chrono::steady_clock::now();
  CliRun refused = a.File(png);
  const double seconds = SecondsSince(start);
  INFO(refused.out);
  CHECK(refused.exit_code == 2);
  CHECK(Contains(refused.out, "巨幅.png"));
  CHECK(Contains(refused.out, "12000 × 10000 = 120,000,000 像素，超过上限 100,000,000 像素"));
  CHECK(seconds < 5);
  CHECK(a.ItemCount() == 0);
}

TEST_CASE("generate --data refuses a directory, a FIFO, a device and an over-size file by name",
          "[limits]") {
  const std::string dir = ScratchDir("limits-data");
  const std::string out = " --out " + dir + "/out";
  SECTION("a directory") {
    CliRun run = RunDangan("generate O-09 --data " + dir + out);
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(Contains(run.out, "数据文件 " + dir + " 是一个目录，不是文件"));
  }
  SECTION("a FIFO, which would wait for a writer forever") {
    const std::string fifo = dir + "/数据管道";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CliRun run = RunDangan("generate O-09 --data " + fifo + out);
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(Contains(run.out, "数据文件 " + fifo + " 是管道（FIFO），不是普通文件"));
  }
  SECTION("/dev/zero, which never ends") {
    CliRun run = RunDangan("generate O-09 --data /dev/zero" + out);
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(Contains(run.out, "数据文件 /dev/zero 是设备文件，不是普通文件"));
  }
  SECTION("a file larger than the limit") {
    const std::string big = WriteSparse(dir + "/大.json", (256 << 20) + (1 << 20));
    CliRun run = RunDangan("generate O-09 --data " + big + out);
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(Contains(run.out, "数据文件 " + big + " 有 257 MB，超过上限 256 MB"));
  }
  SECTION("a header file is held to the same rules") {
    CliRun run = RunDangan("generate S-04 --data " + SourcePath("samples/S-04.csv") +
                           " --header /dev/zero" + out);
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(Contains(run.out, "数据文件 /dev/zero 是设备文件"));
  }
}

TEST_CASE("an import mapping file larger than the limit, or not a file, is refused by name",
          "[limits]") {
  LimitsArchive a("limits-mapping");
  const std::string csv =
      WriteFile(a.dir() + "/目录.csv", "档号,题名\nZ109-WS·2015-Y-BGS-0001,通知\n");
  SECTION("over 1 MB, even of comments") {
    std::string yaml = "columns: {题名: 题名}\n";
    while (yaml.size() <= dangan::kMaxMappingFileBytes)
      yaml += "# 说明" + std::string(60, '-') + "\n";
    const std::string mapping = WriteFile(a.dir() + "/映射.yaml", yaml);
    CliRun run = a.Run("import " + csv + " --into catalogue --mapping " + mapping + " --dry-run");
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(Contains(run.out, "映射文件 " + mapping + " 有 1.0 MB，超过上限 1 MB"));
  }
  SECTION("a directory") {
    CliRun run = a.Run("import " + csv + " --into catalogue --mapping " + a.dir() + " --dry-run");
    INFO(run.out);
    CHECK(run.exit_code == 2);
    CHECK(Contains(run.out, "映射文件 " + a.dir() + " 是一个目录"));
  }
}
