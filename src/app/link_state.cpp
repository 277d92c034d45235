#include "link_state.hpp"

#include <imgui.h>

#include "classroom.hpp"
#include "sweep_state.hpp"
#include "train/config_url.hpp"
#include "train/presets.hpp"
#include "train/release_notes.hpp"
#include "util/quoted_input.hpp"

namespace losslab::ui {
namespace {

constexpr std::string_view kPlotsKey = "plots";
constexpr std::string_view kThemeKey = "theme";
constexpr std::string_view kViewKey = "view";

// The middle window's tab a link opens on when it names none: its preset's, else the one a run of its
// config starts on (the fused head for a token language, the boundary otherwise).
View default_view(std::string_view preset, const RunConfig& config) {
  if (const Preset* p = find_preset(preset))
    if (const auto v = view_from_name(p->view)) return *v;
  return dataset_info(config.dataset).language ? View::head : View::boundary;
}

// The plots a link shows when it says nothing of them: its preset's own, else the defaults.
MetricPlotVisibility plots_of(std::string_view preset) {
  MetricPlotVisibility shown = default_plot_visibility();
  const Preset* p = find_preset(preset);
  if (p && !p->plots.empty()) {
    shown.fill(false);
    for (std::string_view plot : p->plots)
      if (const auto which = metric_plot_from_name(plot)) shown[static_cast<size_t>(*which)] = true;
  }
  return shown;
}

std::string plot_names(const MetricPlotVisibility* shown) {
  std::string out;
  for (const MetricPlotSpec& spec : kMetricPlots)
    if (!shown || (*shown)[static_cast<size_t>(spec.plot)])
      out += (out.empty() ? "" : ",") + std::string(spec.name);
  return out;
}

// "loss,accuracy" → those plots shown, the others hidden; "" → none. An unknown name refuses the whole
// value: a half-applied list of plots would show something the link did not ask for.
std::optional<ConfigError> parse_plots(std::string_view text, MetricPlotVisibility& shown) {
  MetricPlotVisibility parsed{};
  while (!text.empty()) {
    const size_t comma = text.find(',');
    const std::string_view name = text.substr(0, comma);
    const auto which = metric_plot_from_name(name);
    if (!which) {
      std::string all = plot_names(nullptr);
      for (char& c : all)
        if (c == ',') c = ' ';
      return ConfigError{std::string(kPlotsKey), "plots: '" + std::string(name.substr(0, 40)) +
                                                     "' is not a plot; allowed: a comma-separated list of " + all};
    }
    parsed[static_cast<size_t>(*which)] = true;
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  }
  shown = parsed;
  return std::nullopt;
}

}  // namespace

std::string link_query(const AppState& app) {
  const RunConfig& config = linked_config(app);
  std::string query = config_to_query(config, app.link_preset);
  if (app.plots_shown != plots_of(app.link_preset))
    query += "&" + std::string(kPlotsKey) + "=" + percent_encode(plot_names(&app.plots_shown));
  if (app.classroom.on) query += "&" + classroom_query(app.classroom);
  if (app.view != default_view(app.link_preset, config))
    query += "&" + std::string(kViewKey) + "=" + std::string(kViews[static_cast<size_t>(app.view)].name);
  if (app.theme == Theme::dark) query += "&" + std::string(kThemeKey) + "=dark";
  return query;
}

std::vector<ConfigError> load_link(AppState& app, std::string_view query) {
  RunConfig config;
  LinkExtras extras{{kPlotsKey, kClassroomKey, kClassroomOthersKey, kThemeKey, kViewKey}};
  std::vector<ConfigError> errors = apply_query(config, query, &extras);
  MetricPlotVisibility plots = plots_of(extras.preset);
  Classroom classroom;
  std::optional<Theme> theme;
  std::optional<View> view;
  for (const QueryPair& pair : extras.pairs)
    if (pair.key == kPlotsKey) {
      if (auto e = parse_plots(pair.value, plots)) errors.push_back(*e);
    } else if (pair.key == kViewKey) {
      if (auto v = view_from_name(pair.value))
        view = v;
      else
        errors.push_back({std::string(kViewKey), "view: '" + shown(pair.value) + "' is not a tab; allowed: boundary, "
                                                 "reliability, confusion, margins, fourier, head, sweep, runs"});
    } else if (pair.key == kThemeKey) {
      if (pair.value == "dark" || pair.value == "light")
        theme = pair.value == "dark" ? Theme::dark : Theme::light;
      else
        errors.push_back({std::string(kThemeKey), "theme: '" + shown(pair.value) + "' is not allowed; allowed: light or dark"});
    } else if (auto e = parse_classroom(pair.key, pair.value, classroom)) {
      errors.push_back(*e);
    }
  if (!classroom.on) classroom.lock_others = false;  // classroom.others alone: nothing to lock
  // apply_query keeps a valid start valid; a preset the page cannot run (one for `losslab run` only)
  // is not, and then nothing changes but the message.
  if (validate(config).empty()) {
    const Preset* preset = find_preset(extras.preset);
    const bool exact = preset && config == preset->config;
    if (!app.trainer || !(config == linked_config(app))) {
      if (exact) {
        load_preset(app, preset->name);  // as the menu does: a sweep preset starts its grid
      } else if (preset && preset->is_sweep() && start_sweep(app, *preset, config)) {
        // the preset's grid over the link's settings
      } else {
        app.sweep.reset();
        start_run(app, config, RunStart::preset);
      }
      app.preset = exact ? extras.preset : std::string();
      app.link_preset = extras.preset;
    } else if (preset) {  // the run it names is the one running: only its name may be new
      if (exact) app.preset = extras.preset;
      app.link_preset = extras.preset;
    }
    if (preset) show_preset_views(app, *preset);
    app.plots_shown = plots;
    app.classroom = classroom;
    if (theme) app.theme = *theme;  // a link without one leaves the viewer's choice
    app.view = view ? *view : default_view(extras.preset, app.config);
    app.view_requested = true;
    app.notice.clear();
  }
  app.link_errors = errors;
  app.link_version_note = link_version_message(extras.version);
  return errors;
}

void copy_link(AppState& app) {
  const std::string query = link_query(app);
  if (app.copy_link) {
    app.copy_link(query);
    return;
  }
  ImGui::SetClipboardText(("#" + query).c_str());
  app.notice = "link copied: #" + query;
}

}  // namespace losslab::ui
