// Regression through classification (two_hot, hl_gauss; LOSSES-NOTES A17): the K outputs are m = K bins
// of width w = (v_max − v_min)/m over [v_min, v_max], with edges b_j = v_min + j w (j = 0..m) and
// centres c_j = b_j + w/2 (j = 0..m−1; in LOSSES.md's 1-based numbering c_j = b_{j−1} + w/2). The
// prediction is v̂ = Σ_j p_j c_j; the loss is cross-entropy against a target histogram t with mean ≈ v.
// The model is sized from the `bins` parameter (loss_outputs), the loss from the logits it gets.
#pragma once

#include <algorithm>
#include <cmath>
#include <span>
#include <string>

#include "loss/loss.hpp"

namespace losslab {

struct ValueBins {
  double v_min = 0, width = 0;
  size_t count = 0;  // m

  ValueBins(double lo, double hi, size_t m) : v_min(lo), width((hi - lo) / static_cast<double>(m)), count(m) {}
  double edge(size_t j) const { return v_min + static_cast<double>(j) * width; }
  double centre(size_t j) const { return v_min + (static_cast<double>(j) + 0.5) * width; }
  // v's position on the centres, clamped into [0, m − 1]: c_0 ↦ 0, c_{m−1} ↦ m − 1.
  double position(double v) const {
    return std::clamp((v - centre(0)) / width, 0.0, static_cast<double>(count - 1));
  }
};

// The losses' check_params: the bins need v_min < v_max.
inline std::string value_range_problem(double v_min, double v_max) {
  return v_min < v_max ? std::string() : "v_min must be less than v_max";
}

// Cross-entropy against the target histogram t held in grad on entry: ℓ = −Σ_j t_j log p_j, and grad
// becomes ∂ℓ/∂z = p − t.
inline double histogram_ce(const SampleView& s, std::span<double> grad) {
  double loss = 0;
  for (size_t j = 0; j < grad.size(); ++j) {
    if (grad[j] != 0) loss -= grad[j] * s.lp[j];
    grad[j] = s.p[j] - grad[j];
  }
  return loss;
}

}  // namespace losslab
