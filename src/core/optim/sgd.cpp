#include "optim/sgd.hpp"

namespace losslab {

void Sgd::update(Vec& params, const Vec& grads, const OptimizerSettings& s) { params -= s.lr * grads; }

}  // namespace losslab
