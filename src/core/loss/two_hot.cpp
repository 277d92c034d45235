// Two-hot regression (Farebrother et al., ICML 2024; LOSSES-NOTES A17). Bins as in value_bins.hpp:
// m = K bins of width w = (v_max − v_min)/m, edges b_j = v_min + j w, centres c_j = b_j + w/2 (0-based).
// v is clipped into [c_0, c_{m−1}] and split between the two centres around it:
//   c_i ≤ v ≤ c_{i+1}:  t_i = (c_{i+1} − v)/w,  t_{i+1} = (v − c_i)/w   (so Σ t_j c_j = v)
//   ℓ = −Σ_j t_j log p_j,   ∂ℓ/∂z = p − t
#include <cmath>

#include "loss/losses.hpp"
#include "loss/value_bins.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"bins", "number of bins (model outputs) over [v_min, v_max]", 51, 2, 256, true},
    {"v_min", "lower end of the value range covered by the bins", -1, -1000, 1000},
    {"v_max", "upper end of the value range covered by the bins", 1, -1000, 1000},
};

double two_hot(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const ValueBins bins(prm[1], prm[2], s.z.size());
  std::fill(grad.begin(), grad.end(), 0.0);
  if (bins.count == 1) {
    grad[0] = 1;
    return histogram_ce(s, grad);
  }
  const double u = bins.position(s.value);
  const size_t i = std::min(static_cast<size_t>(u), bins.count - 2);
  const double frac = u - static_cast<double>(i);
  grad[i] = 1 - frac;
  grad[i + 1] = frac;
  return histogram_ce(s, grad);
}

std::string check_two_hot(const LossParams& prm) { return value_range_problem(prm[1], prm[2]); }

}  // namespace

LossInfo two_hot_loss() {
  return {.name = "two_hot",
          .title = "Two-hot (regression)",
          .description = "regression as classification: cross-entropy against the two bins around the target, "
                         "weighted so their mean is the target",
          .citation = "Farebrother et al., Stop Regressing: Training Value Functions via Classification for "
                      "Scalable Deep RL, ICML 2024 (arXiv 2403.03950)",
          .params = kParams,
          .task = LossTask::regression,
          .sample = two_hot,
          .check_params = check_two_hot};
}

}  // namespace losslab
