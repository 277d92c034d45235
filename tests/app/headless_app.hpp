// The whole app drawn by Dear ImGui with no window and no GPU (a "null backend"), for the UI tests:
// frames are laid out and turned into draw data, then the run trains as after a real frame.
#pragma once

#include <imgui.h>

#include "app.hpp"

namespace losslab::ui {

struct HeadlessImGui {
  explicit HeadlessImGui(ImVec2 display = ImVec2(1280, 800)) {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = display;
    init_ui();  // builds the font atlas; no texture upload needed
  }
  ~HeadlessImGui() { ImGui::DestroyContext(); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // One frame at time `now`, optionally with the mouse at `mouse` and its buttons held.
  void frame(AppState& app, double now, ImVec2 mouse = ImVec2(-1, -1), bool left = false, bool right = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.DeltaTime = 1.0f / 60.0f;
    io.MousePos = mouse;
    io.MouseDown[0] = left;
    io.MouseDown[1] = right;
    ImGui::NewFrame();
    draw_app(app, now);
    ImGui::Render();
    train_after_frame(app, now);
  }
};

}  // namespace losslab::ui
