// Placeholder: filled in by the server work (see core.h).
#include "core.h"
