// The LDR-KL term (Zhu, Ying & Yang, ICML 2023), shared by ldr_kl and aldr_kl: the worst case of the
// margin-shifted scores over label distributions, regularised by λ KL(P ‖ uniform), in closed form
//   ℓ = λ log( (1/K) Σ_k exp(v_k) ),   v_k = (x_k − x_y + c·1[k≠y]) / λ
//     = λ CE((x + c(1 − e_y))/λ, y) − λ log K,          ∂ℓ/∂x = softmax(v) − e_y
// The y-entry is written as −Σ_{k≠y} softmax(v)_k, exact when the label's share is within rounding of 1.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>

namespace losslab {

inline double ldr_kl_term(std::span<const double> x, int32_t label, double lambda, double margin,
                          std::span<double> grad) {
  const size_t y = static_cast<size_t>(label);
  double m = 0;  // v_y = 0
  for (size_t k = 0; k < x.size(); ++k) {
    grad[k] = k == y ? 0.0 : (x[k] - x[y] + margin) / lambda;  // v, kept in grad until normalised
    m = std::max(m, grad[k]);
  }
  double others = 0;  // Σ_{k≠y} exp(v_k − m)
  for (size_t k = 0; k < x.size(); ++k) {
    grad[k] = std::exp(grad[k] - m);
    if (k != y) others += grad[k];
  }
  const double sum = others + grad[y];
  for (size_t k = 0; k < x.size(); ++k) grad[k] /= sum;
  grad[y] = -others / sum;
  return lambda * (m + std::log(sum) - std::log(static_cast<double>(x.size())));
}

}  // namespace losslab
