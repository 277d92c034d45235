// Gamma and Beta draws built on the run's Rng, for the same reason Rng has its own uniform and normal:
// std::gamma_distribution differs between standard libraries, and a run must replay identically
// wherever it runs. Used by mixup (λ ~ Beta(α, α)).
//
// Gamma: Marsaglia & Tsang, "A simple method for generating gamma variables", ACM TOMS 2000, for
// shape ≥ 1; shape a < 1 by their boost G(a) = G(a+1)·U^{1/a}. Beta(a, b) = X/(X+Y), X ~ G(a), Y ~ G(b).
// Worked in log space so that small shapes (α = 0.2 in mixup makes U^{1/a} = U⁵, and α = 0.01 would
// underflow) still give a Beta draw rather than 0/0.
#pragma once

#include <cmath>
#include <limits>

#include "util/rng.hpp"

namespace losslab {
namespace detail {

// Uniform in (0, 1] with 53 random bits: its log is finite.
inline double uniform_open0(Rng& rng) { return (static_cast<double>(rng.next_u64() >> 11) + 1.0) * 0x1.0p-53; }

// log of a Gamma(shape, 1) draw; −∞ (the point mass at 0) for shape ≤ 0, drawing nothing.
inline double sample_log_gamma(Rng& rng, double shape) {
  if (!(shape > 0.0)) return -std::numeric_limits<double>::infinity();
  if (shape < 1.0) {
    const double boosted = sample_log_gamma(rng, shape + 1.0);  // drawn first, then U: a fixed order
    return boosted + std::log(uniform_open0(rng)) / shape;
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    const double x = rng.normal();
    const double v_root = 1.0 + c * x;
    if (v_root <= 0.0) continue;
    const double v = v_root * v_root * v_root;
    const double u = uniform_open0(rng);
    // Cheap squeeze first; the exact test only for the ~2 % it does not accept.
    if (u < 1.0 - 0.0331 * (x * x) * (x * x) || std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v)))
      return std::log(d) + std::log(v);
  }
}

}  // namespace detail

// Gamma(shape, 1), shape > 0 (a shape ≤ 0 returns 0). Mean and variance are both `shape`.
inline float sample_gamma(Rng& rng, float shape) {
  return static_cast<float>(std::exp(detail::sample_log_gamma(rng, shape)));
}

// Beta(a, b), a, b > 0 (one shape ≤ 0: the point mass at 0 or 1), in [0, 1]: mean a/(a+b), variance ab/((a+b)²(a+b+1)).
inline float sample_beta(Rng& rng, float a, float b) {
  const double log_x = detail::sample_log_gamma(rng, a);
  const double log_y = detail::sample_log_gamma(rng, b);
  // X/(X+Y) = 1/(1 + Y/X), with Y/X formed as a difference of logs.
  return static_cast<float>(1.0 / (1.0 + std::exp(log_y - log_x)));
}

}  // namespace losslab
