// The whole UI, drawn by Dear ImGui with no window and no GPU (a "null backend"): every panel for a few
// hundred frames while the run trains, plus the inputs a user gives (preset switch, live and restarting
// config changes). Catches crashes, ImGui assertion failures and UI code that stops the run.
#include <catch2/catch.hpp>

#include <imgui.h>

#include "app.hpp"
#include "app/headless_app.hpp"
#include "core/diverging_config.hpp"
#include "core/fake_fused_device.hpp"
#include "sweep_state.hpp"
#include "train/presets.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

// Whether UTF-8 text has only code points below 256.
bool latin1_only(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) continue;
    if ((c & 0xE0) != 0xC0 || c > 0xC3) return false;  // two bytes and at most U+00FF
    ++i;
  }
  return true;
}

}  // namespace

TEST_CASE("the UI draws every panel while the run trains") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "spirals"));
  RunConfig longer = app.config;
  longer.steps = 1000000;  // still running when the meters are read
  REQUIRE(change_config(app, longer).empty());
  app.speed = 0;  // as fast as the budget allows
  double now = 0;
  for (int i = 0; i < 120; ++i) gui.frame(app, now += 1.0 / 60);
  CHECK(app.trainer->state() == RunState::running);
  CHECK(app.trainer->steps_done() > 0);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
  CHECK(app.meters.fps > 0);
  CHECK(app.meters.steps_per_s > 0);
  // Hovering the boundary and the plots shows read-outs without trouble.
  for (float x : {500.0f, 900.0f, 1100.0f}) gui.frame(app, now += 1.0 / 60, ImVec2(x, 300));
}

TEST_CASE("every view and every metrics plot draws on a noisy run and on modular arithmetic") {
  HeadlessImGui gui;
  AppState app;
  RunConfig noisy = find_preset("spirals")->config;
  noisy.label_noise = LabelNoise::symmetric;
  noisy.noise_rate = 0.3;
  noisy.metrics_every = 20;
  noisy.steps = 1000000;  // still running at the end
  RunConfig modular;
  modular.dataset = DatasetKind::modular;
  modular.modulus = 13;
  modular.batch_size = 32;
  modular.metrics_every = 20;
  modular.steps = 1000000;
  app.plots_shown.fill(true);
  for (const RunConfig& config : {noisy, modular}) {
    start_run(app, config);
    app.speed = 0;
    double now = 0;
    for (int i = 0; i < 30; ++i) gui.frame(app, now += 1.0 / 60);
    REQUIRE(app.trainer->instruments().step > 0);
    for (const ViewSpec& v : kViews) {
      app.view = v.view;
      app.view_requested = true;
      // The tab switches on the next frame; then the mouse sweeps the view and the plots (read-outs,
      // bin and cell tooltips).
      for (float x = 360; x < 1280; x += 80) gui.frame(app, now += 1.0 / 60, ImVec2(x, 300));
      INFO(v.name);
      CHECK(app.view == v.view);
      CHECK(ImGui::GetDrawData()->TotalVtxCount > 1000);
    }
    for (Recalibration r : kRecalibrations) {
      app.recalibration = r;
      app.view = View::reliability;
      app.view_requested = true;
      gui.frame(app, now += 1.0 / 60, ImVec2(600, 300));
    }
    CHECK(app.trainer->state() == RunState::running);
  }
}

TEST_CASE("config changes from the UI apply live or restart the run") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  app.speed = 0;
  double now = 0;
  for (int i = 0; i < 10; ++i) gui.frame(app, now += 1.0 / 60);
  const Trainer* before = app.trainer.get();
  const int64_t steps = before->steps_done();
  REQUIRE(steps > 0);

  RunConfig next = app.config;
  next.lr = 0.002f;  // live: same trainer, event recorded
  CHECK(change_config(app, next).empty());
  CHECK(app.trainer.get() == before);
  CHECK_FALSE(app.trainer->history().events().empty());

  next.dataset = DatasetKind::circles;  // structural: a fresh run
  CHECK(change_config(app, next).empty());
  CHECK(app.trainer.get() != before);
  CHECK(app.trainer->steps_done() == 0);
  CHECK_FALSE(app.notice.empty());

  next.batch_size = 100000;  // invalid: nothing changes, the error is shown
  const Trainer* current = app.trainer.get();
  CHECK_FALSE(change_config(app, next).empty());
  CHECK(app.trainer.get() == current);
  REQUIRE_FALSE(app.errors.empty());
  for (const ConfigError& e : app.errors) CHECK(e.field == "batch_size");
  for (int i = 0; i < 5; ++i) gui.frame(app, now += 1.0 / 60);
}

