// HL-Gauss regression (Imani & White, ICML 2018; Farebrother et al., ICML 2024; LOSSES-NOTES A17). Bins
// as in value_bins.hpp (edges b_j = v_min + j w, j = 0..m, m = K). The target is a Gaussian N(v, σ²),
// σ = sigma_ratio · w, integrated over each bin and renormalised to the mass inside [b_0, b_m]:
//   t_j = [Φ((b_{j+1} − v)/σ) − Φ((b_j − v)/σ)] / [Φ((b_m − v)/σ) − Φ((b_0 − v)/σ)],  Φ(x) = (1 + erf(x/√2))/2
//   ℓ = −Σ_j t_j log p_j,   ∂ℓ/∂z = p − t
// Each bin's mass is a difference of erf, or of erfc in the tails, so it keeps its relative precision;
// the normaliser is their sum. If every bin's mass underflows (v more than ~37σ outside the range), t is
// the limit: all mass on the nearest bin.
#include <cmath>

#include "loss/losses.hpp"
#include "loss/value_bins.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"bins", "number of bins (model outputs) over [v_min, v_max]", 51, 2, 256, true},
    {"sigma_ratio", "width σ of the target Gaussian, in bin widths", 0.75, 0.1, 5},
    {"v_min", "lower end of the value range covered by the bins", -1, -1000, 1000},
    {"v_max", "upper end of the value range covered by the bins", 1, -1000, 1000},
};

// Φ(hi) − Φ(lo) for lo ≤ hi, from erfc when both are in one tail.
double gaussian_mass(double lo, double hi) {
  const double r = 1 / std::sqrt(2.0);
  if (lo >= 0) return 0.5 * (std::erfc(lo * r) - std::erfc(hi * r));
  if (hi <= 0) return 0.5 * (std::erfc(-hi * r) - std::erfc(-lo * r));
  return 0.5 * (std::erf(hi * r) - std::erf(lo * r));
}

double hl_gauss(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const ValueBins bins(prm[2], prm[3], s.z.size());
  const double sigma = prm[1] * bins.width;
  double total = 0;
  for (size_t j = 0; j < bins.count; ++j) {
    grad[j] = gaussian_mass((bins.edge(j) - s.value) / sigma, (bins.edge(j + 1) - s.value) / sigma);
    total += grad[j];
  }
  if (total > 0) {
    for (size_t j = 0; j < bins.count; ++j) grad[j] /= total;
  } else {
    std::fill(grad.begin(), grad.end(), 0.0);
    grad[static_cast<size_t>(std::lround(bins.position(s.value)))] = 1;
  }
  return histogram_ce(s, grad);
}

std::string check_hl_gauss(const LossParams& prm) { return value_range_problem(prm[2], prm[3]); }

}  // namespace

LossInfo hl_gauss_loss() {
  return {.name = "hl_gauss",
          .title = "HL-Gauss (regression)",
          .description = "regression as classification: cross-entropy against a Gaussian around the target, "
                         "integrated over the bins; smoother than two-hot",
          .citation = "Imani & White, Improving Regression Performance with Distributional Losses, ICML 2018; "
                      "Farebrother et al., Stop Regressing, ICML 2024 (arXiv 2403.03950)",
          .params = kParams,
          .task = LossTask::regression,
          .sample = hl_gauss,
          .check_params = check_hl_gauss};
}

}  // namespace losslab
