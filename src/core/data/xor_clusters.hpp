// XOR cluster data of Xu, Wang, Frei, Vardi & Hu 2024, "Benign Overfitting and Grokking in ReLU Networks
// for XOR Cluster Data" (ICLR 2024, arXiv 2310.02541), their Definition 2.1 (PHENOMENA.md §2).
//
// Two orthogonal means μ1 ⊥ μ2 in R^p of equal norm ‖μ‖ (random directions: a standard normal draw for
// each, the second made orthogonal to the first, both rescaled). The clean label y is +1 or −1 with
// probability ½ each; y = +1 draws x ~ ½N(+μ1, σ²I) + ½N(−μ1, σ²I), y = −1 draws x ~ ½N(+μ2, σ²I) +
// ½N(−μ2, σ²I) (the paper's σ = 1). No hyperplane separates the classes: the four
// clusters sit at ±μ1 (y = +1) and ±μ2 (y = −1), like the four quadrants of XOR.
//
// Classes: y = +1 is class 1 and y = −1 is class 0, so that a model whose logits are (0, f(x)) (the
// fixed-sign output layer of nn/mlp.hpp) has softmax cross-entropy log(1 + exp(−y·f(x))), the paper's
// logistic loss. Label flips (the paper's η) are the run's label noise (symmetric: with two classes a
// picked label always flips, so each training label flips with probability exactly η).
#pragma once

#include "data/dataset.hpp"
#include "util/eigen_types.hpp"
#include "util/rng.hpp"

namespace losslab {

struct XorClustersSettings {
  int dimension = 32;      // p
  float mean_norm = 2.0f;  // ‖μ1‖ = ‖μ2‖
  float noise = 1.0f;      // σ, the std of every coordinate around its cluster's mean
};

// The unit directions (μ1/‖μ1‖, μ2/‖μ2‖): p×2 orthonormal columns (p ≥ 2); the means are mean_norm × these.
Mat xor_cluster_plane(int dimension, Rng& rng);

// n samples around the means (p×2): each label drawn uniformly from the two classes, each sign of the
// cluster mean uniformly.
Dataset make_xor_clusters(const Mat& means, int n, float noise, Rng& rng);

// The means from a generator seeded by one draw of `rng`; the training and test splits from `rng`; the
// calibration split from a generator seeded by one more draw (so n_calib never changes what `rng`
// yields afterwards). split.plane is (μ1/‖μ1‖, μ2/‖μ2‖): the plane the boundary is drawn on.
Split make_xor_clusters_split(const XorClustersSettings& settings, int n_train, int n_test, int n_calib, Rng& rng);

}  // namespace losslab
