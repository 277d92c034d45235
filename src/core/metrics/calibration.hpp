// Calibration of a classifier's probabilities (LOSSES.md §6, LOSSES-NOTES.md D1–D4): accuracy, NLL,
// Brier, ECE with equal-width bins, adaptive (equal-mass) ECE, MCE, classwise ECE, and the data of a
// reliability diagram. Guo, Pleiss, Sun & Weinberger 2017; Naeini, Cooper & Hauskrecht 2015.
//
// Conventions (as Guo's reference code): the top-label confidence c = max_k p_k and prediction
// ŷ = argmax_k p_k (ties: the lowest index); bin m of M covers ((m−1)/M, m/M], the first also holds c = 0;
// empty bins are skipped by ECE and MCE. Sums are in float64.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "util/eigen_types.hpp"

namespace losslab {

inline constexpr int kDefaultCalibrationBins = 15;

struct ReliabilityBin {
  double lo = 0, hi = 0;  // the bin covers (lo, hi]
  int64_t count = 0;      // samples whose confidence falls in it
  double confidence = 0;  // their mean confidence (NaN when count == 0: the bin is empty, not zero)
  double accuracy = 0;    // the fraction of them predicted correctly (NaN when empty)
};

struct CalibrationReport {
  int64_t n = 0;
  double accuracy = 0;       // fraction with ŷ = y
  double nll = 0;            // mean −log p_y (p_y clamped below at 1e-300 so it stays finite)
  double brier = 0;          // mean Σ_k (p_k − e_yk)²
  double ece = 0;            // Σ_m (n_m/n)·|acc_m − conf_m|, equal-width bins
  double adaptive_ece = 0;   // the same with equal-mass bins
  double mce = 0;            // max over non-empty bins of |acc_m − conf_m|
  double classwise_ece = 0;  // mean over classes k of the ECE of (p_k, 1[y = k]) over all samples
  std::vector<ReliabilityBin> bins;  // the reliability diagram (equal-width, top-label); counts = histogram
};

// probs: K×N, one column of class probabilities per sample (each column sums to 1); labels: N in [0, K).
// bins ≥ 1. An empty set (N = 0) gives zeros and `bins` bins of count 0.
CalibrationReport calibration_report(const MatD& probs, std::span<const int32_t> labels,
                                     int bins = kDefaultCalibrationBins);

// The top-label view of a prediction set: confidence[i] = max_k p_ki, correct[i] = 1 when the argmax
// (ties: the lowest index) is labels[i].
struct TopLabel {
  std::vector<double> confidence;
  std::vector<uint8_t> correct;
};
TopLabel top_label(const MatD& probs, std::span<const int32_t> labels);
// The predicted class of one column: the argmax, ties to the lowest index.
Eigen::Index top_class(const MatD& probs, Eigen::Index column);

// The pieces, for callers that have (confidence, correct) pairs already (e.g. after a top-label
// recalibration map). correct[i] is 1 when sample i was predicted correctly.
std::vector<ReliabilityBin> reliability_bins(std::span<const double> confidence, std::span<const uint8_t> correct,
                                             int bins);
double expected_calibration_error(std::span<const ReliabilityBin> bins);  // weights n_m / Σ n_m; 0 if all empty
double max_calibration_error(std::span<const ReliabilityBin> bins);       // 0 if all bins are empty
// Equal-mass bins: edges at the interpolated quantiles of the sorted confidences (Mukhoti et al.'s
// AdaptiveECELoss, np.interp(linspace(0, N, M+1), arange(N), sort(c))); bin m covers (e_m, e_{m+1}] and
// the first also holds e_0 = min c (Mukhoti's code drops it). Bins left empty by ties are skipped.
double adaptive_calibration_error(std::span<const double> confidence, std::span<const uint8_t> correct, int bins);
double classwise_calibration_error(const MatD& probs, std::span<const int32_t> labels, int bins);

// Mean of LSE(z/T) − z_y/T over the columns of logits (K×N): the NLL computed from logits, exact where the
// probability of the label underflows (calibration_report, which sees only probabilities, clamps it).
double mean_nll(const MatD& logits, std::span<const int32_t> labels, double temperature = 1);

// Column-wise softmax of float logits (K×N) into float64 probabilities, max subtracted first.
void softmax_probabilities(const Mat& logits, MatD& probs);
// Same for float64 logits, each divided by the temperature first.
void softmax_probabilities(const MatD& logits, double temperature, MatD& probs);

}  // namespace losslab
