// Placeholder of issue 17's commands; the work on this part fills it.
#include "commands.h"

namespace dangan::cli {

int ExportCommand(const Args& args) {
  return Fail(args, Status::Unsupported("dangan export：尚未实现"));
}
int VerifyPackageCommand(const Args& args) {
  return Fail(args, Status::Unsupported("dangan verify-package：尚未实现"));
}
int ReceiveCommand(const Args& args) {
  return Fail(args, Status::Unsupported("dangan receive：尚未实现"));
}

}  // namespace dangan::cli
