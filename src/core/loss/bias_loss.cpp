// Bias loss (Abrahamyan et al., ICCV 2021; LOSSES-NOTES A14): cross-entropy weighted by how varied the
// sample's penultimate activations are, so samples whose features carry little information count less:
//   v_i = Var(h_i) (the F features of sample i), min–max normalised over the batch (all equal → v = 0)
//   w_i = exp(β v_i) − 1 + α,   ℓ_i = w_i CE_i,   ∂ℓ_i/∂z_i = w_i (p_i − e_y)   (w is a constant)
// This follows the official code (lusinlu/bias-loss-skipblocknet, biasloss.py, local normalisation);
// the paper prints the weight with a different constant offset (NOTES: exp(αv) − β, i.e. −0.3 instead of
// −0.7 at the defaults). The variance is the population one: min–max normalisation cancels the choice.
// A batch-level loss only because v is normalised over the batch; no gradient flows into the features.
#include <cmath>
#include <vector>

#include "loss/losses.hpp"

namespace losslab {
namespace {

constexpr ParamSpec kParams[] = {
    {"alpha", "weight floor: the weight of the sample with the least varied features", 0.3, 0, 2},
    {"beta", "how strongly feature variance raises a sample's weight", 0.3, 0, 5},
};

// Per-sample feature variance, min–max normalised over the batch (B entries; zeros without features).
VecD normalised_variance(const LossBatch& batch, Eigen::Index b) {
  VecD v = VecD::Zero(b);
  if (!batch.features || batch.features->rows() == 0) return v;
  const MatD& h = *batch.features;
  const VecD mean = h.colwise().mean().transpose();
  for (Eigen::Index i = 0; i < b; ++i) v[i] = (h.col(i).array() - mean[i]).square().mean();
  const double lo = v.minCoeff(), hi = v.maxCoeff();
  if (!(hi > lo)) return VecD::Zero(b);
  return (v.array() - lo) / (hi - lo);
}

void bias_loss(const LossBatch& batch, const LossParams& prm, LossResult& out) {
  const double alpha = prm[0], beta = prm[1];
  const MatD& logits = *batch.logits;
  const Eigen::Index kk = logits.rows(), b = logits.cols();
  const VecD v = normalised_variance(batch, b);
  out.loss.resize(b);
  out.dlogits.resize(kk, b);
  std::vector<double> p(static_cast<size_t>(kk)), lp(static_cast<size_t>(kk));
  for (Eigen::Index i = 0; i < b; ++i) {
    const double w = std::expm1(beta * v[i]) + alpha;
    const int32_t y = batch.labels.empty() ? 0 : batch.labels[static_cast<size_t>(i)];
    SampleView s;
    fill_softmax_stats({logits.col(i).data(), static_cast<size_t>(kk)}, y, p, lp, s);
    double ce = 0;
    for (Eigen::Index k = 0; k < kk; ++k) {
      const size_t ks = static_cast<size_t>(k);
      const double t = batch.soft_targets ? (*batch.soft_targets)(k, i) : (k == y ? 1.0 : 0.0);
      ce -= t * lp[ks];
      out.dlogits(k, i) = w * (p[ks] - t);
    }
    if (!batch.soft_targets) out.dlogits(y, i) = -w * std::exp(s.log1m_py);  // p_y − 1, exactly
    out.loss[i] = w * ce;
  }
}

}  // namespace

LossInfo bias_loss_loss() {
  return {.name = "bias_loss",
          .title = "Bias loss",
          .description = "cross-entropy weighted by the variance of the sample's penultimate features, so "
                         "uninformative samples count less (weight offset as in the official code, not the paper)",
          .citation = "Abrahamyan, Ziatchin, Chen & Deligiannis, Bias Loss for Mobile Neural Networks, ICCV 2021 "
                      "(code: lusinlu/bias-loss-skipblocknet)",
          .params = kParams,
          .needs = kNeedsFeatures,
          .batch = bias_loss};
}

}  // namespace losslab
