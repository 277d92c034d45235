// The time-series plots, read straight from the run's History: loss, accuracy, squared error (regression
// runs), calibration error,
// memorization, weight norm, neural collapse, gradient coherence, margins, Fourier sparsity. Each can be
// shown or hidden; all share one step axis (linear or log) over the same range, so the moment test
// accuracy jumps lines up with the moment the weight norm falls. Events are drawn on every plot.
#include <imgui.h>

#include <algorithm>
#include <string>

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

void series_line(const History& h, const char* name, const char* label, ImU32 color) {
  if (const Series* s = h.find(name)) plot_line(label, s->step, s->value, color);
}

// Every event of the run (a live change of the loss, the noise, a regularizer; divergence; early
// stopping) as a marker, so the curve's reaction lines up with its cause.
void event_markers(const History& h) {
  for (const Event& e : h.events()) plot_marker(e.text.c_str(), static_cast<double>(e.step), kEventColor);
}

void draw_loss(const History& h, PlotOptions o) {
  // A regression run records its own loss (squared error or binned cross-entropy); a classifier's is
  // always cross-entropy, so runs with different losses compare on one scale.
  o.y_label = has(h, "test_mse") ? "the run's loss" : "cross-entropy";
  if (!begin_plot("loss", o)) return;
  series_line(h, "train_loss", "train loss", kTrainColor);
  series_line(h, "test_loss", "test loss", kTestColor);
  // A token language: the irreducible loss (its entropy rate) and what is left above it.
  if (h.find("loss_floor")) {
    plot_hline("entropy floor", h.last("loss_floor"), kChanceColor);
    series_line(h, "reducible_gap", "reducible gap", kThirdColor);
  }
  event_markers(h);
  end_plot();
}

void draw_accuracy(const History& h, PlotOptions o, int classes) {
  o.y_label = "accuracy";
  o.fixed_y = true;
  o.y_min = 0;
  o.y_max = 1;
  if (!begin_plot("accuracy", o)) return;
  series_line(h, "train_acc", "train acc", kTrainColor);
  series_line(h, "test_acc", "test acc", kTestColor);
  plot_hline("chance", 1.0 / classes, kChanceColor);
  event_markers(h);
  end_plot();
}

// A regression run: the squared error of the prediction, on a log axis (heavy-tailed targets make the
// training error swing over decades). Test and train-clean are against the noise-free targets.
void draw_mse(const History& h, PlotOptions o) {
  o.y_label = "MSE (log)";
  o.y_scale = AxisScale::log;
  if (!begin_plot("squared error of the prediction", o)) return;
  series_line(h, "train_mse", "train, against its noisy targets", kTrainColor);
  series_line(h, "train_clean_mse", "train inputs, clean targets", kThirdColor);
  series_line(h, "test_mse", "test (clean targets)", kTestColor);
  event_markers(h);
  end_plot();
}

void draw_calibration(const History& h, PlotOptions o) {
  o.y_label = "ECE";
  if (!begin_plot("calibration error (ECE)", o)) return;
  series_line(h, "train_ece", "train ECE", kTrainColor);
  series_line(h, "test_ece", "test ECE", kTestColor);
  series_line(h, "test_ece_temperature", "test ECE, temperature-scaled", kThirdColor);
  series_line(h, "test_ece_adaptive", "test adaptive ECE", kFourthColor);
  event_markers(h);
  end_plot();
}

void draw_memorization(const History& h, PlotOptions o) {
  o.y_label = "fraction";
  o.fixed_y = true;
  o.y_min = 0;
  o.y_max = 1;
  if (!begin_plot("memorization of noisy labels", o)) return;
  series_line(h, "clean_subset_acc", "clean train samples: fitted", kTrainColor);
  series_line(h, "noisy_as_given", "noisy samples: given (wrong) label", IM_COL32(213, 94, 0, 255));
  series_line(h, "noisy_as_true", "noisy samples: true label", kThirdColor);
  series_line(h, "test_acc", "test acc (clean labels)", kTestColor);
  event_markers(h);
  end_plot();
}

void draw_weight_norm(const History& h, PlotOptions o) {
  o.y_label = "norm";
  if (!begin_plot("weight norm", o)) return;
  series_line(h, "weight_norm", "total (all parameters)", IM_COL32(60, 60, 60, 255));
  const ImU32 layer_colors[] = {kTrainColor, kTestColor, kThirdColor, kFourthColor, kFifthColor};
  for (int l = 1;; ++l) {
    const std::string name = "weight_norm_layer" + std::to_string(l);
    if (!has(h, name.c_str())) break;
    const std::string label = "layer " + std::to_string(l) + " weights";
    series_line(h, name.c_str(), label.c_str(), layer_colors[(l - 1) % 5]);
  }
  event_markers(h);
  end_plot();
}

