// Self-adjusting Dice loss (Li et al., ACL 2020; LOSSES-NOTES A13), per sample, summed over classes:
//   ℓ_i = Σ_k [1 − (2 a_ik y_ik + γ) / D_ik],   a = (1 − p)^α p,   y = e_y (or the soft target)
// Default (the paper): D_ik = a_ik + y_ik + γ, one sample at a time. `batch_denominator` (the official
// code, ShannonAI/dice_loss_for_NLP, whose defaults are α = 0, γ = 1e-4): D_k = Σ_i a_ik + Σ_i y_ik + γ
// summed over the batch per class, so every sample's loss depends on the batch; out.dlogits is then
// ∂(Σ_i ℓ_i)/∂Z.
// Backward, with G_ik = ∂(Σ ℓ)/∂a_ik:
//   per sample:  G = −(2y D − (2ay + γ)) / D²;   batch: G_ik = −2 y_ik / D_k + N_k / D_k², N_k = Σ_i (2 a_ik y_ik + γ)
//   a′(p) = (1 − p)^(α−1) (1 − (1 + α)p),   ∂ℓ/∂z_j = Σ_k G_k a′_k p_k (δ_kj − p_j)   (Identity 2)
// With h_k = G_k a′_k p_k that is ∂ℓ/∂z_j = h_j − p_j Σ_k h_k. For α < 1, (1 − p)^(α−1) overflows as
// p → 1 though the gradient does not, so the likeliest class m (the only one that can have p > ½) is
// kept in log space, L = log(1 − p): its terms are G_m (1 − (1 + α)p_m) e^{αL_m + lp_m} for j = m and
// p_j h_m = G_m (1 − (1 + α)p_m) e^{(α−1)L_m + lp_m + lp_j} for j ≠ m, both bounded since p_j ≤ 1 − p_m.
#include <cmath>
#include <vector>

#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"alpha", "self-adjusting exponent: (1 − p)^α down-weights easy classes (0 = plain Dice)", 1, 0, 5},
    {"gamma", "smoothing added to numerator and denominator", 1, 1e-4, 10, false, true},
    {"batch_denominator", "official code: denominators summed over the batch per class (couples samples)", 0, 0,
     1, true, false, kOffOn},
};

// Target of class k for sample i: the one-hot label or the soft target.
double target(const LossBatch& batch, Eigen::Index k, Eigen::Index i) {
  if (batch.soft_targets) return (*batch.soft_targets)(k, i);
  return batch.labels[static_cast<size_t>(i)] == k ? 1.0 : 0.0;
}

// Per-sample softmax quantities: log p, p, and L = log(1 − p) without cancellation.
struct DiceColumn {
  std::vector<double> p, lp, log1m;
};

void fill_column(std::span<const double> z, DiceColumn& c) {
  const size_t kk = z.size();
  c.p.resize(kk), c.lp.resize(kk), c.log1m.resize(kk);
  SampleView view;
  fill_softmax_stats(z, 0, c.p, c.lp, view);
  for (size_t k = 0; k < kk; ++k)
    c.log1m[k] = c.p[k] > 0.5 ? log1m_prob(c.lp, static_cast<int32_t>(k)) : std::log1p(-c.p[k]);
}

// ∂ℓ/∂z of one sample from G_k = ∂ℓ/∂a_k (see the header comment for the split at the likeliest class).
void dice_backward(const DiceColumn& c, std::span<const double> g, double alpha, std::span<double> dz) {
  const size_t kk = g.size();
  size_t m = 0;
  for (size_t k = 1; k < kk; ++k)
    if (c.p[k] > c.p[m]) m = k;
  std::vector<double> h(kk, 0.0);  // G_k a′_k p_k for k ≠ m
  double rest = 0;
  for (size_t k = 0; k < kk; ++k) {
    if (k == m) continue;
    h[k] = g[k] * std::exp((alpha - 1) * c.log1m[k]) * (1 - (1 + alpha) * c.p[k]) * c.p[k];
    rest += h[k];
  }
  const double g_m = g[m] * (std::exp(c.log1m[m]) - alpha * c.p[m]);  // G_m (1 − (1 + α)p_m)
  for (size_t j = 0; j < kk; ++j) {
    if (j == m)
      dz[j] = g_m * std::exp(alpha * c.log1m[m] + c.lp[m]) - c.p[m] * rest;
    else
      dz[j] = h[j] - c.p[j] * rest - g_m * std::exp((alpha - 1) * c.log1m[m] + c.lp[m] + c.lp[j]);
  }
}

void dice(const LossBatch& batch, const LossParams& prm, LossResult& out) {
  const double alpha = prm[0], gamma = prm[1];
  const bool batch_denominator = prm[2] != 0;
  const MatD& logits = *batch.logits;
  const Eigen::Index kk = logits.rows(), b = logits.cols();
  std::vector<DiceColumn> cols(static_cast<size_t>(b));
  MatD a(kk, b), y(kk, b);
  for (Eigen::Index i = 0; i < b; ++i) {
    DiceColumn& c = cols[static_cast<size_t>(i)];
    fill_column({logits.col(i).data(), static_cast<size_t>(kk)}, c);
    for (Eigen::Index k = 0; k < kk; ++k) {
      a(k, i) = std::exp(alpha * c.log1m[static_cast<size_t>(k)] + c.lp[static_cast<size_t>(k)]);
      y(k, i) = target(batch, k, i);
    }
  }
  MatD numer = (2 * a.array() * y.array() + gamma).matrix();
  MatD denom(kk, b), g(kk, b);
  if (batch_denominator) {
    const VecD d = a.rowwise().sum() + y.rowwise().sum() + VecD::Constant(kk, gamma);
    const VecD n = numer.rowwise().sum();
    denom = d.replicate(1, b);
    const VecD offset = (n.array() / d.array().square()).matrix();  // N_k / D_k²
    g = (-2 * y).array().colwise() / d.array();
    g.colwise() += offset;
  } else {
    denom = (a.array() + y.array() + gamma).matrix();
    g = -(2 * y.array() * denom.array() - numer.array()) / denom.array().square();
  }
  out.loss = (1 - numer.array() / denom.array()).colwise().sum().transpose();
  out.dlogits.resize(kk, b);
  for (Eigen::Index i = 0; i < b; ++i)
    dice_backward(cols[static_cast<size_t>(i)], {g.col(i).data(), static_cast<size_t>(kk)}, alpha,
                  {out.dlogits.col(i).data(), static_cast<size_t>(kk)});
}

}  // namespace

LossInfo dice_loss() {
  return {.name = "dice",
          .title = "Dice (self-adjusting)",
          .description = "1 − soft Dice overlap per class, with easy classes down-weighted by (1 − p)^α; for "
                         "imbalanced classes. Per sample by default (the paper); optionally the official code's "
                         "batch-wide denominator",
          .citation = "Li, Sun, Meng, Liang, Wu & Li, Dice Loss for Data-imbalanced NLP Tasks, ACL 2020 (code: "
                      "ShannonAI/dice_loss_for_NLP)",
          .params = kParams,
          .needs = kBatchCoupled,
          .batch = dice};
}

}  // namespace losslab
