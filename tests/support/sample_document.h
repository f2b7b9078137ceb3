// A template of templates/ bound to its sample data in samples/, as the generator would print it.
#pragma once

#include <string>

#include "dangan/generator/document.h"
#include "dangan/generator/template.h"

namespace dangan::test {

struct BoundSample {
  Template t;
  Document doc;
};

// Loads templates/ID.yaml and binds the first record of samples/ID.json (REQUIREs success).
void BindSample(const std::string& id, BoundSample* out);

}  // namespace dangan::test
