// What the WebGPU benchmark page compares: a random fused cross-entropy problem, the relative errors
// between two results, and the filter's error bound.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "fused_ce/fused_ce.hpp"

namespace losslab::bench {

struct BenchShape {
  int n = 1, d = 1, v = 1;
  bool bias = false;
  float smoothing = 0;
  float ignored_share = 0;  // expected share of rows with the ignore label (1: all of them)
  float logit_std = 1;      // standard deviation of the logits (H ~ N(0, 1), W ~ N(0, logit_std² / d))
  uint64_t seed = 1;
};

struct BenchProblem {
  Mat h, w;
  Vec bias;
  std::vector<int32_t> labels;
  BenchShape shape;
  FusedCeProblem problem() const;
};

BenchProblem random_problem(const BenchShape& shape);

// ‖a − b‖ / ‖b‖ over a whole output (as the core's tests measure it); where b is 0 (all rows ignored,
// or V = 1), the largest |a|.
double relative_error(const Mat& a, const Mat& b);

// {"mean_loss":…, "loss":…, "dh":…, "dw":…, "db":…}: relative errors of `a` against `b`.
std::string compare_json(const FusedCeResult& a, const FusedCeResult& b, bool gradients, bool bias);

// The filter drops softmax entries p_ik < t, so against the exact result each entry of dH, dW, db may
// move by at most what the dropped entries carry (p from a float64 softmax):
//   |ΔdH[j,i]| ≤ (1/n) Σ_{k: p_ik<t} p_ik |W[j,k]|,  |ΔdW[j,k]| ≤ (1/n) Σ_{i: p_ik<t} p_ik |H[j,i]|,
//   |Δdb[k]| ≤ (1/n) Σ_{i: p_ik<t} p_ik,
// plus float slack: 1e-5 of the output's largest entry (the two runs round their sums differently once
// some terms are gone). JSON: {"ok", "worst" (largest error / allowance), "dropped" (share of entries
// below t), "dh_error", "dw_error"}.
std::string filter_bound_json(const BenchProblem& p, const FusedCeResult& filtered, const FusedCeResult& exact,
                              float threshold);

}  // namespace losslab::bench
