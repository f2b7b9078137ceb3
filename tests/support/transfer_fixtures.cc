#include "support/transfer_fixtures.h"

#include <catch2/catch.hpp>

#include "dangan/intake/intake.h"
#include "dangan/jobs/destruction.h"
#include "support/archive_fixtures.h"
#include "support/job_fixtures.h"
#include "support/test_paths.h"

namespace dangan::test {
namespace {

namespace fx = archive_test;

NewFile Scan(const std::string& name, FileRole role = FileRole::kOriginal) {
  NewFile f;
  f.path = SourcePath("samples/legacy/scans/" + name);
  f.role = role;
  f.media_type = "application/pdf";
  f.pages = RealPages(f.path, f.media_type);
  f.text = "扫描件";
  return f;
}

}  // namespace

int RealPages(const std::string& path, const std::string& media_type) {
  return CountPages(path, media_type);
}

TransferSource MakeTransferSource(const std::string& name) {
  TransferSource s;
  s.dir = fx::NewArchive(name);
  s.ctx = SecretClerk(s.dir);
  {
    auto a = fx::OpenArchive(s.dir);
    const char* const titles[] = {"关于二〇一〇年档案移交工作的通知", "二〇一〇年办公用品领用单",
                                  "二〇一〇年度工作总结"};
    const char* const scans[] = {"Z109-WS·2015-Y-BGS-0001.pdf", "Z109-WS·2015-Y-BGS-0004.pdf",
                                 "Z109-WS·2016-D10-BGS-0008.pdf"};
    for (int i = 0; i < 3; ++i) {
      NewItem item = fx::SampleItem(titles[i]);
      item.year = 2010;
      item.retention = "D10";
      item.date = "2010-0" + std::to_string(i + 3) + "-15";
      item.responsible = "办公室";
      item.doc_ref = "华精办〔2010〕" + std::to_string(i + 1) + "号";
      std::vector<NewFile> files = {Scan(scans[i])};
      if (i == 0) files.push_back(Scan("Z109-WS.2016-Y-BGS-0002.pdf", FileRole::kAttachment));
      ItemRecord rec;
      Status st = a->File(item, files, &rec);
      INFO(st.ToString());
      REQUIRE(st.ok());
      s.danghaos.push_back(rec.danghao);
    }
  }
  s.destroyed = s.danghaos[1];
  jobs::Appraisal ap;
  REQUIRE(jobs::StartAppraisal(s.ctx, "", "2026-06-30", {s.destroyed}, &ap).ok());
  REQUIRE(jobs::DecideItem(s.ctx, ap.id, s.destroyed, "拟销毁", "", "无保存价值").ok());
  REQUIRE(jobs::RecordGroupOpinion(s.ctx, ap.id, "王鉴定、李小组", "同意销毁。").ok());
  REQUIRE(jobs::ApproveDestruction(s.ctx, ap.id, "周经理", true, "同意").ok());
  REQUIRE(
      jobs::RecordWitnesses(s.ctx, ap.id, "孙监销", "钱监销", "粉碎", "档案室", "2026-07-01 09:30")
          .ok());
  jobs::DestructionResult destroyed;
  Status st = jobs::Destroy(s.ctx, ap.id, &destroyed);
  INFO(st.ToString());
  REQUIRE(st.ok());
  // The 开放审核 decision as the open-review work records it (its columns, schema 13).
  REQUIRE(fx::Sql(s.dir,
                  "UPDATE items SET open_status = '控制', open_reason = '涉及商业秘密', "
                  "open_reviewed_at = '2026-05-01', open_reviewed_by = '王审核' "
                  "WHERE danghao = '" +
                      s.danghaos[0] + "'") == "");
  return s;
}

std::string MakeReceivingArchive(const std::string& name) { return fx::NewArchive(name); }

}  // namespace dangan::test
