// Makes the inputs of bench/run_limits.sh: bench_limits blank-pdf PAGES OUT | bomb-pdf MB OUT |
// huge-png WIDTH HEIGHT OUT. The same writers make the (smaller) inputs of
// tests/input_limits_test.cc.
#include <cstdlib>
#include <iostream>
#include <string>

#include "tests/support/limit_fixtures.h"

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "";
  if (what == "blank-pdf" && argc == 4) {
    dangan::test::WriteBlankPdf(std::atoi(argv[2]), argv[3]);
  } else if (what == "bomb-pdf" && argc == 4) {
    dangan::test::WriteFlateBombPdf(std::strtoull(argv[2], nullptr, 10) << 20, argv[3]);
  } else if (what == "huge-png" && argc == 5) {
    dangan::test::WriteHugePng(std::atoi(argv[2]), std::atoi(argv[3]), argv[4]);
  } else {
    std::cerr << "usage: bench_limits blank-pdf PAGES OUT | bomb-pdf MB OUT | huge-png W H OUT\n";
    return 2;
  }
  return 0;
}
