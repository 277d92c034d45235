#include "metrics/calibration.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

namespace losslab {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kMinProbability = 1e-300;  // keeps −log p_y finite when a label gets probability 0

// The upper edge of equal-width bin m of M. Bin index and the stored edges both come from this one
// expression, so "c exactly on an edge" means the same thing everywhere (c = m/M lies in bin m − 1).
double upper_edge(int m, int bins) { return static_cast<double>(m + 1) / static_cast<double>(bins); }

// Bin m covers (m/M, (m+1)/M], the first also holds 0 (and anything below; NaN lands there too).
// ceil(c·M) − 1 is right up to rounding of c·M, which can go either way (.28 · 25 = 7.000000000000001
// though .28 is the edge 7/25; the double just above 11/15, times 15, rounds to 11), so the guess is
// moved by at most one bin to agree with the edges upper_edge() stores.
int equal_width_bin(double c, int bins) {
  if (!(c > 0)) return 0;
  if (c >= 1) return bins - 1;
  int m = std::clamp(static_cast<int>(std::ceil(c * static_cast<double>(bins))) - 1, 0, bins - 1);
  if (m > 0 && c <= upper_edge(m - 1, bins)) --m;
  if (m < bins - 1 && c > upper_edge(m, bins)) ++m;
  return m;
}

// Running sums of one bin; finish() turns them into means (NaN when the bin is empty).
struct BinSums {
  int64_t count = 0;
  double confidence = 0, correct = 0;
  void add(double c, uint8_t ok) {
    ++count;
    confidence += c;
    correct += ok ? 1.0 : 0.0;
  }
  ReliabilityBin finish(double lo, double hi) const {
    ReliabilityBin bin{lo, hi, count, kNaN, kNaN};
    if (count > 0) {
      bin.confidence = confidence / static_cast<double>(count);
      bin.accuracy = correct / static_cast<double>(count);
    }
    return bin;
  }
};

// np.interp(x, arange(N), sorted): linear between neighbours, clamped to the ends.
double interp_sorted(double x, const std::vector<double>& sorted) {
  const double last = static_cast<double>(sorted.size() - 1);
  if (x <= 0) return sorted.front();
  if (x >= last) return sorted.back();
  const auto i = static_cast<size_t>(x);
  const double t = x - static_cast<double>(i);
  return sorted[i] + t * (sorted[i + 1] - sorted[i]);
}

// Equal-mass edges (M + 1 of them) of Mukhoti et al.'s AdaptiveECELoss.
std::vector<double> equal_mass_edges(std::span<const double> confidence, int bins) {
  std::vector<double> sorted(confidence.begin(), confidence.end());
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());
  std::vector<double> edges(static_cast<size_t>(bins) + 1);
  for (int j = 0; j <= bins; ++j)
    edges[static_cast<size_t>(j)] = interp_sorted(n * static_cast<double>(j) / static_cast<double>(bins), sorted);
  return edges;
}

// softmax(z / temperature) into out, in float64 with the max subtracted first.
void softmax_column(const Eigen::Ref<const VecD>& z, double temperature, Eigen::Ref<VecD> out) {
  const double m = z.maxCoeff() / temperature;
  out = (z.array() / temperature - m).exp().matrix();
  out /= out.sum();
}

}  // namespace

// Ties to the lowest index: Eigen's maxCoeff does not promise which.
Eigen::Index top_class(const MatD& probs, Eigen::Index column) {
  Eigen::Index best = 0;
  for (Eigen::Index k = 1; k < probs.rows(); ++k)
    if (probs(k, column) > probs(best, column)) best = k;
  return best;
}

double mean_nll(const MatD& logits, std::span<const int32_t> labels, double temperature) {
  assert(labels.size() == static_cast<size_t>(logits.cols()));
  if (logits.cols() == 0) return 0;
  double sum = 0;
  for (Eigen::Index i = 0; i < logits.cols(); ++i) {
    const auto z = logits.col(i).array() / temperature;
    const double m = z.maxCoeff();
    sum += m + std::log((z - m).exp().sum()) - z[labels[static_cast<size_t>(i)]];
  }
  return sum / static_cast<double>(logits.cols());
}

TopLabel top_label(const MatD& probs, std::span<const int32_t> labels) {
  assert(labels.size() == static_cast<size_t>(probs.cols()));
  TopLabel top;
  const auto n = static_cast<size_t>(probs.cols());
  top.confidence.resize(n);
  top.correct.resize(n);
  for (size_t i = 0; i < n; ++i) {
    const auto col = static_cast<Eigen::Index>(i);
    const Eigen::Index k = top_class(probs, col);
    top.confidence[i] = probs(k, col);
    top.correct[i] = k == labels[i] ? 1 : 0;
  }
  return top;
}

