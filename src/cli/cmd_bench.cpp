// `losslab bench train`: optimizer steps per second of a preset's network, the number docs/BENCHMARKS.md
// reports. Evaluation and the instruments are excluded (they run only at the end), so this is the cost
// of one training step: batch gather, forward, loss, backward, optimizer update. Median of several repeats.
//
// `losslab bench instruments`: the share of a run's time the instruments take at their automatic cadence
// (the target is kInstrumentTimeShare): the same steps timed with the instruments on that cadence and
// with them off, median of several repeats each.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "bench_fused_ce.hpp"
#include "bench_phenomena.hpp"
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

// Seconds for steps 1 … steps−1 of a run (the last step would evaluate and measure).
double time_steps(const RunConfig& config, int64_t steps) {
  Trainer t(config);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t i = 0; i + 1 < steps; ++i) t.step();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The config with the evaluation and the instruments moved to the run's last step.
std::optional<RunConfig> quiet_config(const BenchOptions& o) {
  ConfigSource source = o.source;
  const std::string every = std::to_string(std::min<int64_t>(o.steps, 1000000));
  source.sets.push_back("steps=" + std::to_string(o.steps));
  source.sets.push_back("eval_every=" + every);
  source.sets.push_back("metrics_every=" + every);
  return load_config(source);
}

int bench_instruments(const BenchOptions& o) {
  const auto quiet = quiet_config(o);
  if (!quiet) return kExitBadInput;
  RunConfig measured = *quiet;
  measured.metrics_every = 0;  // automatic
  const int64_t every = metrics_cadence(measured);
  std::vector<double> with, without;
  for (int r = 0; r < o.repeats; ++r) {
    with.push_back(time_steps(measured, o.steps));
    without.push_back(time_steps(*quiet, o.steps));
  }
  const double t_with = median(with), t_without = median(without);
  const int64_t measurements = (o.steps - 1) / every;
  const double share = (t_with - t_without) / t_with;
  std::cout << "bench instruments: " << dataset_name(quiet->dataset) << ", hidden "
            << get_field(*quiet, *find_field("hidden")) << ", batch " << quiet->batch_size << "\n"
            << "  automatic cadence every " << every << " steps: " << measurements << " measurements in "
            << o.steps - 1 << " steps\n"
            << "  " << 1000 * (t_with - t_without) / static_cast<double>(std::max<int64_t>(measurements, 1))
            << " ms per measurement; " << 100 * share << " % of the run's time (target at most "
            << 100 * kInstrumentTimeShare << " %; estimate "
            << 100 * instrument_cost(measured) /
                   (instrument_cost(measured) + static_cast<double>(every) * step_cost(measured))
            << " %)\n";
  return 0;
}

int bench_train(const BenchOptions& o) {
  const auto config = quiet_config(o);
  if (!config) return kExitBadInput;
  std::vector<double> rates;
  for (int r = 0; r < o.repeats; ++r) rates.push_back(static_cast<double>(o.steps - 1) / time_steps(*config, o.steps));
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
  auto f = std::make_shared<FusedCeBenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "Measure training speed, the instruments' share of it, the fused cross-entropy, or the phenomena's "
               "time to their signature");
  cmd->add_option("what", o->what,
                  "train: steps per second; instruments: their share of a run's time; fused-ce: one "
                  "forward+backward; phenomena: seconds until each phenomenon's signature shows")
      ->check(CLI::IsMember({"train", "instruments", "fused-ce", "phenomena"}));
  cmd->add_option("--n", f->n, "fused-ce: rows (tokens) N")->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--d", f->d, "fused-ce: hidden size d")->check(CLI::Range(1, 16384));
  cmd->add_option("--v", f->v, "fused-ce: vocabulary size V")->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--backend", f->backend, "fused-ce: naive or blockwise");
  cmd->add_option("--threshold", f->threshold, "fused-ce: blockwise filter threshold (0 = exact)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--weight-scale", f->weight_scale, "fused-ce: std of the classifier's entries")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--row-block", f->row_block, "fused-ce: blockwise tile rows")->check(CLI::Range(1, 65536));
  cmd->add_option("--vocab-block", f->vocab_block, "fused-ce: blockwise tile vocabulary entries")
      ->check(CLI::Range(1, 65536));
  cmd->add_flag("--json", f->json, "fused-ce, phenomena: JSON instead of text");
  cmd->add_option("--preset", o->source.preset, "Preset whose network to time (phenomena: only this one)");
  cmd->add_option("--set", o->source.sets, "Override one field: key=value (repeatable)");
  cmd->add_option("--steps", o->steps, "Steps per repeat")->check(CLI::Range(2, 100000000));
  cmd->add_option("--repeats", o->repeats, "Repeats (the median is reported)")->check(CLI::Range(1, 100));
  return [o, f, cmd] {
    if (o->what == "phenomena") return bench_phenomena(cmd->count("--preset") ? o->source.preset : "", f->json);
    if (o->what == "fused-ce") {
      f->repeats = o->repeats;
      return bench_fused_ce(*f);
    }
    return o->what == "instruments" ? bench_instruments(*o) : bench_train(*o);
  };
}

}  // namespace losslab::cli
