// The Sweep tab: a sweep preset's curve, one point per finished run (the mean over seeds that share an
// x), drawn as it fills in, with the run in progress marked. Error curves for a classification sweep
// (double descent); loss curves with the entropy floor and the fitted power law for a token-language
// sweep (scaling).
#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"
#include "sweep_state.hpp"
#include "train/phenomena/phenomena.hpp"

namespace losslab::ui {
namespace {

constexpr ImU32 kFitColor = IM_COL32(0, 150, 110, 255);

void line(const History& curve, const char* series, const char* label, ImU32 color) {
  if (const Series* s = curve.find(series); s && !s->value.empty()) plot_line(label, s->step, s->value, color);
}

// The fitted L(N) drawn across the curve's x range, and its asymptote.
void power_law_line(const History& curve) {
  const Series* loss = curve.find("test_loss");
  if (!loss || loss->step.size() < 3) return;
  const PowerLawFit fit = fit_loss_curve(curve);
  if (!fit.ok) return;
  const double lo = std::log(static_cast<double>(loss->step.front())), hi = std::log(static_cast<double>(loss->step.back()));
  std::vector<double> x, y;
  for (int i = 0; i <= 48; ++i) {
    x.push_back(std::exp(lo + (hi - lo) * i / 48));
    y.push_back(fit.at(x.back()));
  }
  plot_line("fit L(N)", x, y, kFitColor);
  plot_hline("L-inf (fit)", fit.l_inf, kFitColor);
}

// A comparison (x = run): one series of every run's History overlaid, a colour per run, the run in
// progress drawn live from the trainer.
void overlay(const AppState& app, const char* title, const char* series, const char* y_label, float height) {
  const Sweep& sweep = *app.sweep;
  PlotOptions options;
  options.y_label = y_label;
  options.fixed_y = true;
  options.size = ImVec2(-1, height);
  if (!begin_plot(title, options)) return;
  for (size_t i = 0; i < sweep.size(); ++i) {
    const History* h = sweep.outcomes()[i] ? &sweep.outcomes()[i]->history
                       : i == app.sweep_run && app.trainer && !app.sweep_stopped ? &app.trainer->history()
                                                                                   : nullptr;
    if (!h) continue;
    const std::string label = sweep.run(i).label();
    if (const Series* s = h->find(series); s && !s->value.empty())
      plot_line(label.c_str(), s->step, s->value, class_color(static_cast<int>(i)));
  }
  end_plot();
}

// The curve of final values against the swept size.
void draw_curve(const AppState& app) {
  const Sweep& sweep = *app.sweep;
  const bool done = sweep.finished() == sweep.size();
  const History& curve = sweep.curve();
  const bool losses = curve.find("loss_floor") != nullptr;
  const std::string x_label = sweep.x_name() == "params" ? "parameters" : std::string(sweep.x_name());
  PlotOptions options;
  options.x_label = x_label.c_str();
  options.y_label = losses ? "final loss (nats)" : "final error";
  options.x_scale = AxisScale::log;
  options.size = ImVec2(-1, -ImGui::GetTextLineHeightWithSpacing() * 4);
  if (begin_plot(losses ? "Final loss against model size" : "Final error against width", options)) {
    if (losses) {
      line(curve, "train_loss", "train loss", kTrainColor);
      line(curve, "test_loss", "test loss", kTestColor);
      if (const Series* floor = curve.find("loss_floor"); floor && !floor->value.empty())
        plot_hline("entropy", floor->value.front(), kEventColor);
      power_law_line(curve);
    } else {
      line(curve, "train_error", "train error (noisy labels)", kTrainColor);
      line(curve, "test_error", "test error (clean)", kTestColor);
    }
    if (!done && !app.sweep_stopped) {
      const int64_t x = sweep.x_name() == "params" && app.trainer ? static_cast<int64_t>(app.trainer->params().size())
                                                                  : sweep.x_of(app.sweep_run);
      if (x > 0) plot_marker(("running: " + sweep.run(app.sweep_run).label()).c_str(), static_cast<double>(x), kEventColor);
    }
    end_plot();
  }
}

}  // namespace

void draw_sweep_panel(AppState& app) {
  if (!app.sweep) {
    ImGui::TextWrapped(
        "No sweep is running. A sweep trains one run per setting and plots their final numbers against the "
        "setting: load 'Double descent over width' or 'Scaling law over model size' from the Phenomena "
        "presets, or run any grid from the command line with `losslab sweep --preset NAME --grid key=v1,v2`.");
    return;
  }
  const Sweep& sweep = *app.sweep;
  const bool done = sweep.finished() == sweep.size();
  if (app.sweep_stopped)
    ImGui::TextWrapped("Sweep stopped after %zu of %zu runs: the config was changed by hand.", sweep.finished(),
                       sweep.size());
  else if (done)
    ImGui::Text("Sweep done: %zu runs.", sweep.size());
  else
    ImGui::TextWrapped("Run %zu of %zu: %s (step %lld of %lld)", app.sweep_run + 1, sweep.size(),
                       sweep.run(app.sweep_run).label().c_str(),
                       static_cast<long long>(app.trainer ? app.trainer->steps_done() : 0),
                       static_cast<long long>(sweep.run(app.sweep_run).config.steps));
  const double run_part =
      app.trainer && !done ? static_cast<double>(app.trainer->steps_done()) / static_cast<double>(app.trainer->config().steps) : 0;
  ImGui::ProgressBar(static_cast<float>((static_cast<double>(sweep.finished()) + run_part) / static_cast<double>(sweep.size())),
                     ImVec2(-1, 0));

  if (sweep.x_name() == "run") {
    const float height = (ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 3) / 2;
    overlay(app, "Clean test accuracy", "test_acc", "accuracy", height);
    overlay(app, "Flipped labels fitted (noisy_as_given)", "noisy_as_given", "share", height);
  } else {
    draw_curve(app);
  }
  if (const Preset* p = find_preset(app.preset); p && p->is_sweep()) {
    const Signature seen = current_signature(app, *p);
    if (seen.reached) {
      ImGui::PushStyleColor(ImGuiCol_Text, success_color());
      ImGui::TextWrapped("Seen: %s", seen.text.c_str());
      ImGui::PopStyleColor();
    } else {
      ImGui::TextDisabled("%zu of %zu runs in; the shape shows once enough are.", sweep.finished(), sweep.size());
    }
  }
}

}  // namespace losslab::ui
