// Putting the user's own points into a config: the one place that turns a config into a custom-data run,
// for the 2-D plot's editor, a CSV import in the page and `losslab run --csv`.
#pragma once

#include <vector>

#include "train/run_config.hpp"

namespace losslab {

// dataset = custom with these points (rows of `features` numbers and a label); the model, the loss (ce
// in place of a regression loss) and the rest of the config stay. `holdout` is the test share (0: test on the training points).
void use_custom_points(RunConfig& config, int features, std::vector<double> points, double holdout);

// A CSV's points get a held-out quarter: real data wants a test split that the model did not see.
inline constexpr double kCsvHoldout = 0.25;

}  // namespace losslab
