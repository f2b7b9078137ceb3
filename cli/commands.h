// The dangan subcommands; each returns the process exit status.
#pragma once

#include "args.h"
#include "dangan/generator/document.h"

namespace dangan::cli {

int FormsCommand(const Args& args);
int GenerateCommand(const Args& args);
int InitCommand(const Args& args);
int FileCommand(const Args& args);
int ShowCommand(const Args& args);
int ListCommand(const Args& args);
int CopyCommand(const Args& args);
int EditCommand(const Args& args);
int RetentionCommand(const Args& args);
int HoldCommand(const Args& args);
int AuditCommand(const Args& args);
int CheckCommand(const Args& args);
int GcCommand(const Args& args);
int ReindexCommand(const Args& args);
int SearchCommand(const Args& args);
int ImportCommand(const Args& args);
int RegisterCommand(const Args& args);
int ServeCommand(const Args& args);
int UserCommand(const Args& args);
int AppraisalCommand(const Args& args);  // issue 16: appraisal and destruction
int DestroyCommand(const Args& args);
int BackupCommand(const Args& args);   // issue 16
int RestoreCommand(const Args& args);  // issue 16
int StatsCommand(const Args& args);    // issue 16
int UseCommand(const Args& args);      // issue 17: lending and use (use_command.cc)
int ExportCommand(const Args& args);   // issue 17: transfer (transfer_command.cc)
int VerifyPackageCommand(const Args& args);
int ReceiveCommand(const Args& args);
int OpenReviewCommand(const Args& args);  // issue 17: 开放审核 (open_review_command.cc)

}  // namespace dangan::cli
