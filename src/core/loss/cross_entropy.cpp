#include "loss/cross_entropy.hpp"

#include <cmath>

namespace losslab {

// One exp per logit: e_j = exp(z_j − max) ∈ (0, 1] is kept (in the gradient column when there is one),
// summed in float64, and reused for the softmax.
void cross_entropy(const Mat& logits, std::span<const int32_t> labels, Vec& loss, Mat* dlogits) {
  const Eigen::Index k = logits.rows(), b = logits.cols();
  loss.resize(b);
  Vec scratch;
  if (dlogits)
    dlogits->resize(k, b);
  else
    scratch.resize(k);
  for (Eigen::Index i = 0; i < b; ++i) {
    const auto z = logits.col(i);
    float* e = dlogits ? dlogits->col(i).data() : scratch.data();
    const float m = z.maxCoeff();
    double sum = 0.0;
    for (Eigen::Index j = 0; j < k; ++j) {
      e[j] = std::exp(z[j] - m);
      sum += e[j];
    }
    const int32_t y = labels[static_cast<size_t>(i)];
    loss[i] = static_cast<float>(static_cast<double>(m - z[y]) + std::log(sum));
    if (dlogits) {
      const float inv = static_cast<float>(1.0 / sum);
      for (Eigen::Index j = 0; j < k; ++j) e[j] *= inv;
      e[y] -= 1.0f;
    }
  }
}

}  // namespace losslab
