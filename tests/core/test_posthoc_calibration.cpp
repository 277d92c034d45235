// Post-hoc calibration (LOSSES-NOTES.md D5): temperature scaling recovers a planted temperature, the
// binning maps fix an over-confident split, and the top-label rewrite keeps probabilities valid.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "metrics/posthoc_calibration.hpp"
#include "util/rng.hpp"

using namespace losslab;

namespace {

// A split whose labels are drawn from softmax(true logits), true logits ~ scale·N(0, 1).
struct Split {
  MatD logits;  // the true logits times the planted temperature
  std::vector<int32_t> labels;
};

int32_t sample_label(const VecD& p, double u) {
  double cumulative = 0;
  for (Eigen::Index k = 0; k + 1 < p.size(); ++k) {
    cumulative += p[k];
    if (u < cumulative) return static_cast<int32_t>(k);
  }
  return static_cast<int32_t>(p.size() - 1);
}

// The model reports z·t_true, so dividing by T = t_true gives back the logits the labels came from:
// the NLL-optimal temperature is t_true up to sampling noise.
Split planted_split(uint64_t seed, Eigen::Index k, Eigen::Index n, double scale, double t_true) {
  Rng rng(seed);
  Split s{MatD(k, n), std::vector<int32_t>(static_cast<size_t>(n))};
  for (Eigen::Index i = 0; i < n; ++i) {
    VecD z(k);
    for (Eigen::Index j = 0; j < k; ++j) z[j] = scale * static_cast<double>(rng.normal());
    VecD p = (z.array() - z.maxCoeff()).exp().matrix();
    p /= p.sum();
    s.labels[static_cast<size_t>(i)] = sample_label(p, static_cast<double>(rng.uniform()));
    s.logits.col(i) = z * t_true;
  }
  return s;
}

double nll_at_temperature(const Split& s, double temperature) {
  MatD p;
  softmax_probabilities(s.logits, temperature, p);
  return calibration_report(p, s.labels).nll;
}

// (confidence, correct) pairs over-confident by .3: c uniform in [.5, 1), correct with probability c − .3.
struct TopLabelPairs {
  std::vector<double> confidence;
  std::vector<uint8_t> correct;
};
TopLabelPairs overconfident_pairs(uint64_t seed, size_t n) {
  Rng rng(seed);
  TopLabelPairs s;
  for (size_t i = 0; i < n; ++i) {
    const double c = 0.5 + 0.5 * static_cast<double>(rng.uniform());
    s.confidence.push_back(c);
    s.correct.push_back(static_cast<double>(rng.uniform()) < c - 0.3 ? 1 : 0);
  }
  return s;
}

double ece_of(const std::vector<double>& confidence, const std::vector<uint8_t>& correct) {
  return expected_calibration_error(reliability_bins(confidence, correct, kDefaultCalibrationBins));
}

}  // namespace

TEST_CASE("temperature scaling recovers a planted temperature", "[calibration]") {
  // K = 5, logits 3·N(0, 1). The fit estimates β' = t_true/T by maximum likelihood; its Fisher
  // information per sample is Var_p[z_true], which averages ≈ .58 for this logit scale, so the relative
  // standard error of T is ≈ 1/√(20000·.58) ≈ .9%. The 5% tolerance is > 5σ: a wrong derivative or an
  // early stop fails it, sampling noise does not.
  for (const double t_true : {0.5, 1.0, 2.0, 3.0}) {
    CAPTURE(t_true);
    const Split s = planted_split(17, 5, 20000, 3.0, t_true);
    const TemperatureFit fit = fit_temperature(s.logits, s.labels);
    CHECK(fit.temperature == Approx(t_true).epsilon(0.05));
    CHECK(fit.nll_after <= fit.nll_before);
    CHECK(fit.iterations <= 100);
    // The fit is a minimum of the NLL it reports: 1% either side is no better.
    CHECK(fit.nll_before == Approx(nll_at_temperature(s, 1.0)));
    CHECK(fit.nll_after == Approx(nll_at_temperature(s, fit.temperature)));
    CHECK(fit.nll_after <= nll_at_temperature(s, fit.temperature * 1.01));
    CHECK(fit.nll_after <= nll_at_temperature(s, fit.temperature / 1.01));
  }
}

