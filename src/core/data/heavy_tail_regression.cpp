#include "data/heavy_tail_regression.hpp"

#include <cmath>

#include "util/random_distributions.hpp"

namespace losslab {

double heavy_tail_clean_target(double x) {
  constexpr double kTwoPi = 6.283185307179586;
  return 0.6 * std::sin(kTwoPi * x) + 0.2 * x;
}

double sample_student_t(Rng& rng, double dof) {
  const double z = rng.normal();
  // Z·sqrt(ν/V) with V = 2G, G ~ Gamma(ν/2): Z·exp((log(ν/2) − log G)/2), in logs so that a tiny G
  // (heavy tails at small ν) gives a large finite draw instead of 0/0.
  const double log_g = detail::sample_log_gamma(rng, 0.5 * dof);
  return z * std::exp(0.5 * (std::log(0.5 * dof) - log_g));
}

Dataset make_heavy_tail_regression(int n, const HeavyTailRegressionSettings& s, bool noisy, Rng& rng) {
  Dataset d;
  d.num_classes = 1;
  d.x.resize(1, n);
  d.y.assign(static_cast<size_t>(n), 0);
  d.values.resize(static_cast<size_t>(n));
  d.clean_values.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const float x = rng.uniform(-1.0f, 1.0f);
    const double clean = heavy_tail_clean_target(x);
    d.x(0, i) = x;
    d.clean_values[static_cast<size_t>(i)] = clean;
    d.values[static_cast<size_t>(i)] = noisy ? clean + s.noise * sample_student_t(rng, s.tail_dof) : clean;
  }
  return d;
}

Split make_heavy_tail_regression_split(const HeavyTailRegressionSettings& s, int n_train, int n_test, Rng& rng) {
  Split split;
  split.train = make_heavy_tail_regression(n_train, s, true, rng);
  split.test = make_heavy_tail_regression(n_test, s, false, rng);
  return split;
}

}  // namespace losslab
