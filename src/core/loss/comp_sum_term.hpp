// The comp-sum term of Mao, Mohri & Zhong (ICML 2023), shared by comp_sum and adv_comp_sum:
//   ℓ_τ = (1 − p_y^(τ−1)) / (τ − 1) = −expm1((τ − 1) log p_y) / (τ − 1),   τ = 1: −log p_y
// (τ = 0 sum-exponential, τ ∈ (1, 2) GCE with q = τ − 1, τ = 2 MAE-like 1 − p_y). It depends on p only
// through p_y, so ∂ℓ/∂z = w (p − e_y) with w = p_y^(τ−1) (LOSSES-NOTES A11). The expm1 form stays exact
// near τ = 1. For τ < 1 the loss grows like p_y^(τ−1) as p_y → 0, so log p_y is clamped at −80 there
// (loss and weight both: finite for logits of any size; the weight is then that of the clamp).
#pragma once

#include <algorithm>
#include <cmath>
#include <span>

#include "loss/label_probability.hpp"

namespace losslab {

inline double comp_sum_term(const SampleView& s, double tau, std::span<double> grad) {
  if (tau == 1) return label_probability_loss(s, -s.lp_y, 1.0, grad);
  const double lp_y = tau < 1 ? std::max(s.lp_y, -80.0) : s.lp_y;
  const double w = std::exp((tau - 1) * lp_y);  // p_y^(τ−1)
  return label_probability_loss(s, -std::expm1((tau - 1) * lp_y) / (tau - 1), w, grad);
}

}  // namespace losslab
