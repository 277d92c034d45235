#include "optim/sgd.hpp"

namespace losslab {

void Sgd::step(Vec& params, const Vec& grads, const OptimizerSettings& s) {
  velocity_ = s.momentum * velocity_ + grads;
  params -= s.lr * velocity_;
}

}  // namespace losslab
