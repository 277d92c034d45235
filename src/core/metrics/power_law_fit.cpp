#include "metrics/power_law_fit.hpp"

#include <cmath>
#include <limits>

namespace losslab {
namespace {

struct Solve {
  double l_inf = 0, a = 0, sse = std::numeric_limits<double>::infinity();
};

// Least squares for L∞ and a at a fixed α: regress loss on x = N^−α.
Solve solve_at(std::span<const double> n, std::span<const double> loss, double alpha) {
  const size_t m = n.size();
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (size_t i = 0; i < m; ++i) {
    const double x = std::pow(n[i], -alpha);
    sx += x;
    sy += loss[i];
    sxx += x * x;
    sxy += x * loss[i];
  }
  const double md = static_cast<double>(m);
  const double det = md * sxx - sx * sx;
  Solve s;
  if (!(std::abs(det) > 1e-300)) return s;
  s.a = (md * sxy - sx * sy) / det;
  s.l_inf = (sy - s.a * sx) / md;
  if (!(s.a > 0)) return s;  // a rising or flat "law" is no fit
  s.sse = 0;
  for (size_t i = 0; i < m; ++i) {
    const double r = loss[i] - (s.l_inf + s.a * std::pow(n[i], -alpha));
    s.sse += r * r;
  }
  return s;
}

}  // namespace

double PowerLawFit::at(double n) const { return l_inf + a * std::pow(n, -alpha); }

PowerLawFit fit_power_law(std::span<const double> n, std::span<const double> loss, double alpha_min,
                          double alpha_max) {
  PowerLawFit fit;
  if (n.size() != loss.size() || n.size() < 3) return fit;
  for (size_t i = 0; i < n.size(); ++i)
    if (!(n[i] > 0) || !std::isfinite(loss[i])) return fit;
  // A coarse log grid, then golden section around the best grid point.
  constexpr int kGrid = 200;
  const double lo = std::log(alpha_min), hi = std::log(alpha_max);
  int best = -1;
  double best_sse = std::numeric_limits<double>::infinity();
  for (int k = 0; k <= kGrid; ++k) {
    const double sse = solve_at(n, loss, std::exp(lo + (hi - lo) * k / kGrid)).sse;
    if (sse < best_sse) best_sse = sse, best = k;
  }
  if (best < 0) return fit;
  double a = lo + (hi - lo) * std::max(best - 1, 0) / kGrid, b = lo + (hi - lo) * std::min(best + 1, kGrid) / kGrid;
  const double g = (std::sqrt(5.0) - 1) / 2;
  double c = b - g * (b - a), d = a + g * (b - a);
  double fc = solve_at(n, loss, std::exp(c)).sse, fd = solve_at(n, loss, std::exp(d)).sse;
  for (int it = 0; it < 60; ++it) {
    if (fc < fd) {
      b = d, d = c, fd = fc;
      c = b - g * (b - a);
      fc = solve_at(n, loss, std::exp(c)).sse;
    } else {
      a = c, c = d, fc = fd;
      d = a + g * (b - a);
      fd = solve_at(n, loss, std::exp(d)).sse;
    }
  }
  const double alpha = std::exp((a + b) / 2);
  const Solve s = solve_at(n, loss, alpha);
  if (!std::isfinite(s.sse)) return fit;
  fit.ok = true;
  fit.l_inf = s.l_inf;
  fit.a = s.a;
  fit.alpha = alpha;
  fit.rms = std::sqrt(s.sse / static_cast<double>(n.size()));
  return fit;
}

}  // namespace losslab
