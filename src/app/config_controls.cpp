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
    ImGui::TextDisabled("%s in [%g, %g]",
                        f.type == FieldType::int_list || f.type == FieldType::real_list ? "each entry" : "range",
                        f.min, f.max);
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

// The help line of choice i, if the field has one (loss: what it does and its citation).
std::string_view choice_help(const FieldSpec& f, size_t i) {
  return i < f.choice_help.size() ? f.choice_help[i] : std::string_view();
}

void wrapped_tooltip(std::string_view text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 28);
  ImGui::TextUnformatted(text.data(), text.data() + text.size());
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void choice_control(AppState& app, const FieldSpec& f, const char* label) {
  const std::string current = get_field(app.config, f).get<std::string>();
  const bool open = ImGui::BeginCombo(label, current.c_str());
  if (!open && ImGui::IsItemHovered()) {
    // The current choice's own help is what the user wants to read here; the field's help after it.
    size_t index = 0;
    while (index < f.choices.size() && f.choices[index] != current) ++index;
    const std::string_view help = choice_help(f, index);
    if (help.empty())
      field_tooltip(f);
    else
      wrapped_tooltip(help);
  }
  if (!open) return;
  for (size_t i = 0; i < f.choices.size(); ++i) {
    const std::string name(f.choices[i]);
    if (ImGui::Selectable(name.c_str(), name == current) && name != current) commit(app, f, name);
    if (ImGui::IsItemHovered() && !choice_help(f, i).empty()) wrapped_tooltip(choice_help(f, i));
  }
  ImGui::EndCombo();
}

void real_control(AppState& app, const FieldSpec& f, const char* label) {
  // The value being dragged lives here until the edit is done, for fields that restart the run.
  static std::map<std::string, double, std::less<>> dragging;
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
  if (ImGui::IsItemActive()) dragging[std::string(f.key)] = value;
  if (ImGui::IsItemDeactivatedAfterEdit()) commit(app, f, value);
  if (!ImGui::IsItemActive()) dragging.erase(std::string(f.key));
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

// A field edited elsewhere (the custom points): its size, and where to edit it.
void elsewhere_control(const AppState& app, const FieldSpec& f, const char* label) {
  const json value = get_field(app.config, f);
  ImGui::TextDisabled("%s: %zu numbers", label, value.is_array() ? value.size() : size_t{1});
  if (ImGui::IsItemHovered())
    wrapped_tooltip(std::string(f.help) + "\nEdited on " + std::string(f.edited_on) + ".");
}

void list_control(AppState& app, const FieldSpec& f, const char* label) {
  static std::map<std::string, std::string, std::less<>> typing;
  std::string text;
  for (const json& v : get_field(app.config, f)) text += (text.empty() ? "" : ",") + v.dump();
  if (auto it = typing.find(f.key); it != typing.end()) text = it->second;
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%s", text.c_str());
  ImGui::InputText(label, buffer, sizeof buffer, ImGuiInputTextFlags_CharsNoBlank);
  field_tooltip(f);
  if (ImGui::IsItemActive()) typing[std::string(f.key)] = buffer;
  if (ImGui::IsItemDeactivatedAfterEdit()) {
    typing.erase(std::string(f.key));
    RunConfig next = app.config;
    if (auto e = set_field_from_text(next, f.key, buffer))
      app.errors = {*e};
    else
      change_config(app, next);
  }
}

}  // namespace

void draw_config_group(AppState& app, std::string_view group) {
  // A copy: a commit below may change the loss, and with it the parameter fields.
  const std::vector<FieldSpec> fields = config_fields(app.config);
  for (const FieldSpec& f : fields) {
    if (f.group != group || !field_relevant(app.config, f) || !classroom_shows(app.classroom, f.key)) continue;
    // A dotted key (loss.q, label_noise.rate) is labelled by its last part; the section says whose it is.
    const size_t dot = f.key.rfind('.');
    const std::string label(dot == std::string_view::npos ? f.key : f.key.substr(dot + 1));
    ImGui::PushID(label.c_str());
    const bool locked = !classroom_allows(app.classroom, f.key);
    ImGui::BeginDisabled(locked);
    if (!f.edited_on.empty()) {
      elsewhere_control(app, f, label.c_str());
    } else {
      switch (f.type) {
        case FieldType::choice: choice_control(app, f, label.c_str()); break;
        case FieldType::real: real_control(app, f, label.c_str()); break;
        case FieldType::integer: integer_control(app, f, label.c_str()); break;
        case FieldType::int_list:
        case FieldType::real_list: list_control(app, f, label.c_str()); break;
      }
    }
    ImGui::EndDisabled();
    if (locked && ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
      ImGui::SetTooltip("Locked in classroom mode");
    ImGui::PopID();
  }
}

bool group_has_controls(const AppState& app, std::string_view group) {
  for (const FieldSpec& f : config_fields(app.config))
    if (f.group == group && field_relevant(app.config, f) && classroom_shows(app.classroom, f.key)) return true;
  return false;
}

}  // namespace losslab::ui
