#include "optim/momentum.hpp"

namespace losslab {

void Momentum::update(Vec& params, const Vec& grads, const OptimizerSettings& s) {
  velocity_ = s.momentum * velocity_ + grads;
  params -= s.lr * velocity_;
}

}  // namespace losslab