TEST_CASE("a sweep runs its grid point by point in the frames and a hand edit stops it") {
  HeadlessImGui gui;
  AppState app;
  Preset p = *find_preset("double-descent-width");  // its shape, at a size a UI test can finish
  p.config.steps = 30;
  p.config.eval_every = 10;
  p.sweep.grid = {{"hidden", {"4", "2", "8"}}};
  REQUIRE(start_sweep(app, p));
  app.preset = std::string(p.name);
  app.view = View::sweep;
  app.view_requested = true;
  app.speed = 0;
  double now = 0;
  const int64_t first_run = app.run;
  for (int i = 0; i < 3000 && app.sweep->finished() < 2; ++i) gui.frame(app, now += 1.0 / 60);
  REQUIRE(app.sweep->finished() == 2);
  CHECK(app.run == first_run + 2);  // each grid point is a run of its own
  CHECK(app.sweep_run == 2);
  CHECK(app.config.hidden == std::vector<int>{8});
  CHECK(app.view == View::sweep);
  // The curve is sorted by width whatever the grid's order, one point per finished run.
  const Series* error = app.sweep->curve().find("test_error");
  REQUIRE(error != nullptr);
  CHECK(error->step == std::vector<int64_t>{2, 4});

  RunConfig next = app.config;
  next.lr = 0.002f;  // by hand: this run goes on, no further grid point starts
  CHECK(change_config(app, next).empty());
  CHECK(app.sweep_stopped);
  for (int i = 0; i < 3000 && app.trainer->state() == RunState::running; ++i) gui.frame(app, now += 1.0 / 60);
  for (int i = 0; i < 5; ++i) gui.frame(app, now += 1.0 / 60);
  CHECK(app.sweep->finished() == 2);
  CHECK(app.sweep_run == 2);
}

TEST_CASE("the speed limit bounds the steps taken per frame") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "spirals"));
  app.speed = 600;  // 10 steps per 60-Hz frame
  app.target_frame_ms = 1e4;  // a frame-rate target no build misses, so the time budget never binds
  app.train_budget_ms = 1e3;  // (the sanitizer build draws a frame in tens of ms): only the speed limit
  double now = 0;
  for (int i = 0; i < 60; ++i) gui.frame(app, now += 1.0 / 60);
  CHECK(app.trainer->steps_done() >= 590);
  CHECK(app.trainer->steps_done() <= 610);
  app.playing = false;
  const int64_t paused_at = app.trainer->steps_done();
  for (int i = 0; i < 10; ++i) gui.frame(app, now += 1.0 / 60);
  CHECK(app.trainer->steps_done() == paused_at);
}

TEST_CASE("a diverging run pauses and the UI keeps drawing") {
  HeadlessImGui gui;
  AppState app;
  start_run(app, testing::diverging_config());
  app.speed = 0;
  double now = 0;
  app.target_frame_ms = 1e4;  // steps bounded by the run, not by how fast this build draws
  for (int i = 0; i < 2000 && app.trainer->state() == RunState::running; ++i) gui.frame(app, now += 1.0 / 60);
  REQUIRE(app.trainer->state() == RunState::diverged);
  CHECK_FALSE(app.playing);
  for (int i = 0; i < 5; ++i) gui.frame(app, now += 1.0 / 60);
  CHECK_FALSE(app.trainer->history().find("test_acc")->value.empty());
}

TEST_CASE("a token language run shows its fused head and the entropy floor while it trains") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "token-lm-64k"));
  // The head view replaces the boundary, which a token language does not have.
  CHECK(app.view == View::head);
  RunConfig small = app.config;  // the preset's model, at a vocabulary the test can afford
  small.vocab = 2048;
  small.eval_every = 5;
  REQUIRE(change_config(app, small).empty());
  app.speed = 0;
  app.plots_shown.fill(true);
  double now = 0;
  for (int i = 0; i < 40; ++i) gui.frame(app, now += 1.0 / 60, ImVec2(700 + 10.0f * static_cast<float>(i % 20), 300));
  const Trainer& t = *app.trainer;
  CHECK(t.steps_done() > 5);
  CHECK(t.fused_head().backend_in_use() == "blockwise");  // no device here: auto is the CPU
  CHECK(t.fused_head().bytes_held() > 0);
  CHECK(t.fused_head().bytes_held() < 2 * naive_logit_bytes(small.batch_size, small.vocab));
  CHECK(t.history().find("loss_floor"));
  for (const ViewSpec& v : kViews) {
    app.view = v.view;
    app.view_requested = true;
    for (float x = 360; x < 1280; x += 160) gui.frame(app, now += 1.0 / 60, ImVec2(x, 300));
    INFO(v.name);
    CHECK(app.view == v.view);
  }
  CHECK(t.state() == RunState::running);
}

