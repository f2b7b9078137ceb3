// Faster PDFs (issue 18 §5): the glyphs of a form's fixed text are compressed once per batch and
// their compressed bytes reused in every document's font program. What a reader gets out of such
// a stream must be exactly the font program, and the forms must read as if made one by one.
#include "generator/src/pdf/reused_deflate.h"  // private part, tested on purpose

#include <zlib.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dangan/generator/document.h"
#include "dangan/generator/generator.h"
#include "dangan/generator/template.h"
#include "support/pdf_text.h"
#include "support/test_paths.h"

namespace {

using dangan::pdf::CompressReusingMiddle;

// Text-like bytes that deflate well but not trivially, different for every `seed`.
std::string Sample(size_t size, unsigned seed) {
  std::string out;
  unsigned x = seed * 2654435761u + 1;
  while (out.size() < size) {
    x = x * 1103515245u + 12345u;
    out += "glyph " + std::to_string((x >> 16) % 500) + (x % 3 ? " contour; " : " point\n");
  }
  out.resize(size);
  return out;
}

std::string Inflate(const std::string& packed, size_t size) {
  std::string out(size + 1, '\0');
  uLongf n = static_cast<uLongf>(out.size());
  int r = uncompress(reinterpret_cast<Bytef*>(out.data()), &n,
                     reinterpret_cast<const Bytef*>(packed.data()), packed.size());
  INFO("zlib: " << r);
  REQUIRE(r == Z_OK);
  out.resize(n);
  return out;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("A font stream put together from a cached part inflates to exactly its program",
          "[pdf][speed]") {
  const size_t begin = 180, end = 24000, size = 36000;
  const std::string middle = Sample(end - begin, 7);
  std::vector<std::string> programs, packed;
  for (unsigned doc = 0; doc < 3; ++doc) {
    // Each document: its own directory and tail around the same middle.
    programs.push_back(Sample(begin, 100 + doc) + middle + Sample(size - end, 200 + doc));
    std::string out;
    REQUIRE(CompressReusingMiddle(programs.back(), begin, end, &out));
    CHECK(Inflate(out, size) == programs.back());
    CHECK(out.size() < size / 2);
    packed.push_back(out);
  }
  // From the second time on, the stream is zlib header, the first part stored as it is, then the
  // cached middle: byte for byte the same in both documents.
  for (int doc : {1, 2}) {
    CHECK(packed[doc].compare(7, begin, programs[doc], 0, begin) == 0);
  }
  CHECK(packed[1].compare(7 + begin, 2000, packed[2], 7 + begin, 2000) == 0);

  SECTION("parts that do not suit are compressed at once") {
    std::string out;
    std::string small_middle = Sample(5000, 3);
    REQUIRE(CompressReusingMiddle(small_middle, 100, 1000, &out));  // middle too short
    CHECK(Inflate(out, small_middle.size()) == small_middle);
    std::string long_first = Sample(90000, 4);
    REQUIRE(CompressReusingMiddle(long_first, 70000, 80000, &out));  // first part > 64 KiB
    CHECK(Inflate(out, long_first.size()) == long_first);
    REQUIRE(CompressReusingMiddle(long_first, 80000, 70000, &out));  // no middle at all
    CHECK(Inflate(out, long_first.size()) == long_first);
  }
}

TEST_CASE(
    "Forms of a batch share their fixed text's compressed glyphs and read as forms made alone",
    "[pdf][speed]") {
  dangan::Template t;
  REQUIRE(dangan::LoadTemplate(dangan::test::SourcePath("templates/O-09.yaml"), &t).ok());
  const char* const departments[] = {"财务部", "技术部", "销售部"};
  const char* const people[] = {"王建国", "赵雪梅", "孙丽"};
  std::string json = "[";
  for (int i = 0; i < 3; ++i) {
    json += std::string(i ? "," : "") + R"({"文档编号": "O-09-20240305-0000000)" +
            std::to_string(i + 1) + R"(", "申请部门": ")" + departments[i] +
            R"(", "申请日期": "2024-03-0)" + std::to_string(i + 5) +
            R"(", "申请类别": "采购", "申请人": ")" + people[i] + R"(", "用途说明": "第 )" +
            std::to_string(i + 1) +
            R"( 次申请。", "明细": [{"物品名称": "A4复印纸", "单位": "箱", "数量": )" +
            std::to_string(i + 2) + R"(, "单价": 160}]})";
  }
  json += "]";
  const std::string dir = dangan::test::ScratchDir("reused_deflate");
  const std::string data = dangan::test::WriteFile(dir + "/forms.json", json);

  auto generate = [&](size_t only, const std::string& out) {
    std::vector<dangan::RawRecord> records;
    REQUIRE(dangan::ReadData(t, data, {}, &records).ok());
    if (only < records.size()) records = {records[only]};
    std::vector<dangan::GeneratedDocument> docs;
    dangan::Generator generator;
    dangan::Status s =
        generator.Generate(t, std::move(records), dangan::OutputFormat::kPdf, out, &docs);
    INFO(s.ToString());
    REQUIRE(s.ok());
    std::vector<std::string> paths;
    for (const auto& d : docs) paths.push_back(d.files.at(0).path);
    return paths;
  };
  std::vector<std::string> batch = generate(99, dir + "/batch");
  REQUIRE(batch.size() == 3);

  // The third form alone reads exactly as the third form of the batch, and renders cleanly.
  std::vector<std::string> alone = generate(2, dir + "/alone");
  dangan::test::PdfContent in_batch = dangan::test::ReadPdf(batch[2], true);
  dangan::test::PdfContent by_itself = dangan::test::ReadPdf(alone.at(0), true);
  REQUIRE(in_batch.loaded);
  CHECK(in_batch.errors.empty());
  CHECK(in_batch.pages == by_itself.pages);
  CHECK(dangan::test::CountOf(in_batch.pages.at(0), "孙丽") == 1);
  CHECK(dangan::test::CountOf(in_batch.pages.at(0), "办公用品申请单") == 1);

  // The second and third forms differ in their data, yet 4 KiB of compressed font program from
  // the middle of one's stream occur in the other's: the fixed text's glyphs, packed once.
  std::string second = ReadBytes(batch[1]), third = ReadBytes(batch[2]);
  size_t font = second.find("/Length1");
  REQUIRE(font != std::string::npos);
  size_t stream = second.find("stream", font);
  REQUIRE(stream != std::string::npos);
  CHECK(third.find(second.substr(stream + 600, 4096)) != std::string::npos);
}
