// Cost of checking a form as the clerk's desk does while it is typed (issue 15):
//
//   bench_forms TEMPLATES_DIR [--runs 500] [--threads 1]
//
// Each thread checks a filled O-09 (three rows, one incomplete) --runs times through
// jobs::CheckForm, with the templates cached as the server has them (the first
// check, which loads them, is timed apart). Prints p50/p95/p99/max ms.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "dangan/jobs/forms.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_forms TEMPLATES_DIR [--runs N] [--threads N]\n");
    return 2;
  }
  int runs = 500, threads = 1;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--runs") runs = std::atoi(argv[i + 1]);
    if (std::string(argv[i]) == "--threads") threads = std::atoi(argv[i + 1]);
  }
  dangan::jobs::JobContext ctx;
  ctx.templates_dir = argv[1];
  const dangan::jobs::Json values = dangan::jobs::Json::parse(
      R"({"申请部门":"市场部","申请日期":"2024-03-05","申请类别":"采购","申请人":"王建国",
      "明细":[{"物品名称":"签字笔","数量":"2","单价":"65"},
      {"物品名称":"打印机","数量":"1","单价":"1000"},{"物品名称":"文件夹","数量":"3"}]})");
  // The first check loads the template folder, as the server does once when it starts.
  const auto cold0 = std::chrono::steady_clock::now();
  dangan::jobs::FormCheckResult first;
  if (!dangan::jobs::CheckForm(ctx, "O-09", values, &first).ok()) return 1;
  std::printf(
      "first check (loads the templates): %.1f ms\n",
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - cold0).count());
  std::mutex mu;
  std::vector<double> ms;
  int failures = 0;
  auto work = [&] {
    std::vector<double> mine;
    for (int i = 0; i < runs; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      dangan::jobs::FormCheckResult r;
      const bool ok = dangan::jobs::CheckForm(ctx, "O-09", values, &r).ok();
      mine.push_back(
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (!ok || r.computed["合计金额"] != "1,130.00") {
        std::lock_guard<std::mutex> lock(mu);
        ++failures;
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    ms.insert(ms.end(), mine.begin(), mine.end());
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  for (std::thread& t : pool) t.join();
  std::sort(ms.begin(), ms.end());
  auto at = [&ms](double p) {
    return ms[std::min(ms.size() - 1, static_cast<size_t>(p * ms.size()))];
  };
  std::printf(
      "form check O-09, %d threads × %d: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms, "
      "failures %d\n",
      threads, runs, at(0.5), at(0.95), at(0.99), ms.back(), failures);
  return failures == 0 ? 0 : 1;
}
