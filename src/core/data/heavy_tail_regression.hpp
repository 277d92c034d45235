// 1-D regression with heavy-tailed target noise (PHENOMENA.md §7: regression through classification).
// x ~ U[-1, 1]; the clean target is g(x) = 0.6 sin(2πx) + 0.2x, which stays inside [-0.8, 0.8], so the
// binned losses' default value range [-1, 1] covers it with five bins to spare at each end. A training
// target is g(x) + s·T with T ~ Student-t of ν degrees of freedom (s = `noise`, ν = `tail_dof`): at ν = 2
// about 1 % of the targets land more than 10 s away, and the noise has no finite variance, so a squared
// loss is pulled around by a few samples. The test split's targets are clean: its MSE is the error
// against g itself. Every sample has label 0 (one "class"), so code written for labels still sees a
// valid, if trivial, label vector.
#pragma once

#include "data/dataset.hpp"
#include "util/rng.hpp"

namespace losslab {

struct HeavyTailRegressionSettings {
  float noise = 0.1f;     // s: scale of the Student-t noise on the training targets
  float tail_dof = 2.0f;  // ν ≥ 1: 1 is Cauchy; large ν tends to Gaussian noise of std s
};

// g(x): the noise-free target.
double heavy_tail_clean_target(double x);

// T ~ Student-t(ν) = Z / sqrt(V/ν), Z standard normal, V ~ χ²(ν) = 2·Gamma(ν/2); drawn from `rng`
// (one normal, then the gamma draw), so runs replay identically on every standard library.
double sample_student_t(Rng& rng, double dof);

// n samples; `noisy` adds the noise to the targets (values), clean_values always hold g(x).
Dataset make_heavy_tail_regression(int n, const HeavyTailRegressionSettings& settings, bool noisy, Rng& rng);

// Training split with noisy targets, then the test split with clean ones, both from `rng`; no
// calibration split (it is for classifiers).
Split make_heavy_tail_regression_split(const HeavyTailRegressionSettings& settings, int n_train, int n_test,
                                       Rng& rng);

}  // namespace losslab
