// A saturating power law L(N) = L∞ + a·N^−α fitted to points (N_i, L_i) by least squares, as scaling-law
// papers fit loss against model size (Kaplan et al. 2020; Ghorbani et al. 2021 for the L∞ term). For a
// fixed α the model is linear in (L∞, a), so α is searched on a log grid and refined by golden section,
// with L∞ and a solved exactly at each α. Only fits with a > 0 (loss falling with N) count.
#pragma once

#include <span>

namespace losslab {

struct PowerLawFit {
  bool ok = false;      // at least 3 points with distinct N > 0, and a falling fit exists
  double l_inf = 0;     // the asymptote L∞
  double a = 0;         // the scale
  double alpha = 0;     // the exponent α
  double rms = 0;       // root-mean-square residual of the fit
  double at(double n) const;  // L(n)
};

// alpha is searched in [alpha_min, alpha_max].
PowerLawFit fit_power_law(std::span<const double> n, std::span<const double> loss, double alpha_min = 0.02,
                          double alpha_max = 3.0);

}  // namespace losslab
