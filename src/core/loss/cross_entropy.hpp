// Softmax cross-entropy.
//
//   ℓ_i = logsumexp(z_i) − z_{i,y_i},     ∂ℓ_i/∂z_i = softmax(z_i) − onehot(y_i)
//
// Computed with the column maximum subtracted, so logits of any finite magnitude are safe.
// Shapes: logits K×B (one sample per column), labels B.
#pragma once

#include <cstdint>
#include <span>

#include "util/eigen_types.hpp"

namespace losslab {

// Per-sample losses into `loss` (B) and, when `dlogits` is given, the per-sample gradients (K×B).
void cross_entropy(const Mat& logits, std::span<const int32_t> labels, Vec& loss, Mat* dlogits);

}  // namespace losslab
