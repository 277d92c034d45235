// A K-class Gaussian mixture in moderate dimension (PHENOMENA.md §3, §4, §5: neural collapse, calibration,
// robust losses under label noise). Class k has a mean μ_k ∈ R^d: a standard normal draw rescaled to
// norm `mean_norm`, so the means point in random, nearly orthogonal directions (pairwise cosines of order
// 1/√d) at the same distance from the origin, and two means lie about mean_norm·√2 apart. A sample of
// class k is μ_k + noise·ε with ε ~ N(0, I_d): `noise` is the within-class std of every coordinate.
// The classes overlap, so the Bayes accuracy is below 1 and an MLP that keeps fitting the training split
// becomes over-confident on the test split. Labels are balanced exactly: sample i has class i mod K.
#pragma once

#include "data/dataset.hpp"
#include "util/eigen_types.hpp"
#include "util/rng.hpp"

namespace losslab {

struct GaussianMixtureSettings {
  int classes = 10;        // K ≥ 2
  int dimension = 32;      // d ≥ 1
  float mean_norm = 2.0f;  // ‖μ_k‖ for every class
  float noise = 0.5f;      // within-class std of each coordinate
};

// The d×K class means (one column per class), each of norm mean_norm.
Mat gaussian_mixture_means(int classes, int dimension, float mean_norm, Rng& rng);

// n samples around the given means (d×K), balanced: sample i has class i mod K.
Dataset make_gaussian_mixture(const Mat& means, int n, float noise, Rng& rng);

// The means from a generator seeded by one draw of `rng`; then the training and test splits from `rng`;
// then the calibration split from a generator seeded by one more draw, so that n_calib never changes
// what `rng` yields afterwards (initial weights, batches). All three splits share the same means.
Split make_gaussian_mixture_split(const GaussianMixtureSettings& settings, int n_train, int n_test, int n_calib,
                                  Rng& rng);

}  // namespace losslab
