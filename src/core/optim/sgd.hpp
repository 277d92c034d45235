// Plain stochastic gradient descent: θ ← θ − η g. No state; OptimizerSettings::momentum is ignored
// (heavy ball and Nesterov are their own optimizers, so "sgd" in a config means exactly this).
#pragma once

#include "optim/optimizer.hpp"

namespace losslab {

class Sgd final : public Optimizer {
 protected:
  void update(Vec& params, const Vec& grads, const OptimizerSettings& s) override;
};

}  // namespace losslab
