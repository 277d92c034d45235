#include "config_input.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "train/config_url.hpp"
#include "train/presets.hpp"
#include "util/join.hpp"

namespace losslab::cli {
namespace {

void report(const std::string& where, const std::vector<ConfigError>& errors) {
  for (const ConfigError& e : errors) std::cerr << "losslab: " << where << e.message << "\n";
}

// A page's link: the whole address or the part after '#'. The page's own keys (plots, classroom mode)
// mean nothing here and are passed over.
bool apply_link(RunConfig& config, std::string_view link) {
  if (const size_t hash = link.find('#'); hash != std::string_view::npos) link.remove_prefix(hash + 1);
  LinkExtras page_keys{{"plots", "classroom", "classroom.others", "theme", "view"}};
  const auto errors = apply_query(config, link, &page_keys);
  report("--link: ", errors);
  return errors.empty();
}

}  // namespace

void add_config_options(CLI::App* cmd, ConfigSource& source) {
  auto* preset = cmd->add_option("--preset", source.preset, "Start from this preset (see `losslab list`)");
  auto* config = cmd->add_option("--config", source.config_file, "Start from this JSON config file");
  auto* link = cmd->add_option("--link", source.link, "Start from a page's link (the address, or what follows '#')");
  preset->excludes(config)->excludes(link);
  config->excludes(link);
  cmd->add_option("--set", source.sets, "Override one field: key=value (repeatable)");
}

std::optional<RunConfig> load_config(const ConfigSource& source) {
  if (!source.preset.empty() + !source.config_file.empty() + !source.link.empty() != 1) {
    std::cerr << "losslab: give exactly one of --preset NAME, --config FILE or --link URL\n";
    return std::nullopt;
  }
  RunConfig config;
  if (!source.link.empty()) {
    if (!apply_link(config, source.link)) return std::nullopt;
  } else if (!source.preset.empty()) {
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
