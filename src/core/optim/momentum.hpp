// SGD with heavy-ball momentum in PyTorch's convention (torch.optim.SGD, dampening 0):
//   v ← μ v + g,   θ ← θ − η v
// The velocity holds the sum of past gradients, not of past steps, so a change of η mid-run scales the
// whole next step at once (PyTorch's behaviour; the Sutskever form v ← μv − ηg would not).
#pragma once

#include "optim/optimizer.hpp"

namespace losslab {

class Momentum final : public Optimizer {
 public:
  explicit Momentum(Eigen::Index n) : velocity_(Vec::Zero(n)) {}

 protected:
  void update(Vec& params, const Vec& grads, const OptimizerSettings& s) override;

 private:
  Vec velocity_;
};

}  // namespace losslab
