// One frame of LossLab's UI, shared by the desktop and web mains and by the headless UI test.
#pragma once

#include "app_state.hpp"

namespace losslab::ui {

// Call between ImGui::NewFrame() and ImGui::Render(): trains this frame's slice, lays out and draws
// every panel, and updates the meters. `now` is a monotonic clock in seconds.
void app_frame(AppState& app, double now);

// Sets the app's Dear ImGui style (light, rounded frames) and bakes its sprites into the font atlas.
// Call once after ImGui::CreateContext(), before the renderer creates its font texture.
void init_ui();

}  // namespace losslab::ui
