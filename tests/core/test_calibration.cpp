// Calibration metrics (LOSSES-NOTES.md D1–D4) on hand-built prediction sets whose values are worked out
// below, on synthetic sets with a known calibration, and at the bin edges.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <vector>

#include "metrics/calibration.hpp"
#include "util/rng.hpp"

using namespace losslab;

namespace {

// Columns from a list of per-sample class probabilities.
MatD columns(const std::vector<std::vector<double>>& samples) {
  MatD probs(static_cast<Eigen::Index>(samples.front().size()), static_cast<Eigen::Index>(samples.size()));
  for (size_t i = 0; i < samples.size(); ++i)
    for (size_t k = 0; k < samples[i].size(); ++k)
      probs(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(i)) = samples[i][k];
  return probs;
}

// Five samples, three classes, chosen so no probability sits on an edge of the 5 equal-width bins
// (0, .2], (.2, .4], (.4, .6], (.6, .8], (.8, 1].
//   sample  p                    y   top  c     correct
//   0       (0.70, 0.18, 0.12)   0   0    0.70  yes
//   1       (0.30, 0.65, 0.05)   0   1    0.65  no
//   2       (0.10, 0.05, 0.85)   2   2    0.85  yes
//   3       (0.25, 0.30, 0.45)   1   2    0.45  no
//   4       (0.50, 0.45, 0.05)   0   0    0.50  yes
const std::vector<std::vector<double>> kSmallSet = {
    {0.70, 0.18, 0.12}, {0.30, 0.65, 0.05}, {0.10, 0.05, 0.85}, {0.25, 0.30, 0.45}, {0.50, 0.45, 0.05}};
const std::vector<int32_t> kSmallLabels = {0, 0, 2, 1, 0};

}  // namespace

TEST_CASE("calibration report of a small hand-built set", "[calibration]") {
  const CalibrationReport r = calibration_report(columns(kSmallSet), kSmallLabels, 5);
  CHECK(r.n == 5);
  CHECK(r.accuracy == Approx(0.6));  // samples 0, 2, 4 correct

  // NLL = −(ln .70 + ln .30 + ln .85 + ln .30 + ln .50)/5 ≈ 3.620287/5 ≈ 0.724057 (p_y of each sample).
  CHECK(r.nll == Approx(-(std::log(0.7) + std::log(0.3) + std::log(0.85) + std::log(0.3) + std::log(0.5)) / 5));
  CHECK(r.nll == Approx(0.724057).epsilon(1e-5));

  // Brier per sample, Σ_k (p_k − e_yk)²:
  //   0: .3² + .18² + .12² = .09 + .0324 + .0144 = .1368     1: .7² + .65² + .05² = .49 + .4225 + .0025 = .915
  //   2: .1² + .05² + .15² = .01 + .0025 + .0225 = .035      3: .25² + .7² + .45² = .0625 + .49 + .2025 = .755
  //   4: .5² + .45² + .05² = .25 + .2025 + .0025 = .455       mean = 2.2968 / 5 = .45936
  CHECK(r.brier == Approx(0.45936));

  // Top-label bins: (.4, .6] holds c = .45 (wrong), .50 (right): conf .475, acc .5, gap .025
  //                 (.6, .8] holds c = .70 (right), .65 (wrong): conf .675, acc .5, gap .175
  //                 (.8, 1]  holds c = .85 (right):               gap .15
  // ECE = (2·.025 + 2·.175 + 1·.15)/5 = .55/5 = .11; MCE = .175.
  CHECK(r.ece == Approx(0.11));
  CHECK(r.mce == Approx(0.175));
  REQUIRE(r.bins.size() == 5);
  CHECK(r.bins[0].count == 0);
  CHECK(r.bins[1].count == 0);
  CHECK(r.bins[2].count == 2);
  CHECK(r.bins[3].count == 2);
  CHECK(r.bins[4].count == 1);
  CHECK(r.bins[3].confidence == Approx(0.675));
  CHECK(r.bins[3].accuracy == Approx(0.5));

  // Adaptive, 5 bins over sorted c = (.45, .50, .65, .70, .85): np.interp at 0..5 gives the edges
  // .45, .50, .65, .70, .85, .85 (x = 5 clamps to the last), so the bins are [.45, .50] = {.45 ✗, .50 ✓}
  // (gap |.5 − .475| = .025, twice), {.65 ✗} (.65), {.70 ✓} (.30), {.85 ✓} (.15) and an empty (.85, .85].
  // AdaECE = (.05 + .65 + .30 + .15)/5 = 1.15/5 = .23.
  CHECK(r.adaptive_ece == Approx(0.23));

  // Classwise, 5 bins, Σ over bins of n_m·gap, then /5 per class and the mean over classes:
  //  k = 0: p = (.70, .30, .10, .25, .50), y = k at samples 0, 1, 4.
  //         (0, .2]: {.10 ✗} .10; (.2, .4]: {.30 ✓, .25 ✗} 2·|.5 − .275| = .45; {.50 ✓} .50; {.70 ✓} .30
  //         → 1.35/5 = .27
  //  k = 1: p = (.18, .65, .05, .30, .45), y = k at sample 3.
  //         (0, .2]: {.18, .05} both ✗: 2·.115 = .23; {.30 ✓} .70; {.45 ✗} .45; {.65 ✗} .65 → 2.03/5 = .406
  //  k = 2: p = (.12, .05, .85, .45, .05), y = k at sample 2.
  //         (0, .2]: {.12, .05, .05} all ✗: .22; {.45 ✗} .45; {.85 ✓} .15 → .82/5 = .164
  //  mean = (.27 + .406 + .164)/3 = .84/3 = .28
  CHECK(r.classwise_ece == Approx(0.28));
}

