// Building a RunConfig from what a user typed: --preset or --config FILE, then --set key=value overrides.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

#include "train/run_config.hpp"

namespace losslab::cli {

struct ConfigSource {
  std::string preset;               // --preset NAME
  std::string config_file;          // --config FILE
  std::string link;                 // --link URL: the page's address, or its part after '#' 
  std::vector<std::string> sets;    // --set key=value, in order
};

// Adds --preset, --config and --link (one of them) and --set to a command, filling `source`.
void add_config_options(CLI::App* cmd, ConfigSource& source);

// The config, or nullopt after printing one line per problem to stderr (each naming its field).
std::optional<RunConfig> load_config(const ConfigSource& source);

}  // namespace losslab::cli
