// PLACEHOLDER for issue 15: replaced by the part's own routes.
#include "core.h"

namespace dangan::server {

void RegisterFormPages(Core&) {}

}  // namespace dangan::server
