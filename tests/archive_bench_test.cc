// Not run by default ([.] hides it): filing and checking time for many single-page PDFs.
//   DANGAN_BENCH_ITEMS=10000 build/tests/dangan_tests "[archive-bench]"
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <random>

#include "support/archive_fixtures.h"
#include "support/test_paths.h"

namespace dangan {
namespace {

namespace fx = archive_test;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// ~30 KB, like a generated one-page form: a PDF header, then incompressible bytes.
std::string FakeFormPdf(const std::string& path, int i, std::mt19937* rng) {
  std::string body = "%PDF-1.7\n% form " + std::to_string(i) + "\n";
  body.reserve(30 * 1024);
  while (body.size() < 30 * 1024) body += static_cast<char>((*rng)() & 0xff);
  return dangan::test::WriteFile(path, body);
}

TEST_CASE("Filing and checking many one-page PDFs", "[.][archive-bench]") {
  const char* env = std::getenv("DANGAN_BENCH_ITEMS");
  int n = env ? std::atoi(env) : 1000;
  std::string dir = fx::NewArchive("bench");
  std::string src = dangan::test::ScratchDir("bench-src");
  std::mt19937 rng(1);
  std::vector<NewFile> files;
  std::string text;
  for (int k = 0; k < 80; ++k) text += "用印登记表 印章名称 用印事由 经办人 审批人 ";
  for (int i = 0; i < n; ++i) {
    NewFile f = fx::PdfFile(FakeFormPdf(src + "/" + std::to_string(i) + ".pdf", i, &rng));
    f.text = text;
    files.push_back(f);
  }
  auto a = fx::OpenArchive(dir);
  NewItem item = fx::SampleItem("行政管理部用印登记表");
  item.source = "generated";
  item.template_id = "S-04";
  // The first half one File call per item, the second half in batches of 100.
  int half = n / 2;
  auto start = Clock::now();
  for (int i = 0; i < half; ++i) {
    item.doc_number = "S04-2024-" + std::to_string(i);
    REQUIRE(a->File(item, {files[i]}, nullptr).ok());
  }
  double single = Seconds(start);
  item.year = 2025;  // a class holds at most 9999 items
  start = Clock::now();
  std::vector<Filing> batch;
  for (int i = half; i < n; ++i) {
    item.doc_number = "S04-2024-" + std::to_string(i);
    batch.push_back({item, {files[i]}});
    if (batch.size() == 100 || i == n - 1) {
      Status st = a->FileBatch(batch, nullptr);
      INFO(st.ToString());
      REQUIRE(st.ok());
      batch.clear();
    }
  }
  double batched = Seconds(start);
  WARN(half << " items one by one: " << single << " s (" << single * 1000 / half << " ms/item); "
            << n - half << " in batches of 100: " << batched << " s ("
            << batched * 1000 / (n - half) << " ms/item)");
  start = Clock::now();
  CheckReport r;
  REQUIRE(a->Check(nullptr, &r).ok());
  double check = Seconds(start);
  CHECK(r.ok());
  WARN("check of " << r.items << " items: " << check << " s for " << r.bytes / 1e6 << " MB ("
                   << r.bytes / 1e6 / check << " MB/s)");
}

}  // namespace
}  // namespace dangan
