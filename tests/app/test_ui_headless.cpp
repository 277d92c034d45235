// The whole UI, drawn by Dear ImGui with no window and no GPU (a "null backend"): every panel for a few
// hundred frames while the run trains, plus the inputs a user gives (preset switch, live and restarting
// config changes). Catches crashes, ImGui assertion failures and UI code that stops the run.
#include <catch2/catch.hpp>

#include <imgui.h>

#include "app.hpp"
#include "core/diverging_config.hpp"
#include "train/presets.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

struct HeadlessImGui {
  HeadlessImGui() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    init_ui();  // builds the font atlas; no texture upload needed
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }

  // One frame at time `now`, optionally with the mouse at `mouse`.
  void frame(AppState& app, double now, ImVec2 mouse = ImVec2(-1, -1)) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = mouse;
    ImGui::NewFrame();
    draw_app(app, now);
    ImGui::Render();
    train_after_frame(app, now);
  }
};

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
