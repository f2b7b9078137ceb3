#include "dangan/jobs/use_copy.h"

#include <cstdio>
#include <memory>

#include "dangan/generator/pdf_stamp.h"
#include "dangan/jobs/lending.h"
#include "dangan/records/retention.h"

namespace dangan::jobs {

Status MakeUseCopy(const JobContext& ctx, const std::string& danghao, const std::string& out_path,
                   const std::string& reason, UseCopyResult* result) {
  DANGAN_RETURN_IF_ERROR(CheckGivenText({{"事由（--reason）", reason}}));
  std::unique_ptr<Archive> archive;
  DANGAN_RETURN_IF_ERROR(OpenArchive(ctx, &archive));
  ItemRecord& item = result->item;
  int64_t grant = 0;  // an approved use request (lending.h) may open an item above clearance
  DANGAN_RETURN_IF_ERROR(GetWithGrant(ctx, *archive, danghao, /*log_view=*/false, &item, &grant));
  // The signed scan is the record as it stands; without one, the generated original.
  const StoredFile* source = nullptr;
  for (FileRole role : {FileRole::kSignedScan, FileRole::kOriginal}) {
    for (const StoredFile& f : item.files) {
      if (!source && f.role == role && f.media_type == "application/pdf") source = &f;
    }
  }
  if (source == nullptr) {
    return Status::Unsupported("档号 " + item.danghao + " 没有 PDF 文件，无法制作利用副本");
  }
  ArchiveSeal seal;
  seal.fonds = item.fonds;
  seal.year = std::to_string(item.year);
  char piece[16];
  std::snprintf(piece, sizeof piece, "%04d", item.piece);
  seal.piece = item.piece > 0 ? piece : "";
  seal.department = item.department;
  const auto retention = ParseRetentionCode(item.retention);
  seal.retention = retention ? RetentionSealText(*retention) : "";
  seal.pages = std::to_string(item.pages);
  result->copied_role = source->role;
  DANGAN_RETURN_IF_ERROR(archive->IssueCopy(item.danghao, *source, reason));
  DANGAN_RETURN_IF_ERROR(StampArchiveSeal(archive->StoredPath(*source), out_path, seal));
  return RegisterUse(*archive, grant, item.danghao, "利用副本");
}

}  // namespace dangan::jobs