TEST_CASE("every phenomenon loads from the menu with its plots its view and its what-to-watch text") {
  HeadlessImGui gui;
  AppState app;
  int phenomena = 0;
  for (const Preset& p : presets()) {
    if (!p.phenomenon()) continue;
    ++phenomena;
    INFO(p.name);
    CHECK_FALSE(p.citation.empty());
    // The UI's font (Dear ImGui's default) has Latin-1 glyphs only: anything else would show as '?'.
    for (std::string_view text : {p.title, p.description, p.watch, p.citation}) {
      INFO(text);
      CHECK(latin1_only(text));
    }
    if (p.cli_only) {  // too heavy for the page: refused, the run that was there goes on
      CHECK_FALSE(load_preset(app, p.name));
      continue;
    }
    REQUIRE(load_preset(app, p.name));
    CHECK(app.preset == p.name);
    if (p.is_sweep()) {  // a sweep starts at its first grid point
      REQUIRE(app.sweep);
      CHECK(app.config == app.sweep->run(0).config);
    } else {
      CHECK(app.config == p.config);
      CHECK_FALSE(app.sweep);
    }
    for (std::string_view plot : p.plots) {
      const auto which = metric_plot_from_name(plot);
      REQUIRE(which);
      CHECK(app.plots_shown[static_cast<size_t>(*which)]);
    }
    if (!p.plots.empty()) {
      size_t shown = 0;
      for (bool on : app.plots_shown) shown += on;
      CHECK(shown == p.plots.size());
    }
    if (!p.view.empty()) REQUIRE(view_from_name(p.view));
    CHECK(app.log_x == p.log_steps);
    app.speed = 0;
    double now = 0;
    // A few frames; a token model first spreads its step-0 evaluation over frames (longer under the
    // sanitizers), so keep going until it trains.
    for (int i = 0; i < 5 || (app.trainer->steps_done() == 0 && i < 2000); ++i) gui.frame(app, now += 1.0 / 60);
    if (!p.view.empty()) CHECK(app.view == *view_from_name(p.view));
    CHECK(app.trainer->steps_done() > 0);
  }
  CHECK(phenomena >= 1);
}

TEST_CASE("with a GPU device a frame ends at a step waiting for it and counts only finished steps") {
  HeadlessImGui gui;
  AppState app;
  FakeDevice device;
  device.polls_pending = 0;  // the result is there on the next frame's poll
  app.fused_device = &device;
  RunConfig c = find_preset("token-lm-64k")->config;
  c.vocab = 512;
  c.n_test = 64;
  c.fused_backend = FusedBackendChoice::webgpu;
  c.steps = 100000;
  start_run(app, c);
  app.speed = 0;
  double now = 0;
  while (app.trainer->evaluating()) gui.frame(app, now += 1.0 / 60);  // the step-0 evaluation first
  // Up to 400 frames for 15 steps: a frame whose time budget is spent (a loaded machine, the
  // sanitizers) may end without a step, but none may take two.
  for (int i = 0; i < 400 && app.trainer->steps_done() < 15; ++i) {
    const int64_t before = app.trainer->steps_done();
    const int polls = device.polls;
    gui.frame(app, now += 1.0 / 60);
    INFO("frame " << i);
    // Each frame: the poll finishes the step submitted last frame, the next step is submitted, and the
    // frame ends there instead of spinning on the device (or earlier, when its time budget is spent).
    CHECK(device.polls - polls <= 1);
    CHECK(app.trainer->steps_done() - before <= 1);
    CHECK(device.misuses == 0);
  }
  CHECK(app.trainer->steps_done() >= 15);
  // Every finished step was submitted once, and at most one more is in flight: a frame whose budget runs
  // out right after a poll finishes a step ends before submitting the next (slow machines, sanitizers).
  CHECK(device.submissions >= app.trainer->steps_done());
  CHECK(device.submissions <= app.trainer->steps_done() + 1);
  CHECK(app.trainer->fused_head().backend_in_use() == "webgpu");
  app.fused_device = nullptr;
  start_run(app, find_preset("spirals")->config);  // the device outlives no run that points at it
}
