#include "sweep_state.hpp"

namespace losslab::ui {

bool start_sweep(AppState& app, const Preset& preset) { return start_sweep(app, preset, preset.config); }

bool start_sweep(AppState& app, const Preset& preset, const RunConfig& base) {
  std::vector<SweepRun> runs;
  if (!expand_grid(base, preset.sweep.grid, runs).empty() || runs.empty()) return false;
  app.sweep = std::make_unique<Sweep>(std::move(runs), preset.sweep.x);
  app.sweep_base = base;
  app.sweep_run = 0;
  app.sweep_stopped = false;
  start_run(app, app.sweep->run(0).config, RunStart::sweep);
  return true;
}

void advance_sweep(AppState& app) {
  if (!app.sweep || app.sweep_stopped || !app.trainer || app.trainer->state() == RunState::running) return;
  Sweep& sweep = *app.sweep;
  if (!sweep.outcomes()[app.sweep_run]) sweep.record(app.sweep_run, sweep_outcome(*app.trainer));
  const size_t next = sweep.next();
  if (next >= sweep.size()) return;  // done: the last run stays on screen
  app.sweep_run = next;
  start_run(app, sweep.run(next).config, RunStart::sweep);
}

const RunConfig& linked_config(const AppState& app) {
  return app.sweep && !app.sweep_stopped ? app.sweep_base : app.config;
}

Signature current_signature(const AppState& app, const Preset& preset) {
  if (!preset.signature) return {};
  if (preset.is_sweep()) return app.sweep ? preset.signature(app.sweep->curve(), preset.config) : Signature{};
  return app.trainer ? preset.signature(app.trainer->history(), app.trainer->config()) : Signature{};
}

}  // namespace losslab::ui
