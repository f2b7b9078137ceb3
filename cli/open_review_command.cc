// Placeholder of issue 17's command; the work on this part fills it.
#include "commands.h"

namespace dangan::cli {

int OpenReviewCommand(const Args& args) {
  return Fail(args, Status::Unsupported("dangan open-review：尚未实现"));
}

}  // namespace dangan::cli
