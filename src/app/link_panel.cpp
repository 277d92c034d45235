// The link bar of the control panel: "Copy link"; after opening a link from another version of LossLab,
// which one and what changed since; and after opening a link some of whose settings were refused, a
// banner naming each refused field (the rest of the link loaded). Each until dismissed.
#include <imgui.h>

#include "link_state.hpp"
#include "palette.hpp"
#include "panels.hpp"

namespace losslab::ui {

void draw_link_bar(AppState& app) {
  if (ImGui::Button("Copy link")) copy_link(app);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("A link to this run: its preset, every setting changed since, and the plots shown.\n"
                      "Opening it gives the same run: same seed, same curves.");
  if (!app.link_version_note.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", app.link_version_note.c_str());
    ImGui::PopStyleColor();
    if (ImGui::SmallButton("OK##version")) app.link_version_note.clear();
  }
  if (app.link_errors.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("The link's other settings loaded; these were refused:");
  for (const ConfigError& e : app.link_errors) {  // BulletText would not wrap, and the panel is narrow
    ImGui::Bullet();
    ImGui::SameLine();
    ImGui::TextWrapped("%s", e.message.c_str());
  }
  ImGui::PopStyleColor();
  if (ImGui::SmallButton("Dismiss")) app.link_errors.clear();
}

}  // namespace losslab::ui
