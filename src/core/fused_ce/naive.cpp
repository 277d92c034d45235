// The reference: every logit in one N×V matrix (V×N here, a column per row), then softmax, then the
// three products. Simple enough to trust; the tests hold the blockwise and WebGPU backends to it.
#include <cmath>

#include "fused_ce/fused_ce.hpp"

namespace losslab {

void fused_ce_naive(const FusedCeProblem& p, const FusedCeOptions& options, FusedCeResult& out) {
  const Mat& h = *p.h;
  const Mat& w = *p.w;
  const Eigen::Index n = h.cols(), v = w.cols();
  const double eps = p.label_smoothing;
  Mat z = w.transpose() * h;  // V×N: the matrix the fused backends never hold
  if (p.bias) z.colwise() += *p.bias;

  const int64_t used = used_rows(p);
  const double scale = used > 0 ? 1.0 / static_cast<double>(used) : 0.0;
  out.loss.setZero(n);
  double total = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const int32_t y = p.labels[static_cast<size_t>(i)];
    if (y == p.ignore_label) {
      z.col(i).setZero();  // no loss, no gradient
      continue;
    }
    const Eigen::VectorXd zi = z.col(i).cast<double>();
    const double m = zi.maxCoeff();
    const double lse = m + std::log((zi.array() - m).exp().sum());
    const double loss = lse - (1 - eps) * zi[y] - eps * zi.mean();
    out.loss[i] = static_cast<float>(loss);
    total += loss;
    if (!options.gradients) continue;
    Eigen::VectorXd g = (zi.array() - lse).exp();
    g[y] -= 1 - eps;
    g.array() -= eps / static_cast<double>(v);
    z.col(i) = (g * scale).cast<float>();  // the logits' column now holds its gradient
  }
  out.mean_loss = total * scale;
  out.tiles = out.tiles_skipped = 0;
  out.extra_bytes = naive_logit_bytes(n, v);
  if (!options.gradients) return;
  out.dh.noalias() = w * z;
  out.dw.noalias() = h * z.transpose();
  if (p.bias) out.dbias = z.rowwise().sum();
}

}  // namespace losslab