TEST_CASE("adaptive ECE with two equal-mass bins interpolates the middle edge", "[calibration]") {
  // Sorted c = (.45, .50, .65, .70, .85); linspace(0, 5, 3) = (0, 2.5, 5): edges .45, (.65 + .70)/2 = .675,
  // .85. [.45, .675] = {.45 ✗, .50 ✓, .65 ✗}: conf 1.6/3, acc 1/3, gap .2; (.675, .85] = {.70 ✓, .85 ✓}:
  // conf .775, acc 1, gap .225. AdaECE = (3·.2 + 2·.225)/5 = 1.05/5 = .21.
  const std::vector<double> c = {0.70, 0.65, 0.85, 0.45, 0.50};
  const std::vector<uint8_t> ok = {1, 0, 1, 0, 1};
  CHECK(adaptive_calibration_error(c, ok, 2) == Approx(0.21));
  CHECK(adaptive_calibration_error({}, {}, 2) == 0.0);
}

TEST_CASE("NLL stays finite when the label has probability zero", "[calibration]") {
  // Sample 0 gives its label probability 0: −ln(1e-300) = 300 ln 10 ≈ 690.7755; sample 1 has p_y = 1.
  const CalibrationReport r = calibration_report(columns({{0.0, 1.0}, {0.0, 1.0}}), std::vector<int32_t>{0, 1});
  CHECK(std::isfinite(r.nll));
  CHECK(r.nll == Approx(300 * std::log(10.0) / 2));
}

TEST_CASE("ECE is near zero for perfectly calibrated predictions", "[calibration]") {
  // Two classes, p = (c, 1 − c) with c uniform in [.5, 1); the label is 0 (the top class) with
  // probability c. Then P(correct | c) = c, and for class 1 P(y = 1 | p_1) = p_1, so top-label, adaptive
  // and classwise ECE are all 0 up to sampling noise. With n = 200000 the ~8 occupied bins hold ~25000
  // samples each; a bin's accuracy has σ ≈ √(.2/25000) ≈ .003, so the ECE (a weighted mean of |gaps|)
  // is ≈ .8σ ≈ .0025. The 0.01 bound is ~4σ above that, and a real miscalibration of 0.01 would fail it.
  Rng rng(2024);
  const Eigen::Index n = 200000;
  MatD probs(2, n);
  std::vector<int32_t> labels(static_cast<size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    const double c = 0.5 + 0.5 * static_cast<double>(rng.uniform());
    probs(0, i) = c;
    probs(1, i) = 1 - c;
    labels[static_cast<size_t>(i)] = static_cast<double>(rng.uniform()) < c ? 0 : 1;
  }
  const CalibrationReport r = calibration_report(probs, labels);
  CHECK(r.accuracy == Approx(0.75).margin(0.005));  // E[c] = .75, σ ≈ .001
  CHECK(r.ece < 0.01);
  CHECK(r.adaptive_ece < 0.01);
  CHECK(r.classwise_ece < 0.01);
}

TEST_CASE("an over-confident set has the ECE and MCE of its gap", "[calibration]") {
  // Ten samples, all with confidence .9 on class 0; six are class 0. One bin, acc .6, conf .9:
  // ECE = MCE = AdaECE = |.6 − .9| = .3.
  MatD probs(2, 10);
  std::vector<int32_t> labels(10);
  for (Eigen::Index i = 0; i < 10; ++i) {
    probs(0, i) = 0.9;
    probs(1, i) = 0.1;
    labels[static_cast<size_t>(i)] = i < 6 ? 0 : 1;
  }
  const CalibrationReport r = calibration_report(probs, labels);
  CHECK(r.accuracy == Approx(0.6));
  CHECK(r.ece == Approx(0.3));
  CHECK(r.mce == Approx(0.3));
  CHECK(r.adaptive_ece == Approx(0.3));
  // Classwise: class 0 has p = .9 with frequency .6 (gap .3), class 1 p = .1 with frequency .4 (gap .3).
  CHECK(r.classwise_ece == Approx(0.3));
}

