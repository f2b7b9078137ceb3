// PLACEHOLDER (issue 16): the appraisal routes are registered here.
#include "core.h"

namespace dangan::server {

void RegisterAppraisalRoutes(Core& core) { (void)core; }

}  // namespace dangan::server
