// Bi-tempered logistic loss (Amid, Warmuth, Anil & Koren, NeurIPS 2019). With the tempered log and exp
//   log_t(x) = (x^(1−t) − 1)/(1 − t),   exp_t(x) = [1 + (1 − t)x]₊^(1/(1−t))   (t = 1: log, exp)
// the tempered softmax is ŷ_k = exp_t2(z_k − λ), λ(z) the normaliser that makes Σ ŷ = 1, and
//   ℓ = −log_t1 ŷ_y − (1 − Σ_k ŷ_k^(2−t1)) / (2 − t1)
// t1 < 1 bounds the loss (robust to mislabelled samples far from the boundary); t2 > 1 gives ŷ heavy
// tails (robust near it); t1 = t2 = 1 is cross-entropy.
// The normaliser. With z̃ = z − max z and λ = max z + μ, f(μ) = Σ_k exp_t2(z̃_k − μ) − 1 is convex and
// decreasing, f(0) ≥ 0 and f′ = −Σ ŷ^t2, so Newton from μ = 0 climbs monotonically to the root; it runs
// until f or the step is down to rounding (under 30 steps for K ≤ 5000, t2 ≤ 4). That is why there is no
// `iters` parameter (LOSSES.md lists one for the paper's fixed-point iteration): the normaliser is exact
// to machine precision, which makes the implicit gradient below exact. log ŷ_k = −log1p((t2 − 1)(μ − z̃_k)) / (t2 − 1), never a rounded power.
// Gradient. ∂ℓ/∂ŷ_k = ŷ_k^(−t1)(ŷ_k − δ_ky) and ∂ŷ_k/∂z_j = ŷ_k^t2 (δ_kj − ∂λ/∂z_j), where
// Σ_k ∂ŷ_k/∂z_j = 0 gives ∂λ/∂z_j = e_j = ŷ_j^t2 / Σ ŷ^t2 (the escort distribution). So
//   u_k = ŷ_k^(t2−t1)(ŷ_k − δ_ky),   ∂ℓ/∂z = u − e Σ_k u_k,
// with 1 − ŷ_y taken as Σ_{k≠y} ŷ_k.
#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"t1", "temperature of the log in the loss: < 1 bounds the loss (1 = cross-entropy)", 0.8, 0, 1},
    {"t2", "temperature of the softmax: > 1 gives it heavy tails (1 = softmax)", 1.2, 1, 4},
};

// log ŷ_k = log exp_t2(z̃_k − μ) for t2 = 1 + a > 1.
void tempered_log_probs(std::span<const double> zt, double a, double mu, std::span<double> log_y) {
  for (size_t k = 0; k < zt.size(); ++k) log_y[k] = -std::log1p(a * (mu - zt[k])) / a;
}

// log of the tempered softmax, z̃ = z − max z; Newton on the normaliser (see above).
void tempered_log_softmax(std::span<const double> z, double a, std::span<double> log_y) {
  const double z_max = *std::max_element(z.begin(), z.end());
  std::vector<double> zt(z.size());
  for (size_t k = 0; k < z.size(); ++k) zt[k] = z[k] - z_max;
  double mu = 0;
  for (int iter = 0; iter < 200; ++iter) {
    tempered_log_probs(zt, a, mu, log_y);
    double f = -1, df = 0;
    for (double ly : log_y) {
      f += std::exp(ly);
      df += std::exp((1 + a) * ly);
    }
    if (!(f > 0)) break;  // at the root, to rounding
    const double step = f / df;
    mu += step;
    if (std::abs(step) <= 4 * std::numeric_limits<double>::epsilon() * (1 + mu)) break;
  }
  tempered_log_probs(zt, a, mu, log_y);
}

double bi_tempered(const SampleView& s, const LossParams& prm, std::span<double> grad, std::span<double>) {
  const double t1 = prm[0], t2 = prm[1];
  const size_t kk = s.z.size(), y = static_cast<size_t>(s.y);
  std::vector<double> log_y(s.lp.begin(), s.lp.end());
  if (t2 > 1) tempered_log_softmax(s.z, t2 - 1, log_y);
  double others = 0, power_sum = 0, escort_sum = 0;  // Σ_{k≠y} ŷ_k, Σ ŷ^(2−t1), Σ ŷ^t2
  for (size_t k = 0; k < kk; ++k) {
    if (k != y) others += std::exp(log_y[k]);
    power_sum += std::exp((2 - t1) * log_y[k]);
    escort_sum += std::exp(t2 * log_y[k]);
  }
  const double neg_log_t1 = t1 == 1 ? -log_y[y] : -std::expm1((1 - t1) * log_y[y]) / (1 - t1);
  const double loss = neg_log_t1 - (1 - power_sum) / (2 - t1);
  double u_sum = 0;
  for (size_t k = 0; k < kk; ++k) {
    const double scale = std::exp((t2 - t1) * log_y[k]);
    grad[k] = k == y ? -scale * others : scale * std::exp(log_y[k]);  // u_k
    u_sum += grad[k];
  }
  for (size_t k = 0; k < kk; ++k) grad[k] -= std::exp(t2 * log_y[k]) / escort_sum * u_sum;
  return loss;
}

}  // namespace

LossInfo bi_tempered_loss() {
  return {.name = "bi_tempered",
          .title = "Bi-tempered logistic",
          .description = "cross-entropy with a tempered log (t1 < 1: bounded) and a heavy-tailed tempered softmax "
                         "(t2 > 1); robust to label noise both far from and near the decision boundary",
          .citation = "Amid, Warmuth, Anil & Koren, Robust Bi-Tempered Logistic Loss Based on Bregman "
                      "Divergences, NeurIPS 2019",
          .params = kParams,
          .sample = bi_tempered};
}

}  // namespace losslab
