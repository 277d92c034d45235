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

#include "data/toy2d.hpp"
#include "nn/activation.hpp"
#include "optim/optimizer.hpp"

namespace losslab {

struct RunConfig {
  // data
  Toy2d dataset = Toy2d::spirals;
  int n_train = 1500;          // training samples
  int n_test = 1500;           // test samples (drawn independently, same distribution)
  int classes = 3;             // blobs and spirals only; the others are two-class
  float noise = 0.05f;         // std of the Gaussian noise added to every coordinate
  // model
  std::vector<int> hidden{64, 64};
  Activation activation = Activation::relu;
  // optimisation
  OptimizerKind optimizer = OptimizerKind::adam;
  float lr = 0.01f;
  float momentum = 0.9f;       // sgd only
  int batch_size = 128;
  // run
  int64_t steps = 3000;        // the run stops (finished) after this many steps
  int eval_every = 50;         // full train/test evaluation cadence, in steps
  uint64_t seed = 1;

  OptimizerSettings optimizer_settings() const;
  bool operator==(const RunConfig&) const = default;
};

enum class FieldType { integer, real, choice, int_list };

// One problem with one field. `field` is the key the user wrote (or the key a cross-field check is about).
struct ConfigError {
  std::string field;
  std::string message;  // a full sentence naming the field and the allowed values
};

struct FieldSpec {
  std::string_view key;      // JSON key = URL key = --set key = UI label key
  std::string_view group;    // "data", "model", "optimizer", "run": where the UI shows it
  std::string_view help;     // one line: what it means
  FieldType type;
  double min = 0, max = 0;   // integer, real and each int_list element: inclusive range
  bool log_scale = false;    // a slider for it should be logarithmic
  bool live = false;         // may change while a run is going (else the run restarts)
  std::vector<std::string_view> choices;  // choice: the allowed names
  int max_items = 0;         // int_list: longest list allowed (min length is 1)
};

std::span<const FieldSpec> config_fields();
const FieldSpec* find_field(std::string_view key);

// The field's current value as JSON (numbers, strings, arrays of integers).
nlohmann::json get_field(const RunConfig& config, const FieldSpec& field);

// Sets one field from JSON after checking its type and range; on error the config is unchanged.
std::optional<ConfigError> set_field(RunConfig& config, std::string_view key, const nlohmann::json& value);

// Same, from text as written on a command line or in a URL: "0.01", "gelu", "64,64" or "[64,64]".
std::optional<ConfigError> set_field_from_text(RunConfig& config, std::string_view key, std::string_view text);

// Every field's range, plus the checks that involve several fields: a batch larger than the training
// set, and sizes whose steps or evaluations would take more than about a second.
std::vector<ConfigError> validate(const RunConfig& config);

// Reads a config object: an optional "preset" key chooses the starting point (else the defaults), then
// every other key is applied. All problems are reported, each naming its key; fields without problems
// are still applied to `config`.
std::vector<ConfigError> apply_json(RunConfig& config, const nlohmann::json& object);

nlohmann::json to_json(const RunConfig& config);

// The field table as JSON, for `losslab list --json` and for editors.
nlohmann::json fields_to_json();

}  // namespace losslab
