#include "metrics/classification.hpp"

#include "loss/cross_entropy.hpp"

namespace losslab {

ClassificationScore score(const Mlp& model, const Vec& params, const Dataset& data, MlpWorkspace& ws) {
  model.forward(params, data.x, ws);
  Vec loss;
  cross_entropy(ws.logits(), data.y, loss, nullptr);
  const Mat& logits = ws.logits();
  int correct = 0;
  for (Eigen::Index i = 0; i < logits.cols(); ++i) {
    Eigen::Index predicted = 0;
    logits.col(i).maxCoeff(&predicted);
    correct += predicted == data.y[static_cast<size_t>(i)];
  }
  const double n = static_cast<double>(data.size());
  return {loss.cast<double>().sum() / n, correct / n};
}

}  // namespace losslab
