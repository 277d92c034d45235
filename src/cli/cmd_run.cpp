// `losslab run`: one run to the end, its History written as CSV or JSON.
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>

#include "commands.hpp"
#include "config_input.hpp"
#include "train/presets.hpp"
#include "train/trainer.hpp"

namespace losslab::cli {
namespace {

struct RunOptions {
  ConfigSource source;
  int64_t steps = 0;     // 0: the config's
  int64_t seed = -1;     // −1: the config's
  std::string out;
  bool quiet = false;
};

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool write_output(const std::string& path, const Trainer& t) {
  std::ofstream out(path, std::ios::binary);
  if (ends_with(path, ".json")) {
    const nlohmann::json doc = {{"config", to_json(t.config())},
                                {"state", run_state_name(t.state())},
                                {"message", t.message()},
                                {"steps_done", t.steps_done()},
                                {"history", t.history().to_json()},
                                {"instruments", instruments_to_json(t.instruments())}};
    out << doc.dump(1) << "\n";
  } else {
    out << t.history().to_csv();
  }
  return static_cast<bool>(out.flush());
}

int run(const RunOptions& o) {
  if (!ends_with(o.out, ".csv") && !ends_with(o.out, ".json")) {
    std::cerr << "losslab: --out: '" << o.out << "' must end in .csv or .json\n";
    return kExitBadInput;
  }
  ConfigSource source = o.source;
  if (o.steps > 0) source.sets.push_back("steps=" + std::to_string(o.steps));
  if (o.seed >= 0) source.sets.push_back("seed=" + std::to_string(o.seed));
  const auto config = load_config(source);
  if (!config) return kExitBadInput;
  // A sweep preset is a grid; `run` trains its base config once, and says where the grid is.
  if (const Preset* p = o.source.preset.empty() ? nullptr : find_preset(o.source.preset); p && p->is_sweep() && !o.quiet)
    std::cerr << "losslab: " << p->name << " is a sweep: this trains its base config once; `losslab sweep --preset "
              << p->name << " --out DIR` runs its grid\n";

  const auto start = std::chrono::steady_clock::now();
  Trainer trainer(*config);
  while (trainer.step() == RunState::running) {
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (!write_output(o.out, trainer)) {
    std::cerr << "losslab: --out: cannot write '" << o.out << "'\n";
    return kExitOutput;
  }
  if (trainer.state() == RunState::diverged) {
    std::cerr << "losslab: " << trainer.message() << "; History up to it written to " << o.out << "\n";
    return kExitDiverged;
  }
  if (!o.quiet) {
    const History& h = trainer.history();
    std::cout << trainer.steps_done() << " steps in " << seconds << " s ("
              << static_cast<long>(static_cast<double>(trainer.steps_done()) / seconds) << " steps/s); ";
    if (h.find("test_mse"))  // a regression run: squared errors, the test split's against clean targets
      std::cout << "train_mse " << h.last("train_mse") << ", clean test_mse " << h.last("test_mse");
    else
      std::cout << "train_acc " << h.last("train_acc") << ", test_acc " << h.last("test_acc");
    std::cout << "; wrote " << o.out << "\n";
  }
  return 0;
}

}  // namespace

Command add_run_command(CLI::App& app) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand("run", "Train one run to its end and write its History");
  add_config_options(cmd, options->source);
  cmd->add_option("--steps", options->steps, "Run length in steps (overrides the config)")->check(CLI::PositiveNumber);
  cmd->add_option("--seed", options->seed, "Seed (overrides the config)")->check(CLI::NonNegativeNumber);
  cmd->add_option("--out", options->out, "Output: FILE.csv (History) or FILE.json (config + History)")->required();
  cmd->add_flag("--quiet,-q", options->quiet, "Print nothing on success");
  return [options] { return run(*options); };
}

}  // namespace losslab::cli
