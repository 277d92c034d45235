// Stochastic gradient descent with heavy-ball momentum, in PyTorch's convention:
//   v ← μ v + g,   θ ← θ − η v        (μ = 0 is plain SGD)
#pragma once

#include "optim/optimizer.hpp"

namespace losslab {

class Sgd final : public Optimizer {
 public:
  explicit Sgd(Eigen::Index n) : velocity_(Vec::Zero(n)) {}
  void step(Vec& params, const Vec& grads, const OptimizerSettings& s) override;

 private:
  Vec velocity_;
};

}  // namespace losslab
