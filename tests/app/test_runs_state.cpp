// Kept runs (runs_state.hpp): which replaced runs are kept and drawn, the limits on how many, duplicate
// with one change, import, and storage: what the page writes is what a reload reads back.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "app/headless_app.hpp"
#include "core/small_moons.hpp"
#include "file_run_store.hpp"
#include "runs_state.hpp"
#include "sweep_state.hpp"
#include "train/config_diff.hpp"
#include "train/presets.hpp"

using namespace losslab;
using namespace losslab::ui;

namespace {

// A store in memory, as IndexedDB keeps records by key.
std::map<std::string, std::string>& fake_store() {
  static std::map<std::string, std::string> store;
  return store;
}
void fake_put(const std::string& id, const std::string& json) { fake_store()[id] = json; }
void fake_remove(const std::string& id) { fake_store().erase(id); }

RunConfig small_moons() { return small_moons_config(40); }

void train(AppState& app, int steps) {
  for (int i = 0; i < steps && app.trainer->step() == RunState::running; ++i) {
  }
}

std::vector<std::string> kept_names(const AppState& app) {
  std::vector<std::string> out;
  for (const KeptRun& k : app.runs.kept) out.push_back(k.record.name);
  return out;
}

}  // namespace

TEST_CASE("run names go A to Z then AA") {
  CHECK(run_letter(0) == "A");
  CHECK(run_letter(25) == "Z");
  CHECK(run_letter(26) == "AA");
  CHECK(run_letter(27) == "AB");
  CHECK(run_letter(26 + 26 * 26) == "AAA");
}

TEST_CASE("a run replaced by an edit is kept and drawn and one replaced by a preset is kept hidden") {
  AppState app;
  start_run(app, small_moons());
  CHECK(app.runs.live_name == "A");
  train(app, 20);
  RunConfig edited = app.config;
  edited.seed = 7;
  REQUIRE(change_config(app, edited).empty());  // the seed restarts the run
  REQUIRE(app.runs.kept.size() == 1);
  CHECK(app.runs.kept[0].record.name == "A");
  CHECK(app.runs.kept[0].record.shown);
  CHECK(app.runs.kept[0].record.steps == 20);
  CHECK(app.runs.kept[0].record.history.find("train_loss") != nullptr);
  CHECK(app.runs.live_name == "B");
  CHECK(app.runs.kept[0].colour != app.runs.live_colour);

  train(app, 5);
  REQUIRE(load_preset(app, "spirals"));
  REQUIRE(app.runs.kept.size() == 2);
  CHECK(app.runs.kept[1].record.name == "B");
  CHECK_FALSE(app.runs.kept[1].record.shown);
  CHECK(shown_kept_runs(app).size() == 1);
}

TEST_CASE("a reset that would replay the same curves keeps nothing and an untrained run is never kept") {
  AppState app;
  start_run(app, small_moons());
  train(app, 10);
  start_run(app, app.config, RunStart::reset);
  CHECK(app.runs.kept.empty());
  CHECK(app.runs.live_name == "A");  // the replay has the name of the run it replays
  start_run(app, small_moons(), RunStart::edit);  // no step taken
  CHECK(app.runs.kept.empty());
  CHECK(app.runs.live_name == "A");
  // A run changed live (an event in its History) is not a replay.
  train(app, 10);
  RunConfig live = app.config;
  live.lr *= 2;
  REQUIRE(change_config(app, live).empty());
  REQUIRE(app.trainer->history().events().size() == 1);
  start_run(app, app.config, RunStart::reset);
  CHECK(app.runs.kept.size() == 1);
  // A pinned run is kept whatever replaces it.
  keep_live_run(app);
  train(app, 3);
  start_run(app, app.config, RunStart::reset);
  REQUIRE(app.runs.kept.size() == 2);
  CHECK(app.runs.kept[1].record.pinned);
  CHECK(app.runs.kept[1].record.shown);
}

