#include "app_state.hpp"

#include <algorithm>
#include <chrono>

#include "sweep_state.hpp"
#include "train/presets.hpp"

namespace losslab::ui {

std::string_view status_label(const AppState& app) {
  const RunState state = app.trainer->state();
  return state == RunState::running && !app.playing ? "paused" : run_state_name(state);
}

void start_run(AppState& app, const RunConfig& config, RunStart why) {
  retire_live_run(app, why);
  app.config = config;
  app.trainer = std::make_unique<Trainer>(config);
  name_live_run(app, why);
  app.trainer->set_fused_device(app.fused_device);
  // A token language has no plane to draw: show its head instead of an empty boundary.
  if (dataset_info(config.dataset).language && app.view == View::boundary) {
    app.view = View::head;
    app.view_requested = true;
  }
  ++app.run;
  app.step_credit = 0;
  app.errors.clear();
}

std::vector<ConfigError> change_config(AppState& app, const RunConfig& next) {
  app.errors = validate(next);
  if (!app.errors.empty()) return app.errors;
  if (next == app.config) return {};
  if (app.sweep) app.sweep_stopped = true;  // the runs after this one would no longer be the grid's
  if (app.trainer && app.trainer->apply_live(next)) {
    app.config = next;
    app.notice.clear();
  } else {
    start_run(app, next);
    app.notice = "restarted: the data, the model or the seed changed";
  }
  app.preset.clear();
  return {};
}

bool load_preset(AppState& app, std::string_view name) {
  const Preset* p = find_preset(name);
  if (!p || p->cli_only) return false;  // too heavy for a frame's slice: `losslab run` runs it
  app.sweep.reset();
  if (p->is_sweep()) {
    if (!start_sweep(app, *p)) return false;
  } else {
    start_run(app, p->config, RunStart::preset);
  }
  app.preset = std::string(name);
  app.link_preset = app.preset;
  app.notice.clear();
  show_preset_views(app, *p);
  return true;
}

void show_preset_views(AppState& app, const Preset& p) {
  // A phenomenon brings the pictures that tell its story.
  if (!p.plots.empty()) {
    app.plots_shown.fill(false);
    for (std::string_view plot : p.plots)
      if (const auto which = metric_plot_from_name(plot)) app.plots_shown[static_cast<size_t>(*which)] = true;
  }
  if (const auto view = view_from_name(p.view)) {
    app.view = *view;
    app.view_requested = true;
  }
  if (p.phenomenon()) app.log_x = p.log_steps;
}

int64_t train_slice(AppState& app, double dt_seconds) {
  if (app.playing) advance_sweep(app);  // a sweep's run that ended gives way to the next grid point
  if (!app.playing || !app.trainer || app.trainer->state() != RunState::running) {
    app.step_credit = 0;
    return 0;
  }
  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::duration<double, std::milli>(app.train_budget_ms);
  int64_t wanted = INT64_MAX;
  if (app.speed > 0) {
    // Credit at most a tenth of a second of steps, so a stalled tab does not come back with a burst.
    app.step_credit = std::min(app.step_credit + app.speed * dt_seconds, app.speed * 0.1 + 1);
    wanted = static_cast<int64_t>(app.step_credit);
  }
  int64_t done = 0;
  Trainer& t = *app.trainer;
  // Steps between clock reads: a toy's step is ~0.1–1 ms and a clock read is cheap; a token model's step
  // can take 50 ms or more, and so can a full-batch step over thousands of features (benign overfitting:
  // 200 × 10,000 inputs, ~100 ms in wasm), so their clock is read after every one.
  const bool heavy_step = forward_cost(t.config()) * t.config().batch_size >= 1e7;
  const int kChunk = t.token_model() || heavy_step ? 1 : 4;
  // A step waiting for the GPU ends the slice: the result is polled again next frame, never waited for.
  // (The first call polls a step left pending by the last frame.)
  bool waiting = false;
  while (!waiting && done < wanted && t.state() == RunState::running && clock::now() < deadline)
    for (int i = 0; i < kChunk && done < wanted && t.state() == RunState::running; ++i) {
      t.step();
      if ((waiting = t.waiting())) break;
      ++done;
    }
  if (app.speed > 0) app.step_credit -= static_cast<double>(std::min(done, wanted));
  if (app.trainer->state() == RunState::diverged) app.playing = false;
  return done;
}

bool record_frame(Meters& m, double now, int64_t steps, double work_ms, double train_ms) {
  if (m.window_start < 0) m.window_start = now;
  m.window_steps += steps;
  m.window_frames += 1;
  m.window_work += work_ms;
  m.window_train += train_ms;
  const double elapsed = now - m.window_start;
  if (elapsed < 0.5) return false;
  m.steps_per_s = static_cast<double>(m.window_steps) / elapsed;
  m.fps = m.window_frames / elapsed;
  m.frame_ms = 1000.0 * elapsed / m.window_frames;
  m.work_ms = m.window_work / m.window_frames;
  m.train_ms = m.window_train / m.window_frames;
  m.window_start = now;
  m.window_steps = 0;
  m.window_frames = 0;
  m.window_work = m.window_train = 0;
  return true;
}

void adapt_budget(AppState& app) {
  if (!app.playing) return;
  const Meters& m = app.meters;
  const double other_ms = m.work_ms - m.train_ms;  // drawing the UI
  if (m.frame_ms > app.target_frame_ms + 3.0)       // below ~30 fps: give the time back at once
    app.train_budget_ms *= 0.75;
  else                                              // else fill the frame, leaving room for the UI
    app.train_budget_ms += 0.5 * (app.target_frame_ms - 6.0 - other_ms - m.train_ms);
  app.train_budget_ms = std::clamp(app.train_budget_ms, 2.0, app.target_frame_ms - 6.0);
}

}  // namespace losslab::ui
