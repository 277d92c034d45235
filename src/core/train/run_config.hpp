// RunConfig: the single serialisable truth of a run. Everything that changes the numbers a run produces
// is a field here; the same config and seed give the same History.
//
// Each field is declared once, in the field table (config_fields()), with its key, type, range, default
// and meaning. JSON files, `--set key=value`, the URL, the UI's controls, `losslab list` and the tests
// all read that table, so they cannot disagree.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/label_noise.hpp"
#include "data/datasets.hpp"
#include "loss/loss.hpp"
#include "nn/activation.hpp"
#include "nn/mlp.hpp"
#include "optim/optimizer.hpp"
#include "optim/schedule.hpp"
#include "train/fused_head.hpp"

namespace losslab {

struct RunConfig {
  // data
  DatasetKind dataset = DatasetKind::spirals;
  int n_train = 1500;          // training samples
  int n_test = 1500;           // test samples (drawn independently, same distribution)
  int n_calib = 500;           // held-out calibration samples (clean), for post-hoc calibration
  int classes = 3;             // blobs, spirals and gaussian_mixture; the other toys are two-class
  float noise = 0.05f;         // std of the Gaussian noise added to every coordinate
  // Gaussian mixture (dataset = gaussian_mixture): `classes` classes, within-class std `noise`; XOR
  // clusters (dataset = xor_clusters): two classes around ±μ1 and ±μ2, std `noise`
  int dimension = 32;          // d: input features
  float mean_norm = 2.0f;      // the norm of every (random) class mean
  // heavy-tailed regression (dataset = heavy_tail_regression): Student-t target noise of scale `noise`
  float tail_dof = 2.0f;       // ν, its degrees of freedom: 1 is Cauchy, large is nearly Gaussian
  // custom data (dataset = custom, data/custom_points.hpp): the user's points, rows of features… label
  int features = 2;
  std::vector<double> points = starter_points();
  double holdout = 0;          // share of the points held out as the test split (0: test on the training points)
  // modular arithmetic (dataset = modular)
  int modulus = 97;
  ModularOp operation = ModularOp::add;
  double train_fraction = 0.3;
  // token language (dataset = zipf_markov): the source, and the token model's widths and head
  int vocab = 4096;               // V: tokens in and out
  double zipf_exponent = 1.1;     // every state's next-token law is a permuted Zipf law of this exponent
  int embed_dim = 64;             // e = d: the embedding width and the width the head reads
  FusedBackendChoice fused_backend = FusedBackendChoice::auto_;
  // Softmax entries below it skip the backward's products. 0 (exact) here, not the kernel's 2⁻¹²: at
  // initialisation the softmax over V tokens is uniform at 1/V (2⁻¹⁶ at V = 65,536), every tile would be
  // skipped, and the gradient would lose its whole softmax part (measured: the loss then rises, 11.10 →
  // 11.24 in 400 steps, where the exact gradient lowers it). Turn it on once the model is peaked.
  float fused_threshold = 0;
  // label noise (training split only)
  LabelNoise label_noise = LabelNoise::none;
  double noise_rate = 0.2;
  std::vector<double> noise_matrix;  // K×K row-major, for label_noise = matrix
  NoiseSampling noise_sampling = NoiseSampling::bernoulli;
  uint64_t noise_seed = 1;
  // model
  std::vector<int> hidden{64, 64};
  Activation activation = Activation::relu;
  // The MLP's options (nn/mlp.hpp), for Xu et al. 2024's network: fixed ±1/√m output, no bias, tiny init
  bool bias = true;                               // false: no biases (all 0, never trained)
  OutputLayer output_layer = OutputLayer::trained;
  float init_scale = 0;                           // > 0: first layer's W ~ N(0, init_scale²); 0: U(±1/√in)
  // loss: a registry name and its parameters, in the order of the loss's ParamSpec list
  std::string loss = "ce";
  LossParams loss_params{};
  int64_t teacher_steps = 1000;  // kd and pld: steps of the cross-entropy teacher trained first
  // optimisation
  OptimizerKind optimizer = OptimizerKind::adam;
  float lr = 0.01f;
  float momentum = 0.9f;       // momentum, nesterov
  float beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f;  // adam, adamw
  int batch_size = 128;
  Schedule schedule = Schedule::constant;
  int64_t warmup = 0;
  int64_t step_size = 1000;
  float step_gamma = 0.1f;
  // regularisation (0 = off for each)
  float l2 = 0, weight_decay = 0, l1 = 0;
  float dropout = 0, dropconnect = 0, input_noise = 0, hidden_noise = 0;
  float mixup = 0;       // α of Beta(α, α)
  float grad_clip = 0;   // max global gradient norm
  float sgld = 0;        // Langevin temperature
  float grokfast_lambda = 0, grokfast_alpha = 0.98f;
  int early_stopping = 0;  // patience, in evaluations without a better test accuracy
  // run
  int64_t steps = 3000;        // the run stops (finished) after this many steps
  int eval_every = 50;         // full train/test evaluation cadence, in steps
  int metrics_every = 0;       // cadence of the instruments (calibration, collapse, …); 0 = automatic
  int ece_bins = 15;           // bins of ECE and the reliability diagram
  uint64_t seed = 1;

