#include "sample_document.h"

#include <catch2/catch.hpp>
#include <utility>
#include <vector>

#include "test_paths.h"

namespace dangan::test {

void BindSample(const std::string& id, BoundSample* out) {
  REQUIRE(LoadTemplate(SourcePath("templates/" + id + ".yaml"), &out->t).ok());
  std::vector<RawRecord> records;
  REQUIRE(ReadData(out->t, SourcePath("samples/" + id + ".json"), {}, &records).ok());
  Status s = BindDocument(out->t, std::move(records[0]), &out->doc);
  INFO(s.ToString());
  REQUIRE(s.ok());
}

}  // namespace dangan::test
