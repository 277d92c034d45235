// Every dataset a run can learn, in one registry: the 2-D toys (data/toy2d.hpp), modular arithmetic
// (data/modular.hpp), next-token prediction on the Zipf–Markov language (data/token_language.hpp) and the
// K-class Gaussian mixture (data/gaussian_mixture.hpp), and 1-D regression with heavy-tailed target noise
// (data/heavy_tail_regression.hpp), the XOR clusters of Xu et al. 2024 (data/xor_clusters.hpp), and the user's own points
// (data/custom_points.hpp). A run's data are described by DataSettings (built
// from its RunConfig); data_shape() gives the model's input and output sizes and make_split() draws the
// train, test and calibration splits.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "data/custom_points.hpp"
#include "data/dataset.hpp"
#include "data/gaussian_mixture.hpp"
#include "data/heavy_tail_regression.hpp"
#include "data/modular.hpp"
#include "data/token_language.hpp"
#include "data/toy2d.hpp"
#include "data/xor_clusters.hpp"
#include "util/rng.hpp"

namespace losslab {

enum class DatasetKind { blobs, moons, circles, spirals, xor_, modular, zipf_markov, gaussian_mixture, heavy_tail_regression,
                         xor_clusters, custom };

struct DatasetInfo {
  DatasetKind kind;
  std::string_view name;         // the config value
  std::string_view description;  // one line for tooltips and `losslab list`
  bool planar;                   // 2-D inputs: the decision boundary can be drawn
  bool sized;                    // n_train / n_test / n_calib / noise / classes apply (toys); else fixed by the task
  bool language = false;         // next-token prediction: token ids in, V classes out (the token LM model)
  bool regression = false;       // real-valued targets: needs a regression loss (LossTask::regression)
};

std::span<const DatasetInfo> dataset_registry();
std::optional<DatasetKind> dataset_from_name(std::string_view name);
const DatasetInfo& dataset_info(DatasetKind kind);
std::string_view dataset_name(DatasetKind kind);
// The toy of a 2-D dataset kind (nullopt for the others).
std::optional<Toy2d> toy2d_of(DatasetKind kind);

struct DataSettings {
  DatasetKind kind = DatasetKind::spirals;
  int n_train = 1500, n_test = 1500, n_calib = 500;
  int classes = 3;
  float noise = 0.05f;
  ModularSettings modular;
  TokenLanguageSettings language;  // n_train / n_test are copied into it
  GaussianMixtureSettings mixture;  // classes / noise are copied into it
  HeavyTailRegressionSettings regression;  // noise is copied into it
  XorClustersSettings xor_clusters;  // noise is copied into it
  CustomPointsSettings custom;
};

struct DataShape {
  int inputs = 2;   // features per sample (1 for a token language: the token id)
  int classes = 3;  // V for a token language
  int n_train = 0, n_test = 0, n_calib = 0;  // split sizes
};
DataShape data_shape(const DataSettings& settings);

Split make_split(const DataSettings& settings, Rng& rng);

// Whether the inputs are 2-D, so the decision boundary can be drawn on them (DatasetInfo::planar, and
// custom data with two features).
bool planar_inputs(const DataSettings& settings);


}  // namespace losslab