TEST_CASE("a confidence on a bin edge belongs to the bin below it", "[calibration]") {
  // c = 2/15 is the upper edge of bin 1 (0-based), (1/15, 2/15].
  const std::vector<uint8_t> ok = {1};
  auto bins = reliability_bins(std::vector<double>{2.0 / 15.0}, ok, 15);
  REQUIRE(bins.size() == 15);
  CHECK(bins[1].count == 1);
  CHECK(bins[2].count == 0);
  CHECK(bins[1].lo == 1.0 / 15.0);
  CHECK(bins[1].hi == 2.0 / 15.0);

  // Rounding of c·M goes both ways, so a bare ceil(c·M) − 1 misplaces edges: .28 is the edge 7/25 but
  // .28 · 25 = 7.000000000000001 (ceil 8, bin 7 instead of 6); the double just above 11/15, times 15,
  // rounds down to exactly 11 (bin 10 instead of 11).
  bins = reliability_bins(std::vector<double>{7.0 / 25.0}, ok, 25);
  CHECK(bins[6].count == 1);
  bins = reliability_bins(std::vector<double>{std::nextafter(11.0 / 15.0, 2.0)}, ok, 15);
  CHECK(bins[11].count == 1);

  // Every edge m/M goes to bin m − 1 and the next double above it to bin m, for a few bin counts.
  for (const int m_bins : {10, 15, 25, 41}) {
    for (int m = 1; m <= m_bins; ++m) {
      CAPTURE(m_bins, m);
      const double edge = static_cast<double>(m) / static_cast<double>(m_bins);
      bins = reliability_bins(std::vector<double>{edge}, ok, m_bins);
      CHECK(bins[static_cast<size_t>(m - 1)].count == 1);
      if (m < m_bins) {
        bins = reliability_bins(std::vector<double>{std::nextafter(edge, 2.0)}, ok, m_bins);
        CHECK(bins[static_cast<size_t>(m)].count == 1);
      }
    }
  }
  // c = 0 opens the first bin, c = 1 closes the last.
  bins = reliability_bins(std::vector<double>{0.0}, ok, 15);
  CHECK(bins[0].count == 1);
  bins = reliability_bins(std::vector<double>{1.0}, ok, 15);
  CHECK(bins[14].count == 1);
}

TEST_CASE("empty bins have count zero and NaN confidence and accuracy", "[calibration]") {
  // One sample at .95 fills only the last of 10 bins; ECE and MCE skip the empty ones: |1 − .95| = .05.
  const auto bins = reliability_bins(std::vector<double>{0.95}, std::vector<uint8_t>{1}, 10);
  REQUIRE(bins.size() == 10);
  for (size_t m = 0; m < 9; ++m) {
    CHECK(bins[m].count == 0);
    CHECK(std::isnan(bins[m].confidence));
    CHECK(std::isnan(bins[m].accuracy));
  }
  CHECK(bins[9].count == 1);
  CHECK(expected_calibration_error(bins) == Approx(0.05));
  CHECK(max_calibration_error(bins) == Approx(0.05));

  // An empty prediction set: zeros, and the 15 bins all empty.
  const CalibrationReport r = calibration_report(MatD(3, 0), std::vector<int32_t>{});
  CHECK(r.n == 0);
  CHECK(r.ece == 0.0);
  CHECK(r.nll == 0.0);
  REQUIRE(r.bins.size() == static_cast<size_t>(kDefaultCalibrationBins));
  for (const auto& bin : r.bins) CHECK(bin.count == 0);
}

TEST_CASE("top label ties go to the lowest class index", "[calibration]") {
  // p = (.4, .4, .2): the prediction is class 0, so label 0 is correct and label 1 is not.
  const MatD probs = columns({{0.4, 0.4, 0.2}, {0.4, 0.4, 0.2}});
  const TopLabel top = top_label(probs, std::vector<int32_t>{0, 1});
  CHECK(top.confidence[0] == 0.4);
  CHECK(top.correct[0] == 1);
  CHECK(top.correct[1] == 0);
}

TEST_CASE("softmax probabilities of float and scaled double logits", "[calibration]") {
  // z = (0, ln 3): softmax = (1/4, 3/4). At T = 2, z/T = (0, ln √3): (1/(1 + √3), √3/(1 + √3)).
  Mat logits(2, 1);
  logits << 0.0f, static_cast<float>(std::log(3.0));
  MatD p;
  softmax_probabilities(logits, p);
  CHECK(p(0, 0) == Approx(0.25).epsilon(1e-6));
  CHECK(p(1, 0) == Approx(0.75).epsilon(1e-6));

  MatD z(2, 1);
  z << 1000.0, 1000.0 + std::log(3.0);  // the max is subtracted first, so this does not overflow
  softmax_probabilities(z, 2.0, p);
  CHECK(p(0, 0) == Approx(1 / (1 + std::sqrt(3.0))));
  CHECK(p(1, 0) == Approx(std::sqrt(3.0) / (1 + std::sqrt(3.0))));
}
