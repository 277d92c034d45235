#include "config_input.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

#include "train/config_url.hpp"
#include "train/custom_data.hpp"
#include "train/points_csv.hpp"
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

std::optional<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

bool apply_csv(RunConfig& config, const ConfigSource& source) {
  const auto text = read_text(source.data_csv);
  if (!text) {
    std::cerr << "losslab: --data: cannot read '" << source.data_csv << "'\n";
    return false;
  }
  const PointsCsvRead read =
      read_points_csv(*text, {.label_column = source.label_column, .standardize = !source.keep_scale});
  report(source.data_csv + ": ", read.errors);
  if (!read.data) return false;
  use_custom_points(config, read.data->features, read.data->points, kCsvHoldout);
  std::cerr << "losslab: " << source.data_csv << ": " << read.data->summary() << "\n";
  return true;
}

}  // namespace

void add_config_options(CLI::App* cmd, ConfigSource& source) {
  auto* preset = cmd->add_option("--preset", source.preset, "Start from this preset (see `losslab list`)");
  auto* config = cmd->add_option("--config", source.config_file, "Start from this JSON config file");
  auto* link = cmd->add_option("--link", source.link, "Start from a page's link (the address, or what follows '#')");
  preset->excludes(config)->excludes(link);
  config->excludes(link);
  cmd->add_option("--data", source.data_csv,
                  "Train on your own data: a CSV of numeric feature columns and a label column (a header optional); "
                  "its rows become the config's points, a quarter held out for testing");
  cmd->add_option("--label-column", source.label_column, "With --data: the label column's header name or number "
                                                         "(default: label, class, target or species, else the last)");
  cmd->add_flag("--keep-scale", source.keep_scale, "With --data: use the columns as they are (default: standardized)");
  cmd->add_option("--set", source.sets, "Override one field: key=value (repeatable)");
}

std::optional<RunConfig> load_config(const ConfigSource& source) {
  const int starts = !source.preset.empty() + !source.config_file.empty() + !source.link.empty();
  if (starts > 1 || (starts == 0 && source.data_csv.empty())) {
    std::cerr << "losslab: give exactly one of --preset NAME, --config FILE or --link URL (or --data FILE alone)\n";
    return std::nullopt;
  }
  if (source.data_csv.empty() && (!source.label_column.empty() || source.keep_scale)) {
    std::cerr << "losslab: --label-column and --keep-scale go with --data FILE\n";
    return std::nullopt;
  }
  RunConfig config;
  if (starts == 0) {
    // --data alone: the defaults' model and training, on the file's points.
  } else if (!source.link.empty()) {
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
    const auto text = read_text(source.config_file);
    if (!text) {
      std::cerr << "losslab: --config: cannot read '" << source.config_file << "'\n";
      return std::nullopt;
    }
    const auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
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
  if (!source.data_csv.empty() && !apply_csv(config, source)) return std::nullopt;
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
