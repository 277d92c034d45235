// Your own data on the 2-D plot: with dataset = custom, a click on the boundary plot adds a point of the
// chosen class, a point dragged moves, a right-click (or a click in Delete mode, for touch screens)
// deletes. Every edit is a new config (the points live in it, train/custom_data.hpp), so the run
// restarts on the new points at once, and a link or a kept run carries them. A run replaced by a click
// is not kept (RunStart::points); the run that was there before editing began is.
//
// "Edit these points" turns a 2-D toy's training points (the first kMaxEditedPoints) into custom data; a
// CSV (the Import button, Load CSV, a dropped file) does the same with the file's rows.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <string_view>
#include <vector>

#include "train/run_config.hpp"

namespace losslab::ui {

struct AppState;

inline constexpr int kMaxEditedPoints = 200;

struct PointsEditor {
  int add_class = 0;      // the class a click adds
  bool erase = false;     // Delete mode: a click deletes (touch has no right button)
  int dragging = -1;      // the point being dragged (its row), or -1
  ImVec2 drag_to{0, 0};   // where it is being dragged (data units)
  bool moved = false;     // the drag has left the point's place
  // Points being placed while there are too few for a run (after Clear, or deleting down): drawn and
  // edited here while the run stays as it was, and committed once there are kMinCustomPoints.
  std::vector<double> draft;
  bool drafting = false;
  int64_t draft_run = -1;  // the run the draft began on: a run started any other way ends it
};

// Whether the plot shows a draft (too few points for a run yet).
bool drafting_points(const AppState& app);

// Sets the points and restarts the run on them. Too few for a run: they become the draft, and the notice
// says how many more to add. Any other invalid result changes nothing and is shown with the other input
// errors. Returns whether a run started.
bool commit_points(AppState& app, std::vector<double> points);

// A 2-D toy's training points as custom data (the replaced run is kept and drawn, to compare).
void edit_these_points(AppState& app);

// Reads a CSV of points (train/points_csv.hpp) and starts a run on them, holding a quarter out for the
// test split. Returns the problems (line by line); nothing changes when there are any.
std::vector<ConfigError> import_points_csv(AppState& app, std::string_view text);

// The toolbar above the plot: the class to add, Delete mode, Clear, Load CSV; or, for a 2-D toy,
// "Edit these points".
void draw_points_toolbar(AppState& app);

// Handles the mouse on the plot (the item just drawn, at p0 with `side` pixels) and draws the custom
// points, held-out ones as rings.
void edit_points_on_plot(AppState& app, ImVec2 p0, float side, float radius);

}  // namespace losslab::ui