TEST_CASE("temperature scaling caps T and handles degenerate splits", "[calibration]") {
  // Every sample right by a margin: the NLL keeps falling as T → 0, so T stops at the cap 0.01.
  MatD separated(2, 4);
  separated << 1, 0, 1, 0,  //
      0, 1, 0, 1;
  const TemperatureFit sharp = fit_temperature(separated, std::vector<int32_t>{0, 1, 0, 1});
  CHECK(sharp.temperature == Approx(0.01));
  CHECK(sharp.nll_after < sharp.nll_before);

  // Every sample wrong: the NLL keeps falling as T → ∞ (towards ln 2), so T stops at the cap 100.
  const TemperatureFit flat = fit_temperature(separated, std::vector<int32_t>{1, 0, 1, 0});
  CHECK(flat.temperature == Approx(100));
  CHECK(flat.nll_after < flat.nll_before);

  // Equal logits: the NLL is ln 2 at every T, the slope 0 at T = 1, and T stays 1.
  const TemperatureFit constant = fit_temperature(MatD::Zero(2, 3), std::vector<int32_t>{0, 1, 0});
  CHECK(constant.temperature == 1.0);
  CHECK(constant.nll_after == Approx(std::log(2.0)));

  const TemperatureFit empty = fit_temperature(MatD(3, 0), std::vector<int32_t>{});
  CHECK(empty.temperature == 1.0);
}

TEST_CASE("histogram binning maps each bin to its accuracy", "[calibration]") {
  // 5 bins with upper edges .2, .4, .6, .8, 1: (0, .2] = {.1 ✓} → 1; (.2, .4] = {.3 ✗, .35 ✓} → .5;
  // (.4, .6] and (.6, .8] are empty → their centres .5 and .7; (.8, 1] = {.9 ✓} → 1.
  const ConfidenceMap map =
      fit_histogram_binning(std::vector<double>{0.1, 0.3, 0.35, 0.9}, std::vector<uint8_t>{1, 0, 1, 1}, 5);
  CHECK(map.step);
  REQUIRE(map.x.size() == 5);
  CHECK(map.x.back() == 1.0);
  CHECK(map(0.0) == 1.0);
  CHECK(map(0.2) == 1.0);  // on the edge: still the first bin
  CHECK(map(0.21) == 0.5);
  CHECK(map(0.5) == Approx(0.5));
  CHECK(map(0.7) == Approx(0.7));
  CHECK(map(0.95) == 1.0);
}

TEST_CASE("isotonic regression pools violators and interpolates block means", "[calibration]") {
  // c = (.1, .2, .3, .4), correct = (1, 0, 0, 1). PAV: {.1} = 1, then .2 (0) violates → {.1, .2} = .5,
  // then .3 (0) violates → {.1, .2, .3} = 1/3 at mean confidence .2; .4 (1) is fine.
  // Points (.2, 1/3), (.4, 1): below .2 → 1/3, at .3 → 1/3 + (.1/.2)·(2/3) = 2/3, above .4 → 1.
  const ConfidenceMap map =
      fit_isotonic(std::vector<double>{0.3, 0.1, 0.4, 0.2}, std::vector<uint8_t>{0, 1, 1, 0});
  CHECK_FALSE(map.step);
  REQUIRE(map.x.size() == 2);
  CHECK(map.x[0] == Approx(0.2));
  CHECK(map.y[0] == Approx(1.0 / 3));
  CHECK(map(0.05) == Approx(1.0 / 3));
  CHECK(map(0.3) == Approx(2.0 / 3));
  CHECK(map(0.9) == Approx(1.0));

  // Ties are pooled before PAV: c = (.5, .5, .7), correct = (1, 0, 1) → points (.5, .5), (.7, 1);
  // at .6 the map is halfway: .75.
  const ConfidenceMap tied = fit_isotonic(std::vector<double>{0.5, 0.5, 0.7}, std::vector<uint8_t>{1, 0, 1});
  CHECK(tied(0.5) == Approx(0.5));
  CHECK(tied(0.6) == Approx(0.75));

  // No samples: the identity.
  CHECK(fit_isotonic({}, {})(0.42) == 0.42);
}

