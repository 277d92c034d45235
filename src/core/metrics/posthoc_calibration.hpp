// Post-hoc calibration (LOSSES.md §6, LOSSES-NOTES.md D5): maps fitted on a held-out calibration split
// and applied to the test split, so people can compare ECE and NLL before and after each.
//
//  - Temperature scaling (Guo et al. 2017): one T > 0, q = softmax(z/T), T minimising the NLL of the
//    calibration split. NLL is convex in β = 1/T (dNLL/dβ = mean E_p[z] − z_y, d²/dβ² = mean Var_p[z] ≥ 0),
//    so we minimise over β with Newton steps safeguarded by a bracket (bisection when a step leaves it).
//    Accuracy is unchanged; fitting NLL can raise ECE, so both are reported.
//  - Histogram binning (Zadrozny & Elkan 2001): equal-width bins of the top-label confidence; each bin's
//    confidence becomes the accuracy of the calibration samples in it (an empty bin keeps its centre).
//  - Isotonic regression (Zadrozny & Elkan 2002): the non-decreasing fit of correct ∈ {0, 1} against the
//    top-label confidence (pool-adjacent-violators, tied confidences pooled first), applied by
//    interpolating linearly between the blocks' (mean confidence, mean accuracy) points.
// The binning maps replace the top-label probability only; the other classes are rescaled so each column
// still sums to 1 (recalibrate_top_label), which is what NLL and Brier then see. Recalibrated
// confidences are clamped to [1e-6, 1 − 1e-6] so NLL stays finite.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "metrics/calibration.hpp"
#include "util/eigen_types.hpp"

namespace losslab {

enum class Recalibration { none, temperature, histogram, isotonic };
inline constexpr Recalibration kRecalibrations[] = {Recalibration::none, Recalibration::temperature,
                                                    Recalibration::histogram, Recalibration::isotonic};
std::string_view recalibration_name(Recalibration method);  // "none", "temperature", "histogram", "isotonic"

struct TemperatureFit {
  double temperature = 1;   // T* (clamped to [0.01, 100])
  double nll_before = 0;    // calibration-split NLL at T = 1
  double nll_after = 0;     // at T*; never above nll_before (T* = 1 where rounding would make it so)
  int iterations = 0;       // NLL-slope evaluations spent bracketing and solving (at most 100)
};
// logits: K×N (float64), labels: N. N = 0 gives T = 1 and zero NLLs.
TemperatureFit fit_temperature(const MatD& logits, std::span<const int32_t> labels);

// A map of confidence to calibrated confidence (an empty map, fitted on no samples, is the identity).
//  - step (histogram binning): y[i] for confidences in (x[i−1], x[i]], x being the bins' upper edges
//    (the first bin also holds 0; above x.back() the last value). Not necessarily monotone: each bin
//    keeps its own accuracy.
//  - otherwise (isotonic): piecewise linear through the points (x[i], y[i]) = (mean confidence, mean
//    accuracy) of each pooled block, constant outside [x.front(), x.back()]; non-decreasing. (scikit-learn's
//    IsotonicRegression instead interpolates through every distinct confidence at its block's value.)
struct ConfidenceMap {
  std::vector<double> x, y;
  bool step = false;
  double operator()(double confidence) const;
};
ConfidenceMap fit_histogram_binning(std::span<const double> confidence, std::span<const uint8_t> correct,
                                    int bins = kDefaultCalibrationBins);
ConfidenceMap fit_isotonic(std::span<const double> confidence, std::span<const uint8_t> correct);

// Replaces each column's top-label probability (argmax, ties to the lowest index) by new_confidence[i]
// (clamped), scaling the other classes so the column sums to 1 (spread evenly when they were all 0;
// K = 1 is left alone). The prediction never changes: a new confidence below the level at which the
// scaled runner-up would tie with the top class is raised to just above it (K = 3, p = (0.5, 0.49, 0.01)
// asked for 0.34 gets 0.49/0.99 + 1e-9), so accuracy is the same before and after.
void recalibrate_top_label(MatD& probs, std::span<const double> new_confidence);

// The test split as the model predicts it and after each map fitted on the calibration split.
struct PosthocCalibration {
  double temperature = 1;
  CalibrationReport before, temperature_scaled, histogram_binned, isotonic;
  const CalibrationReport& report(Recalibration method) const;
};
PosthocCalibration posthoc_calibration(const MatD& calib_logits, std::span<const int32_t> calib_labels,
                                       const MatD& test_logits, std::span<const int32_t> test_labels,
                                       int bins = kDefaultCalibrationBins);

}  // namespace losslab
