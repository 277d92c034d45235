// Parameters that never train (Mlp::frozen_ranges(): a fixed-sign output layer, absent biases). They keep
// their place in the flat vector, so the trainer keeps them fixed in two moves around each update:
// zero_gradient() before the gradient's clipping and the optimizer (so clipping measures the trained
// parameters only, and the optimizers' states — velocity, moments — stay 0 there: SGD, momentum and
// Adam then leave them alone), and restore() after it, because decoupled weight decay and Langevin noise
// act on the weights themselves, not through the gradient.
#pragma once

#include <vector>

#include "nn/mlp.hpp"
#include "util/eigen_types.hpp"

namespace losslab {

class FrozenParams {
 public:
  FrozenParams() = default;
  // Remembers the current values of `ranges` in `params` (after initialisation).
  FrozenParams(std::vector<ParamRange> ranges, const Vec& params);

  bool empty() const { return ranges_.empty(); }
  void zero_gradient(Vec& grads) const;
  void restore(Vec& params) const;

 private:
  std::vector<ParamRange> ranges_;
  Vec values_;  // the ranges' values, one after the other
};

}  // namespace losslab
