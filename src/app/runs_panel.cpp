// The Runs tab: the live run and the runs kept beside it (runs_state.hpp). Each row: drawn on the plots
// or not (in its colour), its name (editable), steps, final test figure, pin; rerun, export as JSON or its
// History as CSV, delete. Above: keep the live run, duplicate it with one change, import, export the
// plots as PNG. Below: the settings that differ between the runs drawn, so "what did I change?" has an
// answer on screen.
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "palette.hpp"
#include "panels.hpp"
#include "train/config_diff.hpp"

namespace losslab::ui {
namespace {

// Safe in a file name on every system: letters, digits, '-' and '_'.
std::string file_stem(std::string_view name) {
  std::string out;
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out.empty() ? "run" : out;
}

void save(AppState& app, const std::string& filename, const char* mime, const std::string& content) {
  app.runs.import_errors.clear();
  app.runs.import_notice = app.save_file ? app.save_file(filename, mime, content)
                                         : "exporting files needs the page or the desktop app";
}

// `record` gives the run when a button is pressed (the live run's is a snapshot: not taken every frame).
template <typename Record>
void export_buttons(AppState& app, Record&& record) {
  if (ImGui::SmallButton("JSON")) {
    const RunRecord& r = record();
    save(app, "losslab-" + file_stem(r.name) + ".json", "application/json", run_record_to_json(r).dump(1));
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Export the run (config and History) as JSON; Import reads it back");
  ImGui::SameLine();
  if (ImGui::SmallButton("CSV")) {
    const RunRecord& r = record();
    save(app, "losslab-" + file_stem(r.name) + "-history.csv", "text/csv", r.history.to_csv());
  }
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Export the History as CSV: a row per step, a column per metric");
}

// The run's headline figure: final test accuracy (classifiers), else its final test loss.
std::string final_figure(const History& h) {
  char buf[48];
  if (const double acc = h.last("test_acc"); std::isfinite(acc)) {
    std::snprintf(buf, sizeof buf, "%.1f%% acc", 100 * acc);
    return buf;
  }
  if (const double mse = h.last("test_mse"); std::isfinite(mse)) {
    std::snprintf(buf, sizeof buf, "%.3g mse", mse);
    return buf;
  }
  if (const double loss = h.last("test_loss"); std::isfinite(loss)) {
    std::snprintf(buf, sizeof buf, "%.3g loss", loss);
    return buf;
  }
  return "-";
}

void colour_swatch(ImU32 colour) {
  const float s = ImGui::GetTextLineHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + 2), ImVec2(p.x + s, p.y + s - 2), colour, 2);
  ImGui::Dummy(ImVec2(s, s));
}

// "Duplicate with one change": a field of the live run's config and a new value, as --set writes it.
void duplicate_popup(AppState& app) {
  static int field = -1;
  static char value[128] = "";
  static std::string error;
  const std::vector<FieldSpec> fields = config_fields(app.config);
  if (ImGui::Button("Duplicate with one change...")) {
    ImGui::OpenPopup("duplicate");
    field = -1;
    value[0] = 0;
    error.clear();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Start a copy of the live run with one setting changed; the live run is kept and\n"
                      "both are drawn, so the change's effect is the only difference on the plots.");
  if (!ImGui::BeginPopup("duplicate")) return;
  ImGui::TextUnformatted("Change one setting of the live run:");
  const char* preview = field >= 0 && field < static_cast<int>(fields.size()) ? fields[static_cast<size_t>(field)].key.data() : "choose a setting";
  ImGui::SetNextItemWidth(200);
  if (ImGui::BeginCombo("setting", preview)) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!field_relevant(app.config, fields[i])) continue;
      const std::string key(fields[i].key);
      if (ImGui::Selectable(key.c_str(), field == static_cast<int>(i))) {
        field = static_cast<int>(i);
        std::snprintf(value, sizeof value, "%s", field_value_text(get_field(app.config, fields[i])).c_str());
        error.clear();
      }
      if (ImGui::IsItemHovered() && !fields[i].help.empty()) ImGui::SetTooltip("%s", std::string(fields[i].help).c_str());
    }
    ImGui::EndCombo();
  }
  ImGui::SetNextItemWidth(200);
  const bool enter = ImGui::InputText("new value", value, sizeof value, ImGuiInputTextFlags_EnterReturnsTrue);
  if (field >= 0 && field < static_cast<int>(fields.size()) && (ImGui::Button("Start the copy") || enter)) {
    if (auto e = duplicate_with_change(app, nullptr, fields[static_cast<size_t>(field)].key, value))
      error = e->message;
    else
      ImGui::CloseCurrentPopup();
  }
  if (!error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 320);
    ImGui::TextWrapped("%s", error.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
  }
  ImGui::EndPopup();
}

