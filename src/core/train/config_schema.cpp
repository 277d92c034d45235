#include "train/config_schema.hpp"

#include <cmath>
#include <map>
#include <set>
#include <string>

#include "train/config_url.hpp"
#include "train/presets.hpp"
#include "train/run_config.hpp"

namespace losslab {
namespace {

using nlohmann::json;

// A bound as JSON: whole numbers as integers, so that an integer field's schema reads "maximum": 257.
json bound(double v) {
  if (std::floor(v) == v && std::fabs(v) <= 9007199254740992.0) return static_cast<int64_t>(v);
  return v;
}

json element_schema(const FieldSpec& f, bool integer) {
  return {{"type", integer ? "integer" : "number"}, {"minimum", bound(f.min)}, {"maximum", bound(f.max)}};
}

json field_schema(const FieldSpec& f, const json& default_value) {
  json s = {{"description", std::string(f.help)}};
  switch (f.type) {
    case FieldType::integer:
    case FieldType::real: s.update(element_schema(f, f.type == FieldType::integer)); break;
    case FieldType::choice:
      s["type"] = "string";
      s["enum"] = f.choices;
      break;
    case FieldType::int_list:
    case FieldType::real_list:
      s["type"] = "array";
      s["items"] = element_schema(f, f.type == FieldType::int_list);
      s["maxItems"] = f.max_items;
      break;
  }
  if (!default_value.is_null()) s["default"] = default_value;
  return s;
}

// A config with `loss` chosen at its defaults.
RunConfig with_loss(std::string_view loss) {
  RunConfig c;
  c.loss = std::string(loss);
  c.loss_params = default_loss_params(*find_loss(loss));
  return c;
}

// The parameter fields of `loss` (config_fields(config) lists them after the fixed fields).
std::vector<FieldSpec> param_fields(const RunConfig& c) {
  std::vector<FieldSpec> all = config_fields(c);
  return {all.begin() + static_cast<std::ptrdiff_t>(config_fields().size()), all.end()};
}

// When `loss` is the loss in force: the file names it, or names no loss and a preset that uses it, or
// names neither and it is the default.
json loss_in_force(std::string_view loss) {
  json any = json::array({{{"required", {"loss"}}, {"properties", {{"loss", {{"const", loss}}}}}}});
  std::vector<std::string_view> presets_with_it;
  for (const Preset& p : presets())
    if (p.config.loss == loss) presets_with_it.push_back(p.name);
  if (!presets_with_it.empty())
    any.push_back({{"not", {{"required", {"loss"}}}},
                   {"required", {"preset"}},
                   {"properties", {{"preset", {{"enum", presets_with_it}}}}}});
  if (RunConfig{}.loss == loss)
    any.push_back({{"not", {{"anyOf", {{{"required", {"loss"}}}, {{"required", {"preset"}}}}}}}});
  return {{"anyOf", any}};
}

}  // namespace

json config_schema() {
  const RunConfig defaults;
  json properties = json::object();
  properties["preset"] = {{"description", "start from this preset's config; the other keys change it"},
                          {"type", "string"},
                          {"enum", preset_names()}};
  for (const FieldSpec& f : config_fields()) properties[std::string(f.key)] = field_schema(f, get_field(defaults, f));

  // Every loss parameter's key, with the losses that have it.
  std::map<std::string, std::vector<std::string_view>> owners;
  for (const LossInfo& loss : loss_registry())
    for (const FieldSpec& f : param_fields(with_loss(loss.name))) owners[std::string(f.key)].push_back(loss.name);
  for (const auto& [key, losses] : owners) {
    std::string names;
    for (std::string_view l : losses) names += (names.empty() ? "" : ", ") + std::string(l);
    properties[key] = {{"description", "a parameter of the loss " + names +
                                           "; its type and range are those of the loss in force (see allOf)"}};
  }

  json conditions = json::array();
  for (const LossInfo& loss : loss_registry()) {
    const RunConfig c = with_loss(loss.name);
    json then_properties = json::object();
    std::set<std::string> own;
    for (const FieldSpec& f : param_fields(c)) {
      then_properties[std::string(f.key)] = field_schema(f, get_field(c, f));
      own.insert(std::string(f.key));
    }
    for (const auto& [key, losses] : owners)
      if (!own.contains(key)) then_properties[key] = false;  // another loss's parameter
    conditions.push_back({{"if", loss_in_force(loss.name)}, {"then", {{"properties", then_properties}}}});
  }

  return {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
          {"$id", "urn:losslab:config:" + std::string(app_version())},
          {"title", "LossLab run config"},
          {"description",
           "A config file for `losslab run --config FILE` and the page: an optional preset, then fields that "
           "change it. Checks that involve several fields are made by losslab itself, naming the field."},
          {"type", "object"},
          {"properties", properties},
          {"additionalProperties", false},
          {"allOf", conditions}};
}

}  // namespace losslab
