#include "train/run_config.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <type_traits>

#include "train/presets.hpp"

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
          [](RunConfig& c, const json& v) { c.*Member = v.get<std::vector<int>>(); }};
}

template <auto Member, auto Name, auto FromName>
FieldAccess choice_access() {
  return {[](const RunConfig& c) -> json { return std::string(Name(c.*Member)); },
          [](RunConfig& c, const json& v) { c.*Member = *FromName(v.get<std::string>()); }};
}

std::string_view toy2d_name(Toy2d kind) { return toy2d_info(kind).name; }

template <class Table>
std::vector<std::string_view> names_of(Table table) {
  std::vector<std::string_view> names;
  for (const auto& row : table) names.push_back(row.name);
  return names;
}

// Work limits (multiply-adds) that keep one step, and one full evaluation, near a second in the page.
constexpr double kMaxStepCost = 5e8;
constexpr double kMaxEvalCost = 4e9;

struct Field {
  FieldSpec spec;
  FieldAccess access;
};

const std::vector<Field>& fields() {
  using F = FieldType;
  static const std::vector<Field> table = {
      {{"dataset", "data", "which 2-D dataset to learn", F::choice, 0, 0, false, false,
        names_of(toy2d_registry())},
       choice_access<&RunConfig::dataset, &toy2d_name, &toy2d_from_name>()},
      {{"n_train", "data", "number of training samples", F::integer, 16, 100000},
       number_access<&RunConfig::n_train>()},
      {{"n_test", "data", "number of test samples, drawn independently from the same distribution",
        F::integer, 16, 100000},
       number_access<&RunConfig::n_test>()},
      {{"classes", "data", "number of classes (blobs and spirals; moons, circles and xor have two)",
        F::integer, 2, 8},
       number_access<&RunConfig::classes>()},
      {{"noise", "data", "std of the Gaussian noise added to each coordinate (data spans about [-2, 2])",
        F::real, 0, 2},
       number_access<&RunConfig::noise>()},
      {{"hidden", "model", "widths of the hidden layers, input side first ([] is a linear model)",
        F::int_list, 1, 1024, false, false, {}, 8},
       list_access<&RunConfig::hidden>()},
      {{"activation", "model", "activation of the hidden layers", F::choice, 0, 0, false, false,
        names_of(activation_registry())},
       choice_access<&RunConfig::activation, &activation_name, &activation_from_name>()},
      {{"optimizer", "optimizer", "update rule; switching it mid-run starts its state afresh", F::choice,
        0, 0, false, true, names_of(optimizer_registry())},
       choice_access<&RunConfig::optimizer, &optimizer_name, &optimizer_from_name>()},
      {{"lr", "optimizer", "learning rate", F::real, 1e-6, 10, true, true},
       number_access<&RunConfig::lr>()},
      {{"momentum", "optimizer", "heavy-ball momentum of sgd (0 = plain SGD)", F::real, 0, 0.999, false,
        true},
       number_access<&RunConfig::momentum>()},
      {{"batch_size", "optimizer", "samples per step, at most n_train", F::integer, 1, 65536, true, true},
       number_access<&RunConfig::batch_size>()},
      {{"steps", "run", "length of the run in optimizer steps", F::integer, 1, 1e9, true, true},
       number_access<&RunConfig::steps>()},
      {{"eval_every", "run", "evaluate on the full train and test sets every this many steps",
        F::integer, 1, 1e6, true, true},
       number_access<&RunConfig::eval_every>()},
      {{"seed", "run", "seed of the run's one random generator (data, init, batches)", F::integer, 0,
        9007199254740991.0},
       number_access<&RunConfig::seed>()},
  };
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

std::string join(const std::vector<std::string_view>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + std::string(item);
  return out;
}

// A value as it appears in a message: scalars as written, long strings cut, containers summarised
// (dumping a container would recurse as deep as its nesting, which a hostile input can make unbounded).
std::string describe(const json& v) {
  if (v.is_array()) return "a list of " + std::to_string(v.size()) + " items";
  if (v.is_object()) return "an object";
  if (v.is_string()) {
    const std::string& text = v.get_ref<const std::string&>();
    return "'" + text.substr(0, 40) + (text.size() > 40 ? "…'" : "'");
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
    case FieldType::int_list: {
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

}  // namespace

OptimizerSettings RunConfig::optimizer_settings() const {
  OptimizerSettings s;
  s.lr = lr;
  s.momentum = momentum;
  return s;
}

std::span<const FieldSpec> config_fields() {
  static const std::vector<FieldSpec> specs = [] {
    std::vector<FieldSpec> out;
    for (const Field& f : fields()) out.push_back(f.spec);
    return out;
  }();
  return specs;
}

const FieldSpec* find_field(std::string_view key) {
  const Field* f = find(key);
  return f ? &f->spec : nullptr;
}

json get_field(const RunConfig& config, const FieldSpec& field) { return find(field.key)->access.get(config); }

std::optional<ConfigError> set_field(RunConfig& config, std::string_view key, const json& value) {
  const Field* f = find(key);
  if (!f) {
    std::vector<std::string_view> keys;
    for (const Field& g : fields()) keys.push_back(g.spec.key);
    return ConfigError{std::string(key), "unknown key '" + std::string(key) + "'; known keys: " + join(keys)};
  }
  if (auto e = check_value(f->spec, value)) return e;
  f->access.set(config, value);
  return std::nullopt;
}

std::optional<ConfigError> set_field_from_text(RunConfig& config, std::string_view key, std::string_view text) {
  const Field* f = find(key);
  if (!f) return set_field(config, key, json());
  auto value = parse_text(f->spec, text);
  if (!value) {
    const char* what = f->spec.type == FieldType::int_list ? "a list of integers such as 64,64" : "a number";
    return error(key, describe(json(std::string(text))) + " is not " + what);
  }
  return set_field(config, key, *value);
}

std::vector<ConfigError> validate(const RunConfig& config) {
  std::vector<ConfigError> errors;
  for (const Field& f : fields())
    if (auto e = check_value(f.spec, f.access.get(config))) errors.push_back(*e);
  if (config.batch_size > config.n_train)
    errors.push_back(error("batch_size", std::to_string(config.batch_size) + " is larger than n_train (" +
                                             std::to_string(config.n_train) + "); allowed [1, n_train]"));
  // Sizes that would freeze the page: a step, or a full evaluation, costing more multiply-adds than a
  // browser tab does in about a second.
  double weights = 0;
  int in = 2;
  for (int width : config.hidden) {
    weights += static_cast<double>(in) * width;
    in = width;
  }
  weights += static_cast<double>(in) * toy2d_classes(config.dataset, config.classes);
  if (static_cast<double>(config.batch_size) * weights > kMaxStepCost)
    errors.push_back(error("batch_size", "batch_size × weights = " + format_number(config.batch_size * weights) +
                                             " multiply-adds per step; at most " + format_number(kMaxStepCost) +
                                             " allowed: use a smaller batch or narrower hidden layers"));
  if (static_cast<double>(config.n_train + config.n_test) * weights > kMaxEvalCost)
    errors.push_back(error("n_train", "(n_train + n_test) × weights = " +
                                          format_number((config.n_train + config.n_test) * weights) +
                                          " multiply-adds per evaluation; at most " + format_number(kMaxEvalCost) +
                                          " allowed: use fewer samples or narrower hidden layers"));
  return errors;
}

std::vector<ConfigError> apply_json(RunConfig& config, const json& object) {
  if (!object.is_object()) return {ConfigError{"", "a config must be a JSON object, got " + describe(object)}};
  std::vector<ConfigError> errors;
  if (auto it = object.find("preset"); it != object.end()) {
    const Preset* preset = it->is_string() ? find_preset(it->get<std::string>()) : nullptr;
    if (preset)
      config = preset->config;
    else
      errors.push_back(error("preset", describe(*it) + " is not a preset; known presets: " + join(preset_names())));
  }
  for (const auto& [key, value] : object.items()) {
    if (key == "preset") continue;
    if (auto e = set_field(config, key, value)) errors.push_back(*e);
  }
  for (auto& e : validate(config)) errors.push_back(std::move(e));
  return errors;
}

json to_json(const RunConfig& config) {
  json out = json::object();
  for (const Field& f : fields()) out[std::string(f.spec.key)] = f.access.get(config);
  return out;
}

json fields_to_json() {
  json out = json::array();
  const RunConfig defaults;
  static constexpr const char* kTypeNames[] = {"integer", "real", "choice", "int_list"};
  for (const Field& f : fields()) {
    const FieldSpec& s = f.spec;
    json row = {{"key", s.key},   {"group", s.group}, {"help", s.help},
                {"type", kTypeNames[static_cast<int>(s.type)]},
                {"default", f.access.get(defaults)}, {"live", s.live}};
    if (s.type != FieldType::choice) row["range"] = {s.min, s.max};
    if (s.type == FieldType::choice) row["choices"] = s.choices;
    if (s.type == FieldType::int_list) row["max_items"] = s.max_items;
    if (s.log_scale) row["log_scale"] = true;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace losslab
