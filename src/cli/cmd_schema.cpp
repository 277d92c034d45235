// `losslab schema`: the config files' JSON Schema (train/config_schema.hpp), for editors and tools.
#include <iostream>

#include "commands.hpp"
#include "train/config_schema.hpp"

namespace losslab::cli {

Command add_schema_command(CLI::App& app) {
  app.add_subcommand("schema", "Print the JSON Schema (draft 2020-12) of config files");
  return [] {
    std::cout << config_schema().dump(2) << "\n";
    return 0;
  };
}

}  // namespace losslab::cli
