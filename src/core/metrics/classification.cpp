#include "metrics/classification.hpp"

#include <algorithm>

#include "loss/cross_entropy.hpp"

namespace losslab {

// In chunks, so the workspace stays small (a few MB) however large the dataset is.
ClassificationScore score(const Mlp& model, const Vec& params, const Dataset& data, MlpWorkspace& ws) {
  constexpr Eigen::Index kChunk = 4096;
  const Eigen::Index n = data.size();
  double loss_sum = 0;
  int64_t correct = 0;
  Mat x;
  Vec loss;
  for (Eigen::Index start = 0; start < n; start += kChunk) {
    const Eigen::Index count = std::min(kChunk, n - start);
    x = data.x.middleCols(start, count);
    const std::span<const int32_t> labels(data.y.data() + start, static_cast<size_t>(count));
    model.forward(params, x, ws);
    cross_entropy(ws.logits(), labels, loss, nullptr);
    loss_sum += loss.cast<double>().sum();
    const Mat& logits = ws.logits();
    for (Eigen::Index i = 0; i < count; ++i) {
      Eigen::Index predicted = 0;
      logits.col(i).maxCoeff(&predicted);
      correct += predicted == labels[static_cast<size_t>(i)];
    }
  }
  return {loss_sum / static_cast<double>(n), static_cast<double>(correct) / static_cast<double>(n)};
}

}  // namespace losslab
