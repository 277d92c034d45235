// Loss and accuracy of a model over a whole dataset (a full forward pass, no gradients).
#pragma once

#include "data/dataset.hpp"
#include "nn/mlp.hpp"

namespace losslab {

struct ClassificationScore {
  double loss = 0;      // mean cross-entropy
  double accuracy = 0;  // fraction of argmax predictions equal to the label
};

ClassificationScore score(const Mlp& model, const Vec& params, const Dataset& data, MlpWorkspace& ws);

}  // namespace losslab
