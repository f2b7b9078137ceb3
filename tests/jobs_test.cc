// The jobs layer, called as the web application will call it: with a JobContext, never the
// environment.
#include <catch2/catch.hpp>

#include "dangan/jobs/archive_jobs.h"
#include "dangan/jobs/generate.h"
#include "support/archive_fixtures.h"
#include "support/test_paths.h"

using namespace dangan;
using dangan::test::ScratchDir;
using dangan::test::SourcePath;

namespace {

jobs::JobContext ContextFor(const std::string& archive_dir, Secrecy clearance) {
  jobs::JobContext ctx;
  ctx.archive_dir = archive_dir;
  ctx.user = "测试员";
  ctx.templates_dir = SourcePath("templates");
  ctx.clearance = clearance;
  return ctx;
}

}  // namespace

TEST_CASE("a generated form is filed with the text and pages the generator gave it",
          "[jobs]") {
  const std::string dir = archive_test::NewArchive("jobs-generate-file");
  const jobs::JobContext ctx = ContextFor(dir, Secrecy::kInternal);
  jobs::GenerateRequest request;
  request.template_id = "O-09";
  request.data_path = SourcePath("samples/O-09.json");
  request.format = OutputFormat::kPdf;
  request.out = ScratchDir("jobs-generate-file-out");
  request.file = true;
  request.fallback_year = 2030;
  jobs::GenerateResult result;
  Status s = jobs::Generate(ctx, request, &result);
  INFO(s.ToString());
  REQUIRE(s.ok());
  REQUIRE(result.filed.size() == 1);
  const ItemRecord& filed = result.filed[0];
  CHECK(filed.year == 2024);  // from the form's date, not the fallback
  CHECK(filed.source == "generated");
  CHECK(filed.pages == result.documents[0].files[0].pages);

  auto archive = archive_test::OpenArchive(dir);
  ItemRecord item;
  REQUIRE(archive->Get(filed.danghao, false, &item).ok());
  REQUIRE(item.files.size() == 1);
  CHECK_THAT(item.files[0].text, Catch::Contains("申请部门：市场部"));
  CHECK_THAT(item.files[0].text, Catch::Contains("硒鼓"));

  SearchRequest search;
  search.query = "硒鼓";
  SearchResults hits;
  REQUIRE(jobs::Search(ctx, search, &hits).ok());
  REQUIRE(hits.hits.size() == 1);
  CHECK(hits.hits[0].item.danghao == filed.danghao);
}

TEST_CASE("a search job sees only what the context's clearance allows, whatever it asks",
          "[jobs]") {
  const std::string dir = archive_test::NewArchive("jobs-clearance");
  {
    auto archive = archive_test::OpenArchive(dir);
    NewItem secret = archive_test::SampleItem("关于新型号研发进度的机密报告");
    secret.secrecy = "机密";
    const std::string pdf = archive_test::WritePdf(dir + "/secret.pdf", "secret");
    ItemRecord filed;
    REQUIRE(archive->File(secret, {archive_test::PdfFile(pdf)}, &filed).ok());
  }
  SearchRequest request;
  request.query = "研发进度";
  request.clearance = "机密";  // asked for, but the context decides
  SearchResults results;
  REQUIRE(jobs::Search(ContextFor(dir, Secrecy::kInternal), request, &results).ok());
  CHECK(results.total == 0);
  REQUIRE(jobs::Search(ContextFor(dir, Secrecy::kSecret), request, &results).ok());
  CHECK(results.total == 1);
}
