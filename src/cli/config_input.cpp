#include "config_input.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "train/presets.hpp"
#include "util/join.hpp"

namespace losslab::cli {
namespace {

void report(const std::string& where, const std::vector<ConfigError>& errors) {
  for (const ConfigError& e : errors) std::cerr << "losslab: " << where << e.message << "\n";
}

}  // namespace

std::optional<RunConfig> load_config(const ConfigSource& source) {
  if (source.preset.empty() == source.config_file.empty()) {
    std::cerr << "losslab: give exactly one of --preset NAME or --config FILE\n";
    return std::nullopt;
  }
  RunConfig config;
  if (!source.preset.empty()) {
    const Preset* preset = find_preset(source.preset);
    if (!preset) {
      std::cerr << "losslab: --preset: '" << source.preset << "' is not a preset; known presets: "
                << join(preset_names()) << "\n";
      return std::nullopt;
    }
    config = preset->config;
  } else {
    std::ifstream in(source.config_file);
    if (!in) {
      std::cerr << "losslab: --config: cannot read '" << source.config_file << "'\n";
      return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    const auto json = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
      std::cerr << "losslab: " << source.config_file << ": not valid JSON\n";
      return std::nullopt;
    }
    const auto errors = apply_json(config, json, WorkLimits::cli);
    if (!errors.empty()) {
      report(source.config_file + ": ", errors);
      return std::nullopt;
    }
  }
  bool ok = true;
  for (const std::string& set : source.sets) {
    const auto eq = set.find('=');
    if (eq == std::string::npos) {
      std::cerr << "losslab: --set '" << set << "': expected key=value\n";
      ok = false;
      continue;
    }
    if (auto e = set_field_from_text(config, set.substr(0, eq), set.substr(eq + 1))) {
      report("--set: ", {*e});
      ok = false;
    }
  }
  // The command line runs sizes the page refuses (a slow step freezes nothing here).
  const auto errors = validate(config, WorkLimits::cli);
  report("", errors);
  if (!ok || !errors.empty()) return std::nullopt;
  return config;
}

}  // namespace losslab::cli
