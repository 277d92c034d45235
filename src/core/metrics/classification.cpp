#include "metrics/classification.hpp"

#include <algorithm>
#include <cmath>

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

ClassificationScore ScoreProgress::result() const {
  if (next == 0) return {};
  return {loss_sum / static_cast<double>(next), static_cast<double>(correct) / static_cast<double>(next)};
}

bool score_some(const TokenLm& model, const Vec& params, const Dataset& data, int max_samples, int count,
                ScoreProgress& progress, TokenLmScoreWorkspace& ws) {
  constexpr Eigen::Index kChunk = 32;  // tokens whose logits are formed at once (32 × V floats)
  const Eigen::Index n = std::min<Eigen::Index>(data.size(), max_samples);
  const auto next = static_cast<Eigen::Index>(progress.next);
  const Eigen::Index stop = std::min<Eigen::Index>(n, next + std::max(count, 1));
  const ConstMatMap w = model.head(params);
  const ConstVecMap c = model.head_bias(params);
  for (Eigen::Index start = next; start < stop; start += kChunk) {
    const Eigen::Index size = std::min(kChunk, stop - start);
    ws.tokens = data.x.middleCols(start, size);
    model.embed(params, ws.tokens, ws.x);
    model.body().forward(params, ws.x, ws.body);
    ws.logits.resize(w.cols(), size);
    ws.logits.noalias() = w.transpose() * ws.body.logits();
    ws.logits.colwise() += c;
    for (Eigen::Index i = 0; i < size; ++i) {
      const int32_t y = data.y[static_cast<size_t>(start + i)];
      Eigen::Index predicted = 0;
      const float max = ws.logits.col(i).maxCoeff(&predicted);
      const double log_sum = std::log((ws.logits.col(i).array() - max).exp().cast<double>().sum());
      progress.loss_sum += (max - ws.logits(y, i)) + log_sum;
      progress.correct += predicted == y;
    }
  }
  progress.next = stop;
  return progress.next >= n;
}

ClassificationScore score(const TokenLm& model, const Vec& params, const Dataset& data, int max_samples,
                          TokenLmScoreWorkspace& ws) {
  ScoreProgress progress;
  score_some(model, params, data, max_samples, max_samples, progress, ws);
  return progress.result();
}

}  // namespace losslab
