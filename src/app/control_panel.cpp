// The control panel: what to train and how fast.
#include <imgui.h>

#include <algorithm>

#include "config_controls.hpp"
#include "palette.hpp"
#include "panels.hpp"
#include "sweep_state.hpp"
#include "train/presets.hpp"

namespace losslab::ui {
namespace {

void preset_menu(AppState& app) {
  const Preset* current = find_preset(app.preset);
  if (ImGui::BeginCombo("preset", current ? current->title.data() : "(edited)")) {
    bool phenomena = false;
    for (const Preset& p : presets()) {
      if (p.phenomenon() && !phenomena) {  // the toys first, then the papers' effects
        phenomena = true;
        ImGui::Separator();
        ImGui::TextDisabled("Phenomena");
      }
      // A command-line-only preset is listed greyed out; its description says how to run it.
      const ImGuiSelectableFlags flags = p.cli_only ? ImGuiSelectableFlags_Disabled : 0;
      if (ImGui::Selectable(p.title.data(), current == &p, flags)) load_preset(app, p.name);
      if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", p.description.data());
    }
    ImGui::EndCombo();
  }
  if (!current) return;
  ImGui::TextWrapped("%s", current->description.data());
  if (!current->phenomenon()) return;
  if (ImGui::CollapsingHeader("What to watch", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::TextWrapped("%s", current->watch.data());
    // The signature, live: it turns up the moment the History shows it.
    if (current->signature && app.trainer) {
      const Signature seen = current_signature(app, *current);
      if (seen.reached) {
        ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32(0, 130, 90, 255));
        if (current->is_sweep())  // a sweep's "step" is the x of a point on its curve
          ImGui::TextWrapped("Seen at %s %lld: %s", current->sweep.x == "params" ? "parameters" : current->sweep.x.data(),
                             static_cast<long long>(seen.step), seen.text.c_str());
        else
          ImGui::TextWrapped("Seen at step %lld: %s", static_cast<long long>(seen.step), seen.text.c_str());
        ImGui::PopStyleColor();
      } else {
        ImGui::TextDisabled("Not seen yet: keep watching.");
      }
    }
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", current->citation.data());
    ImGui::PopStyleColor();
  }
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

bool group(AppState& app, const char* title, const char* key, bool open_at_start) {
  const bool open =
      ImGui::CollapsingHeader(title, open_at_start ? ImGuiTreeNodeFlags_DefaultOpen : ImGuiTreeNodeFlags_None);
  if (open) draw_config_group(app, key);
  return open;
}

// What the noise did to this run's labels, under the noise controls.
void noise_summary(const AppState& app) {
  if (!app.trainer || app.config.label_noise == LabelNoise::none) return;
  const NoisyLabels& noisy = app.trainer->label_noise();
  ImGui::TextDisabled("%zu of %zu training labels flipped (%.1f %%)", noisy.flipped.size(), noisy.labels.size(),
                      100 * noisy.realised_rate);
}

// The chosen loss's citation, and what it is waiting for.
void loss_summary(const AppState& app) {
  const LossInfo& loss = app.config.loss_info();
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  ImGui::TextWrapped("%s", loss.citation.data());
  ImGui::PopStyleColor();
  if (app.trainer && app.trainer->training_teacher())
    ImGui::Text("training the teacher: %lld / %lld steps", static_cast<long long>(app.trainer->teacher_steps_done()),
                static_cast<long long>(app.config.teacher_steps));
}

}  // namespace

void draw_control_panel(AppState& app) {
  ImGui::PushItemWidth(-90);
  preset_menu(app);
  ImGui::Separator();
  run_buttons(app);
  draw_link_bar(app);
  speed_control(app);
  group(app, "Data", "data", true);
  if (group(app, "Label noise", "noise", true)) noise_summary(app);
  if (group(app, "Loss", "loss", true)) loss_summary(app);
  group(app, "Model", "model", false);
  group(app, "Optimizer", "optimizer", false);
  group(app, "Regularization", "regularizer", false);
  group(app, "Run", "run", false);
  ImGui::PopItemWidth();
  for (const ConfigError& e : app.errors) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", e.message.c_str());
    ImGui::PopStyleColor();
  }
  if (!app.notice.empty()) ImGui::TextDisabled("%s", app.notice.c_str());
}

}  // namespace losslab::ui
