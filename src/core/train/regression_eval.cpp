#include "train/regression_eval.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "loss/value_bins.hpp"
#include "metrics/model_measures.hpp"

namespace losslab {

void predicted_values(const LossInfo& loss, const LossParams& params, const Mat& outputs, std::vector<double>& out) {
  const Eigen::Index n = outputs.cols();
  out.resize(static_cast<size_t>(n));
  const int lo = loss_param_index(loss, "v_min"), hi = loss_param_index(loss, "v_max");
  if (lo < 0 || hi < 0) {  // a scalar head
    for (Eigen::Index i = 0; i < n; ++i) out[static_cast<size_t>(i)] = outputs(0, i);
    return;
  }
  const ValueBins bins(params[static_cast<size_t>(lo)], params[static_cast<size_t>(hi)],
                       static_cast<size_t>(outputs.rows()));
  VecD centres(outputs.rows());
  for (Eigen::Index j = 0; j < outputs.rows(); ++j) centres[j] = bins.centre(static_cast<size_t>(j));
  for (Eigen::Index i = 0; i < n; ++i) {
    // Σ_j p_j c_j = Σ_j e^{z_j − max} c_j / Σ_j e^{z_j − max}, in float64.
    const VecD z = outputs.col(i).cast<double>();
    const VecD e = (z.array() - z.maxCoeff()).exp();
    out[static_cast<size_t>(i)] = e.dot(centres) / e.sum();
  }
}

void predict_values(const Mlp& model, const Vec& weights, const LossInfo& loss, const LossParams& params, const Mat& x,
                    MlpWorkspace& ws, std::vector<double>& out) {
  model.forward(weights, x, ws);
  predicted_values(loss, params, ws.logits(), out);
}

// In chunks, as score() does for classifiers, so the workspace stays a few MB whatever the split's size.
RegressionScore score_regression(const Mlp& model, const Vec& weights, const LossInfo& loss, const LossParams& params,
                                 const Dataset& data, MlpWorkspace& ws) {
  constexpr Eigen::Index kChunk = 4096;
  const Eigen::Index n = data.size();
  RegressionScore sum;
  Mat x;
  MatD logits;
  LossResult result;
  std::vector<double> predicted;
  for (Eigen::Index start = 0; start < n; start += kChunk) {
    const Eigen::Index count = std::min(kChunk, n - start);
    x = data.x.middleCols(start, count);
    model.forward(weights, x, ws);
    logits = ws.logits().cast<double>();
    LossBatch batch;
    batch.logits = &logits;
    batch.values = std::span<const double>(data.values.data() + start, static_cast<size_t>(count));
    evaluate_loss(loss, params, batch, result, false);
    sum.loss += result.loss.sum();
    predicted_values(loss, params, ws.logits(), predicted);
    for (Eigen::Index i = 0; i < count; ++i) {
      const double v = predicted[static_cast<size_t>(i)];
      const auto at = static_cast<size_t>(start + i);
      sum.mse += (v - data.values[at]) * (v - data.values[at]);
      sum.clean_mse += (v - data.clean_values[at]) * (v - data.clean_values[at]);
    }
  }
  const double inv_n = 1.0 / static_cast<double>(std::max<Eigen::Index>(n, 1));
  return {sum.loss * inv_n, sum.mse * inv_n, sum.clean_mse * inv_n};
}

void record_regression_evaluation(const Mlp& model, const Vec& weights, const LossInfo& loss,
                                  const LossParams& params, const Split& data, int64_t step, MlpWorkspace& ws,
                                  History& h) {
  const RegressionScore train = score_regression(model, weights, loss, params, data.train, ws);
  const RegressionScore test = score_regression(model, weights, loss, params, data.test, ws);
  h.add("train_loss", step, train.loss);
  h.add("test_loss", step, test.loss);
  h.add("train_mse", step, train.mse);
  h.add("train_clean_mse", step, train.clean_mse);
  h.add("test_mse", step, test.clean_mse);
  const WeightNorms norms = weight_norms(model, weights);
  h.add("weight_norm", step, norms.total);
  for (size_t l = 0; l < norms.per_layer.size(); ++l)
    h.add("weight_norm_layer" + std::to_string(l + 1), step, norms.per_layer[l]);
}

}  // namespace losslab