TEST_CASE("a sweep's grid points are not kept as runs but the run before the sweep is") {
  AppState app;
  start_run(app, small_moons());
  train(app, 5);
  REQUIRE(load_preset(app, "double-descent-width"));
  CHECK(app.runs.kept.size() == 1);
  train(app, 3);
  RunConfig edited = app.config;
  edited.seed = 99;
  REQUIRE(change_config(app, edited).empty());  // stops the sweep; its grid point is the sweep's
  CHECK(app.runs.kept.size() == 1);
}

TEST_CASE("at most six unpinned runs are kept and three drawn while pinned ones stay") {
  AppState app;
  start_run(app, small_moons());
  train(app, 2);
  keep_live_run(app);
  for (int i = 0; i < 9; ++i) {
    RunConfig c = app.config;
    c.seed = 100 + i;
    REQUIRE(change_config(app, c).empty());
    train(app, 2);
  }
  // A (pinned) and the six newest of B..I.
  CHECK(kept_names(app) == std::vector<std::string>{"A", "D", "E", "F", "G", "H", "I"});
  CHECK(app.runs.kept[0].record.pinned);
  CHECK(shown_kept_runs(app).size() == 1 + kMaxShownRecent);
  CHECK(app.runs.kept.back().record.shown);
  // Drawing an older one by hand hides the oldest drawn instead.
  set_kept_shown(app, 1, true);  // D
  CHECK(shown_kept_runs(app).size() == 1 + kMaxShownRecent);
  CHECK(app.runs.kept.back().record.name == "D");
  clear_recent_runs(app);
  CHECK(kept_names(app) == std::vector<std::string>{"A"});
}

TEST_CASE("duplicate with one change keeps the original beside the copy and the diff names the change") {
  AppState app;
  start_run(app, small_moons());
  train(app, 10);
  const RunConfig before = app.config;
  const auto refused = duplicate_with_change(app, nullptr, "lr", "-3");
  REQUIRE(refused.has_value());
  CHECK(refused->field == "lr");
  CHECK(app.runs.kept.empty());
  CHECK(app.config == before);
  CHECK(duplicate_with_change(app, nullptr, "no_such_key", "1").has_value());

  REQUIRE_FALSE(duplicate_with_change(app, nullptr, "loss", "gce").has_value());
  REQUIRE(app.runs.kept.size() == 1);
  CHECK(app.runs.kept[0].record.shown);
  CHECK(app.config.loss == "gce");
  const RunConfig* configs[] = {&app.config, &app.runs.kept[0].record.config};
  const auto diff = config_differences(configs);
  REQUIRE_FALSE(diff.empty());
  CHECK(diff[0].key == "loss");
  CHECK(diff[0].values == std::vector<std::string>{"gce", "ce"});
}

TEST_CASE("runs written to the store come back after a reload as they were") {
  fake_store().clear();
  {
    AppState app;
    app.runs.store = {&fake_put, &fake_remove};
    start_run(app, small_moons());
    train(app, 10);
    checkpoint_live_run(app, 100.0);
    CHECK(fake_store().size() == 1);  // the live run's checkpoint
    RunConfig c = app.config;
    c.seed = 3;
    REQUIRE(change_config(app, c).empty());  // A is kept (and rewritten as kept)
    CHECK(fake_store().size() == 1);
    rename_kept(app, 0, "baseline");
    set_kept_pinned(app, 0, true);
    train(app, 20);
    checkpoint_live_run(app, 101.0);  // a new run's first checkpoint is at once
    REQUIRE(fake_store().size() == 2);
    const std::string b_id = app.runs.live_id;
    auto stored_steps = [&] { return run_record_from_json(fake_store()[b_id]).record->steps; };
    CHECK(stored_steps() == 20);
    train(app, 5);
    checkpoint_live_run(app, 103.0);  // then every few seconds
    CHECK(stored_steps() == 20);
    checkpoint_live_run(app, 106.5);
    CHECK(stored_steps() == 25);
    // Deleting a kept run deletes its record.
    start_run(app, small_moons());
    train(app, 4);
    checkpoint_live_run(app, 0, true);
    REQUIRE(app.runs.kept.size() == 2);
    CHECK(app.runs.kept[1].record.id == b_id);
    CHECK(fake_store().size() == 3);
    delete_kept(app, 1);
    CHECK(fake_store().count(b_id) == 0);
    CHECK(fake_store().size() == 2);
  }
  // The page reloads: a new app reads every stored record back.
  AppState app;
  app.runs.store = {&fake_put, &fake_remove};
  start_run(app, small_moons());
  for (const auto& [id, json] : std::map(fake_store())) CHECK(restore_stored_run(app, json));
  REQUIRE(app.runs.kept.size() == 2);
  CHECK(app.runs.kept[0].record.name == "baseline");
  CHECK(app.runs.kept[1].record.name == "C");
  CHECK(app.runs.kept[0].record.pinned);
  CHECK(app.runs.kept[0].record.shown);         // pinned: drawn
  CHECK_FALSE(app.runs.kept[1].record.shown);   // the others are listed, a tick away
  CHECK_THAT(app.runs.import_notice, Catch::StartsWith("2 runs kept from before"));
  CHECK(app.runs.kept[0].record.steps == 10);
  CHECK(app.runs.kept[1].record.steps == 4);  // the live run's last checkpoint
  // Reading the same record twice adds it once; an unreadable one is dropped from the store.
  CHECK_FALSE(restore_stored_run(app, fake_store().begin()->second));
  fake_store()["bad"] = R"({"losslab_run": 99, "id": "bad"})";
  CHECK_FALSE(restore_stored_run(app, fake_store()["bad"]));
  CHECK(fake_store().count("bad") == 0);
}

