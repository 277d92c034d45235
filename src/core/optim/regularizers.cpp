#include "optim/regularizers.hpp"

#include <cmath>

namespace losslab {

void add_l2_gradient(Vec& grads, const Vec& params, float lambda) {
  if (lambda != 0.0f) grads += lambda * params;
}

void add_l1_gradient(Vec& grads, const Vec& params, float lambda) {
  if (lambda != 0.0f) grads += lambda * params.cwiseSign();
}

float clip_gradient_norm(Vec& grads, float max_norm) {
  // Summed in double: a float sum of many squares loses the small coordinates' share.
  const double norm = std::sqrt(grads.cast<double>().squaredNorm());
  if (max_norm > 0.0f && std::isfinite(norm) && norm > max_norm)
    grads *= static_cast<float>(static_cast<double>(max_norm) / norm);
  return static_cast<float>(norm);
}

void add_langevin_noise(Vec& params, float lr, float temperature, Rng& rng) {
  if (temperature <= 0.0f || lr <= 0.0f) return;
  const float sigma = std::sqrt(2.0f * lr * temperature);
  for (Eigen::Index i = 0; i < params.size(); ++i) params[i] += sigma * rng.normal();
}

void Grokfast::apply(Vec& grads, float alpha, float lambda) {
  if (ema_.size() != grads.size())
    ema_ = grads;  // the first gradient, as gradfilter_ema starts (then α·g + (1−α)·g = g)
  else
    ema_ = alpha * ema_ + (1.0f - alpha) * grads;
  grads += lambda * ema_;
}

}  // namespace losslab
