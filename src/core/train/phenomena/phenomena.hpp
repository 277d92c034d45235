// The phenomena presets (../shared/PHENOMENA.md), one file each in this directory: the run that
// reproduces a paper's effect at a size the browser trains in about a minute, what to watch, the plots
// that tell the story, and the citation with what was scaled down. Each has a signature test in
// tests/phenomena/ that asserts the effect from the History. presets.cpp lists them after the toys.
#pragma once

#include <vector>

#include "metrics/power_law_fit.hpp"
#include "train/presets.hpp"

namespace losslab {

// Each returns its file's presets (a phenomenon and its companions, e.g. the no-weight-decay twin).
std::vector<Preset> entropy_floor_presets();
std::vector<Preset> grokking_presets();
std::vector<Preset> neural_collapse_presets();
std::vector<Preset> calibration_presets();
std::vector<Preset> robust_losses_presets();
std::vector<Preset> benign_overfitting_presets();
std::vector<Preset> regression_as_classification_presets();
std::vector<Preset> double_descent_presets();  // a sweep
std::vector<Preset> scaling_presets();         // a sweep

// The scaling sweep's fit of L(N) = L∞ + a·N^−α to a sweep curve's test_loss against the parameter count
// (its signature reads it; the Sweep tab draws it).
PowerLawFit fit_loss_curve(const History& curve);

}  // namespace losslab
