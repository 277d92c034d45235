// The app's state as a link (link_state.hpp): the config and the visible plots survive a link, a link
// with bad values loads the rest and keeps the refused fields for the banner, and the control panel
// draws that banner and the Copy link button without trouble.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>

#include "app.hpp"
#include "app/headless_app.hpp"
#include "classroom.hpp"
#include "config_controls.hpp"
#include "link_state.hpp"
#include "train/config_url.hpp"
#include "train/presets.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

std::vector<std::string> fields_of(const std::vector<ConfigError>& errors) {
  std::vector<std::string> out;
  for (const ConfigError& e : errors) out.push_back(e.field);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("a preset as loaded from the menu links by its name alone") {
  AppState app;
  REQUIRE(load_preset(app, "grokking-modadd"));
  CHECK(link_query(app) == "preset=grokking-modadd&v=" + std::string(app_version()));
}

TEST_CASE("an edited run with other plots shown reopens from its link as it was") {
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  RunConfig edited = app.config;
  edited.lr = 0.003f;
  edited.seed = 42;
  edited.hidden = {32, 16};
  REQUIRE(change_config(app, edited).empty());
  app.plots_shown[static_cast<size_t>(MetricPlot::weight_norm)] = true;
  app.plots_shown[static_cast<size_t>(MetricPlot::loss)] = false;
  const std::string query = link_query(app);
  CHECK_THAT(query, Catch::StartsWith("preset=moons&") &&
                        Catch::EndsWith("&plots=accuracy,calibration,memorization,weight_norm"));

  AppState opened;
  REQUIRE(load_preset(opened, "spirals"));  // what the page runs before it reads its address
  CHECK(load_link(opened, "#" + query).empty());
  CHECK(opened.config == app.config);
  CHECK(opened.plots_shown == app.plots_shown);
  CHECK(opened.link_preset == "moons");
  CHECK(opened.preset.empty());  // edited: the menu shows "(edited)"
  CHECK(link_query(opened) == query);
}

TEST_CASE("a link with bad values loads the rest and keeps each refused field for the banner") {
  AppState app;
  REQUIRE(load_preset(app, "spirals"));
  const auto errors = load_link(app, "preset=circles&lr=-1&plots=loss,nope&seed=3&learnrate=2");
  CHECK(fields_of(errors) == std::vector<std::string>{"learnrate", "lr", "plots"});
  CHECK(app.link_errors.size() == 3);
  CHECK(app.config.dataset == DatasetKind::circles);
  CHECK(app.config.seed == 3);
  CHECK(app.config.lr == find_preset("circles")->config.lr);
  CHECK(app.plots_shown == default_plot_visibility());  // the refused plots value changes nothing
  for (const ConfigError& e : errors) CHECK_THAT(e.message, Catch::Contains(e.field));

  // The banner and the button draw; the banner stays through frames until dismissed.
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().DisplaySize = ImVec2(1280, 800);
  init_ui();
  for (int i = 0; i < 3; ++i) {
    ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
    ImGui::NewFrame();
    draw_app(app, 0.1 * i);
    ImGui::Render();
  }
  CHECK(app.link_errors.size() == 3);
  copy_link(app);  // no page: Dear ImGui's clipboard
  CHECK(std::string(ImGui::GetClipboardText()) == "#" + link_query(app));
  ImGui::DestroyContext();
}

TEST_CASE("a link to an unknown preset says so and leaves the running preset alone") {
  AppState app;
  REQUIRE(load_preset(app, "spirals"));
  const int64_t run = app.run;
  const auto errors = load_link(app, "#preset=not-a-preset");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].field == "preset");
  CHECK(app.preset == "spirals");
  CHECK(app.run == run);  // the defaults are the run already going: no restart
}

TEST_CASE("a phenomenon's link brings its plots and an exact preset link keeps the preset's name") {
  AppState app;
  REQUIRE(load_preset(app, "spirals"));
  CHECK(load_link(app, "preset=grokking-modadd").empty());
  CHECK(app.preset == "grokking-modadd");
  const Preset& p = *find_preset("grokking-modadd");
  for (const MetricPlotSpec& spec : kMetricPlots) {
    const bool wanted = std::find(p.plots.begin(), p.plots.end(), spec.name) != p.plots.end();
    CHECK(app.plots_shown[static_cast<size_t>(spec.plot)] == wanted);
  }
}

