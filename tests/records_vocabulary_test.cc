// The records vocabulary: 保管期限, 密级, file roles and item sources read and written one way.
#include <catch2/catch.hpp>

#include "dangan/base/problem.h"
#include "dangan/records/item_kinds.h"
#include "dangan/records/retention.h"
#include "dangan/records/secrecy.h"

using namespace dangan;

TEST_CASE("retention codes read in any width or case and keep their order") {
  CHECK(ParseRetentionCode("Y") == Retention::kPermanent);
  CHECK(ParseRetentionCode("ｄ３０") == Retention::kD30);
  CHECK(ParseRetentionCode(" d10 ") == Retention::kD10);
  CHECK_FALSE(ParseRetentionCode("长期").has_value());
  CHECK_FALSE(ParseRetentionCode("D20").has_value());
  CHECK(Longer(Retention::kD10, Retention::kD30) == Retention::kD30);
  CHECK(Longer(Retention::kPermanent, Retention::kD30) == Retention::kPermanent);
  CHECK(std::string(RetentionName(Retention::kD30)) == "定期30年");
  CHECK(std::string(RetentionSealText(Retention::kD10)) == "10年");
  CHECK(RetentionYears(Retention::kPermanent) == 0);
}

TEST_CASE("retention words of old registers are read, old codes are reported, never converted") {
  using Kind = RetentionReading::Kind;
  CHECK(ReadRetention("定期三十年").code == Retention::kD30);
  CHECK(ReadRetention("永久").kind == Kind::kCode);
  const RetentionReading old = ReadRetention("長期");
  CHECK(old.kind == Kind::kLegacy);
  CHECK(old.legacy == "长期");
  CHECK(ReadRetention("").kind == Kind::kEmpty);
  CHECK(ReadRetention("半永久").kind == Kind::kInvalid);
}

TEST_CASE("secrecy levels are read in both scripts and ordered for clearances") {
  CHECK(ParseSecrecy("機密") == Secrecy::kSecret);
  CHECK(ParseSecrecy(" 内部 ") == Secrecy::kInternal);
  CHECK_FALSE(ParseSecrecy("绝密").has_value());
  CHECK(SecrecyRefusal("絕密").find("不在本系统管理范围内") != std::string::npos);
  CHECK(SecrecyRefusal("一般") == "「一般」不是密级（应为 公开、内部、秘密 或 机密）");
  CHECK(MaySee(Secrecy::kConfidential, Secrecy::kInternal));
  CHECK_FALSE(MaySee(Secrecy::kInternal, Secrecy::kSecret));
}

TEST_CASE("file roles and item sources round-trip through their stored names") {
  for (FileRole r : {FileRole::kOriginal, FileRole::kSignedScan, FileRole::kAttachment})
    CHECK(ParseFileRole(FileRoleName(r)) == r);
  for (ItemSource s : {ItemSource::kGenerated, ItemSource::kScan, ItemSource::kImport})
    CHECK(ParseItemSource(ItemSourceCode(s)) == s);
  CHECK_FALSE(ParseItemSource("scanned").has_value());
}

TEST_CASE("a problem is described with every part of its place, in order") {
  Problem p{"invalid_retention", "应为 Y、D30 或 D10", "旧台账.xlsx", "2019", 12, 3, "保管期限"};
  CHECK(DescribeProblem(p) == "文件 旧台账.xlsx 工作表「2019」第 12 行 C 列 保管期限：应为 Y、D30 或 D10");
  CHECK(DescribeProblem({"required", "必填", "", "", 0, 0, "申请部门"}) == "申请部门：必填");
  CHECK(ColumnLetters(27) == "AA");
}