  DataSettings data_settings() const;
  OptimizerSettings optimizer_settings() const;
  ScheduleSettings schedule_settings() const;
  LabelNoiseSettings label_noise_settings() const;
  const LossInfo& loss_info() const;  // the registry row of `loss` (which validation guarantees exists)
  bool operator==(const RunConfig&) const = default;
};

enum class FieldType { integer, real, choice, int_list, real_list };

// One problem with one field. `field` is the key the user wrote (or the key a cross-field check is about).
struct ConfigError {
  std::string field;
  std::string message;  // a full sentence naming the field and the allowed values
};

struct FieldSpec {
  std::string_view key;      // JSON key = URL key = --set key = UI label key
  std::string_view group;    // "data", "noise", "model", "loss", "optimizer", "regularizer", "run": UI section
  std::string_view help;     // one line: what it means
  FieldType type;
  double min = 0, max = 0;   // integer, real and each int_list element: inclusive range
  bool log_scale = false;    // a slider for it should be logarithmic
  bool live = false;         // may change while a run is going (else the run restarts)
  std::vector<std::string_view> choices;  // choice: the allowed names
  int max_items = 0;         // int_list, real_list: longest list allowed
  std::vector<std::string_view> choice_help;  // choice: one line per choice (tooltips), when known
  // When the field matters only for some values of another field: "key=value1|value2". The UI hides
  // it otherwise (configs may still set it). Empty: always relevant.
  std::string_view relevant_when;
  // Where the field is edited, when not by a generic control (the custom points: on the 2-D plot);
  // the controls only say how many entries it has and point there.
  std::string_view edited_on;
};

// Whether the field matters for this config (its relevant_when condition holds).
bool field_relevant(const RunConfig& config, const FieldSpec& field);

// The fixed fields. A loss's parameters are fields too (`loss.<param>`, group "loss"), but which exist
// depends on the loss chosen: config_fields(config) gives the fixed fields followed by those.
std::span<const FieldSpec> config_fields();
std::vector<FieldSpec> config_fields(const RunConfig& config);
// A fixed field by key.
const FieldSpec* find_field(std::string_view key);
// A fixed field or a parameter field of the config's loss.
std::optional<FieldSpec> find_field(const RunConfig& config, std::string_view key);

// The field's current value as JSON (numbers, strings, arrays of integers).
nlohmann::json get_field(const RunConfig& config, const FieldSpec& field);

// Sets one field from JSON after checking its type and range; on error the config is unchanged.
std::optional<ConfigError> set_field(RunConfig& config, std::string_view key, const nlohmann::json& value);

// Same, from text as written on a command line or in a URL: "0.01", "gelu", "64,64" or "[64,64]".
std::optional<ConfigError> set_field_from_text(RunConfig& config, std::string_view key, std::string_view text);

// Where a config will run. page (the page and the desktop app, which train inside each frame): sizes
// whose steps or evaluations would take more than about a second are refused. cli (`losslab run`, a
// loop that blocks nothing): those are allowed, e.g. the paper-size benign-overfitting-xor-paper.
enum class WorkLimits { page, cli };

// Every field's range, plus the checks that involve several fields: a batch larger than the training
// set, data that would not fit in memory, and (page limits) sizes whose steps or evaluations would take
// more than about a second.
std::vector<ConfigError> validate(const RunConfig& config, WorkLimits limits = WorkLimits::page);

// Reads a config object: an optional "preset" key chooses the starting point (else the defaults), then
// every other key is applied. All problems are reported, each naming its key; fields without problems
// are still applied to `config`. It ends with validate(config, limits).
std::vector<ConfigError> apply_json(RunConfig& config, const nlohmann::json& object,
                                    WorkLimits limits = WorkLimits::page);

nlohmann::json to_json(const RunConfig& config);

// Multiply-adds of one forward pass of one sample through the config's model.
double forward_cost(const RunConfig& config);

// The field table as JSON, for `losslab list --json` and for editors.
nlohmann::json fields_to_json();

}  // namespace losslab
