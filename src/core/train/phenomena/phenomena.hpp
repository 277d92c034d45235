// The phenomena presets (../shared/PHENOMENA.md), one file each in this directory: the run that
// reproduces a paper's effect at a size the browser trains in about a minute, what to watch, the plots
// that tell the story, and the citation with what was scaled down. Each has a signature test in
// tests/phenomena/ that asserts the effect from the History. presets.cpp lists them after the toys.
#pragma once

#include <vector>

#include "train/presets.hpp"

namespace losslab {

// Each returns its file's presets (a phenomenon and its companions, e.g. the no-weight-decay twin).
std::vector<Preset> entropy_floor_presets();
std::vector<Preset> grokking_presets();
std::vector<Preset> neural_collapse_presets();
std::vector<Preset> calibration_presets();
std::vector<Preset> robust_losses_presets();

}  // namespace losslab
