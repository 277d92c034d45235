#include "data/datasets.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "util/registry.hpp"

namespace losslab {
namespace {

// The toys' descriptions are their own registry's; the rows follow the enum order.
const std::array<DatasetInfo, 11>& table() {
  static const std::array<DatasetInfo, 11> rows = [] {
    std::array<DatasetInfo, 11> out{};
    const DatasetKind toys[] = {DatasetKind::blobs, DatasetKind::moons, DatasetKind::circles, DatasetKind::spirals,
                                DatasetKind::xor_};
    for (size_t i = 0; i < 5; ++i) {
      const Toy2dInfo& t = toy2d_info(*toy2d_of(toys[i]));
      out[i] = {toys[i], t.name, t.description, true, true};
    }
    out[5] = {DatasetKind::modular, "modular",
              "modular arithmetic a ∘ b mod p over all pairs, one-hot operands; a train fraction of the pairs is seen",
              false, false};
    out[6] = {DatasetKind::zipf_markov, "zipf_markov",
              "next-token prediction on a synthetic Zipf-Markov language of V tokens whose entropy rate (the loss "
              "floor) is known exactly; a token language model with a fused cross-entropy head",
              false, false, true};
    out[7] = {DatasetKind::gaussian_mixture, "gaussian_mixture",
              "K overlapping Gaussian classes in d dimensions: random class means of a set norm, within-class std "
              "= noise (for neural collapse, calibration and label noise)",
              false, true};
    out[8] = {DatasetKind::heavy_tail_regression, "heavy_tail_regression",
              "1-D regression: y = 0.6 sin(2 pi x) + 0.2x on [-1, 1] plus Student-t noise of scale `noise` and "
              "tail_dof degrees of freedom on the training targets; the test targets are clean (needs a "
              "regression loss: mse, two_hot, hl_gauss)",
              false, true, false, true};
    out[9] = {DatasetKind::xor_clusters, "xor_clusters",
              "Xu et al. 2024's XOR clusters in d = dimension: one class around +-mu1, the other around +-mu2 "
              "(orthogonal, norm mean_norm), std noise; not linearly separable (for benign overfitting)",
              false, true};
    out[10] = {DatasetKind::custom, "custom",
               "your own points: clicked on the 2-D plot or loaded from a CSV; they travel in the config "
               "(points), so a link or a kept run reproduces them",
               false, false};
    return out;
  }();
  return rows;
}

}  // namespace

std::span<const DatasetInfo> dataset_registry() { return table(); }
std::optional<DatasetKind> dataset_from_name(std::string_view name) { return kind_from_name(dataset_registry(), name); }
const DatasetInfo& dataset_info(DatasetKind kind) { return info_of(dataset_registry(), kind); }
std::string_view dataset_name(DatasetKind kind) { return dataset_info(kind).name; }

std::optional<Toy2d> toy2d_of(DatasetKind kind) {
  switch (kind) {
    case DatasetKind::blobs: return Toy2d::blobs;
    case DatasetKind::moons: return Toy2d::moons;
    case DatasetKind::circles: return Toy2d::circles;
    case DatasetKind::spirals: return Toy2d::spirals;
    case DatasetKind::xor_: return Toy2d::xor_;
    case DatasetKind::modular:
    case DatasetKind::zipf_markov:
    case DatasetKind::gaussian_mixture:
    case DatasetKind::heavy_tail_regression:
    case DatasetKind::xor_clusters:
    case DatasetKind::custom: return std::nullopt;
  }
  return std::nullopt;
}

DataShape data_shape(const DataSettings& s) {
  if (const auto toy = toy2d_of(s.kind)) return {2, toy2d_classes(*toy, s.classes), s.n_train, s.n_test, s.n_calib};
  if (s.kind == DatasetKind::zipf_markov) return {1, s.language.vocab, s.n_train, s.n_test, 0};
  if (s.kind == DatasetKind::gaussian_mixture)
    return {s.mixture.dimension, s.classes, s.n_train, s.n_test, s.n_calib};
  if (s.kind == DatasetKind::heavy_tail_regression) return {1, 1, s.n_train, s.n_test, 0};
  if (s.kind == DatasetKind::xor_clusters) return {s.xor_clusters.dimension, 2, s.n_train, s.n_test, s.n_calib};
  if (s.kind == DatasetKind::custom) {
    const int n = custom_point_count(s.custom), n_test = custom_test_count(s.custom);
    return {s.custom.features, custom_classes(s.custom), n - n_test, n_test > 0 ? n_test : n - n_test, 0};
  }
  const int p = s.modular.modulus;
  const int pairs = s.modular.op == ModularOp::div ? p * (p - 1) : p * p;
  const int train = std::clamp(static_cast<int>(std::lround(s.modular.train_fraction * pairs)), 1, pairs - 1);
  return {2 * p, p, train, pairs - train, 0};
}

Split make_split(const DataSettings& s, Rng& rng) {
  if (const auto toy = toy2d_of(s.kind))
    return make_toy2d_split(*toy, s.n_train, s.n_test, s.classes, s.noise, rng, s.n_calib);
  if (s.kind == DatasetKind::zipf_markov) {
    TokenLanguageSettings language = s.language;
    language.n_train = s.n_train;
    language.n_test = s.n_test;
    return make_token_language_split(language, rng);
  }
  if (s.kind == DatasetKind::gaussian_mixture) {
    GaussianMixtureSettings mixture = s.mixture;
    mixture.classes = s.classes;
    mixture.noise = s.noise;
    return make_gaussian_mixture_split(mixture, s.n_train, s.n_test, s.n_calib, rng);
  }
  if (s.kind == DatasetKind::heavy_tail_regression) {
    HeavyTailRegressionSettings regression = s.regression;
    regression.noise = s.noise;
    return make_heavy_tail_regression_split(regression, s.n_train, s.n_test, rng);
  }
  if (s.kind == DatasetKind::xor_clusters) {
    XorClustersSettings xor_clusters = s.xor_clusters;
    xor_clusters.noise = s.noise;
    return make_xor_clusters_split(xor_clusters, s.n_train, s.n_test, s.n_calib, rng);
  }
  if (s.kind == DatasetKind::custom) return make_custom_split(s.custom, rng);
  return make_modular_split(s.modular, rng);
}

bool planar_inputs(const DataSettings& s) {
  return dataset_info(s.kind).planar || (s.kind == DatasetKind::custom && s.custom.features == 2);
}

}  // namespace losslab
