// Placeholder of issue 17's command; the work on this part fills it.
#include "commands.h"

namespace dangan::cli {

int UseCommand(const Args& args) { return Fail(args, Status::Unsupported("dangan use：尚未实现")); }

}  // namespace dangan::cli
