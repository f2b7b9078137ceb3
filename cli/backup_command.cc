// dangan backup DEST / dangan restore DEST --archive NEW (issue 16 §3).
#include <iostream>

#include "commands.h"
#include "dangan/jobs/backup.h"

namespace dangan::cli {

namespace {

const char kBackupHelp[] =
    "用法：dangan backup 备份目录 --clearance 机密 [--verify] [--json]\n"
    "把档案库备份到备份目录：目录数据库（在归档继续进行时取一致的快照）、文件库中该快照引用的"
    "全部文件、保管期限表，以及记有每个文件 SHA-256 的清单 manifest.json。\n"
    "备份目录不存在则创建（仅本人可读写，0700）；已是备份则就地更新：只复制新增的文件，"
    "删除新目录中已不再引用的文件（如已销毁档案的文件）。不是备份的非空目录拒绝写入。\n"
    "  --verify   重新读取备份中已有的文件并核对 SHA-256（较慢）；默认按上次清单信任它们\n"
    "备份涉及全部档案，需要最高密级（--clearance 机密 或 DANGAN_CLEARANCE=机密）。\n";

const char kRestoreHelp[] =
    "用法：dangan restore 备份目录 --archive 新档案目录 --clearance 机密 [--json]\n"
    "先按 manifest.json 核对备份中每个文件的 SHA-256，全部相符才在新档案目录恢复档案库。"
    "新档案目录必须尚不存在；恢复失败时不留下任何东西。恢复后可用 dangan check 与 "
    "dangan audit verify 核对。\n";

std::string Megabytes(uint64_t bytes) {
  char buf[32];
  snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

int BackupCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kBackupHelp;
    return 0;
  }
  if (args.positional.size() != 1) {
    return Fail(args, Status::InvalidArgument("请给出一个备份目录（用 --help 查看用法）"));
  }
  const std::string dest = args.positional[0];
  JobContext ctx;
  BackupReport report;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = jobs::Backup(ctx, dest, args.Flag("--verify"), &report);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::BackupReportJson(dest, report)) << "\n";
    return 0;
  }
  std::cout << "已备份到 " << dest << "：" << report.manifest.items << " 件（目录数据库快照 "
            << report.manifest.taken_at << "）\n"
            << "文件库：新复制 " << report.copied << " 个（" << Megabytes(report.bytes_copied)
            << "），已有未复制 " << report.skipped << " 个（" << Megabytes(report.bytes_skipped)
            << "），删除不再引用的 " << report.removed << " 个\n"
            << "备份共 " << report.manifest.files.size() << " 个文件，"
            << Megabytes(report.bytes_total) << "\n";
  return 0;
}

int RestoreCommand(const Args& args) {
  if (args.Flag("--help")) {
    std::cout << kRestoreHelp;
    return 0;
  }
  if (args.positional.size() != 1) {
    return Fail(args, Status::InvalidArgument("请给出一个备份目录（用 --help 查看用法）"));
  }
  if (!args.Has("--archive")) {
    return Fail(args, Status::InvalidArgument(
                          "请用 --archive 给出恢复到的新档案目录（该目录必须尚不存在）"));
  }
  const std::string backup_dir = args.positional[0];
  JobContext ctx;
  RestoreReport report;
  Status s = ContextFromArgs(args, &ctx);
  if (s.ok()) s = jobs::Restore(ctx, backup_dir, &report);
  if (!s.ok()) return Fail(args, s);
  if (args.Flag("--json")) {
    std::cout << jobs::DumpJson(jobs::RestoreReportJson(backup_dir, ctx.archive_dir, report))
              << "\n";
    return 0;
  }
  std::cout << "已从 " << backup_dir << " 恢复到 " << ctx.archive_dir << "："
            << report.manifest.items << " 件，" << report.files << " 个文件（"
            << Megabytes(report.bytes) << "），全部与备份清单的 SHA-256 相符\n"
            << "备份时间 " << report.manifest.taken_at
            << "；请用 dangan check 与 dangan audit verify 核对新档案库\n";
  return 0;
}

}  // namespace dangan::cli