TEST_CASE("a restored run keeps its name and the new live run that had it takes another") {
  AppState before;
  start_run(before, small_moons());
  train(before, 5);
  const std::string stored = run_record_to_json(live_record(before)).dump();  // "A"
  AppState app;
  start_run(app, small_moons());
  REQUIRE(app.runs.live_name == "A");
  REQUIRE(restore_stored_run(app, stored));
  CHECK(app.runs.kept[0].record.name == "A");
  CHECK(app.runs.live_name == "B");
  // A kept run with the name already: the restored one is marked.
  RunRecord other = live_record(before);
  other.id = "another";
  CHECK(restore_stored_run(app, run_record_to_json(other).dump()));
  CHECK(app.runs.kept[1].record.name == "A'");
}

TEST_CASE("import reads a run JSON into the list and a config JSON as the live run and refuses the rest") {
  AppState app;
  start_run(app, small_moons());
  train(app, 10);
  RunRecord exported = live_record(app);
  exported.name = "from a student";
  const std::string text = run_record_to_json(exported).dump();

  CHECK(import_run_or_config(app, text).empty());
  REQUIRE(app.runs.kept.size() == 1);
  CHECK(app.runs.kept[0].record.name == "from a student");
  CHECK(app.runs.kept[0].record.id != exported.id);
  CHECK(app.runs.kept[0].record.shown);

  CHECK(import_run_or_config(app, R"({"preset": "circles", "lr": 0.02})").empty());
  CHECK(app.config.dataset == DatasetKind::circles);
  CHECK(app.config.lr == Approx(0.02));
  CHECK(app.runs.kept.size() == 2);  // the run it replaced

  const RunConfig before = app.config;
  const auto errors = import_run_or_config(app, R"({"lr": -1, "hidden": [0]})");
  CHECK(errors.size() == 2);
  CHECK(app.config == before);
  CHECK(app.runs.import_errors.size() == 2);
  CHECK(import_run_or_config(app, "{broken").size() == 1);
  CHECK(app.runs.kept.size() == 2);
}

TEST_CASE("the Runs tab and the compared plots draw while runs train") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  app.view = View::runs;
  app.view_requested = true;
  app.speed = 0;
  double now = 0;
  for (int i = 0; i < 20; ++i) gui.frame(app, now += 1.0 / 60);
  REQUIRE_FALSE(duplicate_with_change(app, nullptr, "lr", "0.001").has_value());
  for (int i = 0; i < 20; ++i) gui.frame(app, now += 1.0 / 60);
  REQUIRE_FALSE(duplicate_with_change(app, nullptr, "loss", "focal").has_value());
  for (int i = 0; i < 40; ++i) gui.frame(app, now += 1.0 / 60);
  CHECK(shown_kept_runs(app).size() == 2);
  CHECK(app.view == View::runs);
  CHECK(app.trainer->steps_done() > 0);
  CHECK(app.plots_rect.z > 0);
  // Every metric plot, compared.
  app.plots_shown.fill(true);
  for (int i = 0; i < 5; ++i) gui.frame(app, now += 1.0 / 60);
}

