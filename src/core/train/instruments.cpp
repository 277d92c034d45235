#include "train/instruments.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "metrics/margins.hpp"
#include "util/rng.hpp"

namespace losslab {
namespace {

constexpr Eigen::Index kChunk = 4096;  // samples per forward pass: keeps the workspace a few MB

// Logits (K×N) of every sample of x, and optionally the penultimate features (d×N, float64).
void forward_all(const Mlp& model, const Vec& params, const Mat& x, MlpWorkspace& ws, Mat& logits,
                 MatD* features) {
  const Eigen::Index n = x.cols();
  logits.resize(model.shape().outputs, n);
  Mat chunk;
  for (Eigen::Index start = 0; start < n; start += kChunk) {
    const Eigen::Index count = std::min(kChunk, n - start);
    // The whole split when it fits one chunk (the usual case): no copy.
    if (count == n) {
      model.forward(params, x, ws);
    } else {
      chunk = x.middleCols(start, count);
      model.forward(params, chunk, ws);
    }
    logits.middleCols(start, count) = ws.logits();
    if (features) {
      const Mat& h = model.features(count == n ? x : chunk, ws);
      if (start == 0) features->resize(h.rows(), n);
      features->middleCols(start, count) = h.cast<double>();
    }
  }
}

std::vector<int32_t> argmax_columns(const Mat& logits) {
  std::vector<int32_t> out(static_cast<size_t>(logits.cols()));
  for (Eigen::Index i = 0; i < logits.cols(); ++i) {
    Eigen::Index k = 0;
    logits.col(i).maxCoeff(&k);
    out[static_cast<size_t>(i)] = static_cast<int32_t>(k);
  }
  return out;
}

CalibrationReport report_of(const Mat& logits, std::span<const int32_t> labels, int bins) {
  MatD probs;
  softmax_probabilities(logits, probs);
  return calibration_report(probs, labels, bins);
}

// The same kCoherenceSamples training samples at every measurement: all, clean only, noisy only.
struct CoherenceSamples {
  std::vector<int32_t> all, clean, noisy;
};

CoherenceSamples coherence_samples(std::span<const int32_t> given, std::span<const int32_t> clean,
                                   uint64_t seed) {
  std::vector<int32_t> order(given.size());
  std::iota(order.begin(), order.end(), 0);
  Rng rng(seed);
  rng.shuffle(order.begin(), order.end());
  CoherenceSamples s;
  const auto full = [](const std::vector<int32_t>& v) { return static_cast<int>(v.size()) >= kCoherenceSamples; };
  for (int32_t i : order) {
    if (!full(s.all)) s.all.push_back(i);
    auto& subset = given[static_cast<size_t>(i)] == clean[static_cast<size_t>(i)] ? s.clean : s.noisy;
    if (!full(subset)) subset.push_back(i);
    if (full(s.all) && full(s.clean) && full(s.noisy)) break;
  }
  return s;
}

void add_report(History& h, const std::string& split, const CalibrationReport& r, int64_t step) {
  h.add(split + "_ece", step, r.ece);
  h.add(split + "_ece_adaptive", step, r.adaptive_ece);
  h.add(split + "_mce", step, r.mce);
  h.add(split + "_ece_classwise", step, r.classwise_ece);
  h.add(split + "_nll", step, r.nll);
  h.add(split + "_brier", step, r.brier);
}

// Adds the value unless it is NaN (a figure with nothing to measure, e.g. coherence of an empty subset).
void add_finite(History& h, const std::string& name, int64_t step, double v) {
  if (!std::isnan(v)) h.add(name, step, v);
}

}  // namespace

bool measure_instruments(const Mlp& model, const Vec& params, const Split& data,
                         std::span<const int32_t> clean_train_labels, int bins, uint64_t sample_seed,
                         const MatD* token_embedding, int64_t step, InstrumentWorkspace& ws, Instruments& out) {
  const std::span<const int32_t> given = data.train.y;
  const Mat& train_logits = ws.train_logits;
  const Mat& test_logits = ws.test_logits;
  const MatD& features = ws.features;
  forward_all(model, params, data.train.x, ws.train, ws.train_logits, &ws.features);
  forward_all(model, params, data.test.x, ws.test, ws.test_logits, nullptr);
  const bool calibrate = data.calib.size() > 0;
  if (calibrate) forward_all(model, params, data.calib.x, ws.calib, ws.calib_logits, nullptr);
  // Finite weights can still give infinite logits on the step a run blows up; sorting NaN confidences
  // or margins would be undefined behaviour, and there is nothing meaningful to report.
  if (!train_logits.allFinite() || !test_logits.allFinite() || (calibrate && !ws.calib_logits.allFinite()))
    return false;

  out.step = step;
  out.classes = model.shape().outputs;
  out.train = report_of(train_logits, given, bins);
  out.train.nll = mean_nll(train_logits.cast<double>(), given);  // exact where p_y underflows
  out.has_calibration_split = calibrate;
  if (calibrate) {
    out.posthoc = posthoc_calibration(ws.calib_logits.cast<double>(), data.calib.y, test_logits.cast<double>(),
                                      data.test.y, bins);
    out.test = out.posthoc.before;
  } else {
    out.posthoc = {};
    out.test = report_of(test_logits, data.test.y, bins);
    out.test.nll = mean_nll(test_logits.cast<double>(), data.test.y);
  }

  out.confusion = confusion_matrix(argmax_columns(test_logits), data.test.y, out.classes);
  out.test_margins = logit_margins(test_logits, data.test.y);
  std::sort(out.test_margins.begin(), out.test_margins.end());

  out.noisy_labels = !std::equal(given.begin(), given.end(), clean_train_labels.begin(), clean_train_labels.end());
  out.memorization = memorization(argmax_columns(train_logits), given, clean_train_labels);

  out.norms = weight_norms(model, params);
  out.collapse = neural_collapse(features, given, out.classes);

  const CoherenceSamples samples = coherence_samples(given, clean_train_labels, sample_seed);
  const auto coherence = [&](const std::vector<int32_t>& indices) {
    return coherence_figures(gradient_coherence(model, params, data.train.x, given, indices, ws.single),
                             static_cast<int>(indices.size()));
  };
  out.coherence = coherence(samples.all);
  const double nan = std::nan("");
  out.coherence_clean = out.coherence_noisy = {nan, nan};
  if (out.noisy_labels) {
    out.coherence_clean = coherence(samples.clean);
    out.coherence_noisy = coherence(samples.noisy);
  }
  out.fourier = token_embedding ? fourier_spectrum(*token_embedding) : FourierSpectrum{};
  return true;
}

void record_instruments(const Instruments& m, History& h) {
  const int64_t step = m.step;
  add_report(h, "test", m.test, step);
  add_report(h, "train", m.train, step);
  if (m.has_calibration_split) {
    const PosthocCalibration& p = m.posthoc;
    h.add("temperature", step, p.temperature);
    h.add("test_ece_temperature", step, p.temperature_scaled.ece);
    h.add("test_nll_temperature", step, p.temperature_scaled.nll);
    h.add("test_ece_histogram", step, p.histogram_binned.ece);
    h.add("test_nll_histogram", step, p.histogram_binned.nll);
    h.add("test_ece_isotonic", step, p.isotonic.ece);
    h.add("test_nll_isotonic", step, p.isotonic.nll);
  }
  if (m.noisy_labels) {
    add_finite(h, "clean_subset_acc", step, m.memorization.clean_acc);
    add_finite(h, "noisy_as_given", step, m.memorization.noisy_as_given);
    add_finite(h, "noisy_as_true", step, m.memorization.noisy_as_true);
  }
  h.add("weight_norm", step, m.norms.total);
  for (size_t l = 0; l < m.norms.per_layer.size(); ++l)
    h.add("weight_norm_layer" + std::to_string(l + 1), step, m.norms.per_layer[l]);
  add_finite(h, "nc1", step, m.collapse.nc1);
  add_finite(h, "nc2_equinorm", step, m.collapse.equinorm);
  add_finite(h, "nc2_equiangularity", step, m.collapse.equiangularity);
  add_finite(h, "grad_alpha", step, m.coherence.alpha);
  add_finite(h, "grad_coherence", step, m.coherence.m_alpha);
  add_finite(h, "grad_coherence_clean", step, m.coherence_clean.m_alpha);
  add_finite(h, "grad_coherence_noisy", step, m.coherence_noisy.m_alpha);
  add_finite(h, "margin_p10", step, sorted_quantile(m.test_margins, 0.1));
  add_finite(h, "margin_p50", step, sorted_quantile(m.test_margins, 0.5));
  add_finite(h, "margin_p90", step, sorted_quantile(m.test_margins, 0.9));
  if (!m.fourier.energy.empty()) add_finite(h, "fourier_sparsity", step, m.fourier.sparsity);
}

namespace {

nlohmann::json number_or_null(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json report_json(const CalibrationReport& r) {
  nlohmann::json bins = nlohmann::json::array();
  for (const ReliabilityBin& b : r.bins)
    bins.push_back({{"lo", b.lo}, {"hi", b.hi}, {"count", b.count}, {"confidence", number_or_null(b.confidence)},
                    {"accuracy", number_or_null(b.accuracy)}});
  return {{"n", r.n},
          {"accuracy", r.accuracy},
          {"nll", number_or_null(r.nll)},
          {"brier", r.brier},
          {"ece", r.ece},
          {"adaptive_ece", r.adaptive_ece},
          {"mce", r.mce},
          {"classwise_ece", r.classwise_ece},
          {"bins", bins}};
}

}  // namespace

nlohmann::json instruments_to_json(const Instruments& m) {
  nlohmann::json out = {{"step", m.step}, {"classes", m.classes}, {"train", report_json(m.train)},
                        {"test", report_json(m.test)}, {"confusion", m.confusion}};
  if (m.has_calibration_split) {
    nlohmann::json posthoc = {{"fitted_temperature", m.posthoc.temperature}};
    for (Recalibration r : kRecalibrations)
      if (r != Recalibration::none) posthoc[std::string(recalibration_name(r))] = report_json(m.posthoc.report(r));
    out["posthoc"] = posthoc;
  }
  out["margins"] = {{"p10", number_or_null(sorted_quantile(m.test_margins, 0.1))},
                    {"p50", number_or_null(sorted_quantile(m.test_margins, 0.5))},
                    {"p90", number_or_null(sorted_quantile(m.test_margins, 0.9))}};
  if (m.noisy_labels)
    out["memorization"] = {{"clean_count", m.memorization.clean_count},
                           {"noisy_count", m.memorization.noisy_count},
                           {"clean_acc", number_or_null(m.memorization.clean_acc)},
                           {"noisy_as_given", number_or_null(m.memorization.noisy_as_given)},
                           {"noisy_as_true", number_or_null(m.memorization.noisy_as_true)}};
  out["weight_norm"] = {{"total", m.norms.total}, {"per_layer", m.norms.per_layer}};
  out["neural_collapse"] = {{"nc1", number_or_null(m.collapse.nc1)},
                            {"equinorm", number_or_null(m.collapse.equinorm)},
                            {"equiangularity", number_or_null(m.collapse.equiangularity)},
                            {"max_angle", number_or_null(m.collapse.max_angle)}};
  const auto coherence_json = [](const CoherenceFigures& c) {
    return nlohmann::json{{"alpha", number_or_null(c.alpha)}, {"m_alpha", number_or_null(c.m_alpha)}};
  };
  out["grad_coherence"] = {{"samples", kCoherenceSamples},
                           {"all", coherence_json(m.coherence)},
                           {"clean", coherence_json(m.coherence_clean)},
                           {"noisy", coherence_json(m.coherence_noisy)}};
  if (!m.fourier.energy.empty())
    out["fourier"] = {{"energy", m.fourier.energy}, {"sparsity", number_or_null(m.fourier.sparsity)}};
  return out;
}

double step_cost(const RunConfig& c) { return 3.0 * c.batch_size * forward_cost(c); }

// In multiply-add equivalents, with the constants fitted to `losslab bench instruments` (docs/BENCHMARKS.md):
// the forward passes over every split (an evaluation-mode pass costs about twice its multiply-adds in
// time, against a training step's 3·batch·weights); the calibration reports (softmax, binning per class,
// a sort for the adaptive bins — about (K + 4)·400 each per sample), of which the training split gets
// one, the test split four (as predicted and after each of three maps) and the calibration split the
// equivalent of three (the temperature fit and the two binning fits); the per-example gradients of the
// coherence samples (forward and backward, three subsets); and the features' projection for NC1.
double instrument_cost(const RunConfig& c) {
  const double forward = forward_cost(c);
  const DataShape shape = data_shape(c.data_settings());
  const double width = c.hidden.empty() ? shape.inputs : c.hidden.back();
  const double samples = static_cast<double>(shape.n_train) + shape.n_test + shape.n_calib;
  const double report_samples = static_cast<double>(shape.n_train) + 4.0 * shape.n_test + 3.0 * shape.n_calib;
  return 2.0 * samples * forward + report_samples * (shape.classes + 4.0) * 400.0 +
         3.0 * kCoherenceSamples * 3.0 * forward + shape.n_train * width * shape.classes;
}

int64_t metrics_cadence(const RunConfig& c) {
  if (c.metrics_every > 0) return c.metrics_every;
  // cost ≤ share·(k·step + cost)  ⇔  k ≥ cost·(1 − share)/(share·step)
  const double needed = instrument_cost(c) * (1 - kInstrumentTimeShare) / (kInstrumentTimeShare * step_cost(c));
  for (int64_t decade = 1;; decade *= 10)
    for (int64_t m : {1, 2, 5})
      if (static_cast<double>(m * decade) >= needed) return m * decade;
}

}  // namespace losslab
