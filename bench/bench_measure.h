// What every benchmark measures the same way: wall time and the process's peak resident set.
#pragma once

#include <sys/resource.h>

#include <chrono>

namespace dangan::bench {

inline double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// getrusage's ru_maxrss, in MB: the peak of the whole process so far.
inline double PeakMegabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

}  // namespace dangan::bench
