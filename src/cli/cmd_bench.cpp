// `losslab bench train`: optimizer steps per second of a preset's network, the number docs/BENCHMARKS.md
// reports. Evaluation is excluded (it runs only at the end), so this is the cost of one training step:
// batch gather, forward, loss, backward, optimizer update. Median of several repeats.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <vector>

#include "commands.hpp"
#include "config_input.hpp"
#include "train/trainer.hpp"

namespace losslab::cli {
namespace {

struct BenchOptions {
  std::string what = "train";
  ConfigSource source{"spirals", "", {}};
  int64_t steps = 5000;
  int repeats = 5;
};

int bench_train(const BenchOptions& o) {
  ConfigSource source = o.source;
  source.sets.push_back("steps=" + std::to_string(o.steps));
  source.sets.push_back("eval_every=" + std::to_string(std::min<int64_t>(o.steps, 1000000)));
  const auto config = load_config(source);
  if (!config) return kExitBadInput;
  std::vector<double> rates;
  for (int r = 0; r < o.repeats; ++r) {
    Trainer t(*config);
    const auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i + 1 < o.steps; ++i) t.step();  // the last step would evaluate
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rates.push_back(static_cast<double>(o.steps - 1) / s);
  }
  std::sort(rates.begin(), rates.end());
  const auto& c = *config;
  std::cout << "bench train: " << dataset_name(c.dataset) << ", hidden " << get_field(c, *find_field("hidden"))
            << ", batch " << c.batch_size << ", " << optimizer_name(c.optimizer) << "\n"
            << "  steps/s median " << static_cast<long>(rates[rates.size() / 2]) << " (min "
            << static_cast<long>(rates.front()) << ", max " << static_cast<long>(rates.back()) << ") over "
            << o.repeats << " × " << o.steps << " steps\n";
  return 0;
}

}  // namespace

Command add_bench_command(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand("bench", "Measure training speed");
  cmd->add_option("what", o->what, "What to measure")->check(CLI::IsMember({"train"}));
  cmd->add_option("--preset", o->source.preset, "Preset whose network to time");
  cmd->add_option("--set", o->source.sets, "Override one field: key=value (repeatable)");
  cmd->add_option("--steps", o->steps, "Steps per repeat")->check(CLI::Range(2, 100000000));
  cmd->add_option("--repeats", o->repeats, "Repeats (the median is reported)")->check(CLI::Range(1, 100));
  return [o] { return bench_train(*o); };
}

}  // namespace losslab::cli
