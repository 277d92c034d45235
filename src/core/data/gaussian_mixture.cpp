#include "data/gaussian_mixture.hpp"

namespace losslab {

Mat gaussian_mixture_means(int classes, int dimension, float mean_norm, Rng& rng) {
  Mat means(dimension, classes);
  for (int k = 0; k < classes; ++k) {
    for (int j = 0; j < dimension; ++j) means(j, k) = rng.normal();
    // A standard normal vector is zero with probability 0; the guard keeps a degenerate draw finite.
    const float norm = means.col(k).norm();
    if (norm > 0) means.col(k) *= mean_norm / norm;
  }
  return means;
}

Dataset make_gaussian_mixture(const Mat& means, int n, float noise, Rng& rng) {
  const auto k = static_cast<int>(means.cols());
  Dataset d;
  d.num_classes = k;
  d.x.resize(means.rows(), n);
  d.y.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int c = i % k;
    for (Eigen::Index j = 0; j < means.rows(); ++j) d.x(j, i) = means(j, c) + noise * rng.normal();
    d.y[static_cast<size_t>(i)] = c;
  }
  return d;
}

Split make_gaussian_mixture_split(const GaussianMixtureSettings& s, int n_train, int n_test, int n_calib,
                                  Rng& rng) {
  Rng means_rng(rng.next_u64());
  const Mat means = gaussian_mixture_means(s.classes, s.dimension, s.mean_norm, means_rng);
  Split split;
  split.train = make_gaussian_mixture(means, n_train, s.noise, rng);
  split.test = make_gaussian_mixture(means, n_test, s.noise, rng);
  Rng calib_rng(rng.next_u64());
  split.calib = make_gaussian_mixture(means, n_calib, s.noise, calib_rng);
  return split;
}

}  // namespace losslab
