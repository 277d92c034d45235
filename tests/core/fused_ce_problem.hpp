// Random fused cross-entropy problems for the tests: H (d×N) and W (d×V) with N(0, σ²) entries, labels
// uniform in [0, V) with some rows set to the ignore label, and an optional bias.
#pragma once

#include <vector>

#include "fused_ce/fused_ce.hpp"
#include "util/rng.hpp"

namespace losslab::test {

struct RandomFusedCe {
  Mat h, w;
  Vec bias;
  std::vector<int32_t> labels;
  FusedCeProblem problem(bool with_bias, float smoothing) const {
    return {&h, &w, with_bias ? &bias : nullptr, labels, kIgnoreLabel, smoothing};
  }
};

inline RandomFusedCe random_fused_ce(int n, int d, int v, float scale, double ignored_share, uint64_t seed) {
  Rng rng(seed);
  RandomFusedCe r;
  r.h.resize(d, n);
  r.w.resize(d, v);
  r.bias.resize(v);
  for (Eigen::Index i = 0; i < r.h.size(); ++i) r.h.data()[i] = rng.normal();
  for (Eigen::Index i = 0; i < r.w.size(); ++i) r.w.data()[i] = scale * rng.normal();
  for (Eigen::Index i = 0; i < r.bias.size(); ++i) r.bias.data()[i] = 0.5f * rng.normal();
  for (int i = 0; i < n; ++i)
    r.labels.push_back(rng.uniform() < ignored_share ? kIgnoreLabel : static_cast<int32_t>(rng.below(static_cast<uint32_t>(v))));
  return r;
}

}  // namespace losslab::test
