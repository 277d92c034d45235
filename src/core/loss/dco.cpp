// Direct Coverage Optimization: ℓ = −log(1 − (1 − p_y)^N), the log-probability that at least one of N
// samples is right (pass@N). N = 1 is cross-entropy. Weight on the CE gradient:
//   w = N p (1 − p)^(N−1) / (1 − (1 − p)^N)  → 0 as p_y → 1: confident samples stop being pushed.
// Stable form (LOSSES-NOTES A16): L₁ = log(1 − p_y), ℓ = −log(−expm1(N L₁)). When p_y is so small that
// N·L₁ rounds away (p_y < 1e-9), ℓ ≈ −log N − log p_y + (N − 1)p_y/2 and w ≈ 1 − (N − 1)p_y/2.
#include "loss/label_probability.hpp"
#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"n", "number of attempts N whose coverage is optimised (1 = cross-entropy); larger limits confidence",
     4, 1, 256, true, true},
};

double dco(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double n = prm[0];
  if (s.lp_y < -20) {
    const double p = std::exp(s.lp_y);
    return label_probability_loss(s, -std::log(n) - s.lp_y + (n - 1) * p / 2, 1 - (n - 1) * p / 2, grad);
  }
  const double log_coverage = std::log(-std::expm1(n * s.log1m_py));  // log(1 − (1 − p)^N)
  const double w = n * std::exp(s.lp_y + (n - 1) * s.log1m_py - log_coverage);
  return label_probability_loss(s, -log_coverage, w, grad);
}

}  // namespace

LossInfo dco_loss() {
  return {.name = "dco",
          .title = "DCO (confidence-limiting)",
          .description = "−log(1 − (1 − p_y)^N): optimises pass@N coverage, so it stops pushing samples the "
                         "model already gets right",
          .citation = "Chen, Raventós, Cheng, Ganguli & Druckmann, Rethinking Fine-Tuning when Scaling "
                      "Test-Time Compute: Limiting Confidence Improves Mathematical Reasoning, NeurIPS 2025 "
                      "(arXiv 2502.07154)",
          .params = kParams,
          .sample = dco};
}

}  // namespace losslab
