// The losses that depend on p only through p_y share one gradient (LOSSES.md, Identity 1):
//   ℓ = φ(p_y)  ⇒  ∂ℓ/∂z = w · (p − e_y),   w = −p_y · φ′(p_y)
// so each such loss supplies only its value and its weight w. The y-entry is written as −w·(1 − p_y)
// with 1 − p_y = exp(log(1 − p_y)), which stays exact when p_y is within rounding of 1.
#pragma once

#include <cmath>
#include <span>

#include "loss/loss.hpp"

namespace losslab {

inline double label_probability_loss(const SampleView& s, double loss, double weight, std::span<double> grad) {
  for (size_t k = 0; k < grad.size(); ++k) grad[k] = weight * s.p[k];
  grad[static_cast<size_t>(s.y)] = -weight * std::exp(s.log1m_py);
  return loss;
}

// 1 − p_y, exactly.
inline double one_minus_py(const SampleView& s) { return std::exp(s.log1m_py); }

}  // namespace losslab
