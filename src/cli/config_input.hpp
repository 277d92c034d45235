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
  std::string data_csv;             // --data FILE: the user's own data (train/points_csv.hpp)
  std::string label_column;         // --label-column NAME|N
  bool keep_scale = false;          // --keep-scale: the CSV's columns as they are, not standardized
};

// Adds --preset, --config and --link (one of them; none with --data: the defaults), --data and its
// options, and --set to a command, filling `source`. The CSV's points replace the start's data; --set
// applies last.
void add_config_options(CLI::App* cmd, ConfigSource& source);

// The config, or nullopt after printing one line per problem to stderr (each naming its field).
std::optional<RunConfig> load_config(const ConfigSource& source);

}  // namespace losslab::cli
