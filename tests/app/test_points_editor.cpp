// Your own data on the 2-D plot (points_editor.hpp), driven through the whole UI as a user would: a click
// adds a point, a drag moves one, a right-click or Delete mode deletes; classroom mode can lock it; a toy
// turns into editable points; a CSV import starts a run on its rows or names its bad lines.
#include <catch2/catch.hpp>

#include "app/headless_app.hpp"
#include "points_editor.hpp"
#include "train/custom_data.hpp"
#include "train/presets.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

struct EditorFixture {
  HeadlessImGui gui;
  AppState app;
  double now = 0;

  EditorFixture() {
    RunConfig c;
    use_custom_points(c, 2, starter_points(), 0);
    c.steps = 1000000;
    start_run(app, c);
    app.view = View::boundary;
    app.view_requested = true;
    idle(3);
  }
  void idle(int frames) {
    for (int i = 0; i < frames; ++i) gui.frame(app, now += 1.0 / 60);
  }
  // Screen position of data point (x, y) on the plot drawn last frame.
  ImVec2 at(double x, double y) const {
    const BoundaryGrid& g = app.boundary;
    return {g.screen.x + static_cast<float>((x - g.x0) / (g.x1 - g.x0)) * g.screen.z,
            g.screen.y + static_cast<float>((g.y1 - y) / (g.y1 - g.y0)) * g.screen.w};
  }
  void click(ImVec2 p, bool right = false) {
    gui.frame(app, now += 1.0 / 60, p);
    gui.frame(app, now += 1.0 / 60, p, !right, right);
    gui.frame(app, now += 1.0 / 60, p);
    idle(2);
  }
  int points() const { return static_cast<int>(app.config.points.size() / 3); }
};

}  // namespace

TEST_CASE("clicks on the plot add, move and delete custom points, and each edit restarts the run") {
  EditorFixture f;
  REQUIRE(f.app.boundary.screen.z > 100);
  REQUIRE(f.points() == 12);
  const int64_t run = f.app.run;
  const size_t kept = f.app.runs.kept.size();

  SECTION("a click on an empty place adds a point of the chosen class there") {
    f.app.points_editor.add_class = 1;
    f.click(f.at(0.5, -0.25));
    REQUIRE(f.points() == 13);
    CHECK(f.app.config.points[36] == Approx(0.5).margin(0.03));
    CHECK(f.app.config.points[37] == Approx(-0.25).margin(0.03));
    CHECK(f.app.config.points[38] == 1);
    CHECK(f.app.run > run);
    CHECK(f.app.trainer->data().train.size() == 13);
    CHECK(f.app.runs.kept.size() == kept);  // a click's run is not kept
  }
  SECTION("a point dragged moves where it is released") {
    const ImVec2 from = f.at(f.app.config.points[0], f.app.config.points[1]);
    const ImVec2 to = f.at(-2.0, 1.8);
    f.gui.frame(f.app, f.now += 1.0 / 60, from);
    f.gui.frame(f.app, f.now += 1.0 / 60, from, true);
    for (int i = 1; i <= 5; ++i) {
      const float t = static_cast<float>(i) / 5;
      f.gui.frame(f.app, f.now += 1.0 / 60, ImVec2(from.x + t * (to.x - from.x), from.y + t * (to.y - from.y)), true);
    }
    CHECK(f.points() == 12);
    f.gui.frame(f.app, f.now += 1.0 / 60, to);
    f.idle(1);
    CHECK(f.points() == 12);
    CHECK(f.app.config.points[0] == Approx(-2.0).margin(0.03));
    CHECK(f.app.config.points[1] == Approx(1.8).margin(0.03));
    CHECK(f.app.config.points[2] == 1);
  }
  SECTION("a right-click deletes the point under it; so does a click in Delete mode") {
    f.click(f.at(f.app.config.points[3], f.app.config.points[4]), /*right=*/true);
    REQUIRE(f.points() == 11);
    CHECK(f.app.config.points[3] == -1.1);  // the third point moved up
    f.app.points_editor.erase = true;
    f.click(f.at(f.app.config.points[0], f.app.config.points[1]));
    REQUIRE(f.points() == 10);
    CHECK(f.app.config.points[0] == -1.1);
  }
  SECTION("below the minimum the points are a draft, and the run waits until there are enough") {
    f.app.points_editor.erase = true;
    while (f.points() > kMinCustomPoints) f.click(f.at(f.app.config.points[0], f.app.config.points[1]));
    const int64_t last_run = f.app.run;
    f.click(f.at(f.app.config.points[0], f.app.config.points[1]));
    CHECK(f.points() == kMinCustomPoints);  // the run keeps its points
    CHECK(f.app.run == last_run);
    CHECK(drafting_points(f.app));
    CHECK(f.app.points_editor.draft.size() == 3 * (kMinCustomPoints - 1));
    CHECK_THAT(f.app.notice, Catch::Contains("add 1 more point"));
    CHECK(f.app.errors.empty());
    f.app.points_editor.erase = false;
    f.click(f.at(0.3, 0.3));
    CHECK_FALSE(drafting_points(f.app));
    CHECK(f.app.run > last_run);
    REQUIRE(f.points() == kMinCustomPoints);
    CHECK(f.app.config.points[9] == Approx(0.3).margin(0.03));
  }
  SECTION("Clear leaves an empty plot to place points on; the fourth starts a run") {
    commit_points(f.app, {});
    CHECK(drafting_points(f.app));
    CHECK(f.points() == 12);
    for (double x : {-1.0, -0.5, 0.5}) f.click(f.at(x, 0));
    CHECK(drafting_points(f.app));
    CHECK(f.app.points_editor.draft.size() == 9);
    f.click(f.at(1.0, 0));
    CHECK_FALSE(drafting_points(f.app));
    CHECK(f.points() == 4);
    CHECK(f.app.run > run);
  }
  SECTION("classroom mode with the points not open: clicks change nothing") {
    f.app.classroom = {true, {"lr"}, true};
    f.click(f.at(0.5, -0.25));
    CHECK(f.points() == 12);
    CHECK(f.app.run == run);
  }
}

