#include "metrics/margins.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace losslab {

std::vector<double> logit_margins(const Mat& logits, std::span<const int32_t> labels) {
  const Eigen::Index k = logits.rows(), n = logits.cols();
  assert(static_cast<size_t>(n) == labels.size());
  std::vector<double> margins(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Index y = labels[static_cast<size_t>(i)];
    // With K = 1 there is no competitor: a rival of 0 makes the margin z_0 itself.
    double rival = k == 1 ? 0.0 : -std::numeric_limits<double>::infinity();
    for (Eigen::Index j = 0; j < k; ++j)
      if (j != y) rival = std::max(rival, static_cast<double>(logits(j, i)));
    margins[static_cast<size_t>(i)] = static_cast<double>(logits(y, i)) - rival;
  }
  return margins;
}

double sorted_quantile(std::span<const double> sorted, double q) {
  if (sorted.empty() || std::isnan(q)) return std::numeric_limits<double>::quiet_NaN();
  // numpy's "linear" method: position h = (n − 1)·q between the order statistics floor(h) and ceil(h).
  const double h = static_cast<double>(sorted.size() - 1) * std::clamp(q, 0.0, 1.0);
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = h - static_cast<double>(lo);
  return sorted[lo] + t * (sorted[hi] - sorted[lo]);
}

std::vector<int64_t> histogram_counts(std::span<const double> values, double lo, double hi, int bins) {
  std::vector<int64_t> counts(static_cast<size_t>(std::max(bins, 0)), 0);
  if (bins <= 0) return counts;
  const double scale = hi > lo ? static_cast<double>(bins) / (hi - lo) : 0.0;  // empty range: all in bin 0
  for (const double v : values) {
    if (std::isnan(v)) continue;
    // Clamp in double before the cast: ±∞ and far outliers would overflow an int.
    const double pos = std::clamp(std::floor((v - lo) * scale), 0.0, static_cast<double>(bins - 1));
    ++counts[static_cast<size_t>(pos)];
  }
  return counts;
}

std::vector<int64_t> confusion_matrix(std::span<const int32_t> predicted, std::span<const int32_t> labels,
                                      int classes) {
  assert(predicted.size() == labels.size());
  const size_t k = static_cast<size_t>(std::max(classes, 0));
  std::vector<int64_t> counts(k * k, 0);
  for (size_t i = 0; i < labels.size(); ++i) {
    const int32_t t = labels[i], p = predicted[i];
    // Out-of-range classes are skipped rather than written out of bounds.
    if (t < 0 || p < 0 || t >= classes || p >= classes) continue;
    ++counts[static_cast<size_t>(t) * k + static_cast<size_t>(p)];
  }
  return counts;
}

}  // namespace losslab
