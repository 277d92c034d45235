#include "metrics/posthoc_calibration.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numeric>

namespace losslab {

namespace {

// β = 1/T is kept in [0.01, 100], i.e. T in [0.01, 100]: beyond that the NLL is flat to rounding
// (a perfectly separated split wants T → 0, a model no better than chance T → ∞).
constexpr double kMinBeta = 0.01, kMaxBeta = 100;
constexpr int kMaxSolverSteps = 100;
constexpr double kRelativeStepTolerance = 1e-10;
constexpr double kConfidenceFloor = 1e-6;  // recalibrated confidences stay in [1e-6, 1 − 1e-6]

// The calibration-split NLL at β and its first two derivatives in β.
struct NllAtBeta {
  double nll = 0, slope = 0, curvature = 0;
};

// Per sample, with p = softmax(βz): NLL = lse(βz) − βz_y, d/dβ = E_p[z] − z_y, d²/dβ² = Var_p[z].
// Written so that a confident sample keeps its tiny slope instead of rounding it to 0 (which would stop
// the search early): the slope is Σ_k p_k (z_k − z_y) rather than E_p[z] − z_y, the NLL is
// β(max z − z_y) + log1p(Σ of the other weights), and the variance is taken around the mean.
NllAtBeta nll_at(const MatD& logits, std::span<const int32_t> labels, double beta) {
  NllAtBeta sum;
  VecD w(logits.rows());
  for (Eigen::Index i = 0; i < logits.cols(); ++i) {
    const auto z = logits.col(i);
    Eigen::Index top = 0;
    const double zmax = z.maxCoeff(&top);
    w = (beta * (z.array() - zmax)).exp().matrix();
    w[top] = 0;  // summed without the top's weight of 1, so that tiny others are not absorbed by it
    const double others = w.sum();
    w[top] = 1;
    const double total = 1 + others;
    const double zy = z[labels[static_cast<size_t>(i)]];
    const double mean = w.dot(z) / total;
    sum.nll += beta * (zmax - zy) + std::log1p(others);
    sum.slope += (w.array() * (z.array() - zy)).sum() / total;
    sum.curvature += (w.array() * (z.array() - mean).square()).sum() / total;
  }
  const double n = static_cast<double>(logits.cols());
  return {sum.nll / n, sum.slope / n, sum.curvature / n};
}

// A β interval whose ends the slope brackets: slope(lo) ≤ 0 ≤ slope(hi), found by doubling or halving
// from β = 1. When the slope keeps its sign up to a cap, the cap is the answer (lo == hi).
struct Bracket {
  double lo, hi;
  int steps = 0;
};
Bracket bracket_minimum(const MatD& logits, std::span<const int32_t> labels, double slope_at_one) {
  Bracket b{1, 1};
  if (slope_at_one == 0) return b;
  if (slope_at_one < 0) {  // NLL still falling at β = 1: the minimum is at a larger β (smaller T)
    while (b.hi < kMaxBeta) {
      b.lo = b.hi;
      b.hi = std::min(2 * b.hi, kMaxBeta);
      ++b.steps;
      if (nll_at(logits, labels, b.hi).slope >= 0) return b;
    }
    b.lo = b.hi;
    return b;
  }
  while (b.lo > kMinBeta) {
    b.hi = b.lo;
    b.lo = std::max(b.lo / 2, kMinBeta);
    ++b.steps;
    if (nll_at(logits, labels, b.lo).slope <= 0) return b;
  }
  b.hi = b.lo;
  return b;
}

// Newton on the slope inside the bracket; a step that would leave it is replaced by bisection, so the
// bracket shrinks every step and the iteration cannot diverge even where the curvature is tiny.
double newton_in_bracket(const MatD& logits, std::span<const int32_t> labels, Bracket& b) {
  double beta = 0.5 * (b.lo + b.hi);
  for (; b.steps < kMaxSolverSteps; ++b.steps) {
    const NllAtBeta at = nll_at(logits, labels, beta);
    if (at.slope == 0) break;
    (at.slope < 0 ? b.lo : b.hi) = beta;
    double next = at.curvature > 0 ? beta - at.slope / at.curvature : b.lo;
    if (!(next > b.lo && next < b.hi)) next = 0.5 * (b.lo + b.hi);
    const double step = next - beta;
    beta = next;
    if (std::abs(step) < kRelativeStepTolerance * beta) break;
  }
  return beta;
}

// Linear interpolation through sorted points, constant outside them.
double interpolate(const std::vector<double>& x, const std::vector<double>& y, double c) {
  if (c <= x.front()) return y.front();
  if (c >= x.back()) return y.back();
  const auto hi = static_cast<size_t>(std::upper_bound(x.begin(), x.end(), c) - x.begin());
  const size_t lo = hi - 1;
  const double t = (c - x[lo]) / (x[hi] - x[lo]);
  return y[lo] + t * (y[hi] - y[lo]);
}

// A run of samples fitted by one value: its weight and the sums of confidence and correctness.
struct Block {
  double weight = 0, confidence = 0, correct = 0;
  double mean_correct() const { return correct / weight; }
  void absorb(const Block& other) {
    weight += other.weight;
    confidence += other.confidence;
    correct += other.correct;
  }
};

// Samples in ascending confidence, equal confidences already pooled into one block (so the fit is a
// function of confidence: tied samples must get the same value). NaN confidences are left out.
std::vector<Block> tie_pooled_blocks(std::span<const double> confidence, std::span<const uint8_t> correct) {
  std::vector<size_t> order;
  order.reserve(confidence.size());
  for (size_t i = 0; i < confidence.size(); ++i)
    if (!std::isnan(confidence[i])) order.push_back(i);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return confidence[a] < confidence[b]; });
  std::vector<Block> blocks;
  double previous = 0;
  for (size_t i : order) {
    const Block one{1, confidence[i], correct[i] ? 1.0 : 0.0};
    if (blocks.empty() || confidence[i] != previous)
      blocks.push_back(one);
    else
      blocks.back().absorb(one);
    previous = confidence[i];
  }
  return blocks;
}