TEST_CASE("a 2-D toy becomes editable points, and the toy's run is kept to compare") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  for (int i = 0; i < 30; ++i) app.trainer->step();
  edit_these_points(app);
  CHECK(app.config.dataset == DatasetKind::custom);
  CHECK(app.config.points.size() == 3 * kMaxEditedPoints);
  CHECK(app.config.holdout == 0);
  REQUIRE(app.runs.kept.size() == 1);
  CHECK(app.runs.kept[0].record.shown);
  CHECK(app.runs.kept[0].record.config.dataset == DatasetKind::moons);
  CHECK(app.trainer->data().train.x(0, 0) == static_cast<float>(app.config.points[0]));
  gui.frame(app, 0);  // and it draws
}

TEST_CASE("a CSV imported starts a run on its rows, and a bad one names its lines and changes nothing") {
  AppState app;
  start_run(app, find_preset("moons")->config);
  std::string csv = "height,weight,kind\n";
  for (int i = 0; i < 40; ++i)
    csv += std::to_string(150 + i) + "," + std::to_string(50 + (i % 2) * 20 + i % 5) + "," + (i % 2 ? "b" : "a") + "\n";
  SECTION("good") {
    const auto errors = import_run_or_config(app, csv);
    REQUIRE(errors.empty());
    CHECK(app.config.dataset == DatasetKind::custom);
    CHECK(app.config.holdout == kCsvHoldout);
    CHECK(app.trainer->data().test.size() == 10);
    CHECK_THAT(app.runs.import_notice, Catch::Contains("40 rows, 2 features (height, weight), 2 classes (a = 0, b = 1)"));
  }
  SECTION("bad") {
    csv += "190,x,a\n";
    const int64_t run = app.run;
    const auto errors = import_run_or_config(app, csv);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].field == "line 42");
    CHECK(app.run == run);
    CHECK(app.config.dataset == DatasetKind::moons);
    CHECK(app.runs.import_errors.size() == 1);
  }
}
