// Status messages quote what users give (keys, cells, file names): whatever the bytes, the
// message is valid UTF-8, so that it can be printed and put into --json output.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "dangan/status.h"

namespace dangan {
namespace {

TEST_CASE("a status quoting bytes that are not UTF-8 shows each as U+FFFD", "[status]") {
  const Status s = Status::InvalidArgument("映射文件 m.yaml 第 1 行：不认识的项「val\xFFu\xC3」");
  CHECK(s.message() == "映射文件 m.yaml 第 1 行：不认识的项「val\xEF\xBF\xBDu\xEF\xBF\xBD」");
  // What the import command does with it under --json.
  CHECK_NOTHROW(nlohmann::json{{"error", s.ToString()}}.dump());
}

TEST_CASE("a status keeps valid UTF-8 as it is, four-byte characters included", "[status]") {
  const std::string text = "题名「𠀀檔案 ISO９００１」";
  CHECK(Status::NotFound(text).message() == text);
  CHECK(Status::IoError(text).message() == text);
}

TEST_CASE("every detail of a status is valid UTF-8 too", "[status]") {
  const Status s = Status::InvalidArgument("数据 d.json 有错误：", {"「\xED\xA0\x80」应为单个值", "ok"});
  REQUIRE(s.details().size() == 2);
  CHECK(s.details()[0] == "「\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD」应为单个值");  // a surrogate, byte by byte
  CHECK(s.details()[1] == "ok");
}

}  // namespace
}  // namespace dangan
