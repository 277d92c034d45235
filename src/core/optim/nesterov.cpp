#include "optim/nesterov.hpp"

namespace losslab {

void Nesterov::update(Vec& params, const Vec& grads, const OptimizerSettings& s) {
  velocity_ = s.momentum * velocity_ + grads;
  params -= s.lr * (grads + s.momentum * velocity_);
}

}  // namespace losslab
