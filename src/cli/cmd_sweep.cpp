// `losslab sweep`: a grid of runs over one base config, in parallel across cores. Writes one History CSV
// per run (run_<i>.csv), summary.csv (one row per run: its settings, state and final values) and
// curve.csv (the final values against the sweep's x, the mean over runs that share it). A sweep preset
// (double-descent-width, scaling-width) brings its own grid and x; --grid replaces the grid.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include "commands.hpp"
#include "config_input.hpp"
#include "train/presets.hpp"
#include "train/sweep.hpp"
#include "train/trainer.hpp"

namespace losslab::cli {
namespace {

struct SweepOptions {
  ConfigSource source;
  std::vector<std::string> grid;  // --grid key=v1,v2,…
  std::string x;                  // --x: "params" or a grid key
  int64_t steps = 0;
  std::string out;
  unsigned jobs = 0;              // 0: one per core
  bool quiet = false;
};

bool write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out.flush());
}

// The curve's CSV: the History's, with the step column named for what it is.
std::string curve_csv(const Sweep& sweep) {
  std::string csv = sweep.curve().to_csv();
  const size_t comma = csv.find_first_of(",\n");
  if (comma != std::string::npos) csv.replace(0, comma, std::string(sweep.x_name()));
  return csv;
}

int run(const SweepOptions& o) {
  ConfigSource source = o.source;
  if (o.steps > 0) source.sets.push_back("steps=" + std::to_string(o.steps));
  const auto base = load_config(source);
  if (!base) return kExitBadInput;

  const Preset* preset = o.source.preset.empty() ? nullptr : find_preset(o.source.preset);
  std::vector<SweepAxis> grid;
  for (const std::string& text : o.grid) {
    SweepAxis axis;
    if (const auto e = parse_grid_axis(text, axis)) {
      std::cerr << "losslab: --grid " << e->field << ": " << e->message << "\n";
      return kExitBadInput;
    }
    grid.push_back(std::move(axis));
  }
  if (grid.empty() && preset && preset->is_sweep()) grid = preset->sweep.grid;
  if (grid.empty()) {
    std::cerr << "losslab: --grid: give at least one key=value1,value2,… (or a sweep preset)\n";
    return kExitBadInput;
  }
  std::string x = o.x;
  if (x.empty()) x = preset && preset->is_sweep() && o.grid.empty() ? std::string(preset->sweep.x) : "params";
  if (x != "params" && x != "run" && std::none_of(grid.begin(), grid.end(), [&](const SweepAxis& a) { return a.key == x; })) {
    std::cerr << "losslab: --x: '" << x << "' must be params, run or one of the grid's keys\n";
    return kExitBadInput;
  }
  std::vector<SweepRun> runs;
  const auto errors = expand_grid(*base, grid, runs);
  for (const ConfigError& e : errors) std::cerr << "losslab: " << e.field << ": " << e.message << "\n";
  if (!errors.empty()) return kExitBadInput;

  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec || !std::filesystem::is_directory(o.out)) {
    std::cerr << "losslab: --out: cannot create the directory '" << o.out << "'\n";
    return kExitOutput;
  }

  Sweep sweep(std::move(runs), x);
  const auto start = std::chrono::steady_clock::now();
  std::mutex mutex;  // guards the sweep's outcomes, the output files' status and the progress lines
  bool write_failed = false;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next++) < sweep.size();) {
      Trainer trainer(sweep.run(i).config);
      while (trainer.step() == RunState::running) {
      }
      const bool wrote = write_file(std::filesystem::path(o.out) / ("run_" + std::to_string(i) + ".csv"),
                                    trainer.history().to_csv());
      std::lock_guard lock(mutex);
      write_failed |= !wrote;
      sweep.record(i, sweep_outcome(trainer));
      if (!o.quiet) {
        const SweepOutcome& out = *sweep.outcomes()[i];
        std::cout << "[" << sweep.finished() << "/" << sweep.size() << "] " << sweep.run(i).label() << ": "
                  << run_state_name(out.state) << " after " << out.steps << " steps";
        if (out.state == RunState::diverged) std::cout << " (" << out.message << ")";
        for (const char* name : {"test_loss", "test_acc", "test_mse"})
          if (const double v = out.final_value(name); !std::isnan(v)) std::cout << ", " << name << " " << v;
        std::cout << std::endl;
      }
    }
  };
#ifdef __EMSCRIPTEN__
  const unsigned jobs = 1;  // the node build has no threads
#else
  const unsigned jobs = std::max(1u, std::min<unsigned>(o.jobs ? o.jobs : std::thread::hardware_concurrency(),
                                                       static_cast<unsigned>(sweep.size())));
#endif
  if (jobs == 1) {
    worker();
  } else {
    std::vector<std::thread> threads;
    for (unsigned j = 0; j < jobs; ++j) threads.emplace_back(worker);
    for (std::thread& t : threads) t.join();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const std::filesystem::path dir(o.out);
  if (write_failed || !write_file(dir / "summary.csv", sweep_summary_csv(sweep)) ||
      !write_file(dir / "curve.csv", curve_csv(sweep))) {
    std::cerr << "losslab: --out: cannot write into '" << o.out << "'\n";
    return kExitOutput;
  }
  if (!o.quiet) {
    std::cout << sweep.size() << " runs in " << seconds << " s on " << jobs << " thread" << (jobs > 1 ? "s" : "")
              << "; wrote " << (dir / "summary.csv").string() << ", curve.csv and run_<i>.csv\n";
    if (preset && preset->is_sweep() && preset->signature && o.grid.empty()) {
      const Signature seen = preset->signature(sweep.curve(), *base);
      std::cout << (seen.reached ? "signature: " : "no signature: ") << seen.text << "\n";
    }
  }
  const bool any_diverged = std::any_of(sweep.outcomes().begin(), sweep.outcomes().end(),
                                        [](const auto& out) { return out && out->state == RunState::diverged; });
  return any_diverged ? kExitDiverged : 0;
}

}  // namespace

Command add_sweep_command(CLI::App& app) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* cmd = app.add_subcommand("sweep", "Train a grid of runs (in parallel) and write a CSV per run plus a summary");
  add_config_options(cmd, options->source);
  cmd->add_option("--grid", options->grid,
                  "Sweep one field: key=v1,v2,… (repeatable: the grid is the product; a list field takes "
                  "'/' between its elements, e.g. hidden=8/8,16/16)");
  cmd->add_option("--x", options->x, "The curve's x: params (default), run (the run's number) or an integer grid key");
  cmd->add_option("--steps", options->steps, "Run length in steps (overrides the config)")->check(CLI::PositiveNumber);
  cmd->add_option("--jobs,-j", options->jobs, "Runs at once (default: one per core)")->check(CLI::Range(1, 256));
  cmd->add_option("--out", options->out, "Output directory (created if missing)")->required();
  cmd->add_flag("--quiet,-q", options->quiet, "Print nothing on success");
  return [options] { return run(*options); };
}

}  // namespace losslab::cli
