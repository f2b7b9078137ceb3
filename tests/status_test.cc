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

TEST_CASE("every problem of a status is valid UTF-8 too", "[status]") {
  std::vector<Problem> problems(2);
  problems[0].message = "「\xED\xA0\x80」应为单个值";
  problems[0].field = "字段\xFF";
  problems[1].message = "ok";
  const Status s = Status::InvalidArgument("数据 d.json 有错误：", std::move(problems));
  REQUIRE(s.problems().size() == 2);
  CHECK(s.problems()[0].message == "「\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD」应为单个值");  // a surrogate, byte by byte
  CHECK(s.problems()[0].field == "字段\xEF\xBF\xBD");
  CHECK(s.problems()[1].message == "ok");
}

}  // namespace
}  // namespace dangan