TEST_CASE("histogram binning and isotonic regression fix an over-confident split", "[calibration]") {
  // Confidence c ∈ [.5, 1), accuracy c − .3: ECE ≈ .3 before (σ of the estimate < .01 at n = 5000).
  const TopLabelPairs s = overconfident_pairs(99, 5000);
  const double before = ece_of(s.confidence, s.correct);
  CHECK(before == Approx(0.3).margin(0.02));

  // On its own fit split, histogram binning sends every sample of a bin to that bin's accuracy, so each
  // group's confidence equals its accuracy wherever the groups land: the ECE is 0 up to rounding.
  const ConfidenceMap histogram = fit_histogram_binning(s.confidence, s.correct);
  std::vector<double> mapped(s.confidence.size());
  for (size_t i = 0; i < mapped.size(); ++i) mapped[i] = histogram(s.confidence[i]);
  CHECK(ece_of(mapped, s.correct) < 1e-12);

  // Isotonic: the map interpolates between block means, so it is not exact inside a block, but the
  // .3 over-confidence is gone; require at most a third of it.
  const ConfidenceMap isotonic = fit_isotonic(s.confidence, s.correct);
  for (size_t i = 0; i < mapped.size(); ++i) mapped[i] = isotonic(s.confidence[i]);
  CHECK(ece_of(mapped, s.correct) < before / 3);

  // Non-decreasing: the points are, and so is the map on a fine grid across [0, 1].
  for (size_t i = 1; i < isotonic.x.size(); ++i) {
    CHECK(isotonic.x[i] > isotonic.x[i - 1]);
    CHECK(isotonic.y[i] >= isotonic.y[i - 1]);
  }
  double previous = isotonic(0.0);
  bool monotone = true;
  for (int j = 1; j <= 1000; ++j) {
    const double value = isotonic(j / 1000.0);
    monotone &= value >= previous;
    previous = value;
  }
  CHECK(monotone);
}