std::vector<ReliabilityBin> reliability_bins(std::span<const double> confidence, std::span<const uint8_t> correct,
                                             int bins) {
  assert(bins >= 1 && confidence.size() == correct.size());
  std::vector<BinSums> sums(static_cast<size_t>(bins));
  for (size_t i = 0; i < confidence.size(); ++i)
    sums[static_cast<size_t>(equal_width_bin(confidence[i], bins))].add(confidence[i], correct[i]);
  std::vector<ReliabilityBin> out(sums.size());
  for (int m = 0; m < bins; ++m) {
    const double lo = m == 0 ? 0.0 : upper_edge(m - 1, bins);
    out[static_cast<size_t>(m)] = sums[static_cast<size_t>(m)].finish(lo, upper_edge(m, bins));
  }
  return out;
}

double expected_calibration_error(std::span<const ReliabilityBin> bins) {
  int64_t total = 0;
  for (const auto& bin : bins) total += bin.count;
  if (total == 0) return 0;
  double ece = 0;
  for (const auto& bin : bins)
    if (bin.count > 0)
      ece += static_cast<double>(bin.count) * std::abs(bin.accuracy - bin.confidence);
  return ece / static_cast<double>(total);
}

double max_calibration_error(std::span<const ReliabilityBin> bins) {
  double mce = 0;
  for (const auto& bin : bins)
    if (bin.count > 0) mce = std::max(mce, std::abs(bin.accuracy - bin.confidence));
  return mce;
}

// Bin m covers (e_m, e_{m+1}] and the first also holds e_0 = min c, so every sample falls in exactly one
// bin: the first whose upper edge is ≥ c. Repeated edges (tied confidences) leave empty bins, skipped.
double adaptive_calibration_error(std::span<const double> confidence, std::span<const uint8_t> correct, int bins) {
  assert(bins >= 1 && confidence.size() == correct.size());
  if (confidence.empty()) return 0;
  const std::vector<double> edges = equal_mass_edges(confidence, bins);
  std::vector<BinSums> sums(static_cast<size_t>(bins));
  for (size_t i = 0; i < confidence.size(); ++i) {
    const auto it = std::lower_bound(edges.begin() + 1, edges.end() - 1, confidence[i]);
    sums[static_cast<size_t>(it - (edges.begin() + 1))].add(confidence[i], correct[i]);
  }
  std::vector<ReliabilityBin> out;
  out.reserve(sums.size());
  for (size_t m = 0; m < sums.size(); ++m) out.push_back(sums[m].finish(edges[m], edges[m + 1]));
  return expected_calibration_error(out);
}

double classwise_calibration_error(const MatD& probs, std::span<const int32_t> labels, int bins) {
  assert(labels.size() == static_cast<size_t>(probs.cols()));
  if (probs.cols() == 0 || probs.rows() == 0) return 0;
  const auto n = static_cast<size_t>(probs.cols());
  std::vector<double> p(n);
  std::vector<uint8_t> is_k(n);
  double sum = 0;
  for (Eigen::Index k = 0; k < probs.rows(); ++k) {
    for (size_t i = 0; i < n; ++i) {
      p[i] = probs(k, static_cast<Eigen::Index>(i));
      is_k[i] = labels[i] == k ? 1 : 0;
    }
    sum += expected_calibration_error(reliability_bins(p, is_k, bins));
  }
  return sum / static_cast<double>(probs.rows());
}

CalibrationReport calibration_report(const MatD& probs, std::span<const int32_t> labels, int bins) {
  assert(labels.size() == static_cast<size_t>(probs.cols()));
  CalibrationReport report;
  const TopLabel top = top_label(probs, labels);
  report.n = probs.cols();
  report.bins = reliability_bins(top.confidence, top.correct, bins);
  if (report.n == 0) return report;

  double correct = 0, nll = 0, brier = 0;
  for (Eigen::Index i = 0; i < probs.cols(); ++i) {
    const int32_t y = labels[static_cast<size_t>(i)];
    correct += top.correct[static_cast<size_t>(i)];
    nll -= std::log(std::max(probs(y, i), kMinProbability));
    for (Eigen::Index k = 0; k < probs.rows(); ++k) {
      const double d = probs(k, i) - (k == y ? 1.0 : 0.0);
      brier += d * d;
    }
  }
  const double n = static_cast<double>(report.n);
  report.accuracy = correct / n;
  report.nll = nll / n;
  report.brier = brier / n;
  report.ece = expected_calibration_error(report.bins);
  report.mce = max_calibration_error(report.bins);
  report.adaptive_ece = adaptive_calibration_error(top.confidence, top.correct, bins);
  report.classwise_ece = classwise_calibration_error(probs, labels, bins);
  return report;
}

void softmax_probabilities(const Mat& logits, MatD& probs) {
  probs.resize(logits.rows(), logits.cols());
  VecD z;
  for (Eigen::Index i = 0; i < logits.cols(); ++i) {
    z = logits.col(i).cast<double>();
    softmax_column(z, 1.0, probs.col(i));
  }
}

void softmax_probabilities(const MatD& logits, double temperature, MatD& probs) {
  probs.resize(logits.rows(), logits.cols());
  for (Eigen::Index i = 0; i < logits.cols(); ++i) softmax_column(logits.col(i), temperature, probs.col(i));
}

}  // namespace losslab
