#include "optim/adam.hpp"

#include <cmath>

namespace losslab {

void Adam::update(Vec& params, const Vec& grads, const OptimizerSettings& s) {
  ++t_;
  m_ = s.beta1 * m_ + (1.0f - s.beta1) * grads;
  v_ = s.beta2 * v_ + (1.0f - s.beta2) * grads.cwiseAbs2();
  const double t = static_cast<double>(t_);
  const float step_size = static_cast<float>(s.lr / (1.0 - std::pow(static_cast<double>(s.beta1), t)));
  const float v_scale = static_cast<float>(1.0 / std::sqrt(1.0 - std::pow(static_cast<double>(s.beta2), t)));
  params.array() -= step_size * m_.array() / (v_.array().sqrt() * v_scale + s.eps);
}

}  // namespace losslab
