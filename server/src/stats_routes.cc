// PLACEHOLDER (issue 16): the stats routes are registered here.
#include "core.h"

namespace dangan::server {

void RegisterStatsRoutes(Core& core) { (void)core; }

}  // namespace dangan::server
