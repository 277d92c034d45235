// A labelled classification dataset and its train/test split.
// Inputs are stored one sample per column (see util/eigen_types.hpp): x is F×N, y has N labels in [0, K).
#pragma once

#include <cstdint>
#include <vector>

#include "util/eigen_types.hpp"

namespace losslab {

struct Dataset {
  Mat x;                      // F×N inputs
  std::vector<int32_t> y;     // N labels in [0, num_classes)
  int num_classes = 0;

  int size() const { return static_cast<int>(y.size()); }
  int num_features() const { return static_cast<int>(x.rows()); }
};

struct Split {
  Dataset train;
  Dataset test;   // always labelled with the true (clean) class
  Dataset calib;  // held out, clean, for fitting post-hoc calibration (may be empty)
};

}  // namespace losslab
