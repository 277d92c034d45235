// Instruments: the measurements that need a full pass over the data, taken every metrics_every steps
// (LOSSES.md §6). One call measures the model on every split and keeps the pictures' data (reliability
// diagrams, confusion matrix, margins) for the panels; record() puts the scalar figures into the History
// at their step, where the plots, `losslab run`'s CSV/JSON and the tests read them.
//
// Series written (test = the clean test split; train = the training split against the labels the model
// is trained on, noisy or not):
//   test_ece, test_ece_adaptive, test_mce, test_ece_classwise, test_nll, test_brier, and train_… the same;
//   temperature, test_ece_temperature, test_nll_temperature, test_ece_histogram, test_nll_histogram,
//   test_ece_isotonic, test_nll_isotonic                       (when there is a calibration split)
//   clean_subset_acc, noisy_as_given, noisy_as_true             (when some training labels are noisy)
//   weight_norm, weight_norm_layer1, weight_norm_layer2, …     (total, then per layer's ‖W‖_F, 1-based)
//   nc1, nc2_equinorm, nc2_equiangularity                       (penultimate features, training split)
//   grad_alpha, grad_coherence, grad_coherence_clean, grad_coherence_noisy
//                                                               (α and m·α of §6, kCoherenceSamples each)
//   margin_p10, margin_p50, margin_p90                          (test split)
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.hpp"
#include "metrics/calibration.hpp"
#include "metrics/fourier.hpp"
#include "metrics/memorization.hpp"
#include "metrics/model_measures.hpp"
#include "metrics/neural_collapse.hpp"
#include "metrics/posthoc_calibration.hpp"
#include "nn/mlp.hpp"
#include "train/history.hpp"
#include "train/run_config.hpp"

namespace losslab {

// Samples whose per-example gradients enter each coherence figure.
inline constexpr int kCoherenceSamples = 32;
// The largest share of a run's time the automatic cadence lets the instruments take.
inline constexpr double kInstrumentTimeShare = 0.2;

struct Instruments {
  int64_t step = -1;                   // -1: nothing measured yet
  int classes = 0;
  CalibrationReport train, test;       // train against the given labels; test against the clean ones
  PosthocCalibration posthoc;          // fitted on the calibration split, applied to the test split
  bool has_calibration_split = false;
  std::vector<int64_t> confusion;      // test split, K×K row-major (true, predicted)
  std::vector<double> test_margins;    // sorted ascending
  bool noisy_labels = false;           // some training label differs from its clean one
  Memorization memorization;
  WeightNorms norms;
  NeuralCollapse collapse;
  // LOSSES.md §6's gradient coherence of the cross-entropy gradients (metrics/model_measures.hpp) over
  // kCoherenceSamples training samples, and over clean and noisy ones separately on noisy-label runs.
  CoherenceFigures coherence, coherence_clean, coherence_noisy;
  FourierSpectrum fourier;             // of the token embedding, for models that have one (else empty)
};

// Buffers of a measurement, kept between measurements: one forward workspace per split (and one for the
// single-sample gradients), so that no buffer changes size — and none is reallocated — from one
// measurement to the next.
struct InstrumentWorkspace {
  MlpWorkspace train, test, calib, single;
  Mat train_logits, test_logits, calib_logits;
  MatD features;
};

// Measures the model, or returns false (leaving `out` as it was) when some logit is not finite: a run
// about to diverge has nothing to calibrate. `clean_train_labels` are the training split's true labels (data.train.y are the
// ones trained on). `sample_seed` picks the coherence samples (the same ones at every measurement);
// drawing them never touches the run's generator. `token_embedding` (tokens × dims), when the model has
// one, gets its Fourier spectrum.
bool measure_instruments(const Mlp& model, const Vec& params, const Split& data,
                         std::span<const int32_t> clean_train_labels, int bins, uint64_t sample_seed,
                         const MatD* token_embedding, int64_t step, InstrumentWorkspace& ws, Instruments& out);

void record_instruments(const Instruments& m, History& history);

// The latest measurement with its pictures' data (reliability bins of every split and recalibration,
// confusion matrix, margin percentiles, spectrum): `losslab run`'s JSON output and the page's hook.
// Empty bins have null confidence and accuracy.
nlohmann::json instruments_to_json(const Instruments& m);

// Estimated multiply-adds of one measurement and of one training step, from the config's sizes.
double instrument_cost(const RunConfig& config);
double step_cost(const RunConfig& config);

// The cadence in steps: config.metrics_every, or when that is 0 the smallest of 1, 2, 5, 10, 20, 50, …
// for which the measurement's estimated cost is at most kInstrumentTimeShare of the time between two
// measurements (a run also measures at its first and last step). An estimate from sizes, not a clock,
// so the same config gives the same History.
int64_t metrics_cadence(const RunConfig& config);

}  // namespace losslab
