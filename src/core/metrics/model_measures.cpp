#include "metrics/model_measures.hpp"

#include <cassert>
#include <cmath>
#include <limits>

#include "loss/cross_entropy.hpp"

namespace losslab {

WeightNorms weight_norms(const Mlp& model, const Vec& params) {
  WeightNorms out;
  // Squares summed in float64: a float32 sum over ~1e6 parameters would lose several digits.
  out.total = std::sqrt(params.cast<double>().squaredNorm());
  for (int l = 0; l < model.num_layers(); ++l)
    out.per_layer.push_back(std::sqrt(model.weight(params, l).cast<double>().squaredNorm()));
  return out;
}

double gradient_coherence(const Mlp& model, const Vec& params, const Mat& x, std::span<const int32_t> labels,
                          std::span<const int32_t> indices, MlpWorkspace& ws) {
  VecD sum = VecD::Zero(model.num_params());
  double sum_sq_norms = 0;
  Mat xi, dlogits;
  Vec loss, grad;
  for (const int32_t idx : indices) {
    assert(idx >= 0 && idx < x.cols());
    // One sample per pass: backward sums over the batch's columns, so a batch would give Σ g_i only.
    xi = x.col(idx);
    model.forward(params, xi, ws);
    cross_entropy(ws.logits(), labels.subspan(static_cast<size_t>(idx), 1), loss, &dlogits);
    model.backward(params, xi, dlogits, ws, grad);
    const VecD g = grad.cast<double>();
    sum += g;
    sum_sq_norms += g.squaredNorm();
  }
  if (!(sum_sq_norms > 0)) return std::numeric_limits<double>::quiet_NaN();
  return sum.squaredNorm() / sum_sq_norms;
}

CoherenceFigures coherence_figures(double ratio, int m) {
  if (m < 2) return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
  const double alpha = (ratio - 1) / static_cast<double>(m - 1);
  return {alpha, static_cast<double>(m) * alpha};
}

}  // namespace losslab
