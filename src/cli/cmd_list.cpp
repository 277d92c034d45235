// `losslab list`: what can be chosen — config fields with their ranges, datasets, activations,
// optimizers and presets — as text or as JSON (for editors and tools).
#include <iostream>

#include "commands.hpp"
#include "train/presets.hpp"

namespace losslab::cli {
namespace {

template <class Table>
nlohmann::json rows(Table table) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& row : table) out.push_back({{"name", row.name}, {"description", row.description}});
  return out;
}

nlohmann::json registry_json() {
  nlohmann::json preset_rows = nlohmann::json::array();
  for (const Preset& p : presets())
    preset_rows.push_back({{"name", p.name}, {"title", p.title}, {"description", p.description},
                           {"config", to_json(p.config)}});
  return {{"fields", fields_to_json()},
          {"datasets", rows(toy2d_registry())},
          {"activations", rows(activation_registry())},
          {"optimizers", rows(optimizer_registry())},
          {"presets", std::move(preset_rows)}};
}

void print_text(const nlohmann::json& r) {
  std::cout << "Presets (losslab run --preset NAME):\n";
  for (const auto& p : r["presets"])
    std::cout << "  " << p["name"].get<std::string>() << " — " << p["description"].get<std::string>() << "\n";
  std::cout << "\nConfig fields (JSON key = --set key):\n";
  for (const auto& f : r["fields"]) {
    std::cout << "  " << f["key"].get<std::string>() << " (" << f["type"].get<std::string>();
    if (f.contains("range")) std::cout << " in [" << f["range"][0] << ", " << f["range"][1] << "]";
    if (f.contains("choices")) std::cout << ": " << f["choices"].dump();
    std::cout << ", default " << f["default"].dump() << ") " << f["help"].get<std::string>() << "\n";
  }
  for (const char* family : {"datasets", "activations", "optimizers"}) {
    std::cout << "\n" << char(std::toupper(family[0])) << family + 1 << ":\n";
    for (const auto& row : r[family])
      std::cout << "  " << row["name"].get<std::string>() << " — " << row["description"].get<std::string>() << "\n";
  }
}

}  // namespace

Command add_list_command(CLI::App& app) {
  auto as_json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("list", "List presets, config fields and the choices of each family");
  cmd->add_flag("--json", *as_json, "Print as JSON");
  return [as_json] {
    const nlohmann::json r = registry_json();
    if (*as_json)
      std::cout << r.dump(2) << "\n";
    else
      print_text(r);
    return 0;
  };
}

}  // namespace losslab::cli