void toolbar(AppState& app) {
  if (ImGui::Button(app.runs.live_pinned ? "Kept" : "Keep live run")) keep_live_run(app);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Pin the live run: whatever replaces it, it stays in this list and on the plots.");
  ImGui::SameLine();
  duplicate_popup(app);
  ImGui::SameLine();
  if (ImGui::Button("Import...")) {
    if (app.pick_import_file)
      app.pick_import_file();
    else
      app.runs.import_notice = "drop a run or config JSON, or a CSV of points, on the window to import it";
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Read a run exported as JSON (added to the list), a config JSON (started as the live run)\n"
                      "or a CSV of your own data (feature columns and a label column: a run on its points).\n"
                      "Files can also be dropped on the window.");
  if (app.save_png) {
    // On the same line when it fits (the tab is narrow beside the plots).
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    const float needed = ImGui::CalcTextSize("Plots as PNG").x + 2 * ImGui::GetStyle().FramePadding.x +
                         ImGui::GetStyle().ItemSpacing.x;
    if (ImGui::GetItemRectMax().x + needed < right) ImGui::SameLine();
    if (ImGui::Button("Plots as PNG")) app.png_request = app.plots_rect;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Save the metric plots, as drawn now, as a PNG image");
  }
  ImGui::SameLine();
  if (ImGui::Button("SVG")) app.svg_request = true;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Save the metric plots as SVG: vector lines and text, for papers and slides");
}

void messages(AppState& app) {
  RunsState& runs = app.runs;
  if (!runs.store_error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("Runs are not being saved in this browser: %s", runs.store_error.c_str());
    ImGui::PopStyleColor();
  }
  draw_import_result(app);
}

void runs_table(AppState& app) {
  RunsState& runs = app.runs;
  const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("runs", 6, flags)) return;
  ImGui::TableSetupColumn("drawn");
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableSetupColumn("steps");
  ImGui::TableSetupColumn("final");
  ImGui::TableSetupColumn("pin");
  ImGui::TableSetupColumn("");
  ImGui::TableHeadersRow();

  // The live run first.
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  colour_swatch(run_color(runs.live_colour));
  ImGui::TableNextColumn();
  ImGui::Text("%s (live)", runs.live_name.c_str());
  ImGui::TableNextColumn();
  ImGui::Text("%lld", app.trainer ? static_cast<long long>(app.trainer->steps_done()) : 0LL);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(app.trainer ? final_figure(app.trainer->history()).c_str() : "-");
  ImGui::TableNextColumn();
  ImGui::PushID("live");
  ImGui::Checkbox("##pin", &runs.live_pinned);
  ImGui::TableNextColumn();
  RunRecord snapshot;
  export_buttons(app, [&]() -> const RunRecord& { return snapshot = live_record(app); });
  ImGui::PopID();

  std::optional<size_t> rerun, remove;
  for (size_t i = runs.kept.size(); i-- > 0;) {  // newest first
    KeptRun& k = runs.kept[i];
    ImGui::PushID(k.record.id.c_str());
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    bool shown = k.record.shown;
    ImGui::PushStyleColor(ImGuiCol_CheckMark, run_color(k.colour));
    if (ImGui::Checkbox("##shown", &shown)) set_kept_shown(app, i, shown);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Draw this run on the plots");
    ImGui::TableNextColumn();
    char name[kMaxRecordName + 1];
    std::snprintf(name, sizeof name, "%s", k.record.name.c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::InputText("##name", name, sizeof name, ImGuiInputTextFlags_EnterReturnsTrue) ||
        ImGui::IsItemDeactivatedAfterEdit())
      rename_kept(app, i, name);
    if (ImGui::IsItemHovered() && !k.record.preset.empty()) ImGui::SetTooltip("from preset %s", k.record.preset.c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%lld", static_cast<long long>(k.record.steps));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(final_figure(k.record.history).c_str());
    ImGui::TableNextColumn();
    bool pinned = k.record.pinned;
    if (ImGui::Checkbox("##pin", &pinned)) set_kept_pinned(app, i, pinned);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Pinned runs are never dropped to make room");
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("Rerun")) rerun = i;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start its config again as the live run (same seed: same curves)");
    ImGui::SameLine();
    export_buttons(app, [&]() -> const RunRecord& { return k.record; });
    ImGui::SameLine();
    if (ImGui::SmallButton("Delete")) remove = i;
    ImGui::PopID();
  }
  ImGui::EndTable();
  // After the table: both change the list it was iterating.
  if (remove) delete_kept(app, *remove);
  else if (rerun) rerun_kept(app, *rerun);
}

