// One frame of LossLab: drawing and training, shared by the desktop and web mains and the headless UI test.
#pragma once

#include "app_state.hpp"

namespace losslab::ui {

// Lays out and draws every panel from the state. Call between ImGui::NewFrame() and ImGui::Render();
// `now` is a monotonic clock in seconds.
void draw_app(AppState& app, double now);

// Runs this frame's training slice and updates the meters. Call after the frame has been submitted to
// the GPU: the browser's GPU process then renders it while this thread trains, instead of after.
void train_after_frame(AppState& app, double now);

// Sets the app's Dear ImGui style (light, rounded frames) and bakes its sprites into the font atlas.
// Call once after ImGui::CreateContext(), before the renderer creates its font texture.
void init_ui();

// Light or dark: Dear ImGui's colours, and the palette's colours that must read on the background.
void apply_theme(Theme theme);
// The colour the renderer clears to: the theme's window background (windows are not filled, app.cpp).
ImVec4 background_color(Theme theme);

}  // namespace losslab::ui
