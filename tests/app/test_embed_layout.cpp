// Figure mode (embed_layout.hpp), drawn headless at the size of an embedded figure: only the plots the
// link chose and the bar, the plots fit without a scroll bar, and the bar's buttons play, pause, reset
// and open the full page on the figure's link. Also the short plot names a link may use.
#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>

#include <string>

#include "app.hpp"
#include "app/headless_app.hpp"
#include "link_state.hpp"
#include "train/presets.hpp"
#include "views.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

// The whole app headless, the size of a figure in a page, with its own clock.
struct HeadlessFigure {
  explicit HeadlessFigure(ImVec2 size) : gui(size) {}

  void frame(AppState& app, ImVec2 mouse = ImVec2(-1, -1), bool down = false) { gui.frame(app, now += 1.0 / 60, mouse, down); }

  // A click: pressed on one frame, released on the next (a Dear ImGui button fires on release).
  void click(AppState& app, ImVec2 at) {
    frame(app, at, true);
    frame(app, at, false);
  }

  HeadlessImGui gui;
  double now = 0;
};

ImGuiID id_in_window(const char* window, const char* label) {
  const ImGuiWindow* w = ImGui::FindWindowByName(window);
  REQUIRE(w != nullptr);
  return ImHashStr(label, 0, w->ID);
}

// Where on the bar's line the item `label` of the figure's window is: the mouse sweeps the line and
// Dear ImGui says which item it hovers.
ImVec2 find_on_bar(HeadlessFigure& gui, AppState& app, const char* label) {
  const float y = ImGui::GetFrameHeight() * 0.5f + 2;
  for (float x = 1; x < ImGui::GetIO().DisplaySize.x; x += 2) {
    gui.frame(app, ImVec2(x, y));
    if (ImGui::GetCurrentContext()->HoveredId == id_in_window("Figure", label)) return ImVec2(x, y);
  }
  FAIL("no item '" << label << "' on the figure's bar");
  return ImVec2(-1, -1);
}

}  // namespace

TEST_CASE("short plot names in a link name the same plots") {
  CHECK(metric_plot_from_name("acc") == MetricPlot::accuracy);
  CHECK(metric_plot_from_name("weightnorm") == MetricPlot::weight_norm);
  CHECK(metric_plot_from_name("ece") == MetricPlot::calibration);
  CHECK(metric_plot_from_name("memo") == MetricPlot::memorization);
  CHECK(metric_plot_from_name("nc") == MetricPlot::collapse);
  CHECK(metric_plot_from_name("accuracy") == MetricPlot::accuracy);
  CHECK_FALSE(metric_plot_from_name("accuracies"));
  // Every plot's own name still names it.
  for (const MetricPlotSpec& p : kMetricPlots) CHECK(metric_plot_from_name(p.name) == p.plot);

  AppState app;
  REQUIRE(load_preset(app, "spirals"));
  CHECK(load_link(app, "preset=grokking-modadd&plots=acc,weightnorm").empty());
  MetricPlotVisibility expected{};
  expected[static_cast<size_t>(MetricPlot::accuracy)] = true;
  expected[static_cast<size_t>(MetricPlot::weight_norm)] = true;
  CHECK(app.plots_shown == expected);
  // The link the app writes back uses the full names.
  CHECK_THAT(link_query(app), Catch::EndsWith("&plots=accuracy,weight_norm"));
}

TEST_CASE("figure mode draws only the chosen plots and its bar and two plots fit 360 pixels") {
  HeadlessFigure gui(ImVec2(560, 360));
  AppState app;
  app.embed = true;
  REQUIRE(load_preset(app, "spirals"));
  REQUIRE(load_link(app, "preset=grokking-modadd&plots=acc,weightnorm").empty());
  for (int i = 0; i < 40; ++i) gui.frame(app);
  CHECK(app.trainer->steps_done() > 0);
  CHECK(ImGui::GetDrawData()->TotalVtxCount > 500);

  // One window (and its plots' child), none of the full page's panels.
  int windows = 0, plots_children = 0;
  for (const ImGuiWindow* w : ImGui::GetCurrentContext()->Windows) {
    const std::string name = w->Name;
    if (!w->Active || name.starts_with("Debug##") || name.starts_with("##Tooltip")) continue;
    ++windows;
    INFO(name);
    CHECK(name.starts_with("Figure"));
    if (name.starts_with("Figure/plots")) {
      ++plots_children;
      CHECK(w->ScrollMax.y == 0);  // accuracy and weight norm fit without a scroll bar
      CHECK(w->Size.y > 300);      // and take the height below the bar
    }
  }
  CHECK(windows >= 2);
  CHECK(plots_children == 1);
  for (const char* panel : {"Controls", "Views", "Metrics", "Status"}) CHECK(ImGui::FindWindowByName(panel) == nullptr);
}

TEST_CASE("the figure's bar pauses plays resets and opens the full page") {
  HeadlessFigure gui(ImVec2(720, 360));
  AppState app;
  app.embed = true;
  static std::string opened;  // what "Open in LossLab" handed to the page
  opened.clear();
  app.open_full_page = [](const std::string& query) { opened = query; };
  REQUIRE(load_link(app, "preset=robust-losses-noise&plots=acc,memo").empty());
  REQUIRE(app.preset == "robust-losses-noise");
  app.speed = 0;
  for (int i = 0; i < 10; ++i) gui.frame(app);
  REQUIRE(app.playing);
  REQUIRE(app.trainer->steps_done() > 0);

  // Pause: the run stops where it is.
  gui.click(app, find_on_bar(gui, app, "##pause"));
  CHECK_FALSE(app.playing);
  const int64_t paused_at = app.trainer->steps_done();
  for (int i = 0; i < 10; ++i) gui.frame(app);
  CHECK(app.trainer->steps_done() == paused_at);

  // Play: it goes on.
  gui.click(app, find_on_bar(gui, app, "##play"));
  CHECK(app.playing);
  for (int i = 0; i < 10; ++i) gui.frame(app);
  CHECK(app.trainer->steps_done() > paused_at);

  // Reset: a new run of the same config, from step 0.
  const int64_t run = app.run;
  const RunConfig config = app.config;
  gui.click(app, find_on_bar(gui, app, "##reset"));
  CHECK(app.run == run + 1);
  CHECK(app.config == config);
  CHECK(app.trainer->steps_done() < paused_at + 10 * 60);

  // Open in LossLab: the page gets this figure's link, plots included.
  gui.click(app, find_on_bar(gui, app, "Open in LossLab"));
  CHECK(opened == link_query(app));
  CHECK_THAT(opened, Catch::StartsWith("preset=robust-losses-noise") && Catch::Contains("plots=accuracy,memorization"));
}

TEST_CASE("a figure too small for its plots still draws and a finished run plays on") {
  HeadlessFigure gui(ImVec2(300, 160));
  AppState app;
  app.embed = true;
  REQUIRE(load_link(app, "preset=moons&steps=30&plots=loss,acc,ece,memo,weightnorm").empty());
  app.speed = 0;
  for (int i = 0; i < 60 && app.trainer->state() != RunState::finished; ++i) gui.frame(app);
  REQUIRE(app.trainer->state() == RunState::finished);
  gui.click(app, find_on_bar(gui, app, "##play"));  // as the control panel's Play: as long again
  CHECK(app.config.steps == 60);
  for (int i = 0; i < 60 && app.trainer->steps_done() < 60; ++i) gui.frame(app);
  CHECK(app.trainer->steps_done() == 60);
}
