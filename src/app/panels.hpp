// The app's panels. Each is a function that draws one window's contents from AppState; app.cpp places
// the windows.
#pragma once

#include "app_state.hpp"

namespace losslab::ui {

// Preset menu, play/pause/step/reset, speed, and the config controls grouped as in the field table.
void draw_control_panel(AppState& app);

// Loss and accuracy over steps, train and test, on a shared (linear or log) step axis.
void draw_metrics_panel(AppState& app);

// Class probabilities of the model over the plane, with the data drawn on top (2-D datasets).
void draw_boundary_panel(AppState& app, double now_seconds);

// One line: step, state, steps/s, frame time and fps, test accuracy.
void draw_status_bar(const AppState& app);

}  // namespace losslab::ui
