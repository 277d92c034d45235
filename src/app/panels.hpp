// The app's panels. Each is a function that draws one window's contents from AppState; app.cpp places
// the windows.
#pragma once

#include "app_state.hpp"

namespace losslab::ui {

// Preset menu, play/pause/step/reset, speed, and the config controls grouped as in the field table.
void draw_control_panel(AppState& app);

// "Copy link", and the fields an opened link could not set (link_panel.cpp).
void draw_link_bar(AppState& app);

// The time-series plots (loss, accuracy, calibration, memorization, …), each shown or hidden, on one
// shared (linear or log) step axis.
// `compact` (a figure, embed_layout.hpp): no status text in the top row, and the plots fill the height.
void draw_metrics_panel(AppState& app, bool compact = false);

// Class probabilities of the model over the plane, with the data drawn on top (2-D datasets).
void draw_boundary_panel(AppState& app, double now_seconds);
// In its place for a 1-D regression: the targets, the clean curve and the model's prediction.
void draw_regression_panel(AppState& app);

// The reliability diagram and confidence histogram, with calibration figures before and after post-hoc
// calibration.
void draw_reliability_panel(AppState& app);

// The test split's confusion matrix.
void draw_confusion_panel(AppState& app);

// The test split's margin distribution.
void draw_margins_panel(AppState& app);

// The Fourier spectrum of a token embedding.
void draw_fourier_panel(AppState& app);

// The token model's fused cross-entropy head: the backend in use (and the WebGPU adapter), its step
// time, the bytes it holds against the bytes the naive N×V logits would take, and the tiles it skipped.
void draw_fused_head_panel(AppState& app);

// The Sweep tab: a sweep preset's curve filling in run by run (sweep_state.hpp).
void draw_sweep_panel(AppState& app);

// The Runs tab: the live run and the kept ones, to compare, rename, pin, export and import
// (runs_state.hpp), and the settings that differ between the runs drawn.
void draw_runs_panel(AppState& app);
// What the last import did or refused (the Runs tab, and the points toolbar for a CSV).
void draw_import_result(AppState& app);

// One line: step, state, steps/s, frame time and fps, test accuracy.
void draw_status_bar(const AppState& app);

}  // namespace losslab::ui
