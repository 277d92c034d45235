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

nlohmann::json param_json(const ParamSpec& p) {
  nlohmann::json row = {{"name", p.name}, {"help", p.help}, {"default", p.default_value},
                        {"range", {p.min, p.max}}, {"type", p.integer ? "integer" : "real"}};
  if (p.log_scale) row["log_scale"] = true;
  if (!p.choices.empty()) {
    row["type"] = "choice";
    row["choices"] = std::vector<std::string_view>(p.choices.begin(), p.choices.end());
    row["default"] = p.choices[static_cast<size_t>(p.default_value)];
    row.erase("range");
  }
  return row;
}

nlohmann::json losses_json() {
  static constexpr const char* kNeeds[] = {"teacher", "adversarial", "features", "sample_state", "batch"};
  nlohmann::json out = nlohmann::json::array();
  for (const LossInfo& l : loss_registry()) {
    nlohmann::json params = nlohmann::json::array();
    for (const ParamSpec& p : l.params) params.push_back(param_json(p));
    nlohmann::json needs = nlohmann::json::array();
    for (unsigned bit = 0; bit < 5; ++bit)
      if (l.needs & (1u << bit)) needs.push_back(kNeeds[bit]);
    out.push_back({{"name", l.name},
                   {"title", l.title},
                   {"description", l.description},
                   {"citation", l.citation},
                   {"task", l.task == LossTask::classification ? "classification" : "regression"},
                   {"needs", needs},
                   {"params", params}});
  }
  return out;
}

nlohmann::json registry_json() {
  nlohmann::json preset_rows = nlohmann::json::array();
  for (const Preset& p : presets())
    preset_rows.push_back({{"name", p.name}, {"title", p.title}, {"description", p.description},
                           {"phenomenon", p.phenomenon()}, {"signature", p.signature != nullptr},
                           {"config", to_json(p.config)}});
  return {{"fields", fields_to_json()},
          {"datasets", rows(dataset_registry())},
          {"modular_operations", rows(modular_op_registry())},
          {"activations", rows(activation_registry())},
          {"losses", losses_json()},
          {"label_noise", rows(label_noise_registry())},
          {"noise_sampling", rows(noise_sampling_registry())},
          {"optimizers", rows(optimizer_registry())},
          {"schedules", rows(schedule_registry())},
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
  std::cout << "\nLosses (loss NAME, parameters as loss.<param>):\n";
  for (const auto& l : r["losses"]) {
    std::cout << "  " << l["name"].get<std::string>() << " — " << l["description"].get<std::string>() << "\n";
    for (const auto& p : l["params"])
      std::cout << "      loss." << p["name"].get<std::string>() << " (default " << p["default"].dump() << ") "
                << p["help"].get<std::string>() << "\n";
  }
  for (const char* family : {"datasets", "activations", "label_noise", "optimizers", "schedules"}) {
    std::string title = family;
    title[0] = static_cast<char>(std::toupper(title[0]));
    for (char& ch : title)
      if (ch == '_') ch = ' ';
    std::cout << "\n" << title << ":\n";
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