TEST_CASE("recalibrating the top label keeps columns normalised and the argmax", "[calibration]") {
  // Random columns (softmax of N(0, 2) logits, K = 4); new confidences above 1/2, where the others
  // then sum to less than the top and the argmax cannot move.
  Rng rng(5);
  const Eigen::Index k = 4, n = 300;
  MatD logits(k, n), probs;
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < k; ++j) logits(j, i) = 2.0 * static_cast<double>(rng.normal());
  softmax_probabilities(logits, 1.0, probs);
  std::vector<double> target(static_cast<size_t>(n));
  for (double& t : target) t = 0.51 + 0.48 * static_cast<double>(rng.uniform());

  MatD out = probs;
  recalibrate_top_label(out, target);
  for (Eigen::Index i = 0; i < n; ++i) {
    Eigen::Index before = 0, after = 0;
    probs.col(i).maxCoeff(&before);
    out.col(i).maxCoeff(&after);
    CHECK(after == before);
    CHECK(out.col(i).sum() == Approx(1.0).epsilon(1e-12));
    CHECK(out(after, i) == target[static_cast<size_t>(i)]);
    // The others keep their ratios: all scaled by (1 − new)/(1 − old).
    const Eigen::Index other = before == 0 ? 1 : 0;
    const double scale = (1 - target[static_cast<size_t>(i)]) / (1 - probs(before, i));
    CHECK(out(other, i) == Approx(probs(other, i) * scale));
  }

  // Old top probability 1: the others had nothing to scale, so 1 − .7 is spread evenly (.15 each).
  // Targets above 1 − 1e-6 are clamped; a target of 0 is raised to just above the tie level 1/K, where
  // the evenly spread others would equal it.
  MatD certain(3, 3);
  certain << 1, 1, 1,  //
      0, 0, 0,         //
      0, 0, 0;
  recalibrate_top_label(certain, std::vector<double>{0.7, 1.0, 0.0});
  CHECK(certain(0, 0) == Approx(0.7));
  CHECK(certain(1, 0) == Approx(0.15));
  CHECK(certain(2, 0) == Approx(0.15));
  CHECK(certain(0, 1) == 1 - 1e-6);
  CHECK(certain(0, 2) == Approx(1.0 / 3).margin(1e-8));
  CHECK(certain(0, 2) > certain(1, 2));
  for (Eigen::Index i = 0; i < 3; ++i) CHECK(certain.col(i).sum() == Approx(1.0).epsilon(1e-12));

  // A confidence so low that the scaled runner-up would overtake the top class is raised to the tie
  // level r/(rest + r): p = (0.5, 0.49, 0.01) asked for 0.34 gets 0.49/0.99, and the runner-up is scaled
  // by (1 − 0.49/0.99)/0.5 to the same value; the top sits 1e-9 above it, so the prediction stays class 0.
  MatD close(3, 1);
  close << 0.5, 0.49, 0.01;
  recalibrate_top_label(close, std::vector<double>{0.34});
  CHECK(close(0, 0) == Approx(0.49 / 0.99));
  CHECK(close(1, 0) == Approx(0.49 / 0.99));
  CHECK(close(0, 0) > close(1, 0));
  Eigen::Index predicted = -1;
  close.col(0).maxCoeff(&predicted);
  CHECK(predicted == 0);
}

TEST_CASE("posthoc calibration of an over-confident model", "[calibration]") {
  // The model's logits are the true ones ×3 (T* = 3): over-confident. Every map fitted on the
  // calibration split should lower the test split's ECE well below the model's; temperature scaling
  // keeps the accuracy and lowers the NLL (it minimises it on a split drawn the same way).
  const Split calib = planted_split(1, 5, 5000, 3.0, 3.0);
  const Split test = planted_split(2, 5, 5000, 3.0, 3.0);
  const PosthocCalibration pc = posthoc_calibration(calib.logits, calib.labels, test.logits, test.labels);

  CHECK(pc.temperature == Approx(3.0).epsilon(0.1));  // relative σ ≈ 1.9% at n = 5000
  CHECK(pc.before.n == 5000);
  CHECK(pc.before.ece > 0.1);
  CHECK(pc.temperature_scaled.accuracy == pc.before.accuracy);
  CHECK(pc.temperature_scaled.nll < pc.before.nll);
  CHECK(pc.temperature_scaled.ece < pc.before.ece / 3);
  CHECK(pc.histogram_binned.ece < pc.before.ece / 3);
  CHECK(pc.isotonic.ece < pc.before.ece / 3);
  // Top-label maps change confidences, never predictions.
  CHECK(pc.histogram_binned.accuracy == pc.before.accuracy);
  CHECK(pc.isotonic.accuracy == pc.before.accuracy);

  // The test split as the model predicts it is the plain softmax report.
  MatD p;
  softmax_probabilities(test.logits, 1.0, p);
  CHECK(pc.before.ece == calibration_report(p, test.labels).ece);

  CHECK(&pc.report(Recalibration::none) == &pc.before);
  CHECK(&pc.report(Recalibration::temperature) == &pc.temperature_scaled);
  CHECK(&pc.report(Recalibration::histogram) == &pc.histogram_binned);
  CHECK(&pc.report(Recalibration::isotonic) == &pc.isotonic);
}

TEST_CASE("recalibration names", "[calibration]") {
  std::vector<std::string> names;
  for (const Recalibration method : kRecalibrations) names.emplace_back(recalibration_name(method));
  CHECK(names == std::vector<std::string>{"none", "temperature", "histogram", "isotonic"});
}