namespace {
std::string g_saved_name, g_saved;
std::string save_to_memory(const std::string& name, const std::string&, const std::string& content) {
  g_saved_name = name;
  g_saved = content;
  return "saved " + name;
}
size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}
}  // namespace

TEST_CASE("the plots export as SVG with a line per drawn series and their titles as text") {
  HeadlessImGui gui;
  AppState app;
  REQUIRE(load_preset(app, "moons"));
  app.save_file = &save_to_memory;
  app.speed = 0;
  double now = 0;
  for (int i = 0; i < 30; ++i) gui.frame(app, now += 1.0 / 60);
  REQUIRE_FALSE(duplicate_with_change(app, nullptr, "lr", "0.002").has_value());
  for (int i = 0; i < 30; ++i) gui.frame(app, now += 1.0 / 60);
  app.plots_shown.fill(false);
  app.plots_shown[static_cast<size_t>(MetricPlot::loss)] = true;
  app.plots_shown[static_cast<size_t>(MetricPlot::accuracy)] = true;
  gui.frame(app, now += 1.0 / 60);
  app.svg_request = true;
  gui.frame(app, now += 1.0 / 60);
  CHECK_FALSE(app.svg_request);
  CHECK(g_saved_name == "losslab-plots-B.svg");
  CHECK(g_saved.rfind("<?xml", 0) == 0);
  CHECK(g_saved.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(g_saved.find(">accuracy</text>") != std::string::npos);
  CHECK(g_saved.find(">B (live): test acc</text>") != std::string::npos);
  CHECK(g_saved.find(">A: test loss</text>") != std::string::npos);
  // Two runs × (train, test) in each of the two plots, each at least one polyline.
  CHECK(count(g_saved, "<polyline") >= 8);
  CHECK(count(g_saved, "<g") == count(g_saved, "</g>"));
  CHECK(count(g_saved, "<text") == count(g_saved, "</text>"));
  CHECK(g_saved.find("nan") == std::string::npos);
  if (const char* out = std::getenv("LOSSLAB_SVG_OUT")) {  // to look at it
    FILE* f = std::fopen(out, "w");
    std::fputs(g_saved.c_str(), f);
    std::fclose(f);
  }
  // Nothing is captured afterwards.
  const std::string before = g_saved;
  gui.frame(app, now += 1.0 / 60);
  CHECK(g_saved == before);
}

TEST_CASE("the desktop keeps its runs in a directory and reads them back at the next start") {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("losslab-runs-test-" + std::to_string(std::rand()));
  std::filesystem::remove_all(dir);
  std::string kept_id;
  {
    AppState app;
    CHECK(connect_runs_to_directory(app, dir) == 0);  // nothing there yet (not even the directory)
    start_run(app, small_moons());
    train(app, 10);
    RunConfig c = app.config;
    c.seed = 5;
    REQUIRE(change_config(app, c).empty());  // A kept: written
    kept_id = app.runs.kept[0].record.id;
    train(app, 7);
    checkpoint_live_run(app, 0, true);  // B: written
    CHECK(std::filesystem::exists(dir / (kept_id + ".json")));
    CHECK(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()) == 2);
    CHECK(app.runs.store_error.empty());
  }
  AppState app;
  CHECK(connect_runs_to_directory(app, dir) == 2);
  start_run(app, small_moons());
  REQUIRE(app.runs.kept.size() == 2);
  CHECK(app.runs.kept[0].record.name == "A");
  CHECK(app.runs.kept[1].record.steps == 7);
  CHECK(app.runs.live_name == "C");
  delete_kept(app, 0);
  CHECK_FALSE(std::filesystem::exists(dir / (kept_id + ".json")));
  std::filesystem::remove_all(dir);
}
