// A labelled classification dataset and its train/test split.
// Inputs are stored one sample per column (see util/eigen_types.hpp): x is F×N, y has N labels in [0, K).
// A regression dataset (data/heavy_tail_regression.hpp) also carries real-valued targets: `values` (the
// ones trained on, noisy on the training split) and `clean_values` (the noise-free ones, for scoring);
// its labels are all 0 (one class), so code written for labels still sees a valid vector.
#pragma once

#include <cstdint>
#include <vector>

#include "util/eigen_types.hpp"

namespace losslab {

struct Dataset {
  Mat x;                      // F×N inputs
  std::vector<int32_t> y;     // N labels in [0, num_classes)
  int num_classes = 0;
  std::vector<double> values;        // regression only (else empty): N targets
  std::vector<double> clean_values;  // regression only: N noise-free targets (= values on the test split)
  std::vector<int32_t> origin;       // custom data only (data/custom_points.hpp): each sample's row in the points

  int size() const { return static_cast<int>(y.size()); }
  int num_features() const { return static_cast<int>(x.rows()); }
};

struct Split {
  Dataset train;
  Dataset test;   // always labelled with the true (clean) class
  Dataset calib;  // held out, clean, for fitting post-hoc calibration (may be empty)
  // F×2 orthonormal columns spanning the plane a high-dimensional task lives in (xor_clusters: the unit
  // cluster means), on which the decision boundary is drawn; empty when there is none.
  Mat plane;
};

}  // namespace losslab
