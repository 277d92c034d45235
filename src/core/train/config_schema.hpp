// A JSON Schema (draft 2020-12) of config files, generated from the field table, so that editors can
// check and complete a config while it is written: `losslab schema > losslab.schema.json`.
//
// It says what one field can say alone: each key's type, range, choices, list length and default; the
// preset and loss names; no other keys. A loss's parameters (`loss.<param>`) depend on the loss in force
// — the file's "loss", else its preset's, else the default — so each loss adds its parameters' ranges
// under a condition (allOf of if/then) and forbids the parameters of the others. What involves several
// fields (a batch no larger than the training split, a prime modulus, matrix rows summing to 1) is
// checked by `losslab run --config`, which names the field.
#pragma once

#include <nlohmann/json.hpp>

namespace losslab {

nlohmann::json config_schema();

}  // namespace losslab