// The settings that differ between the runs drawn (the live one and the shown kept ones).
void config_diff_table(const AppState& app) {
  std::vector<const RunConfig*> configs{&app.config};
  std::vector<std::string> names{app.runs.live_name};
  std::vector<int> colours{app.runs.live_colour};
  for (const KeptRun* k : shown_kept_runs(app)) {
    configs.push_back(&k->record.config);
    names.push_back(k->record.name);
    colours.push_back(k->colour);
  }
  if (configs.size() < 2) {
    ImGui::TextDisabled("Tick runs above to draw them beside the live run and see what differs.");
    return;
  }
  const std::vector<ConfigDifference> diff = config_differences(configs);
  if (diff.empty()) {
    ImGui::TextDisabled("The runs drawn have the same settings (live changes are marked on the plots).");
    return;
  }
  ImGui::TextUnformatted("Settings that differ:");
  const int columns = static_cast<int>(configs.size()) + 1;
  if (!ImGui::BeginTable("diff", columns, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit))
    return;
  ImGui::TableSetupColumn("setting");
  for (const std::string& n : names) ImGui::TableSetupColumn(n.c_str());
  ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted("setting");
  for (size_t i = 0; i < names.size(); ++i) {
    ImGui::TableNextColumn();
    ImGui::PushStyleColor(ImGuiCol_Text, run_color(colours[i]));
    ImGui::TextUnformatted(names[i].c_str());
    ImGui::PopStyleColor();
  }
  for (const ConfigDifference& d : diff) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(d.key.c_str());
    for (const std::string& v : d.values) {
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(v.c_str());
    }
  }
  ImGui::EndTable();
}

}  // namespace

void draw_import_result(AppState& app) {
  RunsState& runs = app.runs;
  if (!runs.import_errors.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
    ImGui::TextWrapped("Not imported:");
    for (size_t i = 0; i < runs.import_errors.size() && i < 8; ++i) {
      ImGui::Bullet();
      ImGui::SameLine();
      ImGui::TextWrapped("%s", runs.import_errors[i].message.c_str());
    }
    if (runs.import_errors.size() > 8) ImGui::TextWrapped("… and %zu more", runs.import_errors.size() - 8);
    ImGui::PopStyleColor();
    if (ImGui::SmallButton("Dismiss")) runs.import_errors.clear();
  } else if (!runs.import_notice.empty()) {
    ImGui::TextWrapped("%s", runs.import_notice.c_str());
  }
}

void draw_runs_panel(AppState& app) {
  toolbar(app);
  messages(app);
  ImGui::Separator();
  runs_table(app);
  if (app.runs.kept.empty())
    ImGui::TextDisabled("Runs you replace (by changing a setting, loading a preset) are kept here.");
  else if (ImGui::SmallButton("Clear unpinned"))
    clear_recent_runs(app);
  ImGui::Separator();
  config_diff_table(app);
}

}  // namespace losslab::ui
