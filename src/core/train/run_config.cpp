#include "train/run_config.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <type_traits>

#include "train/presets.hpp"
#include "util/join.hpp"

namespace losslab {
namespace {

using nlohmann::json;

// Accessors of each field; `set` receives a value that has already passed check_value().
struct FieldAccess {
  json (*get)(const RunConfig&);
  void (*set)(RunConfig&, const json&);
};

// A float field as the shortest decimal that reads back as the same float: 0.999f shows as 0.999, not
// 0.9990000128746033, in files and messages, and passes the range check it was set under.
double shortest_decimal(float f) {
  char buf[32];
  for (int digits = 6; digits < 9; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f) return std::strtod(buf, nullptr);
  }
  std::snprintf(buf, sizeof buf, "%.9g", static_cast<double>(f));
  return std::strtod(buf, nullptr);
}

template <auto Member>
FieldAccess number_access() {
  return {[](const RunConfig& c) -> json {
            if constexpr (std::is_same_v<std::remove_cvref_t<decltype(c.*Member)>, float>)
              return shortest_decimal(c.*Member);
            else
              return c.*Member;
          },
          [](RunConfig& c, const json& v) {
            using T = std::remove_cvref_t<decltype(c.*Member)>;
            c.*Member = static_cast<T>(v.get<double>());
          }};
}

template <auto Member>
FieldAccess list_access() {
  return {[](const RunConfig& c) -> json { return c.*Member; },
          [](RunConfig& c, const json& v) {
            c.*Member = v.get<std::remove_cvref_t<decltype(c.*Member)>>();
          }};
}

template <auto Member, auto Name, auto FromName>
FieldAccess choice_access() {
  return {[](const RunConfig& c) -> json { return std::string(Name(c.*Member)); },
          [](RunConfig& c, const json& v) { c.*Member = *FromName(v.get<std::string>()); }};
}


template <class Table>
std::vector<std::string_view> names_of(Table table) {
  std::vector<std::string_view> names;
  for (const auto& row : table) names.push_back(row.name);
  return names;
}

template <class Table>
std::vector<std::string_view> descriptions_of(Table table) {
  std::vector<std::string_view> lines;
  for (const auto& row : table) lines.push_back(row.description);
  return lines;
}

// A loss's menu tooltip: what it does, then where it comes from.
std::vector<std::string_view> loss_tooltips() {
  static const std::vector<std::string> text = [] {
    std::vector<std::string> out;
    for (const LossInfo& l : loss_registry())
      out.push_back(std::string(l.title) + ": " + std::string(l.description) + "\n" + std::string(l.citation));
    return out;
  }();
  return {text.begin(), text.end()};
}

FieldAccess loss_access() {
  return {[](const RunConfig& c) -> json { return c.loss; },
          [](RunConfig& c, const json& v) {
            // A new loss starts from its own defaults: parameters of the old one mean nothing to it.
            if (v.get<std::string>() == c.loss) return;
            c.loss = v.get<std::string>();
            c.loss_params = default_loss_params(*find_loss(c.loss));
          }};
}

// Work limits (multiply-adds) that keep one step, and one full evaluation, near a second in the page.
constexpr double kMaxStepCost = 5e8;
constexpr double kMaxEvalCost = 4e9;

struct Field {
  FieldSpec spec;
  FieldAccess access;
};

const std::vector<Field>& base_fields() {
  using F = FieldType;
  static const std::vector<Field> table = {
      {{"dataset", "data",
        "what to learn: a 2-D toy, modular arithmetic, a token language, a Gaussian mixture, XOR clusters or a 1-D "
        "regression",
        F::choice, 0, 0, false, false,
        names_of(dataset_registry()), 0, descriptions_of(dataset_registry())},
       choice_access<&RunConfig::dataset, &dataset_name, &dataset_from_name>()},
      {{"modulus", "data", "modular arithmetic: the prime p (residues 0..p-1; p classes)", F::integer, 2, 257},
       number_access<&RunConfig::modulus>()},
      {{"operation", "data", "modular arithmetic: the operation", F::choice, 0, 0, false, false,
        names_of(modular_op_registry()), 0, descriptions_of(modular_op_registry())},
       choice_access<&RunConfig::operation, &modular_op_name, &modular_op_from_name>()},
      {{"train_fraction", "data", "modular arithmetic: share of all pairs in the training split (the rest test)",
        F::real, 0.01, 0.99},
       number_access<&RunConfig::train_fraction>()},
      {{"vocab", "data", "token language: V, the number of tokens (the classes of next-token prediction)",
        F::integer, 2, 65536, true},
       number_access<&RunConfig::vocab>()},
      {{"zipf_exponent", "data",
        "token language: exponent a of each state's Zipf law over its next tokens (0 = uniform; larger = more "
        "predictable, a lower entropy floor)",
        F::real, 0, 4},
       number_access<&RunConfig::zipf_exponent>()},
      {{"n_train", "data", "number of training samples (tokens, for a token language)", F::integer, 16, 1000000},
       number_access<&RunConfig::n_train>()},
      {{"n_test", "data", "number of test samples, drawn independently from the same distribution",
        F::integer, 16, 100000},
       number_access<&RunConfig::n_test>()},
      {{"n_calib", "data",
        "held-out samples with clean labels on which post-hoc calibration (temperature, binning) is fitted",
        F::integer, 0, 100000},
       number_access<&RunConfig::n_calib>()},
      {{"classes", "data",
        "number of classes (blobs and spirals: at most 8; gaussian_mixture: at most 32; moons, circles and xor "
        "have two)",
        F::integer, 2, 32},
       number_access<&RunConfig::classes>()},
      {{"noise", "data",
        "std of the Gaussian noise added to each coordinate (toys: the data span about [-2, 2]; gaussian_mixture "
        "and xor_clusters: the within-class std; heavy_tail_regression: the scale of the Student-t noise on the training targets, "
        "which span about [-0.8, 0.8])",
        F::real, 0, 2},
       number_access<&RunConfig::noise>()},
      {{"dimension", "data", "gaussian mixture and XOR clusters: d, the number of input features", F::integer, 2,
        65536, true},
       number_access<&RunConfig::dimension>()},
      {{"mean_norm", "data",
        "gaussian mixture: the norm of every class mean (random directions, so two means lie about "
        "mean_norm·√2 apart); xor_clusters: the norm of mu1 and mu2 (Xu et al.: 2.5·sqrt(d/n_train)); larger = "
        "better separated against the noise",
        F::real, 0, 100},
       number_access<&RunConfig::mean_norm>()},
      {{"tail_dof", "data",
        "heavy_tail_regression: degrees of freedom of the Student-t target noise (1 = Cauchy; smaller = heavier "
        "tails, a few wild targets; 100 = nearly Gaussian)",
        F::real, 1, 100, true},
       number_access<&RunConfig::tail_dof>()},
      {{"features", "data", "custom data: numbers per point before its label (2: points on the plane)",
        F::integer, 1, kMaxCustomFeatures},
       number_access<&RunConfig::features>()},
      {{"points", "data",
        "custom data: the points, one row after another: the features, then the label (a class number from 0); "
        "clicked on the 2-D plot or loaded from a CSV. A batch larger than the points is all of them",
        F::real_list, -kMaxCustomCoordinate, kMaxCustomCoordinate, false, false, {}, kMaxCustomNumbers, {}, {},
        "the Boundary tab (click to add, drag to move, right-click to delete) or Load CSV"},
       list_access<&RunConfig::points>()},
      {{"holdout", "data",
        "custom data: share of the points held out as the test split, drawn by the seed (0: every point "
        "trains and the test split is the training points)",
        F::real, 0, 0.9},
       number_access<&RunConfig::holdout>()},
      {{"label_noise", "noise", "how training labels are corrupted (the test split always stays clean)",
        F::choice, 0, 0, false, true, names_of(label_noise_registry()), 0, descriptions_of(label_noise_registry())},
       choice_access<&RunConfig::label_noise, &label_noise_name, &label_noise_from_name>()},
      {{"label_noise.rate", "noise", "noise rate η: the probability that a training label is flipped", F::real, 0,
        1, false, true},
       number_access<&RunConfig::noise_rate>()},
      {{"label_noise.matrix", "noise",
        "label_noise = matrix: K×K transition matrix T[clean][noisy], row-major, rows summing to 1",
        F::real_list, 0, 1, false, true, {}, 64},
       list_access<&RunConfig::noise_matrix>()},
      {{"label_noise.sampling", "noise",
        "bernoulli: each label flips independently; exact: exactly round(η·n) labels of each class flip",
        F::choice, 0, 0, false, true, names_of(noise_sampling_registry()), 0,
        descriptions_of(noise_sampling_registry())},
       choice_access<&RunConfig::noise_sampling, &noise_sampling_name, &noise_sampling_from_name>()},
      {{"label_noise.seed", "noise", "seed of the noise's own generator: the flips never depend on the model",
        F::integer, 0, 9007199254740991.0, false, true},
       number_access<&RunConfig::noise_seed>()},
      {{"hidden", "model", "widths of the hidden layers, input side first ([] is a linear model)",
        F::int_list, 1, 1024, false, false, {}, 8},
       list_access<&RunConfig::hidden>()},
      {{"embed_dim", "model", "token model: width of the token embedding and of the state the head reads",
        F::integer, 1, 1024, true},
       number_access<&RunConfig::embed_dim>()},
      {{"fused_backend", "model",
        "token model: what computes the output head's cross-entropy (never the N×V logits, except naive)",
        F::choice, 0, 0, false, true, names_of(fused_backend_registry()), 0,
        descriptions_of(fused_backend_registry())},
       choice_access<&RunConfig::fused_backend, &fused_backend_choice_name, &fused_backend_from_name>()},
      {{"fused_threshold", "model",
        "token model: softmax entries below this skip the backward's products (0 = exact, the default; CCE "
        "uses 2^-12). The CPU skips a tile only when all its entries are below, WebGPU each entry below: "
        "a larger gradient error for the same threshold",
        F::real, 0, 1, false, true},
       number_access<&RunConfig::fused_threshold>()},
      {{"activation", "model", "activation of the hidden layers", F::choice, 0, 0, false, false,
        names_of(activation_registry())},
       choice_access<&RunConfig::activation, &activation_name, &activation_from_name>()},
      {{"bias", "model", "on: every layer has a trained bias; off: none (Xu et al.'s network has none)",
        F::choice, 0, 0, false, false, {"on", "off"}},
       {[](const RunConfig& c) -> json { return c.bias ? "on" : "off"; },
        [](RunConfig& c, const json& v) { c.bias = v.get<std::string>() == "on"; }}},
      {{"output_layer", "model", "whether the last layer trains, or keeps fixed random signs", F::choice, 0, 0,
        false, false, names_of(output_layer_registry()), 0, descriptions_of(output_layer_registry())},
       choice_access<&RunConfig::output_layer, &output_layer_name, &output_layer_from_name>()},
      {{"init_scale", "model",
        "std of the first layer's initial weights, N(0, init_scale^2) (0 = the default, U(-1/sqrt(in), "
        "1/sqrt(in))); tiny values start the network near 0, as Xu et al.'s omega",
        F::real, 0, 10, true},
       number_access<&RunConfig::init_scale>()},
      {{"loss", "loss", "the training loss; its parameters are the loss.* fields", F::choice, 0, 0, false, true,
        loss_names(), 0, loss_tooltips()},
       loss_access()},
      {{"teacher_steps", "loss",
        "kd and pld: steps of cross-entropy training of the teacher (same model and data) before the student",
        F::integer, 1, 1e6, true, false},
       number_access<&RunConfig::teacher_steps>()},
      {{"optimizer", "optimizer", "update rule; switching it mid-run starts its state afresh", F::choice,
        0, 0, false, true, names_of(optimizer_registry()), 0, descriptions_of(optimizer_registry())},
       choice_access<&RunConfig::optimizer, &optimizer_name, &optimizer_from_name>()},
      {{"lr", "optimizer", "learning rate (the peak, when a schedule is on)", F::real, 1e-12, 10, true, true},
       number_access<&RunConfig::lr>()},
      {{"momentum", "optimizer", "momentum and nesterov: the velocity's decay μ", F::real, 0, 0.999, false,
        true},
       number_access<&RunConfig::momentum>()},
      {{"beta1", "optimizer", "adam and adamw: decay of the first-moment average", F::real, 0, 0.999, false,
        true},
       number_access<&RunConfig::beta1>()},
      {{"beta2", "optimizer", "adam and adamw: decay of the second-moment average", F::real, 0, 0.99999,
        false, true},
       number_access<&RunConfig::beta2>()},
      {{"eps", "optimizer", "adam and adamw: added to the root of the second moment", F::real, 1e-12, 1, true,
        true},
       number_access<&RunConfig::eps>()},
      {{"batch_size", "optimizer", "samples per step, at most n_train", F::integer, 1, 65536, true, true},
       number_access<&RunConfig::batch_size>()},
      {{"schedule", "optimizer", "learning-rate schedule over the run", F::choice, 0, 0, false, true,
        names_of(schedule_registry()), 0, descriptions_of(schedule_registry())},
       choice_access<&RunConfig::schedule, &schedule_name, &schedule_from_name>()},
      {{"warmup", "optimizer", "steps of linear warm-up from 0 to lr before the schedule (0 = none)",
        F::integer, 0, 1e9, false, true},
       number_access<&RunConfig::warmup>()},
      {{"step_size", "optimizer", "schedule = step: steps between learning-rate drops", F::integer, 1, 1e9, true,
        true},
       number_access<&RunConfig::step_size>()},
      {{"step_gamma", "optimizer", "schedule = step: factor applied to the learning rate at each drop", F::real,
        0.001, 1, false, true},
       number_access<&RunConfig::step_gamma>()},
      {{"l2", "regularizer", "coupled L2: adds λ‖θ‖²/2 to the loss (with Adam it is rescaled per weight)",
        F::real, 0, 10, false, true},
       number_access<&RunConfig::l2>()},
      {{"weight_decay", "regularizer", "decoupled weight decay (AdamW's rule): θ ← θ − lr·λ·θ every step",
        F::real, 0, 10, false, true},
       number_access<&RunConfig::weight_decay>()},
      {{"l1", "regularizer", "L1: adds λ‖θ‖₁ to the loss, pushing weights to exactly zero", F::real, 0, 1, false,
        true},
       number_access<&RunConfig::l1>()},
      {{"dropout", "regularizer", "probability of zeroing each hidden unit in training (inverted scaling)",
        F::real, 0, 0.95, false, true},
       number_access<&RunConfig::dropout>()},
      {{"dropconnect", "regularizer", "probability of zeroing each weight, one mask per batch (DropConnect)",
        F::real, 0, 0.95, false, true},
       number_access<&RunConfig::dropconnect>()},
      {{"input_noise", "regularizer", "std of Gaussian noise added to the inputs in training", F::real, 0, 2,
        false, true},
       number_access<&RunConfig::input_noise>()},
      {{"hidden_noise", "regularizer", "std of Gaussian noise added to the hidden units in training", F::real,
        0, 2, false, true},
       number_access<&RunConfig::hidden_noise>()},
      {{"mixup", "regularizer", "mixup α: mixes pairs of inputs and their labels with λ ~ Beta(α, α) (0 = off)",
        F::real, 0, 10, false, true},
       number_access<&RunConfig::mixup>()},
      {{"grad_clip", "regularizer", "largest global gradient norm; larger gradients are rescaled (0 = off)",
        F::real, 0, 1000, false, true},
       number_access<&RunConfig::grad_clip>()},
      {{"sgld", "regularizer", "Langevin temperature T: adds N(0, 2·lr·T) to every update (0 = off)", F::real, 0,
        10, false, true},
       number_access<&RunConfig::sgld>()},
      {{"grokfast_lambda", "regularizer", "Grokfast: adds λ × an average of past gradients (0 = off)", F::real,
        0, 10, false, true},
       number_access<&RunConfig::grokfast_lambda>()},
      {{"grokfast_alpha", "regularizer", "Grokfast: decay of the gradient average", F::real, 0, 0.999, false,
        true},
       number_access<&RunConfig::grokfast_alpha>()},
      {{"early_stopping", "regularizer",
        "stop after this many evaluations without a better test accuracy, keeping the best step (0 = off)",
        F::integer, 0, 10000, false, true},
       number_access<&RunConfig::early_stopping>()},
      {{"steps", "run", "length of the run in optimizer steps", F::integer, 1, 1e9, true, true},
       number_access<&RunConfig::steps>()},
      {{"eval_every", "run", "evaluate on the full train and test sets every this many steps",
        F::integer, 1, 1e6, true, true},
       number_access<&RunConfig::eval_every>()},
      {{"metrics_every", "run",
        "measure calibration, memorization, collapse, norms, coherence and margins every this many steps "
        "(0 = automatic: as often as keeps them under 20% of the training time)",
        F::integer, 0, 1e6, true, true},
       number_access<&RunConfig::metrics_every>()},
      {{"ece_bins", "run", "bins of the expected calibration error and the reliability diagram", F::integer, 2, 100,
        false, true},
       number_access<&RunConfig::ece_bins>()},
      {{"seed", "run", "seed of the run's one random generator (data, init, batches)", F::integer, 0,
        9007199254740991.0},
       number_access<&RunConfig::seed>()},
  };
  return table;
}

// Fields that matter only for some settings of another: the UI shows them only then.
const std::vector<Field>& fields() {
  static const std::vector<Field> table = [] {
    std::vector<Field> out = base_fields();
    const std::pair<std::string_view, std::string_view> conditions[] = {
        {"classes", "dataset=blobs|spirals|gaussian_mixture"},
        {"n_train",
         "dataset=blobs|moons|circles|spirals|xor|zipf_markov|gaussian_mixture|heavy_tail_regression|xor_clusters"},
        {"n_test",
         "dataset=blobs|moons|circles|spirals|xor|zipf_markov|gaussian_mixture|heavy_tail_regression|xor_clusters"},
        {"tail_dof", "dataset=heavy_tail_regression"},
        {"features", "dataset=custom"},
        {"points", "dataset=custom"},
        {"holdout", "dataset=custom"},
        {"dimension", "dataset=gaussian_mixture|xor_clusters"},
        {"mean_norm", "dataset=gaussian_mixture|xor_clusters"},
        {"vocab", "dataset=zipf_markov"},
        {"zipf_exponent", "dataset=zipf_markov"},
        {"embed_dim", "dataset=zipf_markov"},
        {"fused_backend", "dataset=zipf_markov"},
        {"fused_threshold", "dataset=zipf_markov"},
        {"n_calib", "dataset=blobs|moons|circles|spirals|xor|gaussian_mixture|xor_clusters"},
        {"noise", "dataset=blobs|moons|circles|spirals|xor|gaussian_mixture|heavy_tail_regression|xor_clusters"},
        {"modulus", "dataset=modular"},
        {"operation", "dataset=modular"},
        {"train_fraction", "dataset=modular"},
        {"label_noise.rate", "label_noise=symmetric|uniform|pair|instance|boundary"},
        {"label_noise.matrix", "label_noise=matrix"},
        {"label_noise.sampling", "label_noise=symmetric|uniform|pair"},
        {"label_noise.seed", "label_noise=symmetric|uniform|pair|matrix|instance|boundary"},
        {"teacher_steps", "loss=kd|pld"},
        {"momentum", "optimizer=momentum|nesterov"},
        {"beta1", "optimizer=adam|adamw"},
        {"beta2", "optimizer=adam|adamw"},
        {"eps", "optimizer=adam|adamw"},
        {"step_size", "schedule=step"},
        {"step_gamma", "schedule=step"},
        {"grokfast_alpha", "grokfast_lambda>0"},
    };
    for (Field& f : out)
      for (const auto& [key, condition] : conditions)
        if (f.spec.key == key) f.spec.relevant_when = condition;
    return out;
  }();
  return table;
}

const Field* find(std::string_view key) {
  for (const Field& f : fields())
    if (f.spec.key == key) return &f;
  return nullptr;
}

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string range_text(const FieldSpec& s) {
  return "[" + format_number(s.min) + ", " + format_number(s.max) + "]";
}

// A value as it appears in a message: scalars as written, long strings cut, containers summarised
// (dumping a container would recurse as deep as its nesting, which a hostile input can make unbounded).
std::string describe(const json& v) {
  if (v.is_array()) return "a list of " + std::to_string(v.size()) + " items";
  if (v.is_object()) return "an object";
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    // Cut between characters, not inside one: half a UTF-8 character would make the message invalid
    // UTF-8, which JSON (the page's replies) refuses to carry.
    size_t cut = std::min<size_t>(text.size(), 40);
    while (cut < text.size() && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "'" + text.substr(0, cut) + (text.size() > cut ? "…'" : "'");
  }
  return v.dump();
}

ConfigError error(std::string_view key, std::string message) {
  return {std::string(key), std::string(key) + ": " + message};
}

bool is_integral(const json& v) {
  if (v.is_number_integer()) return true;
  return v.is_number_float() && std::isfinite(v.get<double>()) && std::floor(v.get<double>()) == v.get<double>();
}

std::optional<ConfigError> check_number(const FieldSpec& s, const json& v, bool integral) {
  if (!v.is_number() || (integral && !is_integral(v)))
    return error(s.key, std::string("expected ") + (integral ? "an integer" : "a number") + ", got " + describe(v));
  const double x = v.get<double>();
  if (!(x >= s.min && x <= s.max))
    return error(s.key, describe(v) + " is out of range; allowed " + range_text(s));
  return std::nullopt;
}

std::optional<ConfigError> check_value(const FieldSpec& s, const json& v) {
  switch (s.type) {
    case FieldType::integer: return check_number(s, v, true);
    case FieldType::real: return check_number(s, v, false);
    case FieldType::choice:
      if (!v.is_string()) return error(s.key, "expected one of " + join(s.choices) + ", got " + describe(v));
      for (auto c : s.choices)
        if (c == v.get<std::string>()) return std::nullopt;
      return error(s.key, describe(v) + " is not one of " + join(s.choices));
    case FieldType::int_list: {
      if (!v.is_array()) return error(s.key, "expected a list of integers such as [64, 64], got " + describe(v));
      if (static_cast<int>(v.size()) > s.max_items)
        return error(s.key, "has " + std::to_string(v.size()) + " entries; at most " +
                                std::to_string(s.max_items) + " allowed");
      for (const json& item : v)
        if (!is_integral(item) || item.get<double>() < s.min || item.get<double>() > s.max)
          return error(s.key, "entry " + describe(item) + " is not an integer in " + range_text(s));
      return std::nullopt;
    }
    case FieldType::real_list: {
      if (!v.is_array()) return error(s.key, "expected a list of numbers such as [0.8, 0.2, 0.3, 0.7], got " + describe(v));
      if (static_cast<int>(v.size()) > s.max_items)
        return error(s.key, "has " + std::to_string(v.size()) + " entries; at most " +
                                std::to_string(s.max_items) + " allowed");
      for (const json& item : v)
        if (!item.is_number() || !(item.get<double>() >= s.min && item.get<double>() <= s.max))
          return error(s.key, "entry " + describe(item) + " is not a number in " + range_text(s));
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// Text as typed on a command line or in a URL → JSON of the field's type (not yet range-checked).
std::optional<json> parse_text(const FieldSpec& s, std::string_view text) {
  auto parse_number = [](std::string_view t) -> std::optional<json> {
    std::string str(t);
    if (str.empty()) return std::nullopt;
    int64_t i = 0;
    auto [ptr, ec] = std::from_chars(str.data(), str.data() + str.size(), i);
    if (ec == std::errc() && ptr == str.data() + str.size()) return json(i);
    char* end = nullptr;
    const double d = std::strtod(str.c_str(), &end);
    if (end != str.c_str() + str.size()) return std::nullopt;
    return json(d);
  };
  switch (s.type) {
    case FieldType::integer:
    case FieldType::real: return parse_number(text);
    case FieldType::choice: return json(std::string(text));
    case FieldType::int_list:
    case FieldType::real_list: {
      if (text.starts_with('[') && text.ends_with(']')) text = text.substr(1, text.size() - 2);
      json list = json::array();
      while (!text.empty()) {
        const size_t comma = text.find(',');
        auto item = parse_number(text.substr(0, comma));
        if (!item) return std::nullopt;
        list.push_back(*item);
        text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
      }
      return list;
    }
  }
  return std::nullopt;
}

// The parameter fields of one loss: `loss.<param>`, live, in group "loss". Built once per loss; the keys
// are stored here so the FieldSpecs' string_views stay valid.
const std::vector<FieldSpec>& loss_param_fields(const LossInfo& loss) {
  static std::vector<std::vector<FieldSpec>> cache;
  static std::vector<std::unique_ptr<std::string>> keys;
  if (cache.empty()) {
    for (const LossInfo& l : loss_registry()) {
      std::vector<FieldSpec> specs;
      for (const ParamSpec& p : l.params) {
        keys.push_back(std::make_unique<std::string>("loss." + std::string(p.name)));
        FieldSpec f{*keys.back(), "loss", p.help, FieldType::real, p.min, p.max, p.log_scale, true, {}, 0, {}};
        if (p.integer) f.type = FieldType::integer;
        if (!p.choices.empty()) {
          f.type = FieldType::choice;
          f.choices.assign(p.choices.begin(), p.choices.end());
        }
        specs.push_back(std::move(f));
      }
      cache.push_back(std::move(specs));
    }
  }
  return cache[static_cast<size_t>(&loss - loss_registry().data())];
}

// The index of `key` among the config's loss parameters, or −1.
int loss_param_of(const RunConfig& config, std::string_view key) {
  if (!key.starts_with("loss.")) return -1;
  return loss_param_index(config.loss_info(), key.substr(5));
}

json get_loss_param(const RunConfig& config, int index) {
  const ParamSpec& p = config.loss_info().params[static_cast<size_t>(index)];
  const double v = config.loss_params[static_cast<size_t>(index)];
  if (!p.choices.empty()) return std::string(p.choices[static_cast<size_t>(v)]);
  if (p.integer) return static_cast<int64_t>(v);
  return v;
}

void set_loss_param(RunConfig& config, int index, const json& value) {
  const ParamSpec& p = config.loss_info().params[static_cast<size_t>(index)];
  double v = 0;
  if (!p.choices.empty()) {
    for (size_t c = 0; c < p.choices.size(); ++c)
      if (p.choices[c] == value.get<std::string>()) v = static_cast<double>(c);
  } else {
    v = value.get<double>();
  }
  config.loss_params[static_cast<size_t>(index)] = v;
}

std::string unknown_loss_param(const RunConfig& config, std::string_view key) {
  const LossInfo& loss = config.loss_info();
  std::vector<std::string_view> names;
  for (const ParamSpec& p : loss.params) names.push_back(p.name);
  return std::string(key) + ": loss '" + std::string(loss.name) + "' has no parameter '" +
         std::string(key.substr(5)) + "'; " +
         (names.empty() ? std::string("it has no parameters") : "its parameters: " + join(names));
}

// A regression loss needs a regression dataset and a classification loss a classification one. On a
// regression dataset, label noise has nothing to flip (its target noise is the dataset's own: noise,
// tail_dof), and early stopping, which watches test accuracy, has nothing to watch.
void check_task(const RunConfig& c, const LossInfo& loss, std::vector<ConfigError>& errors) {
  const bool regression_data = dataset_info(c.dataset).regression;
  const std::string dataset(dataset_name(c.dataset));
  if (loss.task == LossTask::regression && !regression_data) {
    std::vector<std::string_view> datasets;
    for (const DatasetInfo& d : dataset_registry())
      if (d.regression) datasets.push_back(d.name);
    errors.push_back(error("loss", "'" + c.loss + "' is a regression loss, and " + dataset +
                                       " is a classification dataset; choose a classification loss, or a "
                                       "regression dataset (dataset: " + join(datasets) + ")"));
  }
  if (!regression_data) return;
  if (loss.task != LossTask::regression) {
    std::vector<std::string_view> losses;
    for (const LossInfo& l : loss_registry())
      if (l.task == LossTask::regression) losses.push_back(l.name);
    errors.push_back(error("loss", "'" + c.loss + "' is a classification loss, and " + dataset +
                                       " is a regression dataset; allowed: " + join(losses)));
  }
  if (c.label_noise != LabelNoise::none)
    errors.push_back(error("label_noise", "'" + std::string(label_noise_name(c.label_noise)) + "' does not apply to " +
                                              dataset + ": its targets are real values, not labels (their noise "
                                              "is set by noise and tail_dof); allowed: none"));
  if (c.early_stopping > 0)
    errors.push_back(error("early_stopping", "watches test accuracy, which a regression run does not have; "
                                             "allowed: 0"));
}

// The MLP's options for Xu et al.'s network (bias, output_layer, init_scale): a fixed output layer needs
// a hidden layer to train and two or more classes (class 0's row is the zero reference logit, so a
// one-output model would be constant); the token model's body has none of these options.
void check_model_options(const RunConfig& c, int outputs, std::vector<ConfigError>& errors) {
  if (dataset_info(c.dataset).language) {
    if (!c.bias || c.output_layer != OutputLayer::trained || c.init_scale > 0)
      errors.push_back(error(!c.bias ? "bias" : c.output_layer != OutputLayer::trained ? "output_layer" : "init_scale",
                             "bias, output_layer and init_scale are not available for the token language model; "
                             "allowed: bias on, output_layer trained, init_scale 0"));
    return;
  }
  if (c.output_layer != OutputLayer::fixed_signs) return;
  if (c.hidden.empty())
    errors.push_back(error("output_layer", "fixed_signs needs a hidden layer to train (hidden is []); allowed: "
                                           "trained, or give hidden a layer"));
  if (outputs < 2)
    errors.push_back(error("output_layer", "fixed_signs needs two or more outputs (this model has " +
                                               std::to_string(outputs) + "); allowed: trained"));
}

// What the token language model cannot do, and sizes it cannot hold. Its inputs are token ids (no input
// noise, mixup or DropConnect over a lookup table) and its head is the fused cross-entropy (ce or
// label_smoothing only).
void check_token_model(const RunConfig& c, std::vector<ConfigError>& errors) {
  if (c.loss != "ce" && c.loss != "label_smoothing")
    errors.push_back(error("loss", "'" + c.loss +
                                       "' is not available for the token language model: its head is the fused "
                                       "cross-entropy; choose ce or label_smoothing"));
  if (c.label_noise != LabelNoise::none && c.label_noise != LabelNoise::symmetric &&
      c.label_noise != LabelNoise::uniform && c.label_noise != LabelNoise::pair)
    errors.push_back(error("label_noise", "'" + std::string(label_noise_name(c.label_noise)) +
                                              "' is not available for a token language; allowed: none, symmetric, "
                                              "uniform, pair"));
  const std::pair<std::string_view, float> per_input[] = {
      {"input_noise", c.input_noise}, {"mixup", c.mixup}, {"dropconnect", c.dropconnect}};
  for (const auto& [key, value] : per_input)
    if (value > 0)
      errors.push_back(error(key, std::string(key) + " is not available for the token language model (its inputs are "
                                                     "token ids); allowed: 0"));
  // Parameters, gradients, two optimizer moments, a Grokfast average, and the head's copies (W, dW, and
  // padded ones for the GPU): six floats per weight counted here, up to nine in fact. A page's wasm
  // memory tops out at 2 GiB; this keeps the model within 1–1.5 GiB of it.
  const double weights = 2.0 * c.vocab * c.embed_dim + c.vocab;
  const double model_bytes = 6 * 4 * weights;
  constexpr double kMaxModelBytes = 1024.0 * 1024 * 1024;
  if (model_bytes > kMaxModelBytes)
    errors.push_back(error("embed_dim", "vocab × embed_dim: the token model would hold " + format_number(model_bytes) +
                                            " bytes (weights, gradients, optimizer state); at most " +
                                            format_number(kMaxModelBytes) + " fit: use a smaller vocab or embed_dim"));
  // The naive head holds the batch's logits and their gradient.
  const double naive_bytes = 2.0 * static_cast<double>(naive_logit_bytes(c.batch_size, c.vocab));
  constexpr double kMaxNaiveBytes = 256.0 * 1024 * 1024;
  if (c.fused_backend == FusedBackendChoice::naive && naive_bytes > kMaxNaiveBytes)
    errors.push_back(error("fused_backend", "naive would hold batch_size × vocab logits and their gradient, " +
                                                format_number(naive_bytes) + " bytes; at most " +
                                                format_number(kMaxNaiveBytes) + ": use blockwise or a smaller batch"));
}

}  // namespace

DataSettings RunConfig::data_settings() const {
  DataSettings s;
  s.kind = dataset;
  s.n_train = n_train;
  s.n_test = n_test;
  s.n_calib = n_calib;
  s.classes = classes;
  s.noise = noise;
  s.modular = {modulus, operation, train_fraction};
  s.language = {vocab, zipf_exponent, n_train, n_test};
  s.mixture = {classes, dimension, mean_norm, noise};
  s.xor_clusters = {dimension, mean_norm, noise};
  s.regression = {noise, tail_dof};
  s.custom = {features, points, holdout};
  return s;
}

OptimizerSettings RunConfig::optimizer_settings() const {
  OptimizerSettings s;
  s.lr = lr;
  s.momentum = momentum;
  s.beta1 = beta1;
  s.beta2 = beta2;
  s.eps = eps;
  s.weight_decay = weight_decay;
  return s;
}

ScheduleSettings RunConfig::schedule_settings() const { return {schedule, warmup, step_size, step_gamma}; }

LabelNoiseSettings RunConfig::label_noise_settings() const {
  LabelNoiseSettings s;
  s.kind = label_noise;
  s.rate = noise_rate;
  s.matrix = noise_matrix;
  s.sampling = noise_sampling;
  s.seed = noise_seed;
  return s;
}

const LossInfo& RunConfig::loss_info() const {
  const LossInfo* info = find_loss(loss);
  return info ? *info : loss_registry().front();
}

std::span<const FieldSpec> config_fields() {
  static const std::vector<FieldSpec> specs = [] {
    std::vector<FieldSpec> out;
    for (const Field& f : fields()) out.push_back(f.spec);
    return out;
  }();
  return specs;
}

bool field_relevant(const RunConfig& config, const FieldSpec& field) {
  const std::string_view condition = field.relevant_when;
  if (condition.empty()) return true;
  if (const size_t gt = condition.find('>'); gt != std::string_view::npos) {  // "key>number"
    const FieldSpec* other = find_field(condition.substr(0, gt));
    return other && get_field(config, *other).get<double>() > std::strtod(std::string(condition.substr(gt + 1)).c_str(), nullptr);
  }
  const size_t eq = condition.find('=');
  const FieldSpec* other = find_field(condition.substr(0, eq));
  if (!other) return true;
  const std::string value = get_field(config, *other).get<std::string>();
  std::string_view options = condition.substr(eq + 1);
  while (!options.empty()) {
    const size_t bar = options.find('|');
    if (options.substr(0, bar) == value) return true;
    options = bar == std::string_view::npos ? std::string_view() : options.substr(bar + 1);
  }
  return false;
}

std::vector<FieldSpec> config_fields(const RunConfig& config) {
  std::vector<FieldSpec> out(config_fields().begin(), config_fields().end());
  const auto& params = loss_param_fields(config.loss_info());
  out.insert(out.end(), params.begin(), params.end());
  return out;
}

const FieldSpec* find_field(std::string_view key) {
  const Field* f = find(key);
  return f ? &f->spec : nullptr;
}

std::optional<FieldSpec> find_field(const RunConfig& config, std::string_view key) {
  if (const Field* f = find(key)) return f->spec;
  if (const int i = loss_param_of(config, key); i >= 0)
    return loss_param_fields(config.loss_info())[static_cast<size_t>(i)];
  return std::nullopt;
}

json get_field(const RunConfig& config, const FieldSpec& field) {
  if (const Field* f = find(field.key)) return f->access.get(config);
  const int i = loss_param_of(config, field.key);
  return i >= 0 ? get_loss_param(config, i) : json();
}

std::optional<ConfigError> set_field(RunConfig& config, std::string_view key, const json& value) {
  if (key.starts_with("loss.")) {
    const int i = loss_param_of(config, key);
    if (i < 0) return ConfigError{std::string(key), unknown_loss_param(config, key)};
    if (auto e = check_value(loss_param_fields(config.loss_info())[static_cast<size_t>(i)], value)) return e;
    set_loss_param(config, i, value);
    return std::nullopt;
  }
  const Field* f = find(key);
  if (!f) {
    std::vector<std::string_view> keys;
    for (const Field& g : fields()) keys.push_back(g.spec.key);
    return ConfigError{std::string(key), "unknown key '" + std::string(key) + "'; known keys: " + join(keys) +
                                             ", and loss.<parameter> for the loss's parameters"};
  }
  if (auto e = check_value(f->spec, value)) return e;
  f->access.set(config, value);
  return std::nullopt;
}

std::optional<ConfigError> set_field_from_text(RunConfig& config, std::string_view key, std::string_view text) {
  const std::optional<FieldSpec> spec = find_field(config, key);
  if (!spec) return set_field(config, key, json());
  auto value = parse_text(*spec, text);
  if (!value) {
    const char* what = spec->type == FieldType::int_list    ? "a list of integers such as 64,64"
                       : spec->type == FieldType::real_list ? "a list of numbers such as 0.8,0.2,0.3,0.7"
                                                            : "a number";
    return error(key, describe(json(std::string(text))) + " is not " + what);
  }
  return set_field(config, key, *value);
}

std::vector<ConfigError> validate(const RunConfig& config, WorkLimits limits) {
  std::vector<ConfigError> errors;
  for (const Field& f : fields())
    if (auto e = check_value(f.spec, f.access.get(config))) errors.push_back(*e);
  const LossInfo* loss = find_loss(config.loss);
  if (loss) {
    const auto& params = loss_param_fields(*loss);
    for (size_t i = 0; i < params.size(); ++i)
      if (auto e = check_value(params[i], get_loss_param(config, static_cast<int>(i)))) errors.push_back(*e);
    if (loss->check_params)
      if (std::string problem = loss->check_params(config.loss_params); !problem.empty())
        errors.push_back(error("loss", problem));
    check_task(config, *loss, errors);
  }
  const DataShape shape = data_shape(config.data_settings());
  const int classes = shape.classes;
  // A regression dataset's label-noise error is check_task's (its targets are values, not labels).
  if (auto problem = check_label_noise(config.label_noise_settings(), classes);
      problem && !dataset_info(config.dataset).regression) {
    const size_t colon = problem->find(':');
    errors.push_back({colon == std::string::npos ? "label_noise" : problem->substr(0, colon), *problem});
  }
  // The field allows 32 classes for the Gaussian mixture; the 2-D toys whose class count is configurable
  // keep their 8. (Where `classes` is ignored — two-class toys, modular, token language — a value left
  // from a Gaussian-mixture run is no error.)
  constexpr int kMaxToyClasses = 8;
  const std::optional<Toy2d> toy = toy2d_of(config.dataset);
  if (toy && toy2d_info(*toy).fixed_classes == 0 && config.classes > kMaxToyClasses)
    errors.push_back(error("classes", std::to_string(config.classes) + " is out of range for " +
                                          std::string(dataset_name(config.dataset)) + "; allowed [2, " +
                                          std::to_string(kMaxToyClasses) + "] (up to 32 for gaussian_mixture)"));
  if (config.dataset == DatasetKind::modular && !is_prime(config.modulus))
    errors.push_back(error("modulus", std::to_string(config.modulus) +
                                          " is not prime; allowed: a prime in [2, 257], such as 59, 97 or 113"));
  if (config.dataset == DatasetKind::custom)
    if (auto problem = check_custom_points(config.data_settings().custom)) errors.push_back(error("points", *problem));
  check_model_options(config, loss_outputs(config.loss_info(), config.loss_params, classes), errors);
  if (config.batch_size > shape.n_train && config.dataset != DatasetKind::custom)
    errors.push_back(error("batch_size", std::to_string(config.batch_size) + " is larger than the training split (" +
                                             std::to_string(shape.n_train) + " samples); allowed [1, " +
                                             std::to_string(shape.n_train) + "]"));
  // Sizes that would freeze the page: a step, or a full evaluation, costing more multiply-adds than a
  // browser tab does in about a second. The command line freezes nothing: it only needs the memory.
  const bool page = limits == WorkLimits::page;
  const double weights = forward_cost(config);
  if (page && static_cast<double>(config.batch_size) * weights > kMaxStepCost)
    errors.push_back(error("batch_size", "batch_size × weights = " + format_number(config.batch_size * weights) +
                                             " multiply-adds per step; at most " + format_number(kMaxStepCost) +
                                             " allowed: use a smaller batch or narrower hidden layers"));
  if (dataset_info(config.dataset).language) {
    check_token_model(config, errors);
    // The token model is scored on the test split and on as many training tokens.
    if (page && 2.0 * shape.n_test * weights > kMaxEvalCost)
      errors.push_back(error("n_test", "2 × n_test × weights = " + format_number(2.0 * shape.n_test * weights) +
                                           " multiply-adds per evaluation; at most " + format_number(kMaxEvalCost) +
                                           " allowed: use fewer test tokens or a smaller vocab or embed_dim"));
    return errors;
  }
  const double evaluated = static_cast<double>(shape.n_train) + shape.n_test + shape.n_calib;
  // The inputs, float32, of every split (a page's wasm memory tops out at 2 GiB).
  constexpr double kMaxDataBytes = 1024.0 * 1024 * 1024;
  if (4.0 * evaluated * shape.inputs > kMaxDataBytes)
    errors.push_back(error("n_train", "(n_train + n_test + n_calib) × inputs would hold " +
                                          format_number(4.0 * evaluated * shape.inputs) + " bytes; at most " +
                                          format_number(kMaxDataBytes) + " fit: use fewer samples or a smaller "
                                          "dimension"));
  if (page && evaluated * weights > kMaxEvalCost)
    errors.push_back(error("n_train", "(n_train + n_test + n_calib) × weights = " +
                                          format_number(evaluated * weights) +
                                          " multiply-adds per evaluation; at most " + format_number(kMaxEvalCost) +
                                          " allowed: use fewer samples or narrower hidden layers"));
  return errors;
}

double forward_cost(const RunConfig& config) {
  const DataShape shape = data_shape(config.data_settings());
  double weights = 0;
  int in = shape.inputs;
  if (dataset_info(config.dataset).language) {  // a lookup, the MLP e → hidden… → e, the head e → V
    in = config.embed_dim;
    for (int width : config.hidden) {
      weights += static_cast<double>(in) * width;
      in = width;
    }
    return weights + static_cast<double>(in) * config.embed_dim + static_cast<double>(config.embed_dim) * shape.classes;
  }
  for (int width : config.hidden) {
    weights += static_cast<double>(in) * width;
    in = width;
  }
  return weights + static_cast<double>(in) * loss_outputs(config.loss_info(), config.loss_params, shape.classes);
}

std::vector<ConfigError> apply_json(RunConfig& config, const json& object, WorkLimits limits) {
  if (!object.is_object()) return {ConfigError{"", "a config must be a JSON object, got " + describe(object)}};
  std::vector<ConfigError> errors;
  if (auto it = object.find("preset"); it != object.end()) {
    const Preset* preset = it->is_string() ? find_preset(it->get<std::string>()) : nullptr;
    if (preset)
      config = preset->config;
    else
      errors.push_back(error("preset", describe(*it) + " is not a preset; known presets: " + join(preset_names())));
  }
  // The loss first: its parameters (loss.*) are only known once it is chosen.
  if (auto it = object.find("loss"); it != object.end())
    if (auto e = set_field(config, "loss", *it)) errors.push_back(*e);
  for (const auto& [key, value] : object.items()) {
    if (key == "preset" || key == "loss") continue;
    if (auto e = set_field(config, key, value)) errors.push_back(*e);
  }
  for (auto& e : validate(config, limits)) errors.push_back(std::move(e));
  return errors;
}

json to_json(const RunConfig& config) {
  json out = json::object();
  for (const FieldSpec& f : config_fields(config)) out[std::string(f.key)] = get_field(config, f);
  return out;
}

json fields_to_json() {
  json out = json::array();
  const RunConfig defaults;
  static constexpr const char* kTypeNames[] = {"integer", "real", "choice", "int_list", "real_list"};
  for (const Field& f : fields()) {
    const FieldSpec& s = f.spec;
    json row = {{"key", s.key},   {"group", s.group}, {"help", s.help},
                {"type", kTypeNames[static_cast<int>(s.type)]},
                {"default", f.access.get(defaults)}, {"live", s.live}};
    if (s.type != FieldType::choice) row["range"] = {s.min, s.max};
    if (s.type == FieldType::choice) row["choices"] = s.choices;
    if (s.type == FieldType::int_list || s.type == FieldType::real_list) row["max_items"] = s.max_items;
    if (s.log_scale) row["log_scale"] = true;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace losslab
