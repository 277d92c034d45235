#include "bench_phenomena.hpp"

#include <chrono>
#include <iomanip>
#include <iostream>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "train/presets.hpp"
#include "train/sweep.hpp"
#include "train/trainer.hpp"

namespace losslab::cli {

int bench_phenomena(const std::string& only_preset, bool json) {
  nlohmann::json rows = nlohmann::json::array();
  bool any = false;
  for (const Preset& p : presets()) {
    if (!p.signature || (!only_preset.empty() && p.name != only_preset)) continue;
    any = true;
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    Signature seen;
    double seen_at = -1;
    int64_t steps = 0;
    size_t runs = 1;
    if (p.is_sweep()) {
      // As the page runs it: one grid point after another on one thread, the curve checked after each.
      std::vector<SweepRun> grid;
      expand_grid(p.config, p.sweep.grid, grid);
      Sweep sweep(std::move(grid), p.sweep.x);
      runs = 0;
      for (size_t i = 0; i < sweep.size() && seen_at < 0; ++i, ++runs) {
        Trainer t(sweep.run(i).config);
        while (t.step() == RunState::running) {
        }
        steps += t.steps_done();
        sweep.record(i, sweep_outcome(t));
        if ((seen = p.signature(sweep.curve(), p.config)).reached) seen_at = seconds();
      }
    } else {
      Trainer t(p.config);
      size_t evaluations = 0;
      while (t.step() == RunState::running || seen_at < 0) {
        const Series* s = t.history().find("test_loss");
        if (s && s->step.size() != evaluations) {  // a new evaluation: look again
          evaluations = s->step.size();
          if (seen_at < 0 && (seen = p.signature(t.history(), p.config)).reached) seen_at = seconds();
        }
        if (t.state() != RunState::running) break;
      }
      steps = t.steps_done();
    }
    const double total = seconds();
    const std::string at = p.is_sweep() ? std::string(p.sweep.x) + " " : std::string("step ");
    rows.push_back({{"preset", p.name}, {"reached", seen.reached}, {"step", seen.step},
                    {"seconds_to_signature", seen_at}, {"steps", steps}, {"runs", runs}, {"seconds", total},
                    {"what", seen.text}});
    if (!json)
      std::cout << std::left << std::setw(34) << p.name << std::right << std::fixed << std::setprecision(2)
                << (seen.reached ? "signature at " + at + std::to_string(seen.step) + " after " : "no signature; ")
                << (seen.reached ? seen_at : total) << " s; " << steps << " steps" << (runs > 1 ? " over " + std::to_string(runs) + " runs" : "")
                << " in " << total << " s\n    " << seen.text << "\n";
  }
  if (!any) {
    std::cerr << "losslab: no phenomenon preset named '" << only_preset << "'\n";
    return kExitBadInput;
  }
  if (json) std::cout << rows.dump(2) << "\n";
  return 0;
}

}  // namespace losslab::cli
