// Presets: named, documented starting points for a run. `losslab run --preset NAME`, the page's menu,
// the URL (#preset=NAME) and a config file's "preset" key all read this list.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "train/run_config.hpp"

namespace losslab {

struct Preset {
  std::string_view name;         // stable key
  std::string_view title;        // menu label
  std::string_view description;  // what to watch
  RunConfig config;
};

std::span<const Preset> presets();
const Preset* find_preset(std::string_view name);
std::vector<std::string_view> preset_names();

}  // namespace losslab