TEST_CASE("classroom mode travels in the link and a bad setting name is refused by name") {
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  app.classroom = Classroom{true, {"lr", "loss.q"}, true};
  const std::string query = link_query(app);
  CHECK_THAT(query, Catch::EndsWith("&classroom=lr,loss.q&classroom.others=lock"));

  AppState opened;
  REQUIRE(load_preset(opened, "spirals"));
  CHECK(load_link(opened, query).empty());
  CHECK(opened.classroom == app.classroom);
  CHECK(link_query(opened) == query);

  // Open, locked and hidden controls.
  CHECK(classroom_allows(opened.classroom, "lr"));
  CHECK_FALSE(classroom_allows(opened.classroom, "seed"));
  CHECK(classroom_shows(opened.classroom, "seed"));  // locked: shown greyed out
  opened.classroom.lock_others = false;
  CHECK_FALSE(classroom_shows(opened.classroom, "seed"));
  CHECK_FALSE(classroom_shows_others(opened.classroom));

  // A link without it leaves classroom mode; a bad name refuses the value and the rest loads.
  CHECK(load_link(opened, "preset=moons").empty());
  CHECK_FALSE(opened.classroom.on);
  const auto errors = load_link(opened, "preset=moons&lr=0.02&classroom=lr,warp_speed&classroom.others=maybe");
  CHECK(fields_of(errors) == std::vector<std::string>{"classroom", "classroom.others"});
  CHECK_FALSE(opened.classroom.on);
  CHECK(opened.config.lr == Approx(0.02));
}

TEST_CASE("the control panel draws in classroom mode with the others hidden and locked") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  double now = 0;
  for (bool lock : {false, true}) {
    app.classroom = Classroom{true, {"lr", "loss"}, lock};
    for (int i = 0; i < 5; ++i) gui.frame(app, now += 1.0 / 60);
  }
  CHECK(group_has_controls(app, "optimizer"));
  app.classroom.lock_others = false;
  CHECK_FALSE(group_has_controls(app, "model"));
  CHECK(app.trainer->steps_done() > 0);
}

TEST_CASE("the dark theme travels in the link and the UI draws in it") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  app.theme = Theme::dark;
  double now = 0;
  for (int i = 0; i < 3; ++i) gui.frame(app, now += 1.0 / 60);
  CHECK(current_theme() == Theme::dark);
  CHECK(ImGui::GetStyle().Colors[ImGuiCol_Text].x > 0.8f);  // light text
  CHECK(run_color(4) == ink_color());
  const std::string query = link_query(app);
  CHECK_THAT(query, Catch::EndsWith("&theme=dark"));

  AppState opened;
  REQUIRE(load_preset(opened, "moons"));
  CHECK(load_link(opened, query).empty());
  CHECK(opened.theme == Theme::dark);
  CHECK(load_link(opened, "preset=moons").empty());
  CHECK(opened.theme == Theme::dark);  // a link without a theme leaves the viewer's
  const auto errors = load_link(opened, "preset=moons&theme=neon");
  CHECK(fields_of(errors) == std::vector<std::string>{"theme"});
  app.theme = Theme::light;
  gui.frame(app, now += 1.0 / 60);
  CHECK(current_theme() == Theme::light);
}

TEST_CASE("the tab on show travels in the link when it is not the one the run opens on") {
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  CHECK(link_query(app).find("view=") == std::string::npos);  // the boundary: moons' own
  app.view = View::reliability;
  const std::string query = link_query(app);
  CHECK_THAT(query, Catch::Contains("&view=reliability"));
  AppState opened;
  REQUIRE(load_preset(opened, "spirals"));
  CHECK(load_link(opened, query).empty());
  CHECK(opened.view == View::reliability);
  CHECK(link_query(opened) == query);
  // Without one, the run's own tab; a bad one is refused by name.
  CHECK(load_link(opened, "preset=moons").empty());
  CHECK(opened.view == View::boundary);
  CHECK(fields_of(load_link(opened, "preset=moons&view=histogram")) == std::vector<std::string>{"view"});
}

TEST_CASE("a sweep preset's link names the grid, not the grid point running, and may change its settings") {
  AppState app;
  REQUIRE(load_preset(app, "double-descent-width"));
  REQUIRE(app.sweep);
  const std::string exact = link_query(app);
  INFO(exact);
  CHECK(exact.starts_with("preset=double-descent-width&v="));  // not the first width's hidden=
  SECTION("an exact link reopens the grid") {
    AppState other;
    CHECK(load_link(other, exact).empty());
    REQUIRE(other.sweep);
    CHECK(other.sweep->size() == app.sweep->size());
  }
  SECTION("a link that changes a setting runs the grid over the changed config") {
    AppState other;
    CHECK(load_link(other, "preset=double-descent-width&label_noise.rate=0.3").empty());
    REQUIRE(other.sweep);
    CHECK(other.sweep->size() == app.sweep->size());
    CHECK(other.config.noise_rate == 0.3);
    CHECK(other.config.hidden != find_preset("double-descent-width")->config.hidden);  // a grid point's width
    CHECK_THAT(link_query(other), Catch::StartsWith("preset=double-descent-width&label_noise.rate=0.3&v="));
  }
  SECTION("once the config is edited by hand the link is the run's own") {
    RunConfig edited = app.config;
    edited.seed = 9;
    REQUIRE(change_config(app, edited).empty());
    CHECK_THAT(link_query(app), Catch::Contains("seed=9") && Catch::Contains("hidden="));
  }
}
