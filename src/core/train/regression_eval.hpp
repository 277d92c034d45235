// Scoring a regression run (a dataset with real-valued targets, a loss of LossTask::regression): the
// model's prediction, its loss and squared error over a whole split, and the History series they go to.
//
// The prediction v̂ is the loss's reading of the outputs: for binned losses (two_hot, hl_gauss: outputs
// are m bins over [v_min, v_max], loss/value_bins.hpp) the mean of the softmax over the bin centres,
// v̂ = Σ_j p_j c_j; for a scalar head (mse) the output itself.
//
// Series written at each evaluation (the trainer adds lr):
//   train_loss, test_loss   the run's loss (mean over the split; the test split's targets are clean)
//   train_mse               (v̂ − v)² against the training targets the model is fitted to (noisy)
//   train_clean_mse         (v̂ − g(x))² on the training inputs, against the noise-free targets
//   test_mse                (v̂ − g(x))² on the test split: the clean test error
//   weight_norm, weight_norm_layer1, …   as the instruments record them for classifiers, which a
//                                        regression run does not measure (they read class labels)
#pragma once

#include <cstdint>
#include <vector>

#include "data/dataset.hpp"
#include "loss/loss.hpp"
#include "nn/mlp.hpp"
#include "train/history.hpp"

namespace losslab {

// v̂ for each column of the outputs (K×N), into out (N).
void predicted_values(const LossInfo& loss, const LossParams& params, const Mat& outputs, std::vector<double>& out);

// v̂ for each input column of x (F×N).
void predict_values(const Mlp& model, const Vec& weights, const LossInfo& loss, const LossParams& params, const Mat& x,
                    MlpWorkspace& ws, std::vector<double>& out);

struct RegressionScore {
  double loss = 0;       // mean of the run's loss against data.values
  double mse = 0;        // mean (v̂ − values)²
  double clean_mse = 0;  // mean (v̂ − clean_values)²
};

RegressionScore score_regression(const Mlp& model, const Vec& weights, const LossInfo& loss, const LossParams& params,
                                 const Dataset& data, MlpWorkspace& ws);

// Scores both splits and records the series above at `step`.
void record_regression_evaluation(const Mlp& model, const Vec& weights, const LossInfo& loss,
                                  const LossParams& params, const Split& data, int64_t step, MlpWorkspace& ws,
                                  History& history);

}  // namespace losslab
