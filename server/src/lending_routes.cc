// Placeholder of issue 17's routes; the work on this part fills it.
#include "core.h"

namespace dangan::server {

void RegisterLendingRoutes(Core&) {}

}  // namespace dangan::server