// Pool-adjacent-violators: merge a block into its left neighbour while the neighbour's mean is higher;
// what is left is the least-squares non-decreasing fit, one value per block.
std::vector<Block> pool_adjacent_violators(const std::vector<Block>& blocks) {
  std::vector<Block> stack;
  stack.reserve(blocks.size());
  for (const Block& block : blocks) {
    stack.push_back(block);
    while (stack.size() >= 2 && stack[stack.size() - 2].mean_correct() > stack.back().mean_correct()) {
      const Block last = stack.back();
      stack.pop_back();
      stack.back().absorb(last);
    }
  }
  return stack;
}

// The test probabilities after a top-label map fitted on the calibration split.
CalibrationReport mapped_report(const ConfidenceMap& map, const MatD& test_probs, std::span<const int32_t> labels,
                                int bins) {
  std::vector<double> mapped = top_label(test_probs, labels).confidence;
  for (double& c : mapped) c = map(c);
  MatD probs = test_probs;
  recalibrate_top_label(probs, mapped);
  return calibration_report(probs, labels, bins);
}

}  // namespace

std::string_view recalibration_name(Recalibration method) {
  switch (method) {
    case Recalibration::none: return "none";
    case Recalibration::temperature: return "temperature";
    case Recalibration::histogram: return "histogram";
    case Recalibration::isotonic: return "isotonic";
  }
  return "none";
}

TemperatureFit fit_temperature(const MatD& logits, std::span<const int32_t> labels) {
  assert(labels.size() == static_cast<size_t>(logits.cols()));
  TemperatureFit fit;
  if (logits.cols() == 0) return fit;
  const NllAtBeta at_one = nll_at(logits, labels, 1.0);
  fit.nll_before = fit.nll_after = at_one.nll;
  Bracket bracket = bracket_minimum(logits, labels, at_one.slope);
  const double beta = bracket.lo == bracket.hi ? bracket.lo : newton_in_bracket(logits, labels, bracket);
  fit.iterations = bracket.steps;
  const double nll = nll_at(logits, labels, beta).nll;
  // Convexity makes this hold up to rounding; where rounding loses, T = 1 is the honest answer.
  if (nll <= fit.nll_before) {
    fit.temperature = 1 / beta;
    fit.nll_after = nll;
  }
  return fit;
}

double ConfidenceMap::operator()(double confidence) const {
  if (x.empty() || std::isnan(confidence)) return confidence;  // fitted on nothing, or nothing to map
  if (!step) return interpolate(x, y, confidence);
  const auto it = std::lower_bound(x.begin(), x.end(), confidence);  // first upper edge ≥ confidence
  return it == x.end() ? y.back() : y[static_cast<size_t>(it - x.begin())];
}

