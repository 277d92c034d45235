#include "points_editor.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "app_state.hpp"
#include "palette.hpp"
#include "panels.hpp"
#include "sprites.hpp"
#include "train/custom_data.hpp"
#include "train/points_csv.hpp"

namespace losslab::ui {
namespace {

bool custom_2d(const RunConfig& c) { return c.dataset == DatasetKind::custom && c.features == 2; }

bool may_edit(const AppState& app) { return classroom_allows(app.classroom, "points"); }

ImVec2 to_data(const BoundaryGrid& g, ImVec2 p0, float side, ImVec2 screen) {
  return {g.x0 + (screen.x - p0.x) / side * (g.x1 - g.x0), g.y1 - (screen.y - p0.y) / side * (g.y1 - g.y0)};
}

ImVec2 to_screen(const BoundaryGrid& g, ImVec2 p0, float side, double x, double y) {
  return {p0.x + static_cast<float>((x - g.x0) / (g.x1 - g.x0)) * side,
          p0.y + static_cast<float>((g.y1 - y) / (g.y1 - g.y0)) * side};
}

void open_csv_picker(AppState& app) {
  if (app.pick_import_file)
    app.pick_import_file();
  else
    app.runs.import_notice = "drop a CSV file (feature columns and a label column) on the window to load it";
}

void class_buttons(AppState& app) {
  PointsEditor& e = app.points_editor;
  // The classes there are, and one more, so a click can start a new class.
  const int classes = std::min(custom_classes(app.config.data_settings().custom) + 1, kMaxCustomClasses);
  e.add_class = std::min(e.add_class, classes - 1);
  ImGui::TextUnformatted("Add");
  for (int k = 0; k < classes; ++k) {
    ImGui::SameLine();
    ImGui::PushID(k);
    const bool chosen = !e.erase && e.add_class == k;
    ImGui::PushStyleColor(ImGuiCol_Button, class_color(k, chosen ? 1.0f : 0.35f));
    ImGui::PushStyleColor(ImGuiCol_ButtonHovered, class_color(k, 0.8f));
    ImGui::PushStyleColor(ImGuiCol_ButtonActive, class_color(k, 1.0f));
    char label[8];
    std::snprintf(label, sizeof label, "%d", k);
    if (ImGui::Button(label, ImVec2(ImGui::GetFrameHeight() * 1.3f, 0))) {
      e.add_class = k;
      e.erase = false;
    }
    ImGui::PopStyleColor(3);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("A click on the plot adds a point of class %d", k);
    ImGui::PopID();
  }
  ImGui::SameLine();
  ImGui::Checkbox("Delete", &e.erase);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("A click (or a tap) on a point deletes it; a right-click always does");
  ImGui::SameLine();
  if (ImGui::Button("Clear")) commit_points(app, {});
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Delete every point, to place your own: the run starts again at %d", kMinCustomPoints);
}

}  // namespace

bool drafting_points(const AppState& app) {
  return app.points_editor.drafting && app.points_editor.draft_run == app.run;
}

bool commit_points(AppState& app, std::vector<double> points) {
  PointsEditor& e = app.points_editor;
  const int rows = static_cast<int>(points.size()) / 3;
  if (custom_2d(app.config) && rows < kMinCustomPoints) {
    e.draft = std::move(points);
    e.drafting = true;
    e.draft_run = app.run;
    app.errors.clear();
    const int more = kMinCustomPoints - rows;
    app.notice = "add " + std::to_string(more) + " more point" + (more == 1 ? "" : "s") + ": a run needs " +
                 std::to_string(kMinCustomPoints) + " (the last run stays until then)";
    return false;
  }
  RunConfig next = app.config;
  next.points = std::move(points);
  if (next == app.config) return true;
  app.errors = validate(next);
  if (!app.errors.empty()) return false;
  e.drafting = false;
  if (app.sweep) app.sweep_stopped = true;
  start_run(app, next, RunStart::points);
  app.preset.clear();
  app.notice = "points changed: the run restarted on them";
  return true;
}

void edit_these_points(AppState& app) {
  if (!app.trainer) return;
  // The clean labels: the config's label noise still applies on top, as it did.
  Dataset train = app.trainer->data().train;
  train.y = app.trainer->clean_train_labels();
  const std::string from(dataset_name(app.config.dataset));
  RunConfig next = app.config;
  use_custom_points(next, 2, points_from_dataset(train, kMaxEditedPoints), 0);
  if (!change_config(app, next).empty()) return;
  app.notice = "editing " + std::to_string(custom_point_count(next.data_settings().custom)) + " points of " + from +
               ": click to add, drag to move, right-click to delete";
}

std::vector<ConfigError> import_points_csv(AppState& app, std::string_view text) {
  const PointsCsvRead read = read_points_csv(text);
  if (!read.data) return read.errors;
  RunConfig next = app.config;
  use_custom_points(next, read.data->features, read.data->points, kCsvHoldout);
  if (auto errors = validate(next); !errors.empty()) return errors;
  app.sweep.reset();
  start_run(app, next, RunStart::import);
  app.preset.clear();
  app.runs.import_notice = "Loaded " + read.data->summary() + ". A quarter of the rows (holdout 0.25) is the test split.";
  if (planar_inputs(next.data_settings())) {
    app.view = View::boundary;
    app.view_requested = true;
  }
  return {};
}

void draw_points_toolbar(AppState& app) {
  const RunConfig& c = app.config;
  if (c.dataset != DatasetKind::custom && !planar_inputs(c.data_settings())) return;
  ImGui::BeginDisabled(!may_edit(app));
  if (custom_2d(c)) {
    class_buttons(app);
  } else if (c.dataset != DatasetKind::custom) {
    if (ImGui::Button("Edit these points")) edit_these_points(app);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("Turn the first %d training points into your own data, to add, move and delete by hand",
                        kMaxEditedPoints);
  }
  ImGui::SameLine();
  if (ImGui::Button("Load CSV...")) open_csv_picker(app);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Your own data: numeric feature columns and a label column, a header optional.\n"
                      "Columns are standardized; a quarter of the rows is held out for testing.");
  ImGui::EndDisabled();
  if (!may_edit(app) && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Locked in classroom mode");
  draw_import_result(app);
}

void edit_points_on_plot(AppState& app, ImVec2 p0, float side, float radius) {
  if (!custom_2d(app.trainer->config())) return;
  BoundaryGrid& g = app.boundary;
  PointsEditor& e = app.points_editor;
  const ImVec2 mouse = to_data(g, p0, side, ImGui::GetIO().MousePos);
  const double reach = (radius + 4.0) / side * (g.x1 - g.x0);  // a point is hit a few pixels around its dot
  // At most one edit a frame, committed after the mouse is read: a commit replaces the trainer.
  const bool draft = drafting_points(app);
  std::vector<double> points = draft ? e.draft : app.trainer->config().points;
  bool edited = false;
  if (may_edit(app)) {
    const int hit = nearest_point(points, mouse.x, mouse.y, reach);
    if (ImGui::IsItemActivated()) {
      if (hit >= 0 && e.erase) {
        delete_point(points, hit);
        edited = true;
      } else if (hit >= 0) {
        e.dragging = hit;
        e.drag_to = mouse;
        e.moved = false;
      } else {
        add_point(points, mouse.x, mouse.y, e.add_class);
        edited = true;
      }
    } else if (e.dragging >= 0 && ImGui::IsItemActive()) {
      e.moved = e.moved || ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f);
      e.drag_to = mouse;
    } else if (e.dragging >= 0) {  // released
      if (e.moved) {
        move_point(points, e.dragging, e.drag_to.x, e.drag_to.y);
        edited = true;
      }
      e.dragging = -1;
    } else if (hit >= 0 && ImGui::IsItemHovered() && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
      delete_point(points, hit);
      edited = true;
    }
  }
  if (edited) commit_points(app, std::move(points));
  // Drawn from the draft, or the config the trainer holds (an edit above started a new one).
  const bool drawing_draft = drafting_points(app);
  const std::vector<double>& shown = drawing_draft ? e.draft : app.trainer->config().points;
  std::unordered_set<int32_t> held_out;
  if (!drawing_draft && app.trainer->config().holdout > 0)
    held_out.insert(app.trainer->data().test.origin.begin(), app.trainer->data().test.origin.end());
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const int n = static_cast<int>(shown.size() / 3);
  for (int i = 0; i < n; ++i) {
    const size_t at = static_cast<size_t>(i) * 3;
    const bool dragged = i == e.dragging;
    const ImVec2 p = dragged ? to_screen(g, p0, side, e.drag_to.x, e.drag_to.y)
                             : to_screen(g, p0, side, shown[at], shown[at + 1]);
    const ImU32 colour = class_color(static_cast<int>(shown[at + 2]));
    if (held_out.count(i))
      draw->AddCircle(p, radius + 0.5f, colour, 12, 2.0f);
    else
      draw_dot(draw, p, dragged ? radius * 1.5f : radius, colour);
  }
}

}  // namespace losslab::ui
