// SGD with Nesterov momentum in PyTorch's form (torch.optim.SGD, nesterov=True, dampening 0):
//   v ← μ v + g,   θ ← θ − η (g + μ v)
// This is the look-ahead gradient of Sutskever et al. 2013 rewritten in the stored parameters, so no
// second forward pass at θ − ημv is needed.
#pragma once

#include "optim/optimizer.hpp"

namespace losslab {

class Nesterov final : public Optimizer {
 public:
  explicit Nesterov(Eigen::Index n) : velocity_(Vec::Zero(n)) {}

 protected:
  void update(Vec& params, const Vec& grads, const OptimizerSettings& s) override;

 private:
  Vec velocity_;
};

}  // namespace losslab
