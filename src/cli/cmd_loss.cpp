// `losslab loss NAME [--param key=value]…`: evaluates one registered loss on a batch read as JSON from
// stdin and prints the per-sample losses and their gradients with respect to the logits (format in
// src/core/train/loss_json.hpp). Every loss can so be checked from outside.
#include <iostream>
#include <iterator>
#include <string>

#include "commands.hpp"
#include "train/loss_json.hpp"

namespace losslab::cli {

Command add_loss_command(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  auto params = std::make_shared<std::vector<std::string>>();
  CLI::App* cmd = app.add_subcommand(
      "loss", "Evaluate a loss on {\"logits\": [[…]], \"labels\": […]} from stdin; print {\"loss\", \"grad\"}");
  cmd->add_option("name", *name, "Loss name (losslab list shows them)")->required();
  cmd->add_option("--param", *params, "A loss parameter, key=value (repeatable)");
  return [name, params] {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (const std::string& p : *params) {
      const auto eq = p.find('=');
      if (eq == std::string::npos) {
        std::cerr << "losslab: --param '" << p << "': expected key=value\n";
        return kExitBadInput;
      }
      pairs.emplace_back(p.substr(0, eq), p.substr(eq + 1));
    }
    const std::string text{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
    const auto input = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (input.is_discarded()) {
      std::cerr << "losslab: stdin: not valid JSON (expected {\"logits\": [[…]], \"labels\": […]})\n";
      return kExitBadInput;
    }
    const LossJsonResult result = evaluate_loss_json(*name, pairs, input);
    for (const std::string& e : result.errors) std::cerr << "losslab: " << e << "\n";
    if (!result.errors.empty()) return kExitBadInput;
    std::cout << result.output.dump() << "\n";
    return 0;
  };
}

}  // namespace losslab::cli
