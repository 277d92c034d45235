// Adam (Kingma & Ba, 2015), with bias correction as in PyTorch's torch.optim.Adam:
//   m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²,
//   θ ← θ − η · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)
// Also serves "adamw": with the decoupled weight decay of Optimizer::step in front, this is exactly
// PyTorch's AdamW.
#pragma once

#include <cstdint>

#include "optim/optimizer.hpp"

namespace losslab {

class Adam final : public Optimizer {
 public:
  explicit Adam(Eigen::Index n) : m_(Vec::Zero(n)), v_(Vec::Zero(n)) {}

 protected:
  void update(Vec& params, const Vec& grads, const OptimizerSettings& s) override;

 private:
  Vec m_, v_;
  int64_t t_ = 0;
};

}  // namespace losslab