void draw_collapse(const History& h, PlotOptions o) {
  o.y_label = "NC (log)";
  o.y_scale = AxisScale::log;
  if (!begin_plot("neural collapse (penultimate features)", o)) return;
  series_line(h, "nc1", "NC1 within/between variability", kFifthColor);
  series_line(h, "nc2_equinorm", "NC2 equinorm", kTestColor);
  series_line(h, "nc2_equiangularity", "NC2 equiangularity", kThirdColor);
  event_markers(h);
  end_plot();
}

void draw_coherence(const History& h, PlotOptions o) {
  o.y_label = "m-alpha";
  if (!begin_plot("gradient coherence (m-alpha of 32 per-example gradients)", o)) return;
  series_line(h, "grad_coherence", "all samples", kFifthColor);
  series_line(h, "grad_coherence_clean", "clean samples", kTrainColor);
  series_line(h, "grad_coherence_noisy", "noisy samples", IM_COL32(213, 94, 0, 255));
  plot_hline("orthogonal", 0, kChanceColor);
  event_markers(h);
  end_plot();
}

void draw_margins(const History& h, PlotOptions o) {
  o.y_label = "z_y - max other";
  if (!begin_plot("test margins", o)) return;
  series_line(h, "margin_p10", "10th percentile", kFourthColor);
  series_line(h, "margin_p50", "median", kTestColor);
  series_line(h, "margin_p90", "90th percentile", kThirdColor);
  plot_hline("0", 0, kChanceColor);
  event_markers(h);
  end_plot();
}

void draw_fourier(const History& h, PlotOptions o) {
  o.y_label = "top-5 share";
  o.fixed_y = true;
  o.y_min = 0;
  o.y_max = 1;
  if (!begin_plot("Fourier sparsity of the embedding", o)) return;
  series_line(h, "fourier_sparsity", "energy in the top 5 frequencies", kFifthColor);
  event_markers(h);
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

void draw_metrics_panel(AppState& app) {
  plot_menu(app);
  ImGui::SameLine();
  ImGui::Checkbox("log step axis", &app.log_x);
  if (!app.trainer) return;
  const Trainer& t = *app.trainer;
  const History& h = t.history();
  ImGui::SameLine();
  ImGui::TextDisabled("instruments every %lld steps", static_cast<long long>(t.metrics_every()));

  int shown = 0;
  for (size_t i = 0; i < kMetricPlots.size(); ++i)
    shown += app.plots_shown[i] && !missing_reason(kMetricPlots[i].plot, h);
  ImGui::BeginChild("plots", ImVec2(0, 0), false);
  const float spacing = ImGui::GetStyle().ItemSpacing.y;
  const float avail = ImGui::GetContentRegionAvail().y - 2 * ImGui::GetTextLineHeightWithSpacing();
  const float height = std::max(kMinPlotHeight, (avail - spacing * static_cast<float>(shown)) /
                                                    static_cast<float>(std::max(shown, 1)));
  PlotOptions o;
  o.x_scale = app.log_x ? AxisScale::log : AxisScale::linear;
  o.size = ImVec2(-1, height);
  o.fixed_x = true;  // every plot spans the same steps, so events line up across them
  o.x_min = app.log_x ? 1 : 0;
  o.x_max = std::max<double>(static_cast<double>(t.steps_done()), o.x_min + 1);
  const int classes = t.data().train.num_classes;
  for (size_t i = 0; i < kMetricPlots.size(); ++i) {
    if (!app.plots_shown[i]) continue;
    const MetricPlot plot = kMetricPlots[i].plot;
    if (const char* reason = missing_reason(plot, h)) {
      ImGui::TextDisabled("%s", reason);
      continue;
    }
    switch (plot) {
      case MetricPlot::loss: draw_loss(h, o); break;
      case MetricPlot::accuracy: draw_accuracy(h, o, classes); break;
      case MetricPlot::mse: draw_mse(h, o); break;
      case MetricPlot::calibration: draw_calibration(h, o); break;
      case MetricPlot::memorization: draw_memorization(h, o); break;
      case MetricPlot::weight_norm: draw_weight_norm(h, o); break;
      case MetricPlot::collapse: draw_collapse(h, o); break;
      case MetricPlot::coherence: draw_coherence(h, o); break;
      case MetricPlot::margins: draw_margins(h, o); break;
      case MetricPlot::fourier: draw_fourier(h, o); break;
    }
  }
  ImGui::EndChild();
}

}  // namespace losslab::ui