ConfidenceMap fit_histogram_binning(std::span<const double> confidence, std::span<const uint8_t> correct,
                                    int bins) {
  ConfidenceMap map;
  map.step = true;
  for (const ReliabilityBin& bin : reliability_bins(confidence, correct, bins)) {
    map.x.push_back(bin.hi);
    map.y.push_back(bin.count > 0 ? bin.accuracy : 0.5 * (bin.lo + bin.hi));
  }
  return map;
}

ConfidenceMap fit_isotonic(std::span<const double> confidence, std::span<const uint8_t> correct) {
  assert(confidence.size() == correct.size());
  ConfidenceMap map;
  for (const Block& block : pool_adjacent_violators(tie_pooled_blocks(confidence, correct))) {
    map.x.push_back(block.confidence / block.weight);
    map.y.push_back(block.mean_correct());
  }
  return map;
}

// The others are scaled by (1 − new)/Σ_{k≠top} p_k, which is (1 − new)/(1 − old) for a column summing to
// 1 and makes the column sum to 1 exactly even when it was off by rounding.
// How far above the tie level a raised confidence sits: far above rounding, far below any ECE bin.
constexpr double kTieMargin = 1e-9;

void recalibrate_top_label(MatD& probs, std::span<const double> new_confidence) {
  assert(new_confidence.size() == static_cast<size_t>(probs.cols()));
  const Eigen::Index k = probs.rows();
  if (k < 2) return;  // a single class keeps probability 1: there is nothing to move mass to
  for (Eigen::Index i = 0; i < probs.cols(); ++i) {
    const Eigen::Index top = top_class(probs, i);
    const double rest = probs.col(i).sum() - probs(top, i);
    // A top-label map recalibrates the confidence, never the prediction: the new confidence is kept just
    // above the level where the scaled runner-up would tie, r·(1 − c)/rest = c ⇔ c = r/(rest + r) (1/K
    // when the others are spread evenly), as a tie would go to the lower class index.
    double runner_up = 0;
    for (Eigen::Index j = 0; j < k; ++j)
      if (j != top) runner_up = std::max(runner_up, probs(j, i));
    const double tie = (rest > 0 ? runner_up / (rest + runner_up) : 1.0 / static_cast<double>(k)) + kTieMargin;
    const double c = std::clamp(std::max(new_confidence[static_cast<size_t>(i)], tie), kConfidenceFloor,
                                1 - kConfidenceFloor);
    if (rest > 0)
      probs.col(i) *= (1 - c) / rest;
    else
      probs.col(i).setConstant((1 - c) / static_cast<double>(k - 1));
    probs(top, i) = c;
  }
}

const CalibrationReport& PosthocCalibration::report(Recalibration method) const {
  switch (method) {
    case Recalibration::none: return before;
    case Recalibration::temperature: return temperature_scaled;
    case Recalibration::histogram: return histogram_binned;
    case Recalibration::isotonic: return isotonic;
  }
  return before;
}

PosthocCalibration posthoc_calibration(const MatD& calib_logits, std::span<const int32_t> calib_labels,
                                       const MatD& test_logits, std::span<const int32_t> test_labels, int bins) {
  PosthocCalibration out;
  out.temperature = fit_temperature(calib_logits, calib_labels).temperature;

  MatD test_probs, scaled_probs, calib_probs;
  softmax_probabilities(test_logits, 1.0, test_probs);
  softmax_probabilities(test_logits, out.temperature, scaled_probs);
  out.before = calibration_report(test_probs, test_labels, bins);
  out.temperature_scaled = calibration_report(scaled_probs, test_labels, bins);
  out.before.nll = mean_nll(test_logits, test_labels);  // from the logits: exact where p_y underflows
  out.temperature_scaled.nll = mean_nll(test_logits, test_labels, out.temperature);

  softmax_probabilities(calib_logits, 1.0, calib_probs);
  const TopLabel calib = top_label(calib_probs, calib_labels);
  out.histogram_binned =
      mapped_report(fit_histogram_binning(calib.confidence, calib.correct, bins), test_probs, test_labels, bins);
  out.isotonic = mapped_report(fit_isotonic(calib.confidence, calib.correct), test_probs, test_labels, bins);
  return out;
}

}  // namespace losslab
