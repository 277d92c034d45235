// The time-series plots, read straight from the run's History: loss, accuracy, squared error (regression
// runs), calibration error, memorization, weight norm, neural collapse, gradient coherence, margins,
// Fourier sparsity. Each can be shown or hidden; the kept runs the user compares (the Runs tab) are
// overlaid in their colours. All share one step axis (linear or log) over the same range, so the moment
// test accuracy jumps lines up with the moment the weight norm falls. Events are drawn on every plot.
#include <imgui.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "palette.hpp"
#include "panels.hpp"
#include "plot_widget.hpp"

namespace losslab::ui {
namespace {

constexpr float kMinPlotHeight = 150;
constexpr ImU32 kThirdColor = IM_COL32(0, 158, 115, 255);   // bluish green
constexpr ImU32 kFourthColor = IM_COL32(204, 121, 167, 255);  // reddish purple
constexpr ImU32 kFifthColor = IM_COL32(0, 114, 178, 255);     // blue
constexpr ImU32 kChanceColor = IM_COL32(150, 150, 150, 200);

bool has(const History& h, const char* name) { return h.find(name) != nullptr; }

// One run's curves on the plots: the live run alone, or beside the kept runs the user compares it with.
struct Trace {
  const History* history;
  std::string name;
  ImU32 color;  // the run's colour (compared runs)
  bool live;
};

// The plots being drawn: the runs, and whether they are compared. Alone, each series has its own colour
// (train blue, test orange, …); compared, every series of a run takes the run's colour, the headline one
// (test) solid and the others faded, labelled with the run's name.
struct Plots {
  std::vector<Trace> traces;
  bool compare = false;
  const History& live() const { return *traces.front().history; }
};

void series_line(const Plots& p, const Trace& t, const char* name, const char* label, ImU32 color,
                 bool headline = false) {
  const Series* s = t.history->find(name);
  if (!s) return;
  if (!p.compare) {
    plot_line(label, s->step, s->value, color);
    return;
  }
  const std::string run_label = t.name + ": " + label;
  const ImU32 faded = (t.color & ~IM_COL32_A_MASK) | (static_cast<ImU32>(headline ? 255 : 105) << IM_COL32_A_SHIFT);
  plot_line(run_label.c_str(), s->step, s->value, faded);
}

// Every event of the live run (a live change of the loss, the noise, a regularizer; divergence; early
// stopping) as a marker, so the curve's reaction lines up with its cause.
void event_markers(const Plots& p) {
  for (const Event& e : p.live().events()) plot_marker(e.text.c_str(), static_cast<double>(e.step), kEventColor);
}

void draw_loss(const Plots& p, PlotOptions o) {
  // A regression run records its own loss (squared error or binned cross-entropy); a classifier's is
  // always cross-entropy, so runs with different losses compare on one scale.
  o.y_label = has(p.live(), "test_mse") ? "the run's loss" : "cross-entropy";
  if (!begin_plot("loss", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "train_loss", "train loss", kTrainColor);
    series_line(p, t, "test_loss", "test loss", kTestColor, true);
    if (t.history->find("loss_floor")) series_line(p, t, "reducible_gap", "reducible gap", kThirdColor);
  }
  // A token language: the irreducible loss (its entropy rate) and what is left above it.
  if (p.live().find("loss_floor")) plot_hline("entropy floor", p.live().last("loss_floor"), kChanceColor);
  event_markers(p);
  end_plot();
}

void draw_accuracy(const Plots& p, PlotOptions o, int classes) {
  o.y_label = "accuracy";
  o.fixed_y = true;
  o.y_min = 0;
  o.y_max = 1;
  if (!begin_plot("accuracy", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "train_acc", "train acc", kTrainColor);
    series_line(p, t, "test_acc", "test acc", kTestColor, true);
  }
  plot_hline("chance", 1.0 / classes, kChanceColor);
  event_markers(p);
  end_plot();
}

// A regression run: the squared error of the prediction, on a log axis (heavy-tailed targets make the
// training error swing over decades). Test and train-clean are against the noise-free targets.
void draw_mse(const Plots& p, PlotOptions o) {
  o.y_label = "MSE (log)";
  o.y_scale = AxisScale::log;
  if (!begin_plot("squared error of the prediction", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "train_mse", "train, against its noisy targets", kTrainColor);
    series_line(p, t, "train_clean_mse", "train inputs, clean targets", kThirdColor);
    series_line(p, t, "test_mse", "test (clean targets)", kTestColor, true);
  }
  event_markers(p);
  end_plot();
}

void draw_calibration(const Plots& p, PlotOptions o) {
  o.y_label = "ECE";
  if (!begin_plot("calibration error (ECE)", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "train_ece", "train ECE", kTrainColor);
    series_line(p, t, "test_ece", "test ECE", kTestColor, true);
    series_line(p, t, "test_ece_temperature", "test ECE, temperature-scaled", kThirdColor);
    series_line(p, t, "test_ece_adaptive", "test adaptive ECE", kFourthColor);
  }
  event_markers(p);
  end_plot();
}

void draw_memorization(const Plots& p, PlotOptions o) {
  o.y_label = "fraction";
  o.fixed_y = true;
  o.y_min = 0;
  o.y_max = 1;
  if (!begin_plot("memorization of noisy labels", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "clean_subset_acc", "clean train samples: fitted", kTrainColor);
    series_line(p, t, "noisy_as_given", "noisy samples: given (wrong) label", IM_COL32(213, 94, 0, 255), true);
    series_line(p, t, "noisy_as_true", "noisy samples: true label", kThirdColor);
    series_line(p, t, "test_acc", "test acc (clean labels)", kTestColor);
  }
  event_markers(p);
  end_plot();
}

void draw_weight_norm(const Plots& p, PlotOptions o) {
  o.y_label = "norm";
  if (!begin_plot("weight norm", o)) return;
  const ImU32 layer_colors[] = {kTrainColor, kTestColor, kThirdColor, kFourthColor, kFifthColor};
  for (const Trace& t : p.traces) {
    series_line(p, t, "weight_norm", "total (all parameters)", ink_color(), true);
    for (int l = 1;; ++l) {
      const std::string name = "weight_norm_layer" + std::to_string(l);
      if (!has(*t.history, name.c_str())) break;
      const std::string label = "layer " + std::to_string(l) + " weights";
      series_line(p, t, name.c_str(), label.c_str(), layer_colors[(l - 1) % 5]);
    }
  }
  event_markers(p);
  end_plot();
}

void draw_collapse(const Plots& p, PlotOptions o) {
  o.y_label = "NC (log)";
  o.y_scale = AxisScale::log;
  if (!begin_plot("neural collapse (penultimate features)", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "nc1", "NC1 within/between variability", kFifthColor, true);
    series_line(p, t, "nc2_equinorm", "NC2 equinorm", kTestColor);
    series_line(p, t, "nc2_equiangularity", "NC2 equiangularity", kThirdColor);
  }
  event_markers(p);
  end_plot();
}

void draw_coherence(const Plots& p, PlotOptions o) {
  o.y_label = "m-alpha";
  if (!begin_plot("gradient coherence (m-alpha of 32 per-example gradients)", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "grad_coherence", "all samples", kFifthColor, true);
    series_line(p, t, "grad_coherence_clean", "clean samples", kTrainColor);
    series_line(p, t, "grad_coherence_noisy", "noisy samples", IM_COL32(213, 94, 0, 255));
  }
  plot_hline("orthogonal", 0, kChanceColor);
  event_markers(p);
  end_plot();
}

void draw_margins(const Plots& p, PlotOptions o) {
  o.y_label = "z_y - max other";
  if (!begin_plot("test margins", o)) return;
  for (const Trace& t : p.traces) {
    series_line(p, t, "margin_p10", "10th percentile", kFourthColor);
    series_line(p, t, "margin_p50", "median", kTestColor, true);
    series_line(p, t, "margin_p90", "90th percentile", kThirdColor);
  }
  plot_hline("0", 0, kChanceColor);
  event_markers(p);
  end_plot();
}

void draw_fourier(const Plots& p, PlotOptions o) {
  o.y_label = "top-5 share";
  o.fixed_y = true;
  o.y_min = 0;
  o.y_max = 1;
  if (!begin_plot("Fourier sparsity of the embedding", o)) return;
  for (const Trace& t : p.traces)
    series_line(p, t, "fourier_sparsity", "energy in the top 5 frequencies", kFifthColor, true);
  event_markers(p);
  end_plot();
}

// Plots that have nothing to show for this run say so in one line instead of drawing empty axes.
const char* missing_reason(MetricPlot plot, const History& h) {
  switch (plot) {
    case MetricPlot::memorization:
      return has(h, "noisy_as_given") ? nullptr : "Memorization: no noisy training labels in this run (set Label noise).";
    case MetricPlot::fourier:
      return has(h, "fourier_sparsity") ? nullptr : "Fourier sparsity: measured for models with a token embedding.";
    case MetricPlot::collapse: return has(h, "nc1") ? nullptr : "Neural collapse: not measured yet.";
    case MetricPlot::mse: return has(h, "test_mse") ? nullptr : "Squared error: measured for regression datasets.";
    case MetricPlot::accuracy:
      return has(h, "test_mse") ? "Accuracy: a regression run has none (see Squared error)." : nullptr;
    case MetricPlot::calibration:
      return has(h, "test_mse") ? "Calibration error: measured for classifiers, not regression runs." : nullptr;
    default: return nullptr;
  }
}

void plot_menu(AppState& app) {
  if (ImGui::Button("Plots...")) ImGui::OpenPopup("plots");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Choose which plots to show");
  if (ImGui::BeginPopup("plots")) {
    for (size_t i = 0; i < kMetricPlots.size(); ++i) ImGui::Checkbox(kMetricPlots[i].title, &app.plots_shown[i]);
    ImGui::EndPopup();
  }
}

}  // namespace

void draw_metrics_panel(AppState& app, bool compact) {
  plot_menu(app);
  ImGui::SameLine();
  ImGui::Checkbox("log step axis", &app.log_x);
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;
  const History& h = t.history();
  const std::vector<const KeptRun*> kept = shown_kept_runs(app);
  if (!compact) {
    ImGui::SameLine();
    if (kept.empty())
      ImGui::TextDisabled("instruments every %lld steps", static_cast<long long>(t.metrics_every()));
    else
      ImGui::TextDisabled("comparing %zu runs (Runs tab)", kept.size() + 1);
  }

  Plots plots;
  plots.compare = !kept.empty();
  plots.traces.push_back({&h, app.runs.live_name + " (live)", run_color(app.runs.live_colour), true});
  int64_t last_step = t.steps_done();
  for (const KeptRun* k : kept) {
    plots.traces.push_back({&k->record.history, k->record.name, run_color(k->colour), false});
    last_step = std::max(last_step, k->record.steps);
  }

  int shown = 0;
  for (size_t i = 0; i < kMetricPlots.size(); ++i)
    shown += app.plots_shown[i] && !missing_reason(kMetricPlots[i].plot, h);
  ImGui::BeginChild("plots", ImVec2(0, 0), false);
  app.plots_rect = ImVec4(ImGui::GetWindowPos().x, ImGui::GetWindowPos().y, ImGui::GetWindowSize().x,
                          ImGui::GetWindowSize().y);
  const bool svg = std::exchange(app.svg_request, false);
  if (svg) begin_svg(ImGui::GetWindowPos());
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  // The full panel keeps two lines for plots that say why they have nothing to show; a figure has no room.
  const float avail = ImGui::GetContentRegionAvail().y - (compact ? 0.0f : 2 * ImGui::GetTextLineHeightWithSpacing());
  const float height = std::max(kMinPlotHeight, (avail - spacing * static_cast<float>(shown)) /
                                                    static_cast<float>(std::max(shown, 1)));
  PlotOptions o;
  o.x_scale = app.log_x ? AxisScale::log : AxisScale::linear;
  o.size = ImVec2(-1, height);
  o.fixed_x = true;  // every plot spans the same steps, so events line up across them
  o.x_min = app.log_x ? 1 : 0;
  o.x_max = std::max<double>(static_cast<double>(last_step), o.x_min + 1);
  const int classes = t.data().train.num_classes;
  for (size_t i = 0; i < kMetricPlots.size(); ++i) {
    if (!app.plots_shown[i]) continue;
    const MetricPlot plot = kMetricPlots[i].plot;
    if (const char* reason = missing_reason(plot, h)) {
      ImGui::TextDisabled("%s", reason);
      continue;
    }
    switch (plot) {
      case MetricPlot::loss: draw_loss(plots, o); break;
      case MetricPlot::accuracy: draw_accuracy(plots, o, classes); break;
      case MetricPlot::mse: draw_mse(plots, o); break;
      case MetricPlot::calibration: draw_calibration(plots, o); break;
      case MetricPlot::memorization: draw_memorization(plots, o); break;
      case MetricPlot::weight_norm: draw_weight_norm(plots, o); break;
      case MetricPlot::collapse: draw_collapse(plots, o); break;
      case MetricPlot::coherence: draw_coherence(plots, o); break;
      case MetricPlot::margins: draw_margins(plots, o); break;
      case MetricPlot::fourier: draw_fourier(plots, o); break;
    }
  }
  if (svg) {
    const std::string document = end_svg(ImVec2(app.plots_rect.z, app.plots_rect.w));
    app.runs.import_errors.clear();
    app.runs.import_notice = app.save_file ? app.save_file("losslab-plots-" + app.runs.live_name + ".svg",
                                                           "image/svg+xml", document)
                                           : "exporting files needs the page or the desktop app";
  }
  ImGui::EndChild();
}

}  // namespace losslab::ui
