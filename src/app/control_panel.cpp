// The control panel: what to train and how fast.
#include <imgui.h>

#include <algorithm>

#include "config_controls.hpp"
#include "palette.hpp"
#include "panels.hpp"
#include "train/presets.hpp"

namespace losslab::ui {
namespace {

void preset_menu(AppState& app) {
  const Preset* current = find_preset(app.preset);
  if (ImGui::BeginCombo("preset", current ? current->title.data() : "(edited)")) {
    for (const Preset& p : presets()) {
      if (ImGui::Selectable(p.title.data(), current == &p)) load_preset(app, p.name);
      if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", p.description.data());
    }
    ImGui::EndCombo();
  }
  if (current) ImGui::TextWrapped("%s", current->description.data());
}

void run_buttons(AppState& app) {
  const bool can_run = app.trainer && app.trainer->state() == RunState::running;
  if (ImGui::Button(app.playing && can_run ? "Pause" : "Play", ImVec2(70, 0))) {
    app.playing = !(app.playing && can_run);
    if (app.playing && app.trainer && app.trainer->state() == RunState::finished) {
      RunConfig longer = app.config;  // Play on a finished run extends it by its own length again
      longer.steps = std::min(longer.steps + app.trainer->steps_done(),
                              static_cast<int64_t>(find_field("steps")->max));
      change_config(app, longer);
    }
  }
  ImGui::SameLine();
  ImGui::BeginDisabled(!can_run);
  if (ImGui::Button("Step", ImVec2(60, 0))) {
    app.playing = false;
    app.trainer->step();
  }
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::Button("Reset", ImVec2(60, 0))) start_run(app, app.config);
}

void speed_control(AppState& app) {
  bool unlimited = app.speed <= 0;
  if (ImGui::Checkbox("max speed", &unlimited)) app.speed = unlimited ? 0 : 500;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Train as many steps as fit while the page keeps 30 fps (now %.0f ms a frame)",
                      app.train_budget_ms);
  if (unlimited) return;
  float speed = static_cast<float>(app.speed);
  if (ImGui::SliderFloat("steps/s", &speed, 1.0f, 100000.0f, "%.0f", ImGuiSliderFlags_Logarithmic))
    app.speed = speed;
}

void group(AppState& app, const char* title, const char* key) {
  if (ImGui::CollapsingHeader(title, ImGuiTreeNodeFlags_DefaultOpen)) draw_config_group(app, key);
}

}  // namespace

void draw_control_panel(AppState& app) {
  ImGui::PushItemWidth(-90);
  preset_menu(app);
  ImGui::Separator();
  run_buttons(app);
  speed_control(app);
  group(app, "Data", "data");
  group(app, "Model", "model");
  group(app, "Optimizer", "optimizer");
  group(app, "Run", "run");
  ImGui::PopItemWidth();
  for (const ConfigError& e : app.errors) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", e.message.c_str());
    ImGui::PopStyleColor();
  }
  if (!app.notice.empty()) ImGui::TextDisabled("%s", app.notice.c_str());
}

}  // namespace losslab::ui
