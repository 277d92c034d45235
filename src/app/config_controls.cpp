#include "config_controls.hpp"

#include <imgui.h>

#include <map>
#include <string>


namespace losslab::ui {
namespace {

using nlohmann::json;

void field_tooltip(const FieldSpec& f) {
  if (!ImGui::IsItemHovered()) return;
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 24);
  ImGui::TextUnformatted(f.help.data(), f.help.data() + f.help.size());
  if (f.type != FieldType::choice)
    ImGui::TextDisabled("%s in [%g, %g]", f.type == FieldType::int_list ? "each entry" : "range", f.min, f.max);
  ImGui::TextDisabled(f.live ? "applies while the run goes on" : "changing it restarts the run");
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

// Commits a new value for one field: set on a copy of the config, then live-apply or restart.
void commit(AppState& app, const FieldSpec& f, const json& value) {
  RunConfig next = app.config;
  if (auto e = set_field(next, f.key, value)) {
    app.errors = {*e};
    return;
  }
  change_config(app, next);
}

void choice_control(AppState& app, const FieldSpec& f, const char* label) {
  const std::string current = get_field(app.config, f).get<std::string>();
  const bool open = ImGui::BeginCombo(label, current.c_str());
  field_tooltip(f);
  if (!open) return;
  for (std::string_view choice : f.choices) {
    const std::string name(choice);
    if (ImGui::Selectable(name.c_str(), name == current) && name != current) commit(app, f, name);
  }
  ImGui::EndCombo();
}

void real_control(AppState& app, const FieldSpec& f, const char* label) {
  // The value being dragged lives here until the edit is done, for fields that restart the run.
  static std::map<std::string_view, double> dragging;
  double value = get_field(app.config, f).get<double>();
  if (auto it = dragging.find(f.key); it != dragging.end()) value = it->second;
  const ImGuiSliderFlags flags = f.log_scale ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None;
  const bool changed = ImGui::SliderScalar(label, ImGuiDataType_Double, &value, &f.min, &f.max,
                                           f.log_scale ? "%.2e" : "%.3f", flags);
  field_tooltip(f);
  if (f.live) {
    if (changed) commit(app, f, value);
    return;
  }
  if (ImGui::IsItemActive()) dragging[f.key] = value;
  if (ImGui::IsItemDeactivatedAfterEdit()) commit(app, f, value);
  if (!ImGui::IsItemActive()) dragging.erase(f.key);
}

// Typed digits apply on Enter or when the field is left; the −/+ buttons apply at once.
void integer_control(AppState& app, const FieldSpec& f, const char* label) {
  const int64_t current = get_field(app.config, f).get<int64_t>();
  int64_t value = current;
  const int64_t step = 1, fast = 100;
  const bool entered = ImGui::InputScalar(label, ImGuiDataType_S64, &value, &step, &fast, nullptr,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
  field_tooltip(f);
  if ((entered || ImGui::IsItemDeactivatedAfterEdit()) && value != current) commit(app, f, value);
}

void list_control(AppState& app, const FieldSpec& f, const char* label) {
  static std::map<std::string_view, std::string> typing;
  std::string text;
  for (const json& v : get_field(app.config, f)) text += (text.empty() ? "" : ",") + v.dump();
  if (auto it = typing.find(f.key); it != typing.end()) text = it->second;
  char buffer[128];
  std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
  ImGui::InputText(label, buffer, sizeof buffer, ImGuiInputTextFlags_CharsNoBlank);
  field_tooltip(f);
  if (ImGui::IsItemActive()) typing[f.key] = buffer;
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    typing.erase(f.key);
    RunConfig next = app.config;
    if (auto e = set_field_from_text(next, f.key, buffer))
      app.errors = {*e};
    else
      change_config(app, next);
  }
}

}  // namespace

void draw_config_group(AppState& app, std::string_view group) {
  for (const FieldSpec& f : config_fields()) {
    if (f.group != group) continue;
    const std::string label(f.key);
    ImGui::PushID(label.c_str());
    switch (f.type) {
      case FieldType::choice: choice_control(app, f, label.c_str()); break;
      case FieldType::real: real_control(app, f, label.c_str()); break;
      case FieldType::integer: integer_control(app, f, label.c_str()); break;
      case FieldType::int_list: list_control(app, f, label.c_str()); break;
    }
    ImGui::PopID();
  }
}

}  // namespace losslab::ui
