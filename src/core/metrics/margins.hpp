// Margins and small distribution summaries.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "util/eigen_types.hpp"

namespace losslab {

// z_y − max_{k≠y} z_k per column of logits (K×N): positive when the sample is classified correctly.
// With K = 1 the margin is z_0 (no competitor).
std::vector<double> logit_margins(const Mat& logits, std::span<const int32_t> labels);

// The q-quantile (0 ≤ q ≤ 1) of already sorted values, interpolated linearly (numpy's default);
// NaN when empty.
double sorted_quantile(std::span<const double> sorted, double q);

// Counts of values in `bins` equal-width bins over [lo, hi]; values outside go to the end bins, NaN is
// skipped, and everything lands in bin 0 when hi ≤ lo.
std::vector<int64_t> histogram_counts(std::span<const double> values, double lo, double hi, int bins);

// Confusion matrix, row-major K×K: entry (true t, predicted p) at t·K + p; pairs with a class outside
// [0, K) are skipped.
std::vector<int64_t> confusion_matrix(std::span<const int32_t> predicted, std::span<const int32_t> labels,
                                      int classes);

}  // namespace losslab
