// `losslab bench phenomena [--preset NAME]`: each phenomenon (a preset with a signature) trained natively
// from its config and seed, timed to the moment its History first shows the signature (checked after
// every evaluation), then to its end. The page's figures come from scripts/bench_phenomena.mjs.
#pragma once

#include <string>

namespace losslab::cli {

int bench_phenomena(const std::string& only_preset, bool json);

}  // namespace losslab::cli
