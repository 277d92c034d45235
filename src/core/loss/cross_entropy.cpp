#include "loss/cross_entropy.hpp"

#include <cmath>

namespace losslab {

void cross_entropy(const Mat& logits, std::span<const int32_t> labels, Vec& loss, Mat* dlogits) {
  const Eigen::Index k = logits.rows(), b = logits.cols();
  loss.resize(b);
  if (dlogits) dlogits->resize(k, b);
  for (Eigen::Index i = 0; i < b; ++i) {
    const auto z = logits.col(i);
    const float m = z.maxCoeff();
    double sum = 0.0;  // float64 accumulation of the partition function
    for (Eigen::Index j = 0; j < k; ++j) sum += std::exp(static_cast<double>(z[j] - m));
    const double lse = static_cast<double>(m) + std::log(sum);
    const int32_t y = labels[static_cast<size_t>(i)];
    loss[i] = static_cast<float>(lse - static_cast<double>(z[y]));
    if (dlogits) {
      auto d = dlogits->col(i);
      for (Eigen::Index j = 0; j < k; ++j) d[j] = static_cast<float>(std::exp(z[j] - lse));
      d[y] -= 1.0f;
    }
  }
}

}  // namespace losslab
