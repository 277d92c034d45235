#include "data/xor_clusters.hpp"

namespace losslab {

Mat xor_cluster_plane(int dimension, Rng& rng) {
  MatD g(dimension, 2);  // Gram-Schmidt in float64: orthogonal to rounding at any p
  for (Eigen::Index k = 0; k < 2; ++k)
    for (Eigen::Index j = 0; j < dimension; ++j) g(j, k) = rng.normal();
  g.col(0).normalize();
  g.col(1) -= g.col(0).dot(g.col(1)) * g.col(0);
  g.col(1).normalize();
  return g.cast<float>();
}

Dataset make_xor_clusters(const Mat& means, int n, float noise, Rng& rng) {
  Dataset d;
  d.num_classes = 2;
  d.x.resize(means.rows(), n);
  d.y.resize(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    const int c = static_cast<int>(rng.below(2));         // class 1: y = +1 around ±μ1; class 0: ±μ2
    const float sign = rng.below(2) == 0 ? 1.0f : -1.0f;  // which of the class's two clusters
    const auto mean = means.col(c == 1 ? 0 : 1);
    for (Eigen::Index j = 0; j < means.rows(); ++j) d.x(j, i) = sign * mean(j) + noise * rng.normal();
    d.y[static_cast<size_t>(i)] = c;
  }
  return d;
}

Split make_xor_clusters_split(const XorClustersSettings& s, int n_train, int n_test, int n_calib, Rng& rng) {
  Rng means_rng(rng.next_u64());
  const Mat plane = xor_cluster_plane(s.dimension, means_rng);
  const Mat means = s.mean_norm * plane;
  Split split;
  split.train = make_xor_clusters(means, n_train, s.noise, rng);
  split.test = make_xor_clusters(means, n_test, s.noise, rng);
  Rng calib_rng(rng.next_u64());
  split.calib = make_xor_clusters(means, n_calib, s.noise, calib_rng);
  split.plane = plane;
  return split;
}

}  // namespace losslab
