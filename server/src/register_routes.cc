// PLACEHOLDER for issue 15: replaced by the part's own routes.
#include "core.h"

namespace dangan::server {

void RegisterRegisterRoutes(Core&) {}

}  // namespace dangan::server
