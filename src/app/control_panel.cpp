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

// The preset menu, then the preset's description and, for a phenomenon, what to watch. In classroom mode
// the menu is locked or hidden (classroom.hpp); what to watch stays, being the lecture's point.
void preset_menu(AppState& app) {
  const Preset* current = find_preset(app.preset);
  const bool menu = classroom_shows_others(app.classroom);
  ImGui::BeginDisabled(app.classroom.on);
  if (menu && ImGui::BeginCombo("preset", current ? current->title.data() : "(edited)")) {
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
  ImGui::EndDisabled();
  if (!current) return;
  ImGui::TextWrapped("%s", current->description.data());
  if (!current->phenomenon()) return;
  if (ImGui::CollapsingHeader("What to watch", ImGuiTreeNodeFlags_DefaultOpen)) {
    ImGui::TextWrapped("%s", current->watch.data());
    // The signature, live: it turns up the moment the History shows it.
    if (current->signature && app.trainer) {
      const Signature seen = current_signature(app, *current);
      if (seen.reached) {
        ImGui::PushStyleColor(ImGuiCol_Text, success_color());
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
  if (ImGui::Button("Reset", ImVec2(60, 0))) start_run(app, app.config, RunStart::reset);
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
  if (!group_has_controls(app, key)) return false;
  // In classroom mode the few open settings are the point: their groups open.
  if (app.classroom.on) ImGui::SetNextItemOpen(true, ImGuiCond_Appearing);
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

// Classroom mode (classroom.hpp): a popup to choose the settings left open, and in the mode one line
// that says so, with the way out.
void classroom_controls(AppState& app) {
  Classroom& c = app.classroom;
  if (c.on) {
    ImGui::PushStyleColor(ImGuiCol_Text, notice_color());
    ImGui::TextWrapped("Classroom mode: %zu setting%s open.", c.open.size(), c.open.size() == 1 ? "" : "s");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    if (ImGui::SmallButton("Leave")) c.on = false;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Show every control again");
    return;
  }
  bool dark = app.theme == Theme::dark;
  if (ImGui::Checkbox("dark", &dark)) app.theme = dark ? Theme::dark : Theme::light;
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Dark theme (for a dim lecture hall); links carry it");
  ImGui::SameLine();
  if (ImGui::Button("Classroom...")) ImGui::OpenPopup("classroom");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Leave open only the settings the room should change; hide or lock the rest.\n"
                      "The link (Copy link) opens the page the same way.");
  if (!ImGui::BeginPopup("classroom")) return;
  ImGui::TextUnformatted("Settings left open to change:");
  static Classroom draft;
  if (ImGui::IsWindowAppearing()) draft = Classroom{true, c.open, c.lock_others};
  if (ImGui::BeginChild("fields", ImVec2(300, 260), true)) {
    std::string_view last_group;
    for (const FieldSpec& f : config_fields(app.config)) {
      if (!field_relevant(app.config, f)) continue;
      if (f.group != last_group) {
        ImGui::TextDisabled("%s", std::string(f.group).c_str());
        last_group = f.group;
      }
      const std::string key(f.key);
      auto it = std::find(draft.open.begin(), draft.open.end(), key);
      bool open = it != draft.open.end();
      if (ImGui::Checkbox(key.c_str(), &open)) {
        if (open) draft.open.push_back(key);
        else draft.open.erase(it);
      }
    }
  }
  ImGui::EndChild();
  int others = draft.lock_others ? 1 : 0;
  ImGui::TextUnformatted("The others:");
  ImGui::SameLine();
  ImGui::RadioButton("hidden", &others, 0);
  ImGui::SameLine();
  ImGui::RadioButton("locked", &others, 1);
  draft.lock_others = others == 1;
  ImGui::BeginDisabled(draft.open.empty());
  if (ImGui::Button("Start classroom mode")) {
    c = draft;
    ImGui::CloseCurrentPopup();
  }
  ImGui::EndDisabled();
  ImGui::EndPopup();
}

void draw_control_panel(AppState& app) {
  ImGui::PushItemWidth(-90);
  // In classroom mode the open settings come first, where the room sees them; what to watch follows.
  if (!app.classroom.on) {
    preset_menu(app);
    ImGui::Separator();
  }
  run_buttons(app);
  draw_link_bar(app);
  classroom_controls(app);
  speed_control(app);
  group(app, "Data", "data", true);
  if (group(app, "Label noise", "noise", true)) noise_summary(app);
  if (group(app, "Loss", "loss", true)) loss_summary(app);
  group(app, "Model", "model", false);
  group(app, "Optimizer", "optimizer", false);
  group(app, "Regularization", "regularizer", false);
  group(app, "Run", "run", false);
  if (app.classroom.on) {
    ImGui::Separator();
    preset_menu(app);
  }
  ImGui::PopItemWidth();
  for (const ConfigError& e : app.errors) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("%s", e.message.c_str());
    ImGui::PopStyleColor();
  }
  if (!app.notice.empty()) ImGui::TextDisabled("%s", app.notice.c_str());
}

}  // namespace losslab::ui
